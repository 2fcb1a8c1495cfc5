import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from './retail-fixture.js';

/** Targeting activities of language.md §5 on the hand-checked dataset (retail-fixture.ts). */
describe('split', () => {
    test('ordered segments, limit N with order by, limit P% rounded down, skipEmpty, remainder', async () => {
        const r = await run(`campaign c {
          audience all: Customer
          split s from all {
            segment vip where tier = gold limit 2 order by loyaltyPoints desc
            segment fr where country = "FR" limit 50%
            segment it where country = "IT"
            segment us where country = "US" skipEmpty
            segment empty where country = "US"
            remainder rest
          }
          email toUs from s.us { subject "x"; body "y" }
          union fromEmpty from s.empty, s.empty
        }`, { previewLimit: 10 });
        // gold: 1 (500), 3 (800), 7 (650) -> top 2 = 3, 7. FR left: 1, 2, 5, 8 -> 50% = 2. IT: 6. rest: 8 - 5 = 3.
        expect(r.counts).toMatchObject({ 's.vip': 2, 's.fr': 2, 's.it': 1, 's.us': 0, 's.empty': 0, 's.rest': 3, fromEmpty: 0 });
        expect(r.previews['s.vip'].rows.map(row => row.id)).toEqual([3, 7]);
        expect(r.activities.find(a => a.name === 'toUs')?.status).toBe('skipped');
        expect(r.activities.find(a => a.name === 'fromEmpty')?.status).toBe('done');
    });

    test('ties are broken by key, percentages round down, overlap lets segments share rows', async () => {
        const r = await run(`campaign c {
          audience all: Customer
          split s from all { segment low where tier = silver limit 2 order by loyaltyPoints asc; segment fr where country = "FR" limit 30% }
          split o from all { segment fr where country = "FR"; segment silver where tier = silver; overlap }
          split n from all { segment fr where country = "FR"; segment silver where tier = silver }
        }`, { previewLimit: 10 });
        // silver 2, 6, 8 all have 300 points: the two lowest keys win. FR after that: 1, 5, 8 -> 30% of 3 = 0.9 -> 0.
        expect(r.previews['s.low'].rows.map(row => row.id)).toEqual([2, 6]);
        expect(r.counts).toMatchObject({ 's.low': 2, 's.fr': 0, 'o.fr': 4, 'o.silver': 3, 'n.fr': 4, 'n.silver': 1 });
    });

    test('a limit without order by is a seeded random sample: the same seed gives the same rows', async () => {
        const text = (seed: number) => `campaign c { seed ${seed}
          audience all: Customer
          split s from all { segment pick limit 4 }
        }`;
        const a = await run(text(7), { previewLimit: 10 });
        const b = await run(text(7), { previewLimit: 10 });
        expect(a.counts['s.pick']).toBe(4);
        expect(a.previews['s.pick'].rows.map(r => r.id)).toEqual(b.previews['s.pick'].rows.map(r => r.id));
        const seeds = await Promise.all([1, 2, 3, 4, 5].map(s => run(text(s), { previewLimit: 10 })));
        const samples = new Set(seeds.map(s => s.previews['s.pick'].rows.map(r => r.id).join(',')));
        expect(samples.size).toBeGreaterThan(1);
    });
});

describe('union, intersect, exclude', () => {
    test('distinct keys, intersections with remainder, exclusions with remainder and via a link', async () => {
        const r = await run(`campaign c {
          audience fr: Customer where country = "FR"
          audience gold: Customer where tier = gold
          audience everyone: Customer
          audience bigBuys: Purchase where amount >= 150
          union u from fr, gold
          intersect i from fr, gold { remainder r }
          exclude e from fr minus gold { remainder r }
          exclude v from everyone minus bigBuys via customer { remainder gone }
        }`);
        expect(r.counts).toMatchObject({ u: 6, i: 1, 'i.r': 5, e: 3, 'e.r': 1, bigBuys: 2, v: 6, 'v.gone': 2 });
    });
});

describe('dedupe', () => {
    const dedupe = async (prefer: string, extra = '') => {
        const r = await run(`campaign c {
          audience all: Customer
          dedupe d from all by email ${extra} ${prefer} { duplicates dups }
        }`, { previewLimit: 10 });
        const kept = r.previews.d.rows.map(row => row.id as number);
        return { counts: { d: r.counts.d, dups: r.counts['d.dups'] }, annKept: kept.filter(id => id === 1 || id === 4) };
    };

    test('every prefer form keeps the expected row of the ann@x.com group (customers 1 and 4)', async () => {
        expect(await dedupe('prefer max(createdAt)')).toEqual({ counts: { d: 7, dups: 1 }, annKept: [4] });
        expect(await dedupe('prefer min(createdAt)')).toEqual({ counts: { d: 7, dups: 1 }, annKept: [1] });
        expect(await dedupe('prefer nonempty(phone)')).toEqual({ counts: { d: 7, dups: 1 }, annKept: [1] });
        expect(await dedupe('prefer country order ("DE", "FR")')).toEqual({ counts: { d: 7, dups: 1 }, annKept: [4] });
        expect(await dedupe('prefer country order ("FR", "DE")')).toEqual({ counts: { d: 7, dups: 1 }, annKept: [1] });
        const random = await dedupe('prefer random');
        expect(random.counts).toEqual({ d: 7, dups: 1 });
        expect(random.annKept).toHaveLength(1);
        expect(await dedupe('', 'keep 0')).toEqual({ counts: { d: 8, dups: 0 }, annKept: [1, 4] });
        expect(await dedupe('', 'keep 2')).toEqual({ counts: { d: 8, dups: 0 }, annKept: [1, 4] });
    });

    test('NULLs group together', async () => {
        const r = await run(`campaign c {
          audience all: Customer
          dedupe d from all by phone keep 1 prefer min(id) { duplicates dups }
        }`);
        // phones: 1, 3, 5 distinct; 2, 4, 6, 7, 8 have none and form one group.
        expect(r.counts).toMatchObject({ d: 4, 'd.dups': 4 });
    });
});

describe('enrich, change, reconcile, load', () => {
    test('enrich adds scalar paths, aggregates and numbered take columns', async () => {
        const r = await run(`campaign c {
          audience gold: Customer where tier = gold
          enrich e from gold {
            total = sum(purchases.amount)
            bigTotal = sum(purchases.amount where amount > 100)
            storeCity = store.city
            lastBuys = take 2 purchases order by amount desc { amount; productId }
          }
          split s from e { segment rich where total > 160 }
        }`, { previewLimit: 10 });
        const rows = Object.fromEntries(r.previews.e.rows.map(row => [row.id, row]));
        expect(rows[1]).toMatchObject({ total: 170, bigTotal: 120, storeCity: 'Paris', lastBuys1_amount: 120, lastBuys1_productId: 1, lastBuys2_amount: 50 });
        expect(rows[3]).toMatchObject({ total: 230, storeCity: 'Berlin', lastBuys1_amount: 150, lastBuys2_amount: 80, lastBuys2_productId: 2 });
        expect(rows[7]).toMatchObject({ total: 0, storeCity: null, lastBuys1_amount: null });
        expect(r.counts['s.rich']).toBe(2);
    });

    test('change dimension: to-many gives every linked row, to-one the distinct targets; unmatched rows are logged', async () => {
        const r = await run(`campaign c {
          audience fr: Customer where country = "FR"
          change p from fr to Purchase via purchases
          change back from p to Customer via customer
          audience allBuys: Purchase
          change products from allBuys to Product via product
        }`);
        expect(r.counts).toMatchObject({ p: 3, back: 2, allBuys: 6, products: 3 });
        expect(r.log).toContainEqual(expect.objectContaining({ activity: 'p', data: expect.objectContaining({ unmatched: 2 }) }));
    });

    test('load a CSV with typed columns and rejected lines, then reconcile it (kept or dropped unmatched)', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cs-load-'));
        writeFileSync(join(dir, 'leads.csv'), 'E-mail,score,note\nann@x.com,10,"a, quoted"\nzed@x.com,5,x\nfay@x.com,oops,x\nhal@x.com,7,x\n');
        const text = (maxErrors: number, drop: string) => `campaign c {
          load leads file "leads.csv" { email: string column "E-mail"; score: int; maxErrors ${maxErrors} }
          reconcile rc from leads to Customer on email = email { ${drop} }
          split hot from rc { segment high where score > 6 }
        }`;
        const kept = await run(text(1, ''), { baseDir: dir, previewLimit: 10 });
        expect(kept.counts).toMatchObject({ leads: 3, rc: 3, 'hot.high': 2 });
        expect(kept.log).toContainEqual(expect.objectContaining({ activity: 'leads', data: { line: 4, reason: "score: 'oops' is not a whole number" } }));
        // ann@x.com is customers 1 and 4: the lowest key is taken.
        expect(kept.previews.rc.rows.map(row => row.id)).toEqual([null, 1, 8]);
        const dropped = await run(text(1, 'dropUnmatched'), { baseDir: dir });
        expect(dropped.counts).toMatchObject({ leads: 3, rc: 2 });
        expect(dropped.log).toContainEqual(expect.objectContaining({ activity: 'rc', data: expect.objectContaining({ unmatched: 1 }) }));
        await expect(run(text(0, ''), { baseDir: dir })).rejects.toThrow(/leads: 1 bad line\(s\) in leads.csv, more than maxErrors 0 \(first: line 4/);
    });

    test('a malformed CSV and a missing column are clear errors that name the activity', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cs-load-'));
        writeFileSync(join(dir, 'broken.csv'), 'E-mail,score\n"ann@x.com,10\n');
        writeFileSync(join(dir, 'other.csv'), 'mail,score\nann@x.com,10\n');
        await expect(run(`campaign c { load l file "broken.csv" { email: string column "E-mail"; score: int } }`, { baseDir: dir }))
            .rejects.toThrow(/^l: (malformed CSV|.*bad line)/);
        await expect(run(`campaign c { load l file "other.csv" { email: string column "E-mail" } }`, { baseDir: dir }))
            .rejects.toThrow(/l: the file has no column "E-mail"/);
        await expect(run(`campaign c { load l file "missing.csv" { email: string } }`, { baseDir: dir }))
            .rejects.toThrow(/l: data file not found/);
    });
});
