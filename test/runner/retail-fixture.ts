import { openDatabase, runCampaign, compileCampaign, type RunnerDatabase, type RunOptions, type RunResult } from '../../language/runner/index.js';
import { isCampaign, type Campaign, type Model } from '../../language/generated/ast.js';
import { createTestServices } from '../language/test-services.js';
import { compareOnPostgres } from '../runner-pg/engines.js';

/**
 * A small retail dataset whose every count below was worked out by hand, and helpers that run a
 * campaign written against it on a fresh in-memory database (real sql.js).
 */
export const SCHEMA = `
enum Tier { gold, silver, bronze }

entity Customer table "customers" {
  key id: int
  email: string? @email
  phone: string? @sms
  pushToken: string? @push
  postalAddress: string? @mail
  emailOptIn: bool @optin(email)
  smsOptIn: bool @optin(sms)
  firstName: string
  country: string
  tier: Tier
  loyaltyPoints: int
  birthDate: date?
  createdAt: datetime
  storeId: int?
  store: Store by storeId
  purchases: Purchase[] by customer
  wishlist: WishlistItem[] by customer
}

entity Purchase table "purchases" {
  key id: int
  customerId: int
  productId: int
  amount: decimal
  purchasedAt: datetime
  customer: Customer by customerId
  product: Product by productId
}

entity Store table "stores" {
  key id: int
  name: string
  city: string
  customers: Customer[] by store
}

entity Product table "products" {
  key id: int
  name: string
  category: string
  price: decimal
}

entity WishlistItem table "wishlist_items" {
  key id: int
  customerId: int
  productId: int
  addedAt: datetime
  customer: Customer by customerId
  product: Product by productId
}
`;

/**
 * customers (id firstName country tier points email optIn store):
 *  1 Ann  FR gold   500 ann@x.com  1  Paris
 *  2 Bob  FR silver 300 bob@x.com  0  Paris
 *  3 Cleo DE gold   800 (none)     1  Berlin
 *  4 Dan  DE bronze 100 ann@x.com  1  (none)
 *  5 Eve  FR bronze  50 ""         1  Lyon
 *  6 Fay  IT silver 300 fay@x.com  1  Lyon
 *  7 Gus  ES gold   650 gus@x.com  1  (none)   firstName "Gus & <Co>"
 *  8 Hal  FR silver 300 hal@x.com  1  Berlin
 */
export const DATA = `
CREATE TABLE stores (id INTEGER PRIMARY KEY, name TEXT, city TEXT);
INSERT INTO stores VALUES (1, 'Opera', 'Paris'), (2, 'Bellecour', 'Lyon'), (3, 'Mitte', 'Berlin');
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, category TEXT, price REAL);
INSERT INTO products VALUES (1, 'Runner', 'shoes', 120), (2, 'Boot', 'shoes', 80), (3, 'Tote', 'bags', 50);
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, pushToken TEXT, postalAddress TEXT, emailOptIn INTEGER,
  smsOptIn INTEGER, firstName TEXT, country TEXT, tier TEXT, loyaltyPoints INTEGER, birthDate TEXT, createdAt TEXT, storeId INTEGER);
INSERT INTO customers VALUES
  (1, 'ann@x.com', '+331', 'tokA', '1 rue A', 1, 1, 'Ann', 'FR', 'gold', 500, '1990-05-01', '2026-01-10 10:00:00', 1),
  (2, 'bob@x.com', NULL, NULL, NULL, 0, 0, 'Bob', 'FR', 'silver', 300, NULL, '2026-02-01 09:00:00', 1),
  (3, NULL, '+333', NULL, '3 Hauptstr', 1, 1, 'Cleo', 'DE', 'gold', 800, '1985-12-31', '2025-12-01 08:00:00', 3),
  (4, 'ann@x.com', NULL, 'tokD', NULL, 1, 0, 'Dan', 'DE', 'bronze', 100, NULL, '2026-03-01 12:00:00', NULL),
  (5, '', '+335', NULL, NULL, 1, 1, 'Eve', 'FR', 'bronze', 50, '2000-01-01', '2026-02-15 00:00:00', 2),
  (6, 'fay@x.com', NULL, NULL, NULL, 1, 0, 'Fay', 'IT', 'silver', 300, NULL, '2026-01-20 00:00:00', 2),
  (7, 'gus@x.com', NULL, NULL, NULL, 1, 0, 'Gus & <Co>', 'ES', 'gold', 650, NULL, '2026-02-20 00:00:00', NULL),
  (8, 'hal@x.com', NULL, NULL, NULL, 1, 0, 'Hal', 'FR', 'silver', 300, NULL, '2026-02-25 00:00:00', 3);
CREATE TABLE purchases (id INTEGER PRIMARY KEY, customerId INTEGER, productId INTEGER, amount REAL, purchasedAt TEXT);
INSERT INTO purchases VALUES
  (1, 1, 1, 120, '2026-01-15 10:00:00'),
  (2, 1, 3, 50, '2026-02-01 00:00:00'),
  (3, 3, 1, 150, '2026-01-20 00:00:00'),
  (4, 3, 2, 80, '2026-02-10 00:00:00'),
  (5, 6, 3, 40, '2026-02-11 00:00:00'),
  (6, 8, 2, 200, '2026-02-12 00:00:00');
CREATE TABLE wishlist_items (id INTEGER PRIMARY KEY, customerId INTEGER, productId INTEGER, addedAt TEXT);
INSERT INTO wishlist_items VALUES (1, 1, 2, '2026-02-01 00:00:00'), (2, 1, 3, '2026-02-02 00:00:00'),
  (3, 3, 1, '2026-02-03 00:00:00'), (4, 6, 1, '2026-02-04 00:00:00');
`;

export const AT = new Date('2026-03-02T09:00:00Z');

export async function retailDatabase(): Promise<RunnerDatabase> {
    const db = await openDatabase({ empty: true });
    db.exec(DATA);
    return db;
}

/** The dataset with `customers` rebuilt without a primary key (same rows, same order), plus `extra` rows. */
export async function plainDatabase(extra = ''): Promise<RunnerDatabase> {
    const db = await retailDatabase();
    db.exec(`ALTER TABLE customers RENAME TO customers_pk; CREATE TABLE customers AS SELECT * FROM customers_pk ORDER BY id; DROP TABLE customers_pk; ${extra}`);
    return db;
}

/**
 * Every SQL text the runner executes on `db` from now on (through `exec`, as it runs its steps)
 * that `keep` accepts, in order, for tests that check the shape of what was run.
 */
export function recordStatements(db: RunnerDatabase, keep: (sql: string) => boolean = () => true): string[] {
    const seen: string[] = [];
    const exec = db.exec.bind(db);
    db.exec = ((sql: string, params?: unknown[]) => {
        if (keep(sql)) seen.push(sql);
        return exec(sql, params as never);
    }) as typeof db.exec;
    return seen;
}

/** Parses the schema plus the campaign text (one document) and returns its campaign. */
export async function campaignOf(text: string, name?: string): Promise<{ services: ReturnType<typeof createTestServices>['services']; campaign: Campaign }> {
    const { services, parse } = createTestServices();
    const document = await parse(`${SCHEMA}\n${text}`);
    const model = document.parseResult.value as Model;
    const errors = [...document.parseResult.lexerErrors.map(e => e.message), ...document.parseResult.parserErrors.map(e => e.message)];
    if (errors.length > 0) throw new Error(`syntax errors: ${errors.join('; ')}`);
    const campaign = model.elements.filter(isCampaign).find(c => !name || c.name === name);
    if (!campaign) throw new Error('no campaign');
    return { services, campaign };
}

/** Runs a campaign (test mode by default) on a fresh copy of the dataset. */
export async function run(text: string, options: Partial<RunOptions> = {}, db?: RunnerDatabase): Promise<RunResult> {
    const { services, campaign } = await campaignOf(text);
    const database = db ?? await retailDatabase();
    const runOptions: RunOptions = { mode: 'test', at: AT, ...options };
    const result = await runCampaign(services.Campaign, campaign, database, runOptions);
    // CAMPAIGN_TEST_ENGINES=sqljs,postgresql: the same run on PostgreSQL must give the same counts.
    if (!db) await compareOnPostgres(services.Campaign, campaign, database, runOptions, result);
    return result;
}

export async function sqlOf(text: string): Promise<string> {
    const { services, campaign } = await campaignOf(text);
    const { planToSql } = await import('../../language/runner/index.js');
    return planToSql(compileCampaign(services.Campaign, campaign, { at: AT }));
}
