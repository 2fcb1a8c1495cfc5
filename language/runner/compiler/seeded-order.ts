import { createHash } from 'node:crypto';
import type { Dialect } from '../dialect.js';

/**
 * The seeded random order of rows whose keys are integers (entities with an `int` key), in plain
 * SQL arithmetic that SQLite and PostgreSQL compute alike, instead of a JavaScript function called
 * once per row: on sql.js the call through its function wrapper cost more than the rest of the
 * sample's work (1M customers, a 10 % sample of 236k rows: 0.77 s with `cs_random`, 0.20 s with
 * this and ORDER BY … LIMIT). Keys of other types keep `Dialect.seededRandom` (md5).
 *
 * The order is a cubic polynomial of the key modulo the prime P = 2^31 − 1, its coefficients
 * taken from md5 of the seed text (`seed:activity.segment`), plus a term for the key's high part
 * (keys beyond ±P):
 *
 *     x = (k mod P + P) mod P,   y = (k / P mod P + P) mod P
 *     h = ((((a·x + b) mod P)·x + c) mod P·x + d) mod P + a·y) mod P
 *
 * Every intermediate value stays below 2^63 (each product is of two numbers below 2^31), so
 * SQLite never turns it into a REAL, and `%` and `/` truncate toward zero on both engines. A
 * polynomial of degree 3 with random coefficients is 4-wise independent over seeds and spreads
 * consecutive keys (test/runner/seeded-order.test.ts checks the spread of samples over key ranges
 * and residues, the independence of neighbours and of two seeds, and SQLite against this file's
 * JavaScript form). Rows with equal values are ordered by key, as before.
 */
export const SEEDED_ORDER_PRIME = 2147483647;

/** The coefficients a, b, c, d of a seed text: md5's four words, each in [1, P). */
export function seededCoefficients(seedText: string): [number, number, number, number] {
    const digest = createHash('md5').update(seedText, 'utf8').digest();
    const word = (i: number) => 1 + (digest.readUInt32BE(i * 4) % (SEEDED_ORDER_PRIME - 1));
    return [word(0), word(1), word(2), word(3)];
}

/**
 * The SQL of the order value of an integer key. `bind` binds each coefficient (integers below
 * 2^31: bound as integers by sql.js, as bigint by the PostgreSQL engine). The key is cast to the
 * dialect's integer type: an `integer` column on PostgreSQL would overflow at `x + P`.
 */
export function integerSeededOrder(dialect: Dialect, key: string, seedText: string, bind: (value: number) => string): string {
    const [a, b, c, d] = seededCoefficients(seedText).map(bind);
    const P = SEEDED_ORDER_PRIME;
    const k = `CAST(${key} AS ${dialect.types.integer})`;
    const x = `((${k} % ${P} + ${P}) % ${P})`;
    const y = `((${k} / ${P} % ${P} + ${P}) % ${P})`;
    return `((((((${a} * ${x} + ${b}) % ${P}) * ${x} + ${c}) % ${P} * ${x} + ${d}) % ${P} + ${a} * ${y}) % ${P})`;
}

/** The same value in JavaScript (exact, with BigInt): the tests' reference. */
export function integerSeededOrderValue(key: bigint | number, seedText: string): number {
    const P = BigInt(SEEDED_ORDER_PRIME);
    const [a, b, c, d] = seededCoefficients(seedText).map(BigInt);
    const k = BigInt(key);
    const x = ((k % P) + P) % P;
    const y = (((k / P) % P) + P) % P;
    return Number((((((a * x + b) % P) * x + c) % P * x + d) % P + a * y) % P);
}
