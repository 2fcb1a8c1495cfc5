import { describe, expect, test } from 'vitest';
import { compileCampaign, openDatabase, runCampaign, type RunnerDatabase } from '../../language/runner/index.js';
import { isCampaign, type Model } from '../../language/generated/ast.js';
import { createTestServices } from '../language/test-services.js';
import { sqlOf } from './retail-fixture.js';

/**
 * Date and date-time fields compared with a row-independent bound are compiled to text ranges
 * (dialects/sqlite-dates.ts) instead of `datetime()` on every row. The counts must be those of
 * the plain `datetime()` comparison on every stored form SQLite reads: each expected count below
 * is computed by SQLite itself with `datetime()` / `date()` on the same rows, not by the compiler.
 */

/** Stored date-times around the bound 2026-03-15 09:00:00 (and the band of ±5 days around its day). */
const DATETIMES: Array<string | null> = [
    '2026-03-15 09:00:00', '2026-03-15T09:00:00', '2026-03-15T09:00', '2026-03-15 09:00:00.000', '2026-03-15 09:00:00.999',
    '2026-03-15 08:59:59.999', '2026-03-15 09:00:01', '2026-03-15 00:00:00', '2026-03-15 23:59:59', '2026-03-15',
    '2026-03-15T09:00:00Z', '2026-03-15T09:00:00.5Z', '2026-03-15T04:00:00-05:00', '2026-03-15T23:00:00-05:00',
    '2026-03-16T01:00:00+14:00', '2026-03-14T23:00:00-10:00', '2026-03-14 23:59:59', '2026-03-14', '2026-03-16 00:00:00',
    '2026-03-16', '2026-03-14 24:00:00', '2026-03-15 24:00:00', '2026-03-10 09:00:00', '2026-03-09 23:59:59',
    '2026-03-20 23:59:59', '2026-03-21 00:00:00', '2026-02-31 10:00:00', '2026-02-29', '2026-03-01 00:00:00',
    '2026-03-02T23:30:00-14:00', '2025-01-01 00:00:00', '2027-06-01 12:00:00', '1999-12-31 23:59:59', '9999-12-31 23:59:59',
    '0001-01-01 00:00:00', null, '', 'garbage', 'now', ' 2026-03-15 09:00:00', '-2026-03-15'
];

/** Stored dates (a date field) around the bound 2026-03-15. */
const DATES: Array<string | null> = [
    '2026-03-15', '2026-03-15 00:00:00', '2026-03-15 23:59:59', '2026-03-15T12:00', '2026-03-14', '2026-03-16',
    '2026-03-15T23:00:00-05:00', '2026-03-16T01:00:00+14:00', '2026-03-10', '2026-03-09', '2026-03-20', '2026-03-21',
    '2026-02-31', '2026-03-03', '2024-02-29', '2030-01-01', null, '', 'garbage'
];

/** The run's clock: `daysAgo(30)` is 2026-03-15 09:00:00. */
const AT = new Date('2026-04-14T09:00:00Z');

const SCHEMA_AND_CAMPAIGN = (conditions: string[]) => `
entity Customer table "customers" {
  key id: int
  born: date?
  purchases: Purchase[] by customer
}
entity Purchase table "purchases" {
  key id: int
  customerId: int
  amount: decimal
  at: datetime?
  customer: Customer by customerId
}
filter boughtSince(since: datetime = daysAgo(30)) on Purchase where at >= since
filter bornBefore(day: date) on Customer where born < day
campaign c {
  param since: datetime = 2026-03-15T09:00
  var bound = daysAgo(30)
${conditions.map((c, i) => `  audience a${i}: ${c}`).join('\n')}
}`;

async function database(): Promise<RunnerDatabase> {
    const db = await openDatabase({ empty: true });
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, born TEXT)');
    db.exec('CREATE TABLE purchases (id INTEGER PRIMARY KEY, customerId INTEGER, amount REAL, at TEXT)');
    // Customer i has purchase i (value DATETIMES[i], amount 20, or 5 for every third) and birth date DATES[i].
    const n = Math.max(DATETIMES.length, DATES.length);
    for (let i = 0; i < n; i++) {
        db.exec('INSERT INTO customers VALUES (?, ?)', [i + 1, i < DATES.length ? DATES[i] : null]);
        if (i < DATETIMES.length) db.exec('INSERT INTO purchases VALUES (?, ?, ?, ?)', [i + 1, i + 1, i % 3 === 0 ? 5 : 20, DATETIMES[i]]);
    }
    return db;
}

const OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
const SQL_OP: Record<string, string> = { '!=': '<>' };
const SWAPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' };

interface Case { readonly language: string; readonly expected: string }

/**
 * For one field and bound: every operator, on either side, under `not`, under `except`, inside
 * `exists` and inside a counted aggregate. `value` is the field read by plain SQLite (`datetime(p.at)`).
 */
function cases(bound: string, boundSql: string, field: 'at' | 'born', value: (alias: string) => string): Case[] {
    const out: Case[] = [];
    const entity = field === 'at' ? 'Purchase' : 'Customer';
    const table = field === 'at' ? 'purchases' : 'customers';
    for (const op of OPERATORS) {
        const sqlOp = SQL_OP[op] ?? op;
        const cmp = (alias: string) => `(${value(alias)} ${sqlOp} ${boundSql})`;
        out.push({ language: `${entity} where ${field} ${op} ${bound}`, expected: `SELECT count(*) FROM ${table} t WHERE ${cmp('t')}` });
        out.push({ language: `${entity} where ${bound} ${SWAPPED[op]} ${field}`, expected: `SELECT count(*) FROM ${table} t WHERE ${cmp('t')}` });
        out.push({ language: `${entity} where not (${field} ${op} ${bound})`, expected: `SELECT count(*) FROM ${table} t WHERE NOT coalesce(${cmp('t')}, 0)` });
        if (field === 'at') {
            out.push({ language: `Purchase where amount > 10 except ${field} ${op} ${bound}`, expected: `SELECT count(*) FROM purchases t WHERE t.amount > 10 AND NOT coalesce(${cmp('t')}, 0)` });
            out.push({
                language: `Customer where exists purchases where ${field} ${op} ${bound}`,
                expected: `SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM purchases t WHERE t.customerId = c.id AND ${cmp('t')})`
            });
            out.push({
                language: `Customer where count(purchases where not (${field} ${op} ${bound})) = 0`,
                expected: `SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM purchases t WHERE t.customerId = c.id AND NOT coalesce(${cmp('t')}, 0))`
            });
        }
    }
    return out;
}

async function parseCase(conditions: string[]) {
    const { services, parse } = createTestServices();
    const document = await parse(SCHEMA_AND_CAMPAIGN(conditions));
    expect(document.parseResult.parserErrors.map(e => e.message)).toEqual([]);
    return { services, campaign: (document.parseResult.value as Model).elements.find(isCampaign)! };
}

async function runCase(conditions: string[], db: RunnerDatabase) {
    const { services, campaign } = await parseCase(conditions);
    return runCampaign(services.Campaign, campaign, db, { mode: 'test', at: AT });
}

async function check(all: Case[]): Promise<void> {
    const db = await database();
    const expected: Record<string, number> = {};
    all.forEach((c, i) => { expected[`a${i}`] = Number(db.scalar(c.expected)); });
    const { services, campaign } = await parseCase(all.map(c => c.language));
    // Every case goes through the range form (its two range ends), or this test would prove nothing.
    const plan = compileCampaign(services.Campaign, campaign, { at: AT });
    const viaRanges = plan.steps.filter(s => s.sql.join('\n').includes(`'-5 days')`) && s.sql.join('\n').includes(`'+6 days')`));
    expect(viaRanges.map(s => s.activity)).toEqual(all.map((_c, i) => `a${i}`));
    const result = await runCampaign(services.Campaign, campaign, db, { mode: 'test', at: AT });
    const got: Record<string, number> = {};
    all.forEach((_c, i) => { got[`a${i}`] = result.counts[`a${i}`]; });
    // Named by their conditions, so that a difference shows which form and operator.
    const named = (counts: Record<string, number>) => Object.fromEntries(all.map((c, i) => [c.language, counts[`a${i}`]]));
    expect(named(got)).toEqual(named(expected));
}

describe('date comparisons by text ranges give the counts of datetime() on every row', () => {
    const at = (a: string) => `datetime(${a}.at)`;

    test('a date-time literal, a parameter and a variable: every operator, side, not, except, exists, count', async () => {
        await check([
            ...cases('2026-03-15T09:00', `'2026-03-15 09:00:00'`, 'at', at),
            ...cases('$since', `'2026-03-15 09:00:00'`, 'at', at),
            ...cases('$bound', `datetime('2026-04-14 09:00:00', '-30 days')`, 'at', at)
        ]);
    });

    test('the clock: daysAgo, now(), and a date bound (midnight) against a date-time field', async () => {
        await check([
            ...cases('daysAgo(30)', `datetime('2026-04-14 09:00:00', '-30 days')`, 'at', at),
            ...cases('addDays(now(), -30)', `datetime('2026-04-14 09:00:00', '-30 days')`, 'at', at),
            ...cases('2026-03-15', `datetime('2026-03-15')`, 'at', at),
            ...cases('2026-03-03', `datetime('2026-03-03')`, 'at', at),
            ...cases('addDays(today(), -42)', `datetime(date('2026-04-14', '-42 days'))`, 'at', at)
        ]);
    });

    test('a filter argument that is the same on every row (given or its default)', async () => {
        await check([
            { language: 'Purchase where boughtSince()', expected: `SELECT count(*) FROM purchases t WHERE datetime(t.at) >= datetime('2026-04-14 09:00:00', '-30 days')` },
            { language: 'Purchase where boughtSince(2026-03-15T09:00)', expected: `SELECT count(*) FROM purchases t WHERE datetime(t.at) >= '2026-03-15 09:00:00'` },
            { language: 'Purchase where not boughtSince(daysAgo(29))', expected: `SELECT count(*) FROM purchases t WHERE NOT coalesce(datetime(t.at) >= datetime('2026-04-14 09:00:00', '-29 days'), 0)` },
            { language: 'Customer where bornBefore(2026-03-16)', expected: `SELECT count(*) FROM customers t WHERE date(t.born) < '2026-03-16'` },
            { language: 'Customer where exists purchases where boughtSince($since)', expected: `SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM purchases t WHERE t.customerId = c.id AND datetime(t.at) >= '2026-03-15 09:00:00')` }
        ]);
    });

    test('a date field against a date and against a date-time', async () => {
        const born = (a: string) => `date(${a}.born)`;
        await check([
            ...cases('2026-03-15', `'2026-03-15'`, 'born', born),
            ...cases('2026-03-03', `'2026-03-03'`, 'born', born),
            ...cases('addDays(today(), -30)', `date('2026-04-14', '-30 days')`, 'born', born),
            ...cases('2026-03-15T09:00', `'2026-03-15 09:00:00'`, 'born', a => `datetime(date(${a}.born))`),
            ...cases('daysAgo(30)', `datetime('2026-04-14 09:00:00', '-30 days')`, 'born', a => `datetime(date(${a}.born))`)
        ]);
    });

    test('the range form is used for row-independent bounds only', async () => {
        const sql = await sqlOf(`campaign c {
          audience recent: Customer where exists purchases where purchasedAt >= daysAgo(365)
          audience sameDay: Customer where exists purchases where purchasedAt >= customer.createdAt
        }`);
        const [recent, sameDay] = sql.split('-- audience sameDay');
        expect(recent).toMatch(/\(NOT \(\w+\."purchasedAt" < date\(datetime\(.*'-5 days'\) AND \w+\."purchasedAt" >= '0'\) AND \(\w+\."purchasedAt" BETWEEN date\(datetime\(.*'\+6 days'\) AND '9999-12-32' OR /);
        expect(sameDay).not.toContain(`BETWEEN`);
        expect(sameDay).not.toContain(`>= '0'`);
        expect(sameDay).toMatch(/datetime\(\w+\."purchasedAt"\) >= datetime\(\(SELECT/);
    });

    test('the schema check rejects stored dates that begin with a digit but are not ISO dates, naming entity, field and value', async () => {
        for (const bad of ['20260315', '2461000.5', '2026-3-15', '2026-13-01', '2026-03-15 garbage', '2026-03-15 9:00']) {
            const db = await database();
            db.exec('UPDATE purchases SET at = ? WHERE id = 7', [bad]);
            const error = await runCase(['Purchase where at >= daysAgo(30)'], db).then(() => undefined, (e: unknown) => e as Error);
            expect(error?.message).toBe(`a0: entity Purchase: column "at" of table "purchases" holds ${JSON.stringify(bad)}, which is not a datetime`
                + ' (field at): dates are stored as ISO text, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`');
        }
        // Text that does not begin with a digit is compared exactly (through datetime()), so it passes.
        const db = await database();
        await expect(runCase(['Purchase where at >= daysAgo(30)'], db)).resolves.toBeDefined();
    });
});
