import type { Database, SqlValue, Statement } from 'sql.js';
import type { RunnerDatabase } from '../language/runner/index.js';

/** A statement as executed: SQL text with `?` placeholders and its bound values. */
export interface RecordedStatement {
    readonly sql: string;
    readonly params: SqlValue[];
}

/**
 * Measures the time a run spends inside SQLite: wraps every entry point into sql.js of one
 * RunnerDatabase (its helpers, the raw connection and the statements it prepares), so that the
 * runner's own time is the run's wall time minus this. Nested calls (a helper calling the raw
 * connection) are counted once. It also records every statement executed (each binding of a
 * prepared statement once), so that the benchmark can replay exactly the same SQL natively.
 */
export function instrumentSql(db: RunnerDatabase): { ms(): number; reset(): void; statements(): RecordedStatement[] } {
    let total = 0;
    let depth = 0;
    let recorded: RecordedStatement[] = [];
    const record = (sql: unknown, params: unknown) => {
        if (depth === 0 && typeof sql === 'string') recorded.push({ sql, params: Array.isArray(params) ? [...params] as SqlValue[] : [] });
    };
    const timed = <T>(f: () => T): T => {
        if (depth > 0) return f();
        depth++;
        const start = performance.now();
        try {
            return f();
        } finally {
            total += performance.now() - start;
            depth--;
        }
    };
    const wrap = <O extends object>(target: O, names: string[]) => {
        for (const name of names) {
            const original = (target as Record<string, unknown>)[name];
            if (typeof original !== 'function') continue;
            (target as Record<string, unknown>)[name] = (...args: unknown[]) => timed(() => (original as (...a: unknown[]) => unknown).apply(target, args));
        }
    };
    // (sql, params) entry points; outermost, so that calls nested in a timed one are not recorded twice.
    const recording = <O extends object>(target: O, names: string[]) => {
        for (const name of names) {
            const original = (target as Record<string, unknown>)[name];
            if (typeof original !== 'function') continue;
            (target as Record<string, unknown>)[name] = (...args: unknown[]) => {
                record(args[0], args[1]);
                return (original as (...a: unknown[]) => unknown).apply(target, args);
            };
        }
    };
    wrap(db, ['exec', 'all', 'scalar']);
    recording(db, ['exec', 'all', 'scalar']);
    const raw: Database = db.sqlite;
    wrap(raw, ['exec', 'run']);
    recording(raw, ['exec', 'run']);
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((sql: string, params?: never) => {
        const stmt: Statement = timed(() => prepare(sql, params));
        wrap(stmt, ['step', 'run', 'bind', 'get', 'getAsObject', 'reset']);
        // A prepared statement counts once per binding (bind, or run with values).
        for (const name of ['bind', 'run'] as const) {
            const original = stmt[name].bind(stmt) as (values?: never) => unknown;
            (stmt as unknown as Record<string, unknown>)[name] = (values?: never) => {
                record(sql, values);
                return original(values);
            };
        }
        return stmt;
    }) as Database['prepare'];
    return { ms: () => total, reset: () => { total = 0; recorded = []; }, statements: () => recorded };
}
