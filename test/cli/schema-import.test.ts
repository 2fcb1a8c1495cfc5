import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { campaign, tempProject } from './cli-helpers.js';
import { isEntity, isEnum, type Entity } from '../../language/generated/ast.js';
import { loadSqlJs } from '../../language/schema-import/open-sqlite.js';
import { entityName, camelCase, singular } from '../../language/schema-import/naming.js';
import { typeOfDeclared } from '../../language/schema-import/schema-plan.js';
import { createTestServices } from '../language/test-services.js';

/** A retail-like database with the awkward cases: snake_case, a composite key, no key, a blob, a self-reference. */
const RETAIL_DDL = `
CREATE TABLE stores (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL);
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email TEXT, phone TEXT, push_token TEXT, postal_address TEXT,
  email_opt_in INTEGER NOT NULL CHECK (email_opt_in IN (0, 1)),
  first_name TEXT NOT NULL,
  country CHAR(2) NOT NULL,
  tier TEXT NOT NULL CHECK (tier IN ('gold', 'silver', 'bronze')),
  loyalty_points INTEGER NOT NULL DEFAULT 0,
  birth_date DATE,
  created_at DATETIME NOT NULL,
  store_id INTEGER REFERENCES stores(id),
  referrer_id INTEGER REFERENCES customers(id),
  avatar BLOB
);
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price NUMERIC(10,2) NOT NULL, active BOOLEAN NOT NULL);
CREATE TABLE purchases (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  amount REAL NOT NULL,
  purchased_at TIMESTAMP NOT NULL
);
CREATE TABLE wishlist_items (
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  "added at" DATETIME NOT NULL,
  PRIMARY KEY (customer_id, product_id)
);
CREATE TABLE "Order-Lines" (line_no INTEGER NOT NULL, "in" TEXT, misc);
INSERT INTO "Order-Lines" VALUES (1, 'x', 2.5);
`;

let dir: string;
let dbPath: string;

beforeAll(async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec(RETAIL_DDL);
    dir = mkdtempSync(join(tmpdir(), 'campaign-schema-'));
    dbPath = join(dir, 'retail.sqlite');
    writeFileSync(dbPath, db.export());
    db.close();
});

async function importText(...extra: string[]): Promise<string> {
    const result = await campaign(dir, 'schema', 'import', 'retail.sqlite', ...extra);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    return result.out;
}

describe('campaign schema import', () => {
    test('round trip: the printed schema parses and validates without errors or warnings', async () => {
        const text = await importText();
        const project = tempProject({ 'schema.campaign': text });
        const result = await campaign(project, 'check', '--strict', '.');
        expect(result.out, text).toBe('');
        expect(result.code).toBe(0);
        // And it really is checked: a use of an imported link that does not exist is an error.
        writeFileSync(join(project, 'use.campaign'), 'campaign c {\n  label "c"\n  audience a: Customer where exists purchases where product.nope = 1\n}\n');
        const broken = await campaign(project, 'check', '.');
        expect(broken.out).toMatch(/^use\.campaign:3:\d+ error .*nope/m);
        expect(broken.code).toBe(1);
    });

    test('tables, columns, types, keys, nullability and mappings', async () => {
        const text = await importText();
        const { parse } = createTestServices();
        const model = (await parse(text)).parseResult.value;
        const entities = new Map(model.elements.filter(isEntity).map(e => [e.name, e]));
        expect([...entities.keys()]).toEqual(['Store', 'Customer', 'Product', 'Purchase', 'WishlistItem', 'OrderLine']);
        const field = (entity: string, name: string) => {
            const f = entities.get(entity)!.fields.find(x => x.name === name);
            expect(f, `${entity}.${name} in\n${text}`).toBeDefined();
            return { type: f!.type.$refText, optional: f!.optional, key: f!.isKey, many: f!.many, column: f!.column, via: f!.via?.$refText, annotations: f!.annotations.map(a => a.argument ? `@${a.name}(${a.argument})` : `@${a.name}`) };
        };
        const customer = entities.get('Customer') as Entity;
        expect(customer.table).toBe('customers');
        expect(field('Customer', 'id')).toMatchObject({ type: 'int', key: true, optional: false });
        expect(field('Customer', 'email')).toMatchObject({ type: 'string', optional: true, annotations: ['@email'] });
        expect(field('Customer', 'phone').annotations).toEqual(['@sms']);
        expect(field('Customer', 'pushToken')).toMatchObject({ column: 'push_token', annotations: ['@push'] });
        expect(field('Customer', 'postalAddress').annotations).toEqual(['@mail']);
        expect(field('Customer', 'emailOptIn')).toMatchObject({ type: 'bool', optional: false, annotations: ['@optin(email)'] });
        expect(field('Customer', 'firstName')).toMatchObject({ type: 'string', optional: false, column: 'first_name' });
        expect(field('Customer', 'tier').type).toBe('Tier');
        expect(field('Customer', 'birthDate')).toMatchObject({ type: 'date', optional: true });
        expect(field('Customer', 'createdAt').type).toBe('datetime');
        expect(field('Product', 'price').type).toBe('decimal');
        expect(field('Product', 'active').type).toBe('bool');
        expect(field('Purchase', 'amount').type).toBe('decimal');
        expect(field('Purchase', 'purchasedAt').type).toBe('datetime');
        // A blob has no campaign type: left out, with a note.
        expect(customer.fields.some(f => f.name === 'avatar')).toBe(false);
        expect(text).toContain('column "avatar" (BLOB) is not imported');
        // Enum from the CHECK constraint.
        const tier = model.elements.filter(isEnum).find(e => e.name === 'Tier');
        expect(tier?.values.map(v => v.name)).toEqual(['gold', 'silver', 'bronze']);
        // Names that are not identifiers, or operator words, keep their column.
        expect(entities.get('OrderLine')!.table).toBe('Order-Lines');
        expect(field('WishlistItem', 'addedAt').column).toBe('added at');
        expect(field('OrderLine', 'in_').column).toBe('in');
        // A column without a declared type is typed by what it stores.
        expect(field('OrderLine', 'misc').type).toBe('decimal');
        // No single-column primary key: the rowid is the key.
        expect(field('WishlistItem', 'rowid')).toMatchObject({ key: true, type: 'int' });
        expect(field('OrderLine', 'rowid').key).toBe(true);
    });

    test('foreign keys become to-one links and inverse to-many links', async () => {
        const text = await importText();
        const { parse } = createTestServices();
        const model = (await parse(text)).parseResult.value;
        const fields = (entity: string) => model.elements.filter(isEntity).find(e => e.name === entity)!.fields
            .filter(f => f.via).map(f => `${f.name}: ${f.type.$refText}${f.many ? '[]' : ''} by ${f.via!.$refText}`);
        expect(fields('Purchase')).toEqual(['customer: Customer by customerId', 'product: Product by productId']);
        expect(fields('Customer')).toEqual([
            'store: Store by storeId',
            'referrer: Customer by referrerId',
            'customersByReferrer: Customer[] by referrer',
            'purchases: Purchase[] by customer',
            'wishlistItems: WishlistItem[] by customer'
        ]);
        expect(fields('Store')).toEqual(['customers: Customer[] by store']);
        expect(fields('Product')).toEqual(['purchases: Purchase[] by product', 'wishlistItems: WishlistItem[] by product']);
    });

    test('the output is already formatted and names the database', async () => {
        const text = await importText();
        expect(text.split('\n').slice(0, 3).join('\n')).toMatch(/^\/\/ Generated by .*\ndatabase "retail\.sqlite"\n/);
        writeFileSync(join(dir, 'schema.campaign'), text);
        const check = await campaign(dir, 'fmt', '--check', 'schema.campaign');
        expect(check.code).toBe(0);
        expect(check.out).toBe('');
    });

    test('--out writes the file with the database path relative to it, and refuses to overwrite', async () => {
        expect((await campaign(dir, 'schema', 'import', 'retail.sqlite', '--out', 'sub-schema.campaign')).code).toBe(0);
        expect(readFileSync(join(dir, 'sub-schema.campaign'), 'utf8')).toContain('database "retail.sqlite"');
        const again = await campaign(dir, 'schema', 'import', 'retail.sqlite', '--out', 'sub-schema.campaign');
        expect(again.code).toBe(2);
        expect(again.err).toContain('--force');
    });

    test('bad input is a clear error, not a crash', async () => {
        writeFileSync(join(dir, 'not-a-db.sqlite'), 'hello, I am text');
        // A real database cut short: the header is right, the pages are missing.
        writeFileSync(join(dir, 'truncated.sqlite'), readFileSync(dbPath).subarray(0, 1500));
        for (const [args, code, message] of [
            [['schema', 'import', 'missing.sqlite'], 2, 'no such database file'],
            [['schema', 'import', 'not-a-db.sqlite'], 70, 'is not a SQLite database'],
            [['schema', 'import'], 2, 'exactly one database'],
            [['schema', 'export', 'x'], 2, "unknown sub-command 'export'"],
            [['schema', 'import', '--bogus', 'retail.sqlite'], 2, 'bogus'],
            [['schema', 'import', 'truncated.sqlite'], 70, 'campaign schema: ']
        ] as const) {
            const result = await campaign(dir, ...args);
            expect(result.code, args.join(' ')).toBe(code);
            expect(result.err).toContain(message);
            expect(result.err).not.toMatch(/^\s+at /m);
        }
    });
});

describe('naming', () => {
    test('entity names are singular PascalCase', () => {
        expect(['customers', 'wishlist_items', 'categories', 'addresses', 'people', 'status', 'statuses', 'boxes', 'keys', 'OrderLines', 'order-lines', '2fa_codes'].map(entityName))
            .toEqual(['Customer', 'WishlistItem', 'Category', 'Address', 'Person', 'Status', 'Status', 'Box', 'Key', 'OrderLine', 'OrderLine', '_2faCode']);
        expect(singular('series')).toBe('series');
    });

    test('field names are camelCase identifiers', () => {
        expect(['first_name', 'storeId', 'ID', 'customerID', 'E-mail', 'in', 'not', 'x y z', '1st', 'été', 'prénom_usuel'].map(camelCase))
            .toEqual(['firstName', 'storeId', 'id', 'customerId', 'eMail', 'in_', 'not_', 'xYZ', '_1st', 'ete', 'prenomUsuel']);
    });

    test('declared types follow SQLite affinity, with dates and booleans first', () => {
        expect(['INTEGER', 'BIGINT', 'REAL', 'NUMERIC', 'DECIMAL(10,2)', 'TEXT', 'VARCHAR(80)', 'DATE', 'DATETIME', 'TIMESTAMP', 'BOOLEAN', 'BLOB', 'FLOAT'].map(t => typeOfDeclared(t)))
            .toEqual(['int', 'int', 'decimal', 'decimal', 'decimal', 'string', 'string', 'date', 'datetime', 'datetime', 'bool', undefined, 'decimal']);
        expect(typeOfDeclared('', ['integer'])).toBe('int');
        expect(typeOfDeclared('', ['integer', 'real'])).toBe('decimal');
    });
});
