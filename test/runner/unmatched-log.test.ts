import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from './retail-fixture.js';

/**
 * Unmatched rows of `reconcile` and `change` (language.md §5): the run log gives their count and
 * names the first of them (at most five, by key), so that an author can find them in the data.
 */
describe('unmatched rows in the run log', () => {
    test('reconcile logs the count and the first unmatched lines with the values that found no match', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cs-unmatched-'));
        // Line 1 is the header. Lines 2 and 5 match customers (ann@x.com is customers 1 and 4; hal@x.com is 8); 3, 4, 6-9 do not.
        const lines = ['ann@x.com', 'nobody@x.com', 'zed@x.com', 'hal@x.com', 'a@x.com', 'b@x.com', 'c@x.com', 'd@x.com'];
        writeFileSync(join(dir, 'leads.csv'), `E-mail\n${lines.join('\n')}\n`);
        const r = await run(`campaign c {
          load leads file "leads.csv" { email: string column "E-mail" }
          reconcile rc from leads to Customer on email = email
        }`, { baseDir: dir });
        expect(r.counts).toMatchObject({ leads: 8, rc: 8 });
        const entry = r.log.find(e => e.activity === 'rc');
        expect(entry?.data).toEqual({
            unmatched: 6,
            first: [
                { line: 3, email: 'nobody@x.com' }, { line: 4, email: 'zed@x.com' }, { line: 6, email: 'a@x.com' },
                { line: 7, email: 'b@x.com' }, { line: 8, email: 'c@x.com' }
            ]
        });
        expect(entry?.message).toBe('6 unmatched row(s), first: line 3 (email "nobody@x.com"), line 4 (email "zed@x.com"), '
            + 'line 6 (email "a@x.com"), line 7 (email "b@x.com"), line 8 (email "c@x.com"), …');
    });

    test('reconcile from a population of an entity matches on its fields and names its keys', async () => {
        // Customers by city to stores: Paris (1, 2), Berlin (3, 8) and Lyon (5, 6) have stores; 4 and 7 have no store, so no city to match.
        const r = await run(`campaign c {
          audience all: Customer
          enrich withCity from all { city = store.city }
          reconcile st from withCity to Store on city = city { dropUnmatched }
          reconcile direct from all to Store on firstName = name
        }`);
        expect(r.counts).toMatchObject({ all: 8, st: 6, direct: 8 });
        expect(r.log.find(e => e.activity === 'st')?.data).toEqual({ unmatched: 2, first: [{ id: 4, city: null }, { id: 7, city: null }] });
        // A match value that is a field of the input's entity (its row is joined): no store is named after a customer.
        expect(r.log.find(e => e.activity === 'direct')?.data).toEqual({
            unmatched: 8,
            first: [{ id: 1, name: 'Ann' }, { id: 2, name: 'Bob' }, { id: 3, name: 'Cleo' }, { id: 4, name: 'Dan' }, { id: 5, name: 'Eve' }]
        });
    });

    test('change logs the first source rows that have no linked row', async () => {
        const r = await run(`campaign c {
          audience fr: Customer where country = "FR"
          change p from fr to Purchase via purchases
        }`);
        const entry = r.log.find(e => e.activity === 'p');
        // FR: 1, 2, 5, 8; only 1 and 8 bought anything.
        expect(entry?.data).toEqual({ unmatched: 2, first: [{ id: 2 }, { id: 5 }] });
        expect(entry?.message).toBe('2 unmatched row(s), first: id 2, id 5');
    });
});
