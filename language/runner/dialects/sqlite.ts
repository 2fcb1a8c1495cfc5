import { createHash } from 'node:crypto';
import type { SqlValue } from 'sql.js';
import type { Dialect } from '../dialect.js';
import type { ParamValue } from '../sql.js';

/**
 * SQLite (sql.js). Decisions:
 * - Case-sensitive text: `=` is binary by default; `like` becomes case-sensitive through
 *   `PRAGMA case_sensitive_like = ON` (a connection setting, nothing is written to the file);
 *   `contains` is `instr`, `starts with` compares a prefix with `substr`: both binary.
 * - Dates are stored as ISO text; values are normalised with `date()` / `datetime()`, which also
 *   accept the `T` separator, so `2026-03-01T09:00` and `2026-03-01 09:00:00` compare equal.
 * - Seeded random: `cs_random(key, seed)`, a deterministic hash registered on the connection by
 *   `openDatabase` (SQLite's `random()` cannot be seeded); the same md5 formula as PostgreSQL's.
 * - Booleans are 1 and 0.
 */
export const sqliteDialect: Dialect = {
    name: 'sqlite',

    quote: identifier => `"${identifier.replace(/"/g, '""')}"`,
    placeholder: () => '?',
    toValue: (value: ParamValue): SqlValue => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
    displayLiteral: value => {
        if (value === null || value === undefined) return 'NULL';
        if (typeof value === 'boolean') return value ? '1' : '0';
        if (typeof value === 'number') return String(value);
        if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
        return `X'${Buffer.from(value as Uint8Array).toString('hex')}'`;
    },
    sessionSetup: () => ['PRAGMA case_sensitive_like = ON'],

    createTableAs: (table, select) => `CREATE TEMP TABLE ${sqliteDialect.quote(table)} AS ${select}`,
    dropTable: table => `DROP TABLE IF EXISTS temp.${sqliteDialect.quote(table)}`,
    createIndex: (name, table, columns) => `CREATE INDEX ${sqliteDialect.quote(name)} ON ${sqliteDialect.quote(table)} (${columns.map(sqliteDialect.quote).join(', ')})`,
    insertIgnore: (table, columns, select) =>
        `INSERT OR IGNORE INTO ${sqliteDialect.quote(table)} (${columns.map(sqliteDialect.quote).join(', ')}) ${select}`,
    upsert: (table, columns, values, conflict, update) => {
        const q = sqliteDialect.quote;
        const set = update.map(c => `${q(c)} = excluded.${q(c)}`).join(', ');
        return `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES (${values.join(', ')}) `
            + `ON CONFLICT (${conflict.map(q).join(', ')}) DO ${update.length > 0 ? `UPDATE SET ${set}` : 'NOTHING'}`;
    },
    // Keys keep their own type (BLOB affinity converts nothing), so 7 and '007' stay distinct.
    upsertSelect: (table, columns, select, conflict, update) => {
        const q = sqliteDialect.quote;
        const set = update.map(c => `${q(c)} = excluded.${q(c)}`).join(', ');
        // SQLite needs a WHERE after an INSERT … SELECT for ON CONFLICT to parse unambiguously.
        return `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) SELECT * FROM (${select}) WHERE 1 `
            + `ON CONFLICT (${conflict.map(q).join(', ')}) DO ${update.length > 0 ? `UPDATE SET ${set}` : 'NOTHING'}`;
    },
    types: { integer: 'INTEGER', real: 'REAL', text: 'TEXT', key: 'BLOB' },

    trueValue: '1',
    falseValue: '0',
    truth: condition => `coalesce((${condition}), 0)`,
    divide: (a, b) => `(CAST(${a} AS REAL) / ${b})`,
    concat: (a, b) => `(${a} || ${b})`,
    like: (value, pattern) => `(${value} LIKE ${pattern})`,
    contains: (value, part) => `(instr(${value}, ${part}) > 0)`,
    startsWith: (value, prefix) => `(substr(${value}, 1, length(${prefix})) = ${prefix})`,
    isEmptyText: value => `(${value} IS NULL OR ${value} = '')`,
    seededRandom: (key, seed) => `cs_random(${key}, ${seed})`,

    date: value => `date(${value})`,
    datetime: value => `datetime(${value})`,
    addDays: (value, days, isDate) => `${isDate ? 'date' : 'datetime'}(${value}, (${days}) || ' days')`,
    addMonths: (value, months, isDate) => `${isDate ? 'date' : 'datetime'}(${value}, (${months}) || ' months')`,
    addSeconds: (value, seconds) => `datetime(${value}, (${seconds}) || ' seconds')`,
    daysDiff: (a, b) => `CAST(julianday(date(${a})) - julianday(date(${b})) AS INTEGER)`,
    yearsBetween: (birth, now) =>
        `(CAST(strftime('%Y', ${now}) AS INTEGER) - CAST(strftime('%Y', ${birth}) AS INTEGER)`
        + ` - (strftime('%m-%d', ${now}) < strftime('%m-%d', ${birth})))`,
    datePart: (part, value) => {
        const format = { year: '%Y', month: '%m', day: '%d', weekday: '%w' }[part];
        return `CAST(strftime('${format}', ${value}) AS INTEGER)`;
    },
    call: (name, args) => {
        switch (name) {
            case 'substring': return `substr(${args.join(', ')})`;
            case 'greatest': return args.length === 1 ? args[0] : `max(${args.join(', ')})`;
            case 'least': return args.length === 1 ? args[0] : `min(${args.join(', ')})`;
            case 'ceil': return `CAST(ceil(${args[0]}) AS INTEGER)`;
            case 'floor': return `CAST(floor(${args[0]}) AS INTEGER)`;
            case 'iif': return `(CASE WHEN ${args[0]} THEN ${args[1]} ELSE ${args[2]} END)`;
            case 'emailDomain': return `(CASE WHEN instr(${args[0]}, '@') > 0 THEN lower(substr(${args[0]}, instr(${args[0]}, '@') + 1)) END)`;
            case 'coalesce': return args.length === 1 ? args[0] : `coalesce(${args.join(', ')})`;
            default: return `${name}(${args.join(', ')})`;
        }
    },
    aggregate: (name, value) => {
        switch (name) {
            case 'count': return 'count(*)';
            case 'sum': return `coalesce(sum(${value}), 0)`;
            case 'countDistinct': return `count(DISTINCT ${value})`;
            default: return `${name}(${value})`;
        }
    },
    rowNumber: (partitionBy, orderBy) =>
        `row_number() OVER (${partitionBy.length > 0 ? `PARTITION BY ${partitionBy.join(', ')} ` : ''}ORDER BY ${orderBy.join(', ')})`,
    asKey: value => value,
    floor: value => `CAST(${value} AS INTEGER)`
};

/**
 * The seeded random order: the first 32 bits of md5(seed ':' key), as a number in [0, 1). The
 * PostgreSQL dialect computes the same formula with the server's built-in md5(), so a seeded
 * sample selects the same rows on both engines.
 */
export function seededRandom(key: unknown, seed: unknown): number {
    const digest = createHash('md5').update(`${String(seed)}:${String(key)}`, 'utf8').digest();
    return digest.readUInt32BE(0) / 0x100000000;
}
