import type { SqlValue } from 'sql.js';

/**
 * `?` placeholders to PostgreSQL's `$1`, `$2`, … each cast to its value's type, so the server
 * never has to guess a parameter's type (`SELECT $1`, `x * $1 / 100.0`). Question marks inside
 * string literals and quoted identifiers are left alone. Values are still bound, never inlined.
 */
export function numberPlaceholders(sql: string, params: readonly SqlValue[]): string {
    let out = '';
    let n = 0;
    let i = 0;
    while (i < sql.length) {
        const c = sql[i];
        if (c === "'" || c === '"') {
            const end = closing(sql, i, c);
            out += sql.slice(i, end);
            i = end;
            continue;
        }
        if (c === '?') {
            n++;
            out += `$${n}${castOf(params[n - 1])}`;
            i++;
            continue;
        }
        out += c;
        i++;
    }
    return out;
}

/** The index after a quoted run starting at `start` (doubled quotes are part of it). */
function closing(sql: string, start: number, quote: string): number {
    let i = start + 1;
    while (i < sql.length) {
        if (sql[i] === quote) {
            if (sql[i + 1] === quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return sql.length;
}

function castOf(value: SqlValue | boolean | undefined): string {
    if (typeof value === 'boolean') return '::boolean';
    if (typeof value === 'number') {
        // integer when it fits (functions such as substr take integer; it widens to bigint freely).
        if (Number.isInteger(value) && Math.abs(value) < 2 ** 31) return '::integer';
        return Number.isSafeInteger(value) ? '::bigint' : '::double precision';
    }
    if (typeof value === 'string') return '::text';
    if (value instanceof Uint8Array) return '::bytea';
    return '';
}

/** Values as the driver sends them. */
export function driverValues(params: readonly SqlValue[]): unknown[] {
    return params.map(v => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v));
}
