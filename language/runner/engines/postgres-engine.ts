import type { SqlValue } from 'sql.js';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { postgresDialect } from '../dialects/postgres.js';
import type { SqlType } from '../compiler/model.js';
import { driverValues, numberPlaceholders } from '../postgres/placeholders.js';
import { passwordOf, redactText, redactUrl } from '../postgres/redact.js';
import { checkPostgresSchema } from '../postgres/schema-check.js';
import { RunnerError, type RunMode } from '../types.js';
import type { RunnerEngine, Row } from './engine.js';

/** The schema of the runner's own tables on a server, unless the URL says `?campaign_schema=…`. */
export const DEFAULT_RUNNER_SCHEMA = 'campaign_studio';

export { isPostgresUrl } from '../postgres/url.js';

export interface PostgresEngine extends RunnerEngine {
    /** The URL without its password, for messages. */
    readonly target: string;
    /** The schema of the runner tables. */
    readonly runnerSchema: string;
    /**
     * Bulk load with `COPY … FROM STDIN` (text format): chunks of lines, each row's values escaped
     * by `copyLine`. Many times faster than INSERT batches; for loading data, not for runs.
     */
    copyIn(table: string, columns: readonly string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<number>;
    /**
     * A published run's lock: a session advisory lock keyed by the runner schema and the campaign
     * (`pg_try_advisory_lock`), so that two published runs of one campaign never write at once, from
     * any client. Released by the returned function, or by the server when the connection ends.
     */
    lockPublishedRun(campaign: string): Promise<() => Promise<void>>;
    close(): Promise<void>;
}

const SQL_TYPES: Partial<Record<SqlType, string>> = {
    int: 'bigint', decimal: 'double precision', bool: 'boolean', string: 'text', enum: 'text', date: 'text', datetime: 'text', time: 'text'
};

/**
 * A PostgreSQL connection driven by the runner. The runner tables live in their own schema
 * (first in the search path, so the plan's unqualified `cs_…` names find them, and the user's
 * tables are found after it); worktables are TEMPORARY, dropped after the run and gone with the
 * session anyway. A test run happens inside one transaction that is rolled back at the end, so
 * that it writes nothing, as on sql.js; each activity is a savepoint within it. A published run
 * commits each activity on its own.
 */
export async function openPostgres(url: string): Promise<PostgresEngine> {
    const password = passwordOf(url);
    const target = redactUrl(url);
    const fail = (error: unknown, what: string): never => {
        const message = redactText((error as Error)?.message ?? String(error), password);
        throw new RunnerError(`PostgreSQL ${target}: ${what}: ${message}`);
    };
    let runnerSchema = DEFAULT_RUNNER_SCHEMA;
    let connectionString = url;
    try {
        const u = new URL(url);
        runnerSchema = u.searchParams.get('campaign_schema') ?? runnerSchema;
        u.searchParams.delete('campaign_schema');
        connectionString = u.toString();
    } catch {
        throw new RunnerError(`not a PostgreSQL URL: ${target}`);
    }
    const client = new pg.Client({
        connectionString,
        connectionTimeoutMillis: 10_000,
        types: {
            getTypeParser: ((oid: number, format?: string) => {
                // Counts (bigint) and sums (numeric) as numbers; dates stay the text the server prints.
                if (oid === 20 || oid === 1700) return (v: string) => Number(v);
                if (oid === 1082 || oid === 1114 || oid === 1184) return (v: string) => v;
                return pg.types.getTypeParser(oid, format as 'text');
            }) as typeof pg.types.getTypeParser
        }
    });
    // An error event without a listener would crash the process (a server that goes away).
    client.on('error', () => undefined);
    try {
        await client.connect();
    } catch (error) {
        await client.end().catch(() => undefined);
        fail(error, 'cannot connect');
    }
    const quote = postgresDialect.quote;
    let sandbox = false;
    let savepoints = 0;

    const query = async (sql: string, params: readonly SqlValue[] = []) => {
        try {
            return await client.query({ text: numberPlaceholders(sql, params), values: driverValues(params) });
        } catch (error) {
            const e = error as Error & { position?: string };
            throw new RunnerError(redactText(e.message, password), undefined, undefined);
        }
    };
    const setup = await query('SELECT current_setting(\'search_path\') AS path').catch(e => fail(e, 'cannot read the search path'));
    const searchPath = `${quote(runnerSchema)}, ${String(setup.rows[0].path)}`;
    await query(`SET search_path TO ${searchPath}`).catch(e => fail(e, 'cannot set the search path'));
    // `x IN (SELECT …)` over millions of keys is a hashed subplan only when the hash fits in
    // work_mem; past it PostgreSQL rescans the subquery per row. A session setting, never stored.
    await query(`SET work_mem = '256MB'`).catch(e => fail(e, 'cannot set work_mem'));
    // The planner hashes `IN (SELECT …)` only when its *estimated* rows fit in work_mem ×
    // hash_mem_multiplier; otherwise it rescans the subquery for every outer row, which never ends on
    // tens of millions of rows. A filter on a computed date (to_char(…)) is estimated at a third of
    // the table, so at 50M purchases the estimate alone passed 512 MB. Hash nodes only; the real
    // hash holds the distinct keys that pass. PostgreSQL 13+ (older servers keep their default).
    await query('SET hash_mem_multiplier = 8').catch(() => undefined);

    const engine: PostgresEngine = {
        dialect: postgresDialect,
        warnings: [],
        target,
        runnerSchema,
        exec: async (sql, params) => {
            await query(sql, params);
        },
        all: async (sql, params) => (await query(sql, params)).rows as Row[],
        rows: async (sql, params) => {
            const result = await client.query({ text: numberPlaceholders(sql, params ?? []), values: driverValues(params ?? []), rowMode: 'array' })
                .catch((e: Error) => {
                    throw new RunnerError(redactText(e.message, password));
                });
            return result.rows as SqlValue[][];
        },
        insertRows: async (sql, rows) => {
            for (const row of rows) await query(sql, row);
        },
        each: async (sql, params, onRow) => {
            // One result set: a channel's messages of one activity (a cursor would bound memory further).
            const rows = (await query(sql, params)).rows as Row[];
            for (const row of rows) await onRow(row);
        },
        transaction: async body => {
            if (sandbox) {
                const name = `cs_step_${++savepoints}`;
                await query(`SAVEPOINT ${name}`);
                try {
                    await body();
                    await query(`RELEASE SAVEPOINT ${name}`);
                } catch (error) {
                    await query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
                    throw error;
                }
                return;
            }
            await query('BEGIN');
            try {
                await body();
                await query('COMMIT');
            } catch (error) {
                await query('ROLLBACK').catch(() => undefined);
                throw error;
            }
        },
        createEmptyTable: async (table, columns) => {
            const list = columns.map(c => `${quote(c.name)} ${SQL_TYPES[c.type ?? 'unknown'] ?? 'text'}`).join(', ');
            await query(`CREATE TEMPORARY TABLE IF NOT EXISTS ${quote(table)} (${list})`);
        },
        tempTables: async prefix => (await query(
            `SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r' AND strpos(relname::text, ?) = 1`,
            [prefix])).rows.map(r => String(r.relname)),
        checkSchema: (plan, services) => checkPostgresSchema((sql, params) => engine.all(sql, params), plan, services),
        beginRun: async (mode: RunMode) => {
            if (mode === 'test') {
                await query('BEGIN');
                sandbox = true;
            }
            await query(`CREATE SCHEMA IF NOT EXISTS ${quote(runnerSchema)}`);
        },
        endRun: async () => {
            if (sandbox) {
                sandbox = false;
                await query('ROLLBACK').catch(() => undefined);
            }
        },
        lockPublishedRun: async campaign => {
            // One 64-bit key from the name: hashtextextended is built in (PostgreSQL 11+) and Citus-safe.
            const name = `campaign-studio:${runnerSchema}:${campaign}`;
            const got = await query('SELECT pg_try_advisory_lock(hashtextextended(?, 0)) AS ok', [name]);
            if (got.rows[0]?.ok !== true) {
                // Who holds it: a bigint advisory lock shows as classid = high 32 bits, objid = low, objsubid = 1.
                const holder = (await query(
                    `SELECT a.pid, a.backend_start, a.application_name, host(a.client_addr) AS client FROM pg_locks l `
                    + `JOIN pg_stat_activity a ON a.pid = l.pid, (SELECT hashtextextended(?, 0) AS v) k `
                    + `WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 `
                    + `AND l.classid = ((k.v >> 32) & 4294967295)::oid AND l.objid = (k.v & 4294967295)::oid`, [name]).catch(() => undefined))?.rows[0];
                const who = holder
                    ? `server process ${String(holder.pid)}${holder.client ? ` for ${String(holder.client)}` : ''}`
                        + `${holder.application_name ? ` (${String(holder.application_name)})` : ''}, since ${isoOf(holder.backend_start)}`
                    : 'another connection';
                throw new RunnerError(`another published run of ${campaign} is in progress on ${target} (${who})`);
            }
            let released = false;
            return async () => {
                if (released) return;
                released = true;
                await query('SELECT pg_advisory_unlock(hashtextextended(?, 0))', [name]).catch(() => undefined);
            };
        },
        copyIn: async (table, columns, chunks) => {
            const stream = client.query(copyFromStdin(`COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`));
            try {
                await pipeline(Readable.from(chunks, { objectMode: false }), stream);
            } catch (error) {
                throw new RunnerError(`COPY into ${table}: ${redactText((error as Error).message, password)}`);
            }
            return stream.rowCount;
        },
        close: async () => {
            await client.end().catch(() => undefined);
        }
    };
    return engine;
}

function isoOf(value: unknown): string {
    const date = value instanceof Date ? value : new Date(String(value));
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

/** One row of COPY's text format: tab-separated, `\N` for NULL, backslash escapes, booleans as t/f. */
export function copyLine(values: readonly SqlValue[] | readonly unknown[]): string {
    let line = '';
    for (let i = 0; i < values.length; i++) {
        if (i > 0) line += '\t';
        const v = values[i];
        if (v === null || v === undefined) line += '\\N';
        else if (typeof v === 'boolean') line += v ? 't' : 'f';
        else if (typeof v === 'number' || typeof v === 'bigint') line += String(v);
        else if (v instanceof Uint8Array) line += `\\\\x${Buffer.from(v).toString('hex')}`;
        else line += String(v).replace(/[\\\t\n\r]/g, c => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
    }
    return `${line}\n`;
}
