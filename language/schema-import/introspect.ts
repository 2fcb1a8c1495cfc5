import type { Database, SqlValue } from 'sql.js';
import { RUNNER_PREFIX } from '../runner/runner-tables.js';

/** What SQLite tells about a table, before any naming decision. */
export interface TableInfo {
    readonly name: string;
    readonly columns: ColumnInfo[];
    /** Primary key columns in key order (empty: the table has only its rowid). */
    readonly primaryKey: string[];
    readonly foreignKeys: ForeignKeyInfo[];
    /** `CREATE TABLE … WITHOUT ROWID`: no rowid to fall back on. */
    readonly withoutRowid: boolean;
}

export interface ColumnInfo {
    readonly name: string;
    /** The declared type as written (`VARCHAR(80)`), or '' when none. */
    readonly declaredType: string;
    readonly notNull: boolean;
    /** The string values of a `CHECK (col IN ('a', 'b'))` constraint, if the table has one for it. */
    readonly allowedValues?: string[];
    /** `CHECK (col IN (0, 1))`: a boolean stored as an integer. */
    readonly zeroOrOne?: boolean;
    /** For a column without a declared type: the storage classes of its values (`integer`, `text` …). */
    readonly storedTypes?: string[];
    /**
     * What the stored values look like, when they all agree (SQLite has no date or boolean type, so
     * dates are often ISO text and booleans 0/1): `date`, `datetime` or `zeroOrOne`.
     */
    readonly valueShape?: 'date' | 'datetime' | 'zeroOrOne';
}

export interface ForeignKeyInfo {
    readonly table: string;
    /** Local columns, in order (more than one: a composite key, which cannot become a link). */
    readonly from: string[];
    /** Referenced columns; empty entries mean "the target's primary key". */
    readonly to: Array<string | null>;
}

/** SQLite's own tables and the runner's (run log, outbox, …) are not part of the user's schema. */
function isInternalTable(name: string): boolean {
    return name.startsWith('sqlite_') || name.startsWith(RUNNER_PREFIX);
}

export function introspect(db: Database): TableInfo[] {
    const tables = rows(db, `SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid`)
        .filter(row => !isInternalTable(String(row.name)));
    return tables.map(row => tableInfo(db, String(row.name), String(row.sql ?? '')));
}

function tableInfo(db: Database, table: string, sql: string): TableInfo {
    const quoted = quoteIdentifier(table);
    const checks = checkConstraints(sql);
    const info = rows(db, `PRAGMA table_info(${quoted})`);
    const columns: ColumnInfo[] = info.map(c => {
        const name = String(c.name);
        const declaredType = String(c.type ?? '').trim();
        const check = checks.get(name.toLowerCase());
        return {
            name,
            declaredType,
            notNull: Number(c.notnull) === 1,
            allowedValues: check?.strings,
            zeroOrOne: check?.zeroOrOne,
            storedTypes: declaredType === '' ? storedTypes(db, quoted, name) : undefined,
            valueShape: valueShape(db, quoted, name)
        };
    });
    const primaryKey = info
        .filter(c => Number(c.pk) > 0)
        .sort((a, b) => Number(a.pk) - Number(b.pk))
        .map(c => String(c.name));
    const byId = new Map<number, { table: string; from: string[]; to: Array<string | null> }>();
    for (const fk of rows(db, `PRAGMA foreign_key_list(${quoted})`)) {
        const id = Number(fk.id);
        let entry = byId.get(id);
        if (!entry) {
            entry = { table: String(fk.table), from: [], to: [] };
            byId.set(id, entry);
        }
        entry.from.push(String(fk.from));
        entry.to.push(fk.to === null || fk.to === undefined ? null : String(fk.to));
    }
    return {
        name: table,
        columns,
        primaryKey,
        foreignKeys: [...byId.entries()].sort((a, b) => b[0] - a[0]).map(e => e[1]),
        withoutRowid: /\bwithout\s+rowid\b/i.test(sql.slice(sql.lastIndexOf(')')))
    };
}

function storedTypes(db: Database, table: string, column: string): string[] {
    return rows(db, `SELECT DISTINCT typeof(${quoteIdentifier(column)}) AS t FROM ${table} LIMIT 10`)
        .map(r => String(r.t))
        .filter(t => t !== 'null')
        .sort();
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_TEXT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The common shape of a sample of a column's values, if they all have one. */
function valueShape(db: Database, table: string, column: string): ColumnInfo['valueShape'] {
    const values = rows(db, `SELECT ${quoteIdentifier(column)} AS v FROM ${table} WHERE ${quoteIdentifier(column)} IS NOT NULL LIMIT 500`).map(r => r.v);
    if (values.length === 0) return undefined;
    if (values.every(v => v === 0 || v === 1)) return 'zeroOrOne';
    if (!values.every(v => typeof v === 'string')) return undefined;
    const texts = values as string[];
    if (texts.every(v => DATE_TEXT.test(v))) return 'date';
    if (texts.every(v => DATE_TEXT.test(v) || DATETIME_TEXT.test(v))) return 'datetime';
    return undefined;
}

/**
 * `CHECK (col IN ('a', 'b'))` and `CHECK (col IN (0, 1))` constraints of a CREATE TABLE text,
 * by lower-cased column name. Only these simple forms are read; anything else is ignored.
 */
function checkConstraints(sql: string): Map<string, { strings?: string[]; zeroOrOne?: boolean }> {
    const found = new Map<string, { strings?: string[]; zeroOrOne?: boolean }>();
    const pattern = /check\s*\(\s*(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][A-Za-z0-9_]*))\s+in\s*\(([^()]*)\)\s*\)/gi;
    for (const match of sql.matchAll(pattern)) {
        const column = (match[1]?.replace(/""/g, '"') ?? match[2] ?? match[3] ?? match[4]).toLowerCase();
        const items = match[5].split(',').map(s => s.trim()).filter(s => s.length > 0);
        if (items.length > 0 && items.every(s => /^'(?:[^']|'')*'$/.test(s))) {
            found.set(column, { strings: items.map(s => s.slice(1, -1).replace(/''/g, "'")) });
        } else if (items.length === 2 && new Set(items).size === 2 && items.every(s => s === '0' || s === '1')) {
            found.set(column, { zeroOrOne: true });
        }
    }
    return found;
}

export function quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

function rows(db: Database, sql: string): Array<Record<string, SqlValue>> {
    const result: Array<Record<string, SqlValue>> = [];
    const statement = db.prepare(sql);
    try {
        while (statement.step()) result.push(statement.getAsObject());
    } finally {
        statement.free();
    }
    return result;
}
