import type { Database } from 'sql.js';
import { BatchInserter } from './batch-insert.js';
import { Prng, seedFrom } from './prng.js';
import { SAMPLE_INDEXES, SAMPLE_TABLES, SAMPLE_TABLE_NAMES } from './schema.js';
import { CATEGORIES, COUNTRIES, EMAIL_DOMAINS, PRODUCT_ADJECTIVES, TIERS, type CountryInfo } from './vocabulary.js';

export interface SampleDataOptions {
    /** Number of customers (default 10 000). Purchases are about five per customer. */
    customers?: number;
    /** Same seed, same data, byte for byte (default 1). A number, or any text. */
    seed?: number | string;
    /** Called now and then with the table being filled and the rows so far. */
    onProgress?: (table: string, rows: number) => void;
}

export interface SampleDataStats {
    seed: number;
    stores: number;
    products: number;
    customers: number;
    purchases: number;
    wishlistItems: number;
    ms: number;
}

/**
 * The data is a snapshot "as of" this instant: every date falls before it, whatever the wall clock
 * says, so the same seed gives the same rows on any day. Campaigns that compare with `now()` should
 * run with `--at` near it (the examples' schedules are in spring 2026).
 */
export const SAMPLE_AS_OF = Date.UTC(2026, 2, 1) / 1000;
const FIRST_SIGNUP = Date.UTC(2019, 0, 1) / 1000;
const DAY = 86_400;
const PRODUCT_COUNT = 500;
/** About 1.7 GB of database: beyond it the file would not load in sql.js (2 GiB at most). */
export const MAX_CUSTOMERS = 3_000_000;

/** Shares that make the data interesting to target; the tests check that each is present. */
const SHARE = {
    emailMissing: 0.06,
    emailEmpty: 0.005,
    emailDuplicate: 0.03,
    emailCaseVariant: 0.005,
    phone: 0.65,
    pushToken: 0.35,
    postalAddressMissing: 0.12,
    emailOptIn: 0.62,
    smsOptIn: 0.45,
    pushOptIn: 0.5,
    birthDateMissing: 0.08,
    storeCustomer: 0.7,
    noPurchases: 0.3,
    wishlist: 0.4
};

/**
 * Fills `db` with a retail dataset (stores, products, customers, purchases, wishlist items):
 * existing sample tables are replaced. Everything runs in one transaction with multi-row inserts.
 */
export function generateSampleData(db: Database, options: SampleDataOptions = {}): SampleDataStats {
    const started = Date.now();
    const customerCount = options.customers ?? 10_000;
    if (!Number.isInteger(customerCount) || customerCount < 1 || customerCount > MAX_CUSTOMERS) {
        throw new Error(`the number of customers must be a whole number from 1 to ${MAX_CUSTOMERS.toLocaleString('en-US')}, not ${customerCount}`
            + (customerCount > MAX_CUSTOMERS ? ' (a million customers make about 550 MiB; the embedded engine holds at most 2 GiB)' : ''));
    }
    const seed = seedFrom(options.seed ?? 1);
    const rng = new Prng(seed);
    const progress = options.onProgress ?? (() => undefined);

    // sql.js keeps the database in an in-memory file, where a rollback journal only copies bytes
    // around (it was a third of the time). Nothing here needs one: a failure discards the whole
    // in-memory database.
    db.exec('PRAGMA journal_mode = OFF');
    db.exec('BEGIN');
    try {
        for (const table of [...SAMPLE_TABLE_NAMES].reverse()) db.exec(`DROP TABLE IF EXISTS "${table}"`);
        for (const ddl of SAMPLE_TABLES) db.exec(ddl);

        const stores = insertStores(db);
        const products = insertProducts(db, rng);
        const counts = insertCustomersAndActivity(db, rng, customerCount, stores, products, progress);
        for (const ddl of SAMPLE_INDEXES) db.exec(ddl);
        db.exec('COMMIT');
        return {
            seed,
            stores: stores.count,
            products: products.length,
            customers: customerCount,
            purchases: counts.purchases,
            wishlistItems: counts.wishlistItems,
            ms: Date.now() - started
        };
    } catch (error) {
        db.exec('ROLLBACK');
        throw error;
    }
}

interface StoreIndex {
    count: number;
    /** Store ids by country, and by "country/city". */
    byCountry: Map<string, number[]>;
    byCity: Map<string, number[]>;
}

function insertStores(db: Database): StoreIndex {
    const rows = new BatchInserter(db, 'stores', ['id', 'name', 'city', 'country'], 64);
    const index: StoreIndex = { count: 0, byCountry: new Map(), byCity: new Map() };
    let id = 0;
    for (const country of COUNTRIES) {
        country.cities.forEach((city, i) => {
            // The first city of each country is its capital: a second, outlet store there.
            const names = i === 0 ? [`${city} Flagship`, `${city} Outlet`] : [`${city} Centre`];
            for (const name of names) {
                id++;
                rows.add(id, name, city, country.code);
                push(index.byCountry, country.code, id);
                push(index.byCity, `${country.code}/${city}`, id);
            }
        });
    }
    index.count = rows.finish();
    return index;
}

interface ProductInfo {
    id: number;
    price: number;
}

function insertProducts(db: Database, rng: Prng): ProductInfo[] {
    const rows = new BatchInserter(db, 'products', ['id', 'name', 'category', 'price'], 128);
    const products: ProductInfo[] = [];
    for (let id = 1; id <= PRODUCT_COUNT; id++) {
        const category = CATEGORIES[(id - 1) % CATEGORIES.length];
        const name = `${rng.pick(PRODUCT_ADJECTIVES)} ${rng.pick(category.nouns)} ${100 + id}`;
        // Prices end in .99 or .50, as shops price them.
        const whole = rng.int(category.minPrice, category.maxPrice);
        const price = whole + (rng.chance(0.7) ? 0.99 : 0.5);
        rows.add(id, name, category.name, price);
        products.push({ id, price });
    }
    rows.finish();
    return products;
}

function insertCustomersAndActivity(
    db: Database, rng: Prng, customerCount: number, stores: StoreIndex, products: ProductInfo[],
    progress: (table: string, rows: number) => void
): { purchases: number; wishlistItems: number } {
    const customers = new BatchInserter(db, 'customers', [
        'id', 'email', 'phone', 'pushToken', 'postalAddress', 'emailOptIn', 'smsOptIn', 'pushOptIn',
        'firstName', 'lastName', 'country', 'city', 'tier', 'loyaltyPoints', 'birthDate', 'createdAt', 'storeId'
    ]);
    const purchases = new BatchInserter(db, 'purchases', ['id', 'customerId', 'productId', 'quantity', 'amount', 'purchasedAt'], 512);
    const wishlist = new BatchInserter(db, 'wishlist_items', ['id', 'customerId', 'productId', 'addedAt'], 512);
    const countryWeights = COUNTRIES.map(c => [c, c.weight] as const);
    const tierWeights = TIERS.map(t => [t, t.weight] as const);
    // Kept to copy an earlier customer's address: the duplicates a dedupe activity must find.
    const emails: Array<string | null> = new Array(customerCount + 1).fill(null);
    const names: Array<[string, string] | undefined> = new Array(customerCount + 1);
    let purchaseId = 0;
    let wishlistId = 0;
    const span = SAMPLE_AS_OF - 30 * DAY - FIRST_SIGNUP;

    for (let id = 1; id <= customerCount; id++) {
        const country = rng.weighted(countryWeights);
        const city = rng.pick(country.cities);
        let firstName = rng.pick(country.firstNames);
        let lastName = rng.pick(country.lastNames);
        let email: string | null;
        const r = rng.next();
        if (r < SHARE.emailMissing) {
            email = null;
        } else if (r < SHARE.emailMissing + SHARE.emailEmpty) {
            email = '';
        } else if (id > 20 && r < SHARE.emailMissing + SHARE.emailEmpty + SHARE.emailDuplicate + SHARE.emailCaseVariant) {
            // The same person signed up twice: an earlier customer's address (and name).
            const earlier = rng.int(1, id - 1);
            const theirs = emails[earlier];
            const caseVariant = r >= SHARE.emailMissing + SHARE.emailEmpty + SHARE.emailDuplicate;
            email = theirs ? (caseVariant ? capitalise(theirs) : theirs) : emailOf(rng, firstName, lastName, id);
            if (theirs) [firstName, lastName] = names[earlier]!;
        } else {
            email = emailOf(rng, firstName, lastName, id);
        }
        emails[id] = email;
        names[id] = [firstName, lastName];
        const tier = rng.weighted(tierWeights);
        // Ids follow sign-up order; a little jitter keeps createdAt from being a function of the id.
        const created = Math.min(SAMPLE_AS_OF - 30 * DAY, Math.floor(FIRST_SIGNUP + span * (id / customerCount) + rng.int(0, DAY)));
        const age = 18 + Math.floor(62 * (rng.next() + rng.next()) / 2);
        const birth = rng.chance(SHARE.birthDateMissing) ? null
            : isoDate(SAMPLE_AS_OF - age * 365.25 * DAY - rng.int(0, 364) * DAY);
        let storeId: number | null = null;
        if (rng.chance(SHARE.storeCustomer)) {
            const local = stores.byCity.get(`${country.code}/${city}`);
            storeId = local && rng.chance(0.8) ? rng.pick(local) : rng.pick(stores.byCountry.get(country.code)!);
        }
        customers.add(
            id,
            email,
            rng.chance(SHARE.phone) ? phoneOf(rng, country) : null,
            rng.chance(SHARE.pushToken) ? `tok_${rng.hex(24)}` : null,
            rng.chance(SHARE.postalAddressMissing) ? null : `${rng.int(1, 220)} ${rng.pick(country.streets)}, ${rng.int(1000, 99999)} ${city}`,
            rng.chance(SHARE.emailOptIn) ? 1 : 0,
            rng.chance(SHARE.smsOptIn) ? 1 : 0,
            rng.chance(SHARE.pushOptIn) ? 1 : 0,
            firstName,
            lastName,
            country.code,
            city,
            tier.name,
            rng.int(tier.minPoints, tier.maxPoints),
            birth,
            isoDateTime(created),
            storeId
        );

        // Purchases: none for some, a long tail for others; gold customers buy more. About five per customer.
        if (!rng.chance(SHARE.noPurchases)) {
            const mean = (5 / (1 - SHARE.noPurchases) - 1) * tier.buying;
            const n = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - 1 / (1 + mean)));
            for (const at of sortedTimes(rng, n, created)) {
                // Popular products are bought more often.
                const product = products[Math.floor(products.length * rng.next() * rng.next())];
                const quantity = rng.weighted(QUANTITIES);
                const discount = rng.chance(0.2) ? 0.8 : 1;
                purchases.add(++purchaseId, id, product.id, quantity, Math.round(product.price * quantity * discount * 100) / 100, isoDateTime(at));
            }
        }
        if (rng.chance(SHARE.wishlist)) {
            for (const at of sortedTimes(rng, rng.int(1, 6), created)) {
                wishlist.add(++wishlistId, id, rng.pick(products).id, isoDateTime(at));
            }
        }
        if (id % 100_000 === 0) progress('customers', id);
    }
    customers.finish();
    return { purchases: purchases.finish(), wishlistItems: wishlist.finish() };
}

const QUANTITIES: ReadonlyArray<readonly [number, number]> = [[1, 80], [2, 15], [3, 5]];

function sortedTimes(rng: Prng, n: number, after: number): number[] {
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(rng.int(after + 3600, SAMPLE_AS_OF - 1));
    return times.sort((a, b) => a - b);
}

function emailOf(rng: Prng, firstName: string, lastName: string, id: number): string {
    const domain = rng.weighted(EMAIL_DOMAINS);
    return `${ascii(firstName)}.${ascii(lastName)}${id}@${domain}`;
}

/** `anna.muller12@example.com` → `Anna.muller12@example.com`: a duplicate only a case-insensitive dedupe finds. */
function capitalise(email: string): string {
    return email.charAt(0).toUpperCase() + email.slice(1);
}

function ascii(name: string): string {
    return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function phoneOf(rng: Prng, country: CountryInfo): string {
    return `${country.dial}${rng.int(6, 7)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

// toISOString() per row was the generator's largest cost: days are cached (a few thousand distinct
// ones), times of day are assembled from a table of two-digit strings.
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayCache = new Map<number, string>();

function isoDateTime(seconds: number): string {
    const day = Math.floor(seconds / DAY);
    const s = seconds - day * DAY;
    const h = Math.floor(s / 3600);
    const m = Math.floor((s - h * 3600) / 60);
    return `${dayString(day)} ${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s % 60]}`;
}

function isoDate(seconds: number): string {
    return dayString(Math.floor(seconds / DAY));
}

function dayString(day: number): string {
    let text = dayCache.get(day);
    if (text === undefined) {
        text = new Date(day * DAY * 1000).toISOString().slice(0, 10);
        dayCache.set(day, text);
    }
    return text;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
