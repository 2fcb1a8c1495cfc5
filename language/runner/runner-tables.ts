import type { Dialect } from './dialect.js';

/**
 * The runner's own tables, beside the user's under a reserved prefix. A published run writes them;
 * a test run creates them only in memory (the file is never written back), so that retargeting
 * (`exists messages …`) and `read audience` work the same in both modes.
 *
 * Exactly-once: `cs_outbox` has one row per (run, channel activity, recipient, secondary row),
 * enforced by its primary key and written with INSERT-or-ignore, so a rerun of a crashed run
 * adds only what is missing.
 */
export const RUNNER_PREFIX = 'cs_';

export const RUNNER_TABLES = {
    runs: 'cs_runs',
    log: 'cs_run_log',
    outbox: 'cs_outbox',
    saved: 'cs_saved_audiences',
    incremental: 'cs_incremental_state',
    since: 'cs_incremental_since'
} as const;

/**
 * The runner tables' DDL. `temporary`: the tables of this set are created as temporary tables
 * (and the others not at all): a test run on SQLite makes the missing ones that way, because the
 * first write to the opened file costs seconds on a large database (sql.js copies the in-memory
 * file to grow it) and a test run is never saved anyway.
 */
export function runnerTablesDdl(d: Dialect, temporary?: ReadonlySet<string>): string[] {
    const q = d.quote;
    const { integer, text, key } = d.types;
    const t = RUNNER_TABLES;
    const statements: [table: string, sql: string][] = [
        [t.runs, `CREATE TABLE IF NOT EXISTS ${q(t.runs)} (run_id ${text} PRIMARY KEY, campaign ${text} NOT NULL, at ${text} NOT NULL, `
            + `status ${text} NOT NULL, started_at ${text}, finished_at ${text})`],
        [t.log, `CREATE TABLE IF NOT EXISTS ${q(t.log)} (run_id ${text} NOT NULL, seq ${integer} NOT NULL, level ${text} NOT NULL, `
            + `activity ${text}, message ${text} NOT NULL, data ${text}, PRIMARY KEY (run_id, seq))`],
        [t.outbox, `CREATE TABLE IF NOT EXISTS ${q(t.outbox)} (run_id ${text} NOT NULL, campaign ${text} NOT NULL, activity ${text} NOT NULL, `
            + `channel ${text} NOT NULL, entity ${text} NOT NULL, recipient_key ${key} NOT NULL, secondary_key ${key} NOT NULL, `
            + `address ${text}, subject ${text}, title ${text}, body ${text}, sent_at ${text} NOT NULL, `
            + `PRIMARY KEY (run_id, activity, recipient_key, secondary_key))`],
        [t.outbox, `CREATE INDEX IF NOT EXISTS ${q(`${t.outbox}_recipient`)} ON ${q(t.outbox)} (entity, recipient_key)`],
        [t.saved, `CREATE TABLE IF NOT EXISTS ${q(t.saved)} (name ${text} NOT NULL, entity ${text} NOT NULL, item_key ${key} NOT NULL, `
            + `campaign ${text} NOT NULL, run_id ${text} NOT NULL, saved_at ${text} NOT NULL, PRIMARY KEY (name, item_key))`],
        [t.incremental, `CREATE TABLE IF NOT EXISTS ${q(t.incremental)} (campaign ${text} NOT NULL, activity ${text} NOT NULL, item_key ${key} NOT NULL, `
            + `run_id ${text} NOT NULL, returned_at ${text} NOT NULL, PRIMARY KEY (campaign, activity, item_key))`],
        [t.since, `CREATE TABLE IF NOT EXISTS ${q(t.since)} (campaign ${text} NOT NULL, activity ${text} NOT NULL, run_id ${text} NOT NULL, `
            + `watermark ${key}, previous ${key}, PRIMARY KEY (campaign, activity))`]
    ];
    if (!temporary) return statements.map(([, sql]) => sql);
    return statements
        .filter(([table]) => temporary.has(table))
        .map(([, sql]) => sql.replace(/^CREATE TABLE /, 'CREATE TEMP TABLE '));
}
