import type { Database, Statement } from 'sql.js';
import type { RunnerDatabase } from '../language/runner/index.js';

/**
 * Measures the time a run spends inside SQLite: wraps every entry point into sql.js of one
 * RunnerDatabase (its helpers, the raw connection and the statements it prepares), so that the
 * runner's own time is the run's wall time minus this. Nested calls (a helper calling the raw
 * connection) are counted once.
 */
export function instrumentSql(db: RunnerDatabase): { ms(): number; reset(): void } {
    let total = 0;
    let depth = 0;
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
    wrap(db, ['exec', 'all', 'scalar']);
    const raw: Database = db.sqlite;
    wrap(raw, ['exec', 'run']);
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((sql: string, params?: never) => {
        const stmt: Statement = timed(() => prepare(sql, params));
        wrap(stmt, ['step', 'run', 'bind', 'get', 'getAsObject', 'reset']);
        return stmt;
    }) as Database['prepare'];
    return { ms: () => total, reset: () => { total = 0; } };
}
