import { describe, expect, test } from 'vitest';
import { run, sqlOf } from './retail-fixture.js';

/**
 * Aggregates over the same collection in one activity are computed together, into one temporary
 * table (compiler/expressions.ts, flushAggregates): each member's `where` moves into its
 * aggregate; an enrich reads several of them through one join (joinLookups). The values must be those of computing each aggregate on its own (worked out by hand
 * from retail-fixture.ts: purchases 1: 120 p1, 50 p3; 3: 150 p1, 80 p2; 6: 40 p3; 8: 200 p2).
 */
describe('aggregates over one collection share a table', () => {
    const campaign = `campaign c {
      audience all: Customer
      enrich e from all {
        n = count(purchases)
        big = count(purchases where amount > 60)
        total = sum(purchases.amount)
        bigSum = sum(purchases.amount where amount > 100)
        avgBig = avg(purchases.amount where amount > 100)
        minAmount = min(purchases.amount)
        maxSmall = max(purchases.amount where amount < 100)
        products = countDistinct(purchases.productId where amount > 45)
        wished = count(wishlist)
      }
      enrich f from all {
        over100 = count(purchases where amount > 100)
        under60 = sum(purchases.amount where amount < 60)
      }
      split rich from e { segment top where bigSum >= 150 }
    }`;

    test('every aggregate kind, with and without where, has the value it has alone', async () => {
        const r = await run(campaign, { previewLimit: 10 });
        const e = Object.fromEntries(r.previews.e.rows.map(row => [row.id, row]));
        expect(e[1]).toMatchObject({ n: 2, big: 1, total: 170, bigSum: 120, avgBig: 120, minAmount: 50, maxSmall: 50, products: 2, wished: 2 });
        expect(e[2]).toMatchObject({ n: 0, big: 0, total: 0, bigSum: 0, avgBig: null, minAmount: null, maxSmall: null, products: 0, wished: 0 });
        expect(e[3]).toMatchObject({ n: 2, big: 2, total: 230, bigSum: 150, avgBig: 150, minAmount: 80, maxSmall: 80, products: 2, wished: 1 });
        expect(e[6]).toMatchObject({ n: 1, big: 0, total: 40, bigSum: 0, avgBig: null, minAmount: 40, maxSmall: 40, products: 0, wished: 1 });
        expect(e[8]).toMatchObject({ n: 1, big: 1, total: 200, bigSum: 200, avgBig: 200, minAmount: 200, maxSmall: null, products: 1, wished: 0 });
        const f = Object.fromEntries(r.previews.f.rows.map(row => [row.id, row]));
        expect([1, 2, 3, 6, 8].map(id => [f[id].over100, f[id].under60])).toEqual([[1, 50], [0, 0], [1, 0], [0, 40], [1, 0]]);
        expect(r.counts['rich.top']).toBe(2);
    });

    test('one table per collection and activity (purchases and wishlist of e, purchases of f), read through one join', async () => {
        const sql = await sqlOf(campaign);
        const tables = sql.match(/CREATE TEMP TABLE "cs_agg_\d+"/g) ?? [];
        expect(tables).toHaveLength(3);
        // Two or more values of one table per row come through one join; a single value stays a lookup.
        expect(sql.match(/LEFT JOIN "cs_agg_\d+" j\d+ ON j\d+\.k = e\."id"/g)).toHaveLength(2);
        expect(sql.match(/\(SELECT a\.v0 FROM "cs_agg_\d+" a WHERE a\.k = e\."id"\)/g)).toHaveLength(1);
        // f's members all have a condition: rows that no member counts are not grouped.
        expect(sql).toMatch(/count\(CASE WHEN \(c\d+\."amount" > 100\) THEN 1 END\) AS v0, coalesce\(sum\(\(CASE WHEN \(c\d+\."amount" < 60\) THEN c\d+\."amount" END\)\), 0\) AS v1 FROM "purchases" c\d+ WHERE 1 = 1 AND c\d+\."customerId" IN \(SELECT "cs_key" FROM "cs_wt_all"\) AND \(\(/);
    });
});
