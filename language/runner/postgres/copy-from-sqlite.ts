import type { SqlValue } from 'sql.js';
import type { Entity } from '../../generated/ast.js';
import type { RunnerDatabase } from '../database.js';
import type { RunnerEngine } from '../engines/engine.js';
import { copyLine, type PostgresEngine } from '../engines/postgres-engine.js';
import { columnOf, fieldSqlType, linkTarget, tableOf, type SqlType } from '../compiler/model.js';
import { RUNNER_PREFIX } from '../runner-tables.js';

export interface CopyOptions {
    /** Rows per INSERT when the target cannot COPY. */
    batchRows?: number;
    /** `CREATE UNLOGGED TABLE`: no write-ahead log (a benchmark's throw-away data; lost on a crash). */
    unlogged?: boolean;
    onTable?: (table: string, rows: number) => void;
}

/**
 * Copies the user tables of a SQLite database to PostgreSQL, typed by the data model where it
 * declares a column (a `bool` becomes a boolean, SQLite's 0/1 converted), else by SQLite's
 * declared type. Dates stay ISO text, as SQLite stores them. For tests, benchmarks and moving a
 * workspace's data to a server; replaces tables of the same name. Rows go in with `COPY … FROM
 * STDIN` when the target is the PostgreSQL engine (INSERT batches otherwise); the primary key and
 * the indexes are made after the load, which is faster than maintaining them row by row.
 */
export async function copySqliteToPostgres(source: RunnerDatabase, target: RunnerEngine, entities: readonly Entity[] = [],
    options: CopyOptions = {}): Promise<string[]> {
    const q = target.dialect.quote;
    const tables = source.all(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
        .map(r => String(r.name)).filter(t => !t.startsWith(RUNNER_PREFIX));
    for (const table of tables) {
        const info = source.all(`SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`, [table]);
        const entity = entities.find(e => tableOf(e) === table);
        const columns = info.map(c => {
            const name = String(c.name);
            const field = entity?.fields.find(f => !f.many && !safeLink(f) && columnOf(f) === name);
            const type = field ? pgType(safeType(field)) ?? declared(String(c.type)) : declared(String(c.type));
            return { name, type, pk: Number(c.pk) };
        });
        const keys = columns.filter(c => c.pk > 0).sort((a, b) => a.pk - b.pk).map(c => q(c.name));
        await target.exec(`DROP TABLE IF EXISTS ${q(table)}`);
        await target.exec(`CREATE ${options.unlogged ? 'UNLOGGED ' : ''}TABLE ${q(table)} (${columns.map(c => `${q(c.name)} ${c.type}`).join(', ')})`);
        const bools = columns.map(c => c.type === 'boolean');
        const count = canCopy(target)
            ? await copyTable(source, target, table, columns.map(c => c.name), bools)
            : await insertTable(source, target, table, columns.map(c => c.name), bools, options.batchRows);
        if (keys.length > 0) await target.exec(`ALTER TABLE ${q(table)} ADD PRIMARY KEY (${keys.join(', ')})`);
        // The SQLite file's own indexes (link columns), created after the load as there.
        const indexes = source.all(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [table]);
        for (const index of indexes) {
            const cols = source.all(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, [String(index.name)]).map(r => q(String(r.name)));
            if (cols.length > 0) await target.exec(`CREATE INDEX ${q(`${table}_${String(index.name)}`)} ON ${q(table)} (${cols.join(', ')})`);
        }
        await target.exec(`ANALYZE ${q(table)}`);
        options.onTable?.(table, count);
    }
    return tables;
}

function canCopy(target: RunnerEngine): target is PostgresEngine {
    return typeof (target as Partial<PostgresEngine>).copyIn === 'function';
}

/** Streams the table as COPY text in chunks of about 1 MB, one SQLite row at a time. */
async function copyTable(source: RunnerDatabase, target: PostgresEngine, table: string, columns: string[], bools: boolean[]): Promise<number> {
    const q = target.dialect.quote;
    const stmt = source.sqlite.prepare(`SELECT ${columns.map(q).join(', ')} FROM ${q(table)}`);
    function* chunks(): Generator<string> {
        let chunk = '';
        while (stmt.step()) {
            const values = stmt.get();
            for (let i = 0; i < values.length; i++) if (bools[i] && values[i] !== null) (values as unknown[])[i] = Number(values[i]) !== 0;
            chunk += copyLine(values);
            if (chunk.length >= 1 << 20) {
                yield chunk;
                chunk = '';
            }
        }
        if (chunk.length > 0) yield chunk;
    }
    try {
        return await target.copyIn(table, columns, chunks());
    } finally {
        stmt.free();
    }
}

async function insertTable(source: RunnerDatabase, target: RunnerEngine, table: string, columns: string[], bools: boolean[],
    batchRows = 1000): Promise<number> {
    const q = target.dialect.quote;
    const per = Math.max(1, Math.min(batchRows, Math.floor(30_000 / Math.max(1, columns.length))));
    const stmt = source.sqlite.prepare(`SELECT ${columns.map(q).join(', ')} FROM ${q(table)}`);
    let batch: SqlValue[][] = [];
    let count = 0;
    const flush = async () => {
        if (batch.length === 0) return;
        const row = `(${columns.map(() => '?').join(', ')})`;
        await target.exec(`INSERT INTO ${q(table)} VALUES ${batch.map(() => row).join(', ')}`, batch.flat() as SqlValue[]);
        count += batch.length;
        batch = [];
    };
    try {
        while (stmt.step()) {
            const values = stmt.get().map((v, i) => (bools[i] && v !== null ? (Number(v) !== 0) as unknown as SqlValue : v));
            batch.push(values);
            if (batch.length >= per) await flush();
        }
        await flush();
    } finally {
        stmt.free();
    }
    return count;
}

function pgType(type: SqlType): string | undefined {
    switch (type) {
        case 'int': return 'bigint';
        case 'decimal': return 'double precision';
        case 'bool': return 'boolean';
        case 'string': case 'enum': case 'date': case 'datetime': case 'time': return 'text';
        default: return undefined;
    }
}

function declared(type: string): string {
    const t = type.toUpperCase();
    if (t.includes('INT')) return 'bigint';
    if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB') || t.includes('NUM') || t.includes('DEC')) return 'double precision';
    if (t.includes('BLOB')) return 'bytea';
    return 'text';
}

function safeType(field: Entity['fields'][number]): SqlType {
    try {
        return fieldSqlType(field);
    } catch {
        return 'unknown';
    }
}

function safeLink(field: Entity['fields'][number]): boolean {
    try {
        return Boolean(linkTarget(field));
    } catch {
        return true;
    }
}
