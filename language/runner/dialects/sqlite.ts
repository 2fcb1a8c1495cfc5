import { createHash } from 'node:crypto';
import type { SqlValue } from 'sql.js';
import type { Dialect } from '../dialect.js';
import type { ParamValue } from '../sql.js';
import { standardAggregate, standardCall, standardRowNumber } from './standard-sql.js';
import { sqliteCompareStoredDate } from './sqlite-dates.js';

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
    // Worktables and the transient indexes of `IN (…)`, `UNION`, sorts live in memory, not in a
    // temporary file of sql.js's in-memory file system: about 10 % faster on a large run. (It was
    // once held back because floating sums came out in another order than PostgreSQL's; since
    // aggregates share one GROUP BY table the sums agree, and publish-both-engines checks it.)
    sessionSetup: () => ['PRAGMA case_sensitive_like = ON', 'PRAGMA temp_store = MEMORY'],

    createTableAs: (table, select) => `CREATE TEMP TABLE ${sqliteDialect.quote(table)} AS ${select}`,
    // The key is the rowid: a membership test on it needs no transient index, and the rows are
    // read back in key order (a preview's ORDER BY key LIMIT n reads n rows). Filled in key order
    // it costs a little more than CREATE TABLE AS (the rowid is checked), much less than the
    // index every `IN` built. Only for integer keys that are unique and never NULL: a NULL would
    // become a new rowid (the compiler asks only for populations of INTEGER PRIMARY KEY tables).
    createKeyedTable: (table, columns, select) => {
        const q = sqliteDialect.quote;
        const [key, ...rest] = columns.map(q);
        return [
            `CREATE TEMP TABLE ${q(table)} (${[`${key} INTEGER PRIMARY KEY`, ...rest].join(', ')})`,
            `INSERT INTO temp.${q(table)} (${[key, ...rest].join(', ')}) ${select}`
        ];
    },
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
    compareStoredDate: sqliteCompareStoredDate,
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
            case 'emailDomain': return `(CASE WHEN instr(${args[0]}, '@') > 0 THEN lower(substr(${args[0]}, instr(${args[0]}, '@') + 1)) END)`;
            default: return standardCall(name, args);
        }
    },
    aggregate: standardAggregate,
    rowNumber: standardRowNumber,
    asKey: value => value,
    floor: value => `CAST(${value} AS INTEGER)`
};

/**
 * The seeded random order: the first 32 bits of md5(seed ':' key), as a number in [0, 1). The
 * PostgreSQL dialect computes the same formula with the server's built-in md5(), so a seeded
 * sample selects the same rows on both engines.
 */
export function seededRandom(key: unknown, seed: unknown): number {
    const text = `${String(seed)}:${String(key)}`;
    const first = md5FirstWordAscii(text);
    if (first !== undefined) return first / 0x100000000;
    const digest = createHash('md5').update(text, 'utf8').digest();
    return digest.readUInt32BE(0) / 0x100000000;
}

// MD5 (RFC 1321) of one block, in plain JavaScript: the sample calls this once per row, and
// node:crypto's per-call setup costs ten times the hashing of a short text. The four rounds are
// written out (no per-step branch or table of shifts): about twice as fast as one generic loop.
const MD5_K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0);
const md5Words = new Int32Array(16);

/** The digest's first four bytes read big-endian, for an ASCII text of at most 55 characters (one block); else undefined. */
function md5FirstWordAscii(text: string): number | undefined {
    const length = text.length;
    if (length > 55) return undefined;
    const m = md5Words;
    const K = MD5_K;
    m.fill(0);
    for (let i = 0; i < length; i++) {
        const ch = text.charCodeAt(i);
        if (ch > 0x7f) return undefined;
        m[i >> 2] |= ch << ((i & 3) * 8);
    }
    m[length >> 2] |= 0x80 << ((length & 3) * 8);
    m[14] = length * 8;
    let a = 0x67452301, b = 0xefcdab89 | 0, c = 0x98badcfe | 0, d = 0x10325476;
    let t: number;
    // Round 1: F = (b & c) | (~b & d), message words in order, shifts 7 12 17 22.
    for (let i = 0; i < 16; i += 4) {
        t = (a + ((b & c) | (~b & d)) + K[i] + m[i]) | 0; a = (b + ((t << 7) | (t >>> 25))) | 0;
        t = (d + ((a & b) | (~a & c)) + K[i + 1] + m[i + 1]) | 0; d = (a + ((t << 12) | (t >>> 20))) | 0;
        t = (c + ((d & a) | (~d & b)) + K[i + 2] + m[i + 2]) | 0; c = (d + ((t << 17) | (t >>> 15))) | 0;
        t = (b + ((c & d) | (~c & a)) + K[i + 3] + m[i + 3]) | 0; b = (c + ((t << 22) | (t >>> 10))) | 0;
    }
    // Round 2: G = (d & b) | (~d & c), word (5i + 1) mod 16, shifts 5 9 14 20.
    for (let i = 16; i < 32; i += 4) {
        t = (a + ((d & b) | (~d & c)) + K[i] + m[(5 * i + 1) & 15]) | 0; a = (b + ((t << 5) | (t >>> 27))) | 0;
        t = (d + ((c & a) | (~c & b)) + K[i + 1] + m[(5 * i + 6) & 15]) | 0; d = (a + ((t << 9) | (t >>> 23))) | 0;
        t = (c + ((b & d) | (~b & a)) + K[i + 2] + m[(5 * i + 11) & 15]) | 0; c = (d + ((t << 14) | (t >>> 18))) | 0;
        t = (b + ((a & c) | (~a & d)) + K[i + 3] + m[(5 * i + 16) & 15]) | 0; b = (c + ((t << 20) | (t >>> 12))) | 0;
    }
    // Round 3: H = b ^ c ^ d, word (3i + 5) mod 16, shifts 4 11 16 23.
    for (let i = 32; i < 48; i += 4) {
        t = (a + (b ^ c ^ d) + K[i] + m[(3 * i + 5) & 15]) | 0; a = (b + ((t << 4) | (t >>> 28))) | 0;
        t = (d + (a ^ b ^ c) + K[i + 1] + m[(3 * i + 8) & 15]) | 0; d = (a + ((t << 11) | (t >>> 21))) | 0;
        t = (c + (d ^ a ^ b) + K[i + 2] + m[(3 * i + 11) & 15]) | 0; c = (d + ((t << 16) | (t >>> 16))) | 0;
        t = (b + (c ^ d ^ a) + K[i + 3] + m[(3 * i + 14) & 15]) | 0; b = (c + ((t << 23) | (t >>> 9))) | 0;
    }
    // Round 4: I = c ^ (b | ~d), word 7i mod 16, shifts 6 10 15 21.
    for (let i = 48; i < 64; i += 4) {
        t = (a + (c ^ (b | ~d)) + K[i] + m[(7 * i) & 15]) | 0; a = (b + ((t << 6) | (t >>> 26))) | 0;
        t = (d + (b ^ (a | ~c)) + K[i + 1] + m[(7 * i + 7) & 15]) | 0; d = (a + ((t << 10) | (t >>> 22))) | 0;
        t = (c + (a ^ (d | ~b)) + K[i + 2] + m[(7 * i + 14) & 15]) | 0; c = (d + ((t << 15) | (t >>> 17))) | 0;
        t = (b + (d ^ (c | ~a)) + K[i + 3] + m[(7 * i + 21) & 15]) | 0; b = (c + ((t << 21) | (t >>> 11))) | 0;
    }
    const word = (a + 0x67452301) >>> 0;
    // The digest stores the word little-endian; its first four bytes read big-endian are the word byte-swapped.
    return (((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24)) >>> 0;
}
