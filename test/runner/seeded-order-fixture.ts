import { openDatabase, type RunnerDatabase } from '../../language/runner/index.js';
import { integerSeededOrderValue } from '../../language/runner/compiler/seeded-order.js';

// Seeded samples of integer keys: a database whose keys are far apart, a campaign with every kind
// of sample, and the rows the reference order says each takes. Shared by test/runner/seeded-order
// and test/runner-pg/seeded-order-both-engines.

/** Keys ranked by the reference order (ties by key): the first `size` of them, in key order. */
export function referenceSample(keys: readonly number[], seedText: string, size: number): number[] {
    return [...keys]
        .map(k => [integerSeededOrderValue(k, seedText), k] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .slice(0, size)
        .map(([, k]) => k)
        .sort((a, b) => a - b);
}

/**
 * Customers with keys far apart (negative, above 2^31) in the fixture's schema; `keyed` gives the
 * table its INTEGER PRIMARY KEY (keyed worktables), else the same rows without one.
 */
export async function spreadDatabase(keyed: boolean): Promise<{ db: RunnerDatabase; keys: number[]; fr: Set<number>; buyers: Set<number> }> {
    const db = await openDatabase({ empty: true });
    const keys: number[] = [];
    const fr = new Set<number>();
    const buyers = new Set<number>();
    const rows: string[] = [];
    const purchases: string[] = [];
    for (let i = 0; i < 1500; i++) {
        const key = i % 3 === 0 ? i * 7919 - 5_000_000 : i % 3 === 1 ? 3_000_000_000 + i * 104_729 : i;
        keys.push(key);
        const country = ['FR', 'DE', 'IT'][i % 7 % 3];
        if (country === 'FR') fr.add(key);
        rows.push(`(${key}, 'c${i % 400}@x.com', 1, 'N${i}', '${country}', 'gold', ${i % 50}, '2026-01-01 00:00:00')`);
        if (i % 4 === 0) {
            buyers.add(key);
            purchases.push(`(${i + 1}, ${key}, 1, ${10 + (i % 30)}, '2026-02-01 00:00:00')`);
        }
    }
    const pk = keyed ? ' PRIMARY KEY' : '';
    db.exec(`CREATE TABLE customers (id INTEGER${pk}, email TEXT, phone TEXT, pushToken TEXT, postalAddress TEXT, emailOptIn INTEGER,
        smsOptIn INTEGER, firstName TEXT, country TEXT, tier TEXT, loyaltyPoints INTEGER, birthDate TEXT, createdAt TEXT, storeId INTEGER);
        CREATE TABLE stores (id INTEGER PRIMARY KEY, name TEXT, city TEXT);
        CREATE TABLE purchases (id INTEGER PRIMARY KEY, customerId INTEGER, productId INTEGER, amount REAL, purchasedAt TEXT);
        INSERT INTO customers (id, email, emailOptIn, firstName, country, tier, loyaltyPoints, createdAt) VALUES ${rows.join(', ')};
        INSERT INTO purchases VALUES ${purchases.join(', ')};`);
    return { db, keys, fr, buyers };
}

export const SAMPLES = `campaign samples {
  seed 5
  audience all: Customer
  split s from all {
    segment p limit 10%
    segment q where country = "FR" limit 5%
    segment r where exists purchases limit 20%
    segment t limit 7
    remainder rest
  }
  dedupe d from all by email keep 1 prefer random { duplicates dups }
}`;

