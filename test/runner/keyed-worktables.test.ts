import { describe, expect, test } from 'vitest';
import { compileCampaign, sqliteDialect, type RunnerDatabase } from '../../language/runner/index.js';
import { RUNNER_TABLES, runnerTablesDdl } from '../../language/runner/runner-tables.js';
import { renderSql } from '../../language/runner/sql.js';
import { AT, campaignOf, plainDatabase, recordStatements, retailDatabase, run } from './retail-fixture.js';

/**
 * Worktables of entities whose key is the table's INTEGER PRIMARY KEY are stored by key
 * (`cs_key INTEGER PRIMARY KEY`, compiler/activities.ts `createOutput`), so that `IN (SELECT
 * cs_key …)` reads the table instead of building an index per statement. Everything runs on real
 * sql.js; the same campaign on the same rows without a primary key (plain worktables) is the
 * reference.
 */
const text = `campaign k {
  audience a: Customer where loyaltyPoints >= 100
  audience b: Customer where country = "FR"
  intersect both from a, b { remainder others }
  split s from a { segment top limit 2 order by loyaltyPoints desc; segment fr where country = "FR"; remainder rest }
  exclude e from a minus s.top { remainder gone }
  union u from s.top, b
  dedupe d from a by country keep 1 prefer max(loyaltyPoints) { duplicates dups }
  enrich r from d { points = loyaltyPoints; spent = sum(purchases.amount) }
  exclude x from r minus s.top
}`;

/** The plan's statements, compiled as the runner does for a keyed Customer, run one by one. */
async function runPlan(db: RunnerDatabase, keyed: ReadonlySet<string> | undefined): Promise<string[]> {
    const { services, campaign } = await campaignOf(text);
    const plan = compileCampaign(services.Campaign, campaign, { mode: 'test', at: AT, keyedEntities: keyed });
    for (const sql of runnerTablesDdl(sqliteDialect, new Set(Object.values(RUNNER_TABLES)))) db.exec(sql);
    const statements: string[] = [];
    for (const step of plan.steps) {
        for (const statement of step.sql) {
            const { sql, params } = renderSql(statement, plan.params, sqliteDialect.placeholder, sqliteDialect.toValue);
            db.exec(sql, params);
            statements.push(sql);
        }
    }
    return statements;
}

const isOutputCreate = (sql: string) => /^CREATE TEMP TABLE "cs_wt_(?![^"]*__cs_)/.test(sql);

/** The worktables a run creates, as it creates them (the run drops them at the end). */
function recordCreates(db: RunnerDatabase): string[] {
    // Outputs only (not a dedupe's numbered rows, `…__cs_numbered`).
    return recordStatements(db, isOutputCreate);
}

const keysOf = (db: RunnerDatabase, table: string) => db.exec(`SELECT cs_key FROM "${table}" ORDER BY rowid`)[0]?.values.map(r => r[0]) ?? [];

describe('keyed worktables', () => {
    test('an INTEGER PRIMARY KEY entity gives keyed worktables, with the same counts and previews as plain ones', async () => {
        const keyedDb = await retailDatabase();
        const keyedCreates = recordCreates(keyedDb);
        const keyed = await run(text, { previewLimit: 10 }, keyedDb);
        const plainDb = await plainDatabase();
        const plainCreates = recordCreates(plainDb);
        const plain = await run(text, { previewLimit: 10 }, plainDb);
        expect(keyedCreates.length).toBeGreaterThan(8);
        for (const create of keyedCreates) expect(create).toContain('"cs_key" INTEGER PRIMARY KEY');
        expect(plainCreates.length).toBe(keyedCreates.length);
        for (const create of plainCreates) expect(create).not.toContain('PRIMARY KEY');
        expect(keyed.counts).toEqual(plain.counts);
        expect(keyed.previews).toEqual(plain.previews);
        // Worked out by hand (points >= 100: 1, 2, 3, 4, 6, 7, 8; FR: 1, 2, 5, 8; top points: 3, 7).
        expect(keyed.counts).toMatchObject({ a: 7, b: 4, both: 3, 'both.others': 5, 's.top': 2, e: 5, 'e.gone': 2, u: 6 });
    });

    test('the membership tests read the keyed tables: no transient index, no sort', async () => {
        const db = await retailDatabase();
        const statements = await runPlan(db, new Set(['Customer']));
        const creates = statements.filter(isOutputCreate);
        expect(creates.length).toBeGreaterThan(8);
        for (const create of creates) expect(create, create).toContain('"cs_key" INTEGER PRIMARY KEY');
        // Stored by key: rowid order is key order, whatever order the select produced.
        for (const table of ['cs_wt_s__top', 'cs_wt_d', 'cs_wt_d__dups', 'cs_wt_u', 'cs_wt_both__others']) {
            const keys = keysOf(db, table).map(Number);
            expect(keys.length, table).toBeGreaterThan(0);
            expect(keys, table).toEqual([...keys].sort((x, y) => x - y));
        }
        const plan = (sql: string) => db.exec(`EXPLAIN QUERY PLAN ${sql}`)[0].values.map(r => String(r[3])).join('\n');
        // A keyed IN list is read through its rowid (no LIST SUBQUERY: no ephemeral table filled per statement).
        const both = statements.find(s => s.startsWith('INSERT INTO temp."cs_wt_both"'))!;
        expect(both).not.toContain('IS NOT NULL');
        expect(plan(both)).toMatch(/ROWID SEARCH ON TABLE cs_wt_b FOR IN-OPERATOR|INTEGER PRIMARY KEY/);
        expect(plan(both)).not.toMatch(/LIST SUBQUERY|B-TREE|AUTOMATIC/);
        const rest = statements.find(s => s.startsWith('INSERT INTO temp."cs_wt_s__rest"'))!;
        expect(plan(rest)).not.toMatch(/LIST SUBQUERY|B-TREE|AUTOMATIC/);
        // A preview's first rows by key are read in rowid order: no sort.
        expect(plan('SELECT * FROM "cs_wt_u" ORDER BY "cs_key" LIMIT 20')).not.toMatch(/B-TREE/);
        // The same statement on plain worktables fills an ephemeral table for the IN list.
        const plainDb = await plainDatabase();
        const plainStatements = await runPlan(plainDb, undefined);
        const plainBoth = plainStatements.find(s => s.startsWith('CREATE TEMP TABLE "cs_wt_both" AS'))!;
        expect(plainBoth).toContain('IS NOT NULL');
        expect(plainDb.exec(`EXPLAIN QUERY PLAN ${plainBoth.replace(/^CREATE TEMP TABLE "cs_wt_both" AS /, '')}`)[0].values.map(r => String(r[3])).join('\n')).toMatch(/LIST SUBQUERY/);
    });

    test('NULL, duplicate and text keys: not an INTEGER PRIMARY KEY, so plain worktables, and each key counts as before', async () => {
        // Customer NULL and a second row with key 1 (a table without a primary key allows both), and a text key '9'.
        const extra = `INSERT INTO customers SELECT NULL, email, phone, pushToken, postalAddress, emailOptIn, smsOptIn, firstName, country, tier, loyaltyPoints, birthDate, createdAt, storeId FROM customers WHERE id = 1;
            INSERT INTO customers SELECT * FROM customers WHERE id = 1;
            INSERT INTO customers SELECT '9', email, phone, pushToken, postalAddress, emailOptIn, smsOptIn, firstName, country, tier, loyaltyPoints, birthDate, createdAt, storeId FROM customers WHERE id = 2;`;
        const db = await plainDatabase(extra);
        const statements = await runPlan(db, undefined);
        expect(statements.join('\n')).not.toContain('INTEGER PRIMARY KEY');
        const runDb = await plainDatabase(extra);
        const creates = recordCreates(runDb);
        const r = await run(text, { previewLimit: 10 }, runDb);
        for (const create of creates) expect(create).not.toContain('PRIMARY KEY');
        // a: 7 + NULL + the second 1 + '9' (a copy of 2: FR, 300 points) = 10 rows; b: 4 + 3 = 7 rows.
        expect(r.counts.a).toBe(10);
        expect(r.counts.b).toBe(7);
        // both: rows of a whose key is in b (NULL never matches): 1, 1, 2, 8, '9'.
        expect(r.counts.both).toBe(5);
        // union: distinct keys of s.top (3, 7) and b (1, 2, 5, 8, NULL, 1, '9'): NULL once, 1 once.
        expect(r.counts.u).toBe(8);
        expect(r.counts.u).toBe(keysOf(db, 'cs_wt_u').length);
        expect(keysOf(db, 'cs_wt_u').filter(k => k === null)).toHaveLength(1);
        expect(keysOf(db, 'cs_wt_both').filter(k => k === null)).toHaveLength(0);
    });

    test('a channel from a keyed population: keyed candidates and recipients, the same counts, sample and previews', async () => {
        const channel = `campaign m {
          audience a: Customer where loyaltyPoints >= 100
          enrich r from a { points = loyaltyPoints }
          email hello from r { subject "Hi {{firstName}}"; body "You have {{points}} points." }
          email ping from a { subject "x"; body "Thanks {{firstName}}"; per purchases }
        }`;
        const keyedDb = await retailDatabase();
        const keyedSql = recordStatements(keyedDb);
        const keyed = await run(channel, { previewLimit: 10 }, keyedDb);
        const plain = await run(channel, { previewLimit: 10 }, await plainDatabase());
        expect(keyed.counts).toEqual(plain.counts);
        expect(keyed.excluded).toEqual(plain.excluded);
        expect(keyed.samples).toEqual(plain.samples);
        expect(keyed.previews).toEqual(plain.previews);
        // Points >= 100: 1, 2, 3, 4, 6, 7, 8; email: 3 has none, 2 no consent.
        expect(keyed.counts.hello).toBe(5);
        expect(keyed.samples.hello?.subject).toBe('Hi Ann');
        expect(keyedSql.some(s => s.startsWith('CREATE TEMP TABLE "cs_wt_hello__cs_candidates" ("cs_key" INTEGER PRIMARY KEY'))).toBe(true);
        expect(keyedSql.some(s => s.startsWith('CREATE TEMP TABLE "cs_wt_hello" ("cs_key" INTEGER PRIMARY KEY'))).toBe(true);
        // With `per`, several candidates per key: plain tables and DISTINCT recipients.
        expect(keyedSql.some(s => s.startsWith('CREATE TEMP TABLE "cs_wt_ping__cs_candidates" AS'))).toBe(true);
        expect(keyedSql.some(s => s.startsWith('CREATE TEMP TABLE "cs_wt_ping" AS SELECT DISTINCT'))).toBe(true);
    });

    test('a WITHOUT ROWID or INTEGER PRIMARY KEY DESC key is not the rowid: plain worktables', async () => {
        for (const declaration of ['id INTEGER PRIMARY KEY, rest', 'id INTEGER PRIMARY KEY DESC, rest']) {
            const withoutRowid = declaration.includes('DESC') ? '' : ' WITHOUT ROWID';
            const db = await retailDatabase();
            db.exec(`ALTER TABLE customers RENAME TO customers_pk;
                CREATE TABLE customers (id INTEGER PRIMARY KEY${declaration.includes('DESC') ? ' DESC' : ''}, email, phone, pushToken, postalAddress, emailOptIn, smsOptIn,
                  firstName, country, tier, loyaltyPoints, birthDate, createdAt, storeId)${withoutRowid};
                INSERT INTO customers SELECT * FROM customers_pk; DROP TABLE customers_pk;`);
            const creates = recordCreates(db);
            const r = await run(text, { previewLimit: 10 }, db);
            expect(r.counts, declaration).toMatchObject({ a: 7, b: 4, both: 3, 'both.others': 5 });
            expect(creates.length, declaration).toBeGreaterThan(8);
            for (const create of creates) expect(create, declaration).not.toContain('PRIMARY KEY');
        }
    });
});
