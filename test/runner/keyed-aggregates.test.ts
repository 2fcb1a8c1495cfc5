import { describe, expect, test } from 'vitest';
import type { RunnerDatabase } from '../../language/runner/index.js';
import { plainDatabase, recordStatements, retailDatabase, run } from './retail-fixture.js';

/**
 * Aggregate tables over the keys of a keyed worktable are stored by key (`k INTEGER PRIMARY KEY`,
 * compiler/expressions.ts `flushAggregates`) instead of CREATE TABLE AS and an index. On real
 * sql.js, the same campaign on the same rows without the customers' primary key (plain
 * worktables, aggregate tables with an index) is the reference: same counts, same values.
 */
const text = `campaign agg {
  audience a: Customer where loyaltyPoints >= 50
  enrich r from a {
    spent = sum(purchases.amount)
    big = count(purchases where amount > 100)
    avgSpent = avg(purchases.amount)
    last = max(purchases.purchasedAt)
    points = loyaltyPoints
  }
  split s from r {
    segment buyers where sum(purchases.amount) > 100 and count(purchases) >= 2
    segment one where count(purchases) = 1
    remainder rest
  }
  enrich again from s.buyers { lowest = min(purchases.amount) }
}`;

/** The statements that create aggregate tables and their indexes. */
function recordAggregates(db: RunnerDatabase): string[] {
    return recordStatements(db, sql => /"cs_agg_\d+"/.test(sql) && /^(CREATE|INSERT)/.test(sql));
}

describe('keyed aggregate tables', () => {
    test('grouped over a keyed population: stored by key, no index, the same values as the indexed table', async () => {
        const keyedDb = await retailDatabase();
        const keyedStatements = recordAggregates(keyedDb);
        const keyed = await run(text, { previewLimit: 20 }, keyedDb);
        const plainDb = await plainDatabase();
        const plainStatements = recordAggregates(plainDb);
        const plain = await run(text, { previewLimit: 20 }, plainDb);

        const keyedCreates = keyedStatements.filter(s => s.startsWith('CREATE TEMP TABLE'));
        expect(keyedCreates.length).toBeGreaterThanOrEqual(3);
        for (const create of keyedCreates) expect(create).toMatch(/^CREATE TEMP TABLE "cs_agg_\d+" \("k" INTEGER PRIMARY KEY, "v0"/);
        expect(keyedStatements.filter(s => s.startsWith('CREATE INDEX'))).toEqual([]);
        expect(plainStatements.filter(s => s.startsWith('CREATE INDEX')).length).toBe(keyedCreates.length);
        for (const create of plainStatements.filter(s => s.startsWith('CREATE TEMP TABLE'))) expect(create).toContain(' AS SELECT');

        expect(keyed.counts).toEqual(plain.counts);
        expect(keyed.previews).toEqual(plain.previews);
        // Worked out by hand from the fixture (points >= 50: all 8; purchases of 1: 120 + 50, of 3: 150 + 80, of 6: 40, of 8: 200).
        expect(keyed.counts).toMatchObject({ a: 8, r: 8, 's.buyers': 2, 's.one': 2, 's.rest': 4, again: 2 });
        const row = (id: number) => keyed.previews.r.rows.find(r => r.id === id)!;
        expect(row(1)).toMatchObject({ spent: 170, big: 1, avgSpent: 85, last: '2026-02-01 00:00:00' });
        expect(row(2)).toMatchObject({ spent: 0, big: 0, avgSpent: null, last: null });
        expect(keyed.previews.again.rows.map(r => [r.id, r.lowest])).toEqual([[1, 50], [3, 80]]);
    });
});
