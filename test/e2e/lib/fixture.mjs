// A fresh copy of the fixture workspace per run, with its SQLite database built by real sql.js.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_WORKSPACE, ROOT } from './paths.mjs';

const require = createRequire(join(ROOT, 'package.json'));

/** 40 customers: a fixed mix of countries and tiers, so that counts are known without a runner. */
export function customers() {
    const countries = ['FR', 'DE', 'IT', 'FR', 'ES'];
    const tiers = ['gold', 'silver', 'bronze', 'silver'];
    return Array.from({ length: 40 }, (_, i) => ({
        id: i + 1,
        email: i % 7 === 3 ? null : `c${i + 1}@example.com`,
        emailOptIn: i % 5 !== 2 ? 1 : 0,
        firstName: `Name${i + 1}`,
        country: countries[i % countries.length],
        tier: tiers[i % tiers.length],
        loyaltyPoints: (i * 37) % 500
    }));
}

export async function makeWorkspace() {
    const dir = join(mkdtempSync(join(tmpdir(), 'campaign-e2e-')), 'shop');
    cpSync(FIXTURE_WORKSPACE, dir, { recursive: true });
    mkdirSync(join(dir, 'data'), { recursive: true });
    const initSqlJs = require('sql.js');
    const SQL = await initSqlJs({ locateFile: file => require.resolve(`sql.js/dist/${file}`) });
    const db = new SQL.Database();
    db.run(`CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, emailOptIn INTEGER NOT NULL, firstName TEXT NOT NULL,
        country TEXT NOT NULL, tier TEXT NOT NULL, loyaltyPoints INTEGER NOT NULL)`);
    const insert = db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const c of customers()) insert.run([c.id, c.email, c.emailOptIn, c.firstName, c.country, c.tier, c.loyaltyPoints]);
    insert.free();
    writeFileSync(join(dir, 'data', 'shop.sqlite'), db.export());
    db.close();
    writeFileSync(join(dir, 'expected-counts.json'), JSON.stringify(expectedWelcomeCounts(), null, 2));
    return dir;
}

/** What a correct runner must count for the fixture's `welcome` campaign (an independent oracle). */
export function expectedWelcomeCounts() {
    const loyal = customers().filter(c => c.country === 'FR' || c.country === 'DE');
    const vip = loyal.filter(c => c.tier === 'gold');
    const rest = loyal.filter(c => c.tier !== 'gold');
    const messaged = vip.filter(c => c.email !== null && c.emailOptIn === 1);
    return { loyal: loyal.length, 'tiers.vip': vip.length, 'tiers.rest': rest.length, vipOffer: messaged.length };
}
