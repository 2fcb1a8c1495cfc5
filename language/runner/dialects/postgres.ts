import type { SqlValue } from 'sql.js';
import type { Dialect } from '../dialect.js';
import type { ParamValue } from '../sql.js';
import { standardAggregate, standardCall, standardRowNumber } from './standard-sql.js';

/**
 * PostgreSQL, in SQL that Citus and PostgreSQL-compatible warehouses also accept: no extensions,
 * no functions of our own created on the server. Decisions:
 * - Placeholders are `?` in the plan, as for SQLite; the PostgreSQL engine numbers them (`$1`, …)
 *   and casts each to its value's type, so that untyped parameters never make the server guess.
 * - Dates may be stored as ISO text (like the SQLite databases) or as date / timestamp columns:
 *   every date is read through `CAST(… AS timestamp)` and compared as ISO text, the same text
 *   SQLite's `date()` / `datetime()` produce, so comparisons and results agree between engines.
 * - Text order is byte order (`COLLATE "C"`), as SQLite's default BINARY collation.
 * - Seeded random: the first 32 bits of `md5(seed || ':' || key)`, computed by the same formula
 *   in JavaScript for SQLite (`seededRandom` in sqlite.ts), so a seeded sample picks the same rows.
 * - Booleans are real booleans.
 */

const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const ts = (value: string) => `CAST(${value} AS timestamp)`;
const DATE = `'YYYY-MM-DD'`;
const DATETIME = `'YYYY-MM-DD HH24:MI:SS'`;

export const postgresDialect: Dialect = {
    name: 'postgresql',

    quote: q,
    placeholder: () => '?',
    toValue: (value: ParamValue): SqlValue => value as SqlValue,
    displayLiteral: value => {
        if (value === null || value === undefined) return 'NULL';
        if (typeof value === 'boolean') return value ? 'true' : 'false';
        if (typeof value === 'number') return String(value);
        if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
        return `'\\x${Buffer.from(value as Uint8Array).toString('hex')}'::bytea`;
    },
    sessionSetup: () => [],

    createTableAs: (table, select) => `CREATE TEMPORARY TABLE ${q(table)} AS ${select}`,
    dropTable: table => `DROP TABLE IF EXISTS pg_temp.${q(table)}`,
    createIndex: (name, table, columns) => `CREATE INDEX ${q(name)} ON ${q(table)} (${columns.map(q).join(', ')})`,
    insertIgnore: (table, columns, select) =>
        `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) ${select} ON CONFLICT DO NOTHING`,
    upsert: (table, columns, values, conflict, update) => {
        const set = update.map(c => `${q(c)} = EXCLUDED.${q(c)}`).join(', ');
        return `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES (${values.join(', ')}) `
            + `ON CONFLICT (${conflict.map(q).join(', ')}) DO ${update.length > 0 ? `UPDATE SET ${set}` : 'NOTHING'}`;
    },
    upsertSelect: (table, columns, select, conflict, update) => {
        const set = update.map(c => `${q(c)} = EXCLUDED.${q(c)}`).join(', ');
        return `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) SELECT * FROM (${select}) cs_upsert `
            + `ON CONFLICT (${conflict.map(q).join(', ')}) DO ${update.length > 0 ? `UPDATE SET ${set}` : 'NOTHING'}`;
    },
    // Keys are stored as text: integer and text keys both fit, and compare after a cast to text.
    types: { integer: 'bigint', real: 'double precision', text: 'text', key: 'text' },

    trueValue: 'true',
    falseValue: 'false',
    truth: condition => `coalesce((${condition}), false)`,
    divide: (a, b) => `(CAST(${a} AS double precision) / ${b})`,
    concat: (a, b) => `(CAST(${a} AS text) || CAST(${b} AS text))`,
    like: (value, pattern) => `(${value} LIKE ${pattern})`,
    contains: (value, part) => `(strpos(${value}, ${part}) > 0)`,
    startsWith: (value, prefix) => `(substr(${value}, 1, length(${prefix})) = ${prefix})`,
    isEmptyText: value => `(${value} IS NULL OR CAST(${value} AS text) = '')`,
    seededRandom: (key, seed) =>
        `(CAST(CAST(('x' || lpad(substr(md5(CAST(${seed} AS text) || ':' || CAST(${key} AS text)), 1, 8), 16, '0')) AS bit(64)) AS bigint)`
        + ` / 4294967296.0::double precision)`,

    date: value => `to_char(${ts(value)}, ${DATE})`,
    datetime: value => `to_char(${ts(value)}, ${DATETIME})`,
    addDays: (value, days, isDate) => `to_char(${ts(value)} + (${days}) * interval '1 day', ${isDate ? DATE : DATETIME})`,
    // SQLite's '+N months' moves the month and keeps the day, overflowing into the next month
    // (Jan 31 + 1 month = Mar 3); PostgreSQL's interval clamps (Feb 28). Same as SQLite: the first
    // of the target month plus the days and time past the first of the source month.
    addMonths: (value, months, isDate) => `to_char(date_trunc('month', ${ts(value)}) + (${months}) * interval '1 month'`
        + ` + (${ts(value)} - date_trunc('month', ${ts(value)})), ${isDate ? DATE : DATETIME})`,
    addSeconds: (value, seconds) => `to_char(${ts(value)} + (${seconds}) * interval '1 second', ${DATETIME})`,
    daysDiff: (a, b) => `(CAST(${ts(a)} AS date) - CAST(${ts(b)} AS date))`,
    yearsBetween: (birth, now) =>
        `(CAST(extract(year FROM ${ts(now)}) AS integer) - CAST(extract(year FROM ${ts(birth)}) AS integer)`
        + ` - (CASE WHEN to_char(${ts(now)}, 'MM-DD') COLLATE "C" < to_char(${ts(birth)}, 'MM-DD') COLLATE "C" THEN 1 ELSE 0 END))`,
    datePart: (part, value) => {
        const field = { year: 'year', month: 'month', day: 'day', weekday: 'dow' }[part];
        return `CAST(extract(${field} FROM ${ts(value)}) AS integer)`;
    },
    call: (name, args) => {
        switch (name) {
            case 'substring': return `substr(CAST(${args[0]} AS text), ${args.slice(1).map(a => `CAST(${a} AS integer)`).join(', ')})`;
            // SQLite's scalar max()/min() are NULL when any argument is; PostgreSQL's skip NULLs.
            case 'greatest':
            case 'least':
                return args.length === 1 ? args[0]
                    : `(CASE WHEN ${args.map(a => `(${a}) IS NULL`).join(' OR ')} THEN NULL ELSE ${name}(${args.join(', ')}) END)`;
            case 'ceil': return `CAST(ceil(${args[0]}) AS bigint)`;
            case 'floor': return `CAST(floor(${args[0]}) AS bigint)`;
            case 'round': return `CAST(round(CAST(${args[0]} AS numeric)${args[1] ? `, CAST(${args[1]} AS integer)` : ''}) AS double precision)`;
            case 'emailDomain': return `(CASE WHEN strpos(${args[0]}, '@') > 0 THEN lower(substr(${args[0]}, strpos(${args[0]}, '@') + 1)) END)`;
            default: return standardCall(name, args);
        }
    },
    aggregate: standardAggregate,
    rowNumber: standardRowNumber,
    asKey: value => `CAST(${value} AS text)`,
    // Truncation toward zero, as SQLite's CAST(… AS INTEGER).
    floor: value => `CAST(trunc(${value}) AS bigint)`
};
