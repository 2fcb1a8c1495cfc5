import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../language/cli/run-cli.js';
import { memoryIo } from '../../language/cli/io.js';
import { loadSqlJs } from '../../language/runner/database.js';
import { generateSampleData, SAMPLE_TABLE_NAMES } from '../../language/sample-data/index.js';

async function generate(customers: number, seed: number | string): Promise<Database> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    generateSampleData(db, { customers, seed });
    return db;
}

/** A digest of every row of every table, in key order: equal digests mean equal data. */
function digest(db: Database): string {
    const hash = createHash('sha256');
    for (const table of SAMPLE_TABLE_NAMES) {
        const stmt = db.prepare(`SELECT * FROM "${table}" ORDER BY id`);
        while (stmt.step()) hash.update(JSON.stringify(stmt.get()));
        stmt.free();
    }
    return hash.digest('hex');
}

function scalar(db: Database, sql: string): number {
    return db.exec(sql)[0].values[0][0] as number;
}

describe('sample data', () => {
    let a: Database;
    beforeAll(async () => { a = await generate(3000, 7); });
    afterAll(() => a.close());

    test('the same seed gives the same rows; another seed other rows', async () => {
        const again = await generate(3000, 7);
        const other = await generate(3000, 8);
        try {
            expect(digest(again)).toBe(digest(a));
            expect(scalar(again, 'SELECT count(*) FROM purchases')).toBe(scalar(a, 'SELECT count(*) FROM purchases'));
            expect(digest(other)).not.toBe(digest(a));
        } finally {
            again.close();
            other.close();
        }
    });

    test('a text seed works and is stable', async () => {
        const x = await generate(200, 'spring');
        const y = await generate(200, 'spring');
        try {
            expect(digest(x)).toBe(digest(y));
        } finally {
            x.close();
            y.close();
        }
    });

    test('has the sizes asked for: N customers, about five purchases each', () => {
        expect(scalar(a, 'SELECT count(*) FROM customers')).toBe(3000);
        const perCustomer = scalar(a, 'SELECT count(*) FROM purchases') / 3000;
        expect(perCustomer).toBeGreaterThan(4);
        expect(perCustomer).toBeLessThan(6);
        expect(scalar(a, 'SELECT count(*) FROM products')).toBeGreaterThan(100);
        expect(scalar(a, 'SELECT count(*) FROM stores')).toBeGreaterThan(10);
        expect(scalar(a, 'SELECT count(*) FROM wishlist_items')).toBeGreaterThan(0);
    });

    test('has what campaigns must cope with: missing, empty and duplicate e-mails, opt-outs, missing addresses', () => {
        const missing = scalar(a, 'SELECT count(*) FROM customers WHERE email IS NULL');
        const empty = scalar(a, "SELECT count(*) FROM customers WHERE email = ''");
        const duplicated = scalar(a, "SELECT count(*) FROM (SELECT email FROM customers WHERE email <> '' GROUP BY email HAVING count(*) > 1)");
        const caseOnly = scalar(a, `SELECT count(*) FROM (SELECT lower(email) FROM customers WHERE email <> ''
            GROUP BY lower(email) HAVING count(DISTINCT email) > 1)`);
        const optedOut = scalar(a, 'SELECT count(*) FROM customers WHERE emailOptIn = 0');
        expect(missing).toBeGreaterThan(3000 * 0.03);
        expect(empty).toBeGreaterThan(0);
        expect(duplicated).toBeGreaterThan(3000 * 0.01);
        expect(caseOnly).toBeGreaterThan(0);
        expect(optedOut).toBeGreaterThan(3000 * 0.2);
        expect(optedOut).toBeLessThan(3000 * 0.6);
        expect(scalar(a, 'SELECT count(*) FROM customers WHERE postalAddress IS NULL')).toBeGreaterThan(0);
        expect(scalar(a, 'SELECT count(*) FROM customers WHERE phone IS NULL')).toBeGreaterThan(0);
        expect(scalar(a, 'SELECT count(*) FROM customers WHERE birthDate IS NULL')).toBeGreaterThan(0);
        expect(scalar(a, 'SELECT count(*) FROM customers WHERE storeId IS NULL')).toBeGreaterThan(0);
        expect(scalar(a, 'SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id)')).toBeGreaterThan(0);
    });

    test('tiers, countries and categories take the values the schema declares', () => {
        const tiers = a.exec('SELECT DISTINCT tier FROM customers ORDER BY 1')[0].values.flat();
        expect(tiers).toEqual(['bronze', 'gold', 'silver']);
        const countries = a.exec('SELECT DISTINCT country FROM customers')[0].values.flat();
        expect(countries).toEqual(expect.arrayContaining(['FR', 'DE']));
        const categories = a.exec('SELECT DISTINCT category FROM products')[0].values.flat();
        expect(categories).toEqual(expect.arrayContaining(['shoes']));
    });

    test('links hold, dates are valid ISO text and in order', () => {
        expect(scalar(a, 'SELECT count(*) FROM purchases p LEFT JOIN customers c ON c.id = p.customerId WHERE c.id IS NULL')).toBe(0);
        expect(scalar(a, 'SELECT count(*) FROM purchases p LEFT JOIN products x ON x.id = p.productId WHERE x.id IS NULL')).toBe(0);
        expect(scalar(a, 'SELECT count(*) FROM wishlist_items w LEFT JOIN customers c ON c.id = w.customerId WHERE c.id IS NULL')).toBe(0);
        expect(scalar(a, 'SELECT count(*) FROM customers c LEFT JOIN stores s ON s.id = c.storeId WHERE c.storeId IS NOT NULL AND s.id IS NULL')).toBe(0);
        expect(scalar(a, 'SELECT count(*) FROM customers WHERE datetime(createdAt) IS NOT createdAt')).toBe(0);
        expect(scalar(a, 'SELECT count(*) FROM customers WHERE birthDate IS NOT NULL AND date(birthDate) IS NOT birthDate')).toBe(0);
        expect(scalar(a, 'SELECT count(*) FROM purchases p JOIN customers c ON c.id = p.customerId WHERE p.purchasedAt < c.createdAt')).toBe(0);
        expect(scalar(a, "SELECT count(*) FROM purchases WHERE purchasedAt >= '2026-03-01'")).toBe(0);
        expect(scalar(a, 'SELECT count(*) FROM purchases WHERE amount <= 0')).toBe(0);
    });
});

describe('campaign sample-data', () => {
    let dir: string;
    beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-data-')); });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('writes a SQLite file that another engine reads, and leaves no temporary file', async () => {
        const io = memoryIo(dir);
        const code = await runCli(['sample-data', 'data/retail.sqlite', '--customers', '500', '--seed', '3', '--quiet'], io);
        expect(io.err).toBe('');
        expect(code).toBe(0);
        expect(fs.readdirSync(path.join(dir, 'data'))).toEqual(['retail.sqlite']);
        const db = new Sqlite(path.join(dir, 'data', 'retail.sqlite'), { readonly: true });
        try {
            expect((db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBe(500);
            expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
        } finally {
            db.close();
        }
    });

    test('regenerating replaces the file with the same bytes', async () => {
        const file = path.join(dir, 'again.sqlite');
        await runCli(['sample-data', file, '--customers', '300', '--quiet'], memoryIo(dir));
        const first = fs.readFileSync(file);
        await runCli(['sample-data', file, '--customers', '300', '--quiet'], memoryIo(dir));
        expect(fs.readFileSync(file).equals(first)).toBe(true);
    });

    test('a bad count is a usage error, not a crash', async () => {
        const io = memoryIo(dir);
        expect(await runCli(['sample-data', 'x.sqlite', '--customers', 'many'], io)).toBe(2);
        expect(io.err).toContain('--customers must be a whole number');
        const tooMany = memoryIo(dir);
        expect(await runCli(['sample-data', 'x.sqlite', '--customers', '5000000'], tooMany)).toBe(2);
        expect(tooMany.err).toContain('from 1 to 3000000');
        expect(fs.existsSync(path.join(dir, 'x.sqlite'))).toBe(false);
    });
});
