import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../language/runner/index.js';
import { sqliteDialect } from '../../language/runner/dialects/sqlite.js';
import { integerSeededOrder, integerSeededOrderValue, SEEDED_ORDER_PRIME } from '../../language/runner/compiler/seeded-order.js';
import { ParamTable, renderSql } from '../../language/runner/sql.js';
import { recordStatements, run } from './retail-fixture.js';
import { SAMPLES, referenceSample, spreadDatabase } from './seeded-order-fixture.js';

/**
 * The seeded random order of integer keys (compiler/seeded-order.ts): SQL arithmetic that sql.js
 * computes exactly as the JavaScript reference does, a fair shuffle, and samples that take the
 * rows the reference says, on keyed (INTEGER PRIMARY KEY) and plain tables alike. PostgreSQL's
 * agreement is in test/runner-pg/seeded-order-both-engines.test.ts.
 */

describe('integer seeded order: the hash', () => {
    test('sql.js computes the JavaScript reference exactly, as an integer, for every key size and sign', async () => {
        const db = await openDatabase({ empty: true });
        try {
            const keys = [0, 1, 2, -1, -2, 7, 2147483646, 2147483647, 2147483648, -2147483647, -2147483648, 4294967296,
                123456789012, -123456789012, 9007199254740991, -9007199254740991];
            for (let i = 0; i < 300; i++) keys.push(i * 7919 - 1_000_000, i * 2654435761);
            db.exec('CREATE TABLE k (v INTEGER)');
            for (const k of keys) db.exec(`INSERT INTO k VALUES (${k})`);
            // The extremes of a 64-bit key, as SQL literals (a JavaScript number cannot hold them).
            db.exec('INSERT INTO k VALUES (9223372036854775807), (-9223372036854775808)');
            for (const seed of ['0:s.p', '7:tiers.panel', '42:d']) {
                const params = new ParamTable();
                const order = integerSeededOrder(sqliteDialect, 'v', seed, value => params.bind(value));
                const { sql, params: values } = renderSql(`SELECT CAST(v AS TEXT), CAST(${order} AS TEXT), typeof(${order}) FROM k`, params,
                    sqliteDialect.placeholder, sqliteDialect.toValue);
                const rows = db.exec(sql, values)[0].values;
                expect(rows.length).toBe(keys.length + 2);
                for (const [key, value, type] of rows) {
                    expect(type, `${seed} ${key}`).toBe('integer');
                    expect(value, `${seed} ${key}`).toBe(String(integerSeededOrderValue(BigInt(key as string), seed)));
                }
            }
        } finally {
            db.close();
        }
    });

    test('spreads keys: samples are even over key ranges and residues, neighbours and seeds independent', () => {
        const n = 100_000;
        const keys = Array.from({ length: n }, (_, i) => i + 1);
        const size = n / 10;
        const chiSquare = (observed: number[], expected: number) => observed.reduce((a, o) => a + (o - expected) ** 2 / expected, 0);
        const samples = ['0:s.p', '1:s.p', '7:tiers.panel'].map(seed => referenceSample(keys, seed, size));
        for (const sample of samples) {
            expect(sample.length).toBe(size);
            // 100 ranges of 1,000 keys: chi-square with 99 degrees of freedom; above 160 has p < 0.0001.
            const ranges = new Array(100).fill(0);
            for (const k of sample) ranges[Math.floor((k - 1) / 1000)]++;
            expect(chiSquare(ranges, size / 100)).toBeLessThan(160);
            // Residues modulo small numbers (parity, decimal digit, 64): no pattern of the keys shows through.
            for (const [m, limit] of [[2, 15], [10, 35], [64, 120]] as const) {
                const residues = new Array(m).fill(0);
                for (const k of sample) residues[k % m]++;
                expect(chiSquare(residues, size / m), `mod ${m}`).toBeLessThan(limit);
            }
            // A key's neighbour is taken as often as any key (10 %), not more, not less.
            const set = new Set(sample);
            const neighbours = sample.filter(k => set.has(k + 1)).length / size;
            expect(neighbours).toBeGreaterThan(0.085);
            expect(neighbours).toBeLessThan(0.115);
        }
        // Two seeds: samples overlap as independent ones do (1 % of the keys), so they differ.
        const [a, b] = samples.map(s => new Set(s));
        const overlap = [...a].filter(k => b.has(k)).length;
        expect(overlap).toBeGreaterThan(800);
        expect(overlap).toBeLessThan(1200);
    });

    test('values are in [0, P) and rarely equal (ties are ordered by key)', () => {
        const seen = new Set<number>();
        for (let k = 1; k <= 50_000; k++) {
            const v = integerSeededOrderValue(k, '3:x');
            expect(v >= 0 && v < SEEDED_ORDER_PRIME).toBe(true);
            seen.add(v);
        }
        // A random function into 2^31 values gives about one repeat per 50,000 keys.
        expect(seen.size).toBeGreaterThan(49_990);
    });
});

/** The keys of an output, from a preview that holds them all. */
const keysOf = (result: Awaited<ReturnType<typeof run>>, ref: string) =>
    result.previews[ref].rows.map(r => Number(r.id)).sort((a, b) => a - b);

describe('integer seeded order: samples', () => {
    test('limit P%, limit P% with a condition (with and without a subquery), limit N and prefer random take the reference rows, keyed or not', async () => {
        for (const keyed of [true, false]) {
            const { db, keys, fr, buyers } = await spreadDatabase(keyed);
            const result = await run(SAMPLES, { previewLimit: 2000 }, db);
            const p = referenceSample(keys, '5:s.p', Math.floor(keys.length * 10 / 100));
            expect(keysOf(result, 's.p'), `keyed ${keyed}`).toEqual(p);
            const left = keys.filter(k => !p.includes(k));
            const frLeft = left.filter(k => fr.has(k));
            const q = referenceSample(frLeft, '5:s.q', Math.floor(frLeft.length * 5 / 100));
            expect(keysOf(result, 's.q'), `keyed ${keyed}`).toEqual(q);
            const buyersLeft = left.filter(k => !q.includes(k) && buyers.has(k));
            const r = referenceSample(buyersLeft, '5:s.r', Math.floor(buyersLeft.length * 20 / 100));
            expect(keysOf(result, 's.r'), `keyed ${keyed}`).toEqual(r);
            const t = referenceSample(left.filter(k => !q.includes(k) && !r.includes(k)), '5:s.t', 7);
            expect(keysOf(result, 's.t'), `keyed ${keyed}`).toEqual(t);
            expect(result.counts['s.rest']).toBe(keys.length - p.length - q.length - r.length - 7);
            // prefer random: in each email group (400 of them), the first key in the order of seed "5:d".
            const groups = new Map<number, number[]>();
            keys.forEach((k, i) => groups.set(i % 400, [...(groups.get(i % 400) ?? []), k]));
            const kept = [...groups.values()].map(g => referenceSample(g, '5:d', 1)[0]).sort((a, b) => a - b);
            expect(keysOf(result, 'd'), `keyed ${keyed}`).toEqual(kept);
            expect(result.counts['d.dups']).toBe(keys.length - 400);
            db.close();
        }
    });

    test('another seed takes other rows', async () => {
        const { db } = await spreadDatabase(true);
        const a = await run(SAMPLES, { previewLimit: 2000 }, db);
        const b = await run(SAMPLES.replace('seed 5', 'seed 6'), { previewLimit: 2000 }, db);
        db.close();
        expect(a.counts['s.p']).toBe(b.counts['s.p']);
        const shared = keysOf(a, 's.p').filter(k => keysOf(b, 's.p').includes(k));
        // Two independent 10 % samples of 1,500 keys share about 15.
        expect(shared.length).toBeLessThan(40);
    });

    test('a keyed sample that reads no field of the row does not join the entity table; LIMIT instead of a window where the count allows', async () => {
        const statementsOf = async (keyed: boolean) => {
            const { db } = await spreadDatabase(keyed);
            const seen = recordStatements(db);
            await run(SAMPLES, {}, db);
            db.close();
            return (table: string) => seen.find(sql => sql.startsWith(`INSERT INTO temp."${table}"`) || sql.startsWith(`CREATE TEMP TABLE "${table}" AS`)) ?? '';
        };
        const keyed = await statementsOf(true);
        expect(keyed('cs_wt_s__p')).not.toContain('JOIN');
        expect(keyed('cs_wt_s__p')).toMatch(/ORDER BY .* LIMIT CAST\(\(SELECT count\(\*\) FROM "cs_wt_all" w\) \* \? \/ 100\.0 AS INTEGER\)\) x/);
        expect(keyed('cs_wt_s__p')).not.toContain('cs_random');
        expect(keyed('cs_wt_s__q')).toContain('LEFT JOIN "customers" e');
        expect(keyed('cs_wt_s__q')).toMatch(/LIMIT CAST\(\(SELECT count\(\*\) FROM "cs_wt_all" w LEFT JOIN/);
        // A condition with a subquery is evaluated once: the numbering window stays.
        expect(keyed('cs_wt_s__r')).toContain('row_number() OVER');
        expect(keyed('cs_wt_s__t')).toMatch(/LIMIT \?\) x ORDER BY/);
        // Without a primary key a key might be held twice: the join stays, as it may add rows.
        const plain = await statementsOf(false);
        expect(plain('cs_wt_s__p')).toContain('LEFT JOIN "customers" e');
        expect(plain('cs_wt_s__p')).toMatch(/ORDER BY .* LIMIT CAST/);
    });
});
