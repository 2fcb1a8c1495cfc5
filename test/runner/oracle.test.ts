import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadWorkspace, type Workspace } from '../../language/cli/workspace.js';
import { openDatabase, runCampaign, type RunnerDatabase } from '../../language/runner/index.js';
import { writeSampleDatabase } from '../../language/sample-data/index.js';

/**
 * The oracle: campaigns run by the runner on sql.js, over generated data, and their counts
 * compared with counts computed by hand-written SQL on another engine (better-sqlite3, native
 * SQLite). The SQL below is written from language.md, not from the compiler: when the two
 * disagree, one of them has misread the spec.
 */

const AT = new Date('2026-03-15T09:00:00Z');
/** `now()` of the runs, as stored date-times are written. */
const NOW = '2026-03-15 09:00:00';
const CUSTOMERS = 3000;

/** Campaigns that exercise split, dedupe, union, intersect, exclude, enrich, change and channels. */
const ORACLE_CAMPAIGNS = `
campaign oracleSplit {
  seed 3
  audience base: Customer where country in ("FR", "DE", "ES")
  split s from base {
    segment gold where tier = gold limit 40 order by loyaltyPoints desc
    segment young where birthDate >= 1990-01-01 limit 25%
    segment sampled limit 30
    remainder rest
  }
  split o from base {
    segment top where tier = gold limit 30 order by loyaltyPoints desc, createdAt
    segment fr where country = "FR"
    remainder r
    overlap
  }
}

campaign oracleDedupe {
  audience everyone: Customer
  dedupe byEmail from everyone by email keep 1 prefer max(createdAt) { duplicates dups }
  dedupe byLower from everyone by lower(email) prefer min(createdAt)
  dedupe two from everyone by country, tier keep 2 prefer max(loyaltyPoints)
  dedupe keepAll from everyone by email keep 0 prefer random
  dedupe nonEmpty from everyone by email prefer nonempty(phone)
  dedupe ordered from everyone by lastName prefer country order ("FR", "DE")
}

campaign oracleSets {
  audience fr: Customer where country = "FR"
  audience gold: Customer where tier = gold
  audience buyers: Customer where exists purchases where amount > 100
  audience shoes: Customer where exists purchases where (product.category = "shoes" and quantity >= 2)
  union u from fr, gold, buyers
  intersect i from fr, buyers { remainder notBoth }
  exclude e from u minus gold, shoes { remainder removed }
  enrich en from e {
    total = sum(purchases.amount where amount > 50)
    orders = count(purchases)
    city = store.city
  }
  change stores from en to Store via store
  audience bigBuys: Purchase where amount > 300
  exclude frQuiet from fr minus bigBuys via customer
  change bigBuyers from bigBuys to Customer via customer
  audience wishersOnly: Customer where count(wishlist) >= 3 and not exists purchases
  audience notStore3: Customer where not (storeId = 3)
  audience spenders: Customer where sum(purchases.amount) >= 500 except country = "US"
  audience pattern: Customer where email like "%@example.org" and firstName starts with "L" or lastName contains "er"
  email mailFr from fr {
    subject "Hi {{firstName}}"
    body "Bonjour"
  }
  sms smsGold from gold { body "Hi {{firstName}}" }
  push pushBuyers from buyers {
    category transactional
    title "T"
    body "B"
  }
}
`;

/**
 * examples/retail/spring-sale.campaign as written, in the oracle's own workspace: renamed, its
 * `body file` inlined and its closing signal dropped (the signalled campaign is not there).
 */
function springVariant(): string {
    return fs.readFileSync('examples/retail/spring-sale.campaign', 'utf8')
        .replace('campaign springSale', 'campaign oracleSpring')
        .replace(/body file "[^"]*"/, 'body "An offer for you, {{firstName}}"')
        .replace(/ signal loyaltyThanks with [^\n]*/, '');
}

type Count = (sql: string) => number;

/** Rows that the email channel may send marketing to, as language.md §2 and §5 define them. */
const EMAILABLE = "email IS NOT NULL AND email <> '' AND emailOptIn = 1";

/** The expected counts of each campaign, by output reference: independent SQL only. */
const ORACLES: Record<string, (n: Count) => Record<string, number>> = {
    oracleSplit: n => {
        const base = "country IN ('FR', 'DE', 'ES')";
        const B = n(`SELECT count(*) FROM customers WHERE ${base}`);
        const goldSet = `SELECT id FROM customers WHERE ${base} AND tier = 'gold' ORDER BY loyaltyPoints DESC, id LIMIT 40`;
        const gold = n(`SELECT count(*) FROM (${goldSet})`);
        const youngMatching = n(`SELECT count(*) FROM customers WHERE ${base} AND id NOT IN (${goldSet}) AND birthDate >= '1990-01-01'`);
        const young = Math.floor(youngMatching * 25 / 100);
        const left = B - gold - young;
        const sampled = Math.min(30, left);
        const topSet = `SELECT id FROM customers WHERE ${base} AND tier = 'gold' ORDER BY loyaltyPoints DESC, createdAt, id LIMIT 30`;
        return {
            base: B,
            's.gold': gold,
            's.young': young,
            's.sampled': sampled,
            's.rest': left - sampled,
            'o.top': n(`SELECT count(*) FROM (${topSet})`),
            'o.fr': n(`SELECT count(*) FROM customers WHERE country = 'FR'`),
            'o.r': n(`SELECT count(*) FROM customers WHERE ${base} AND country <> 'FR' AND id NOT IN (${topSet})`)
        };
    },
    oracleDedupe: n => {
        const all = n('SELECT count(*) FROM customers');
        // NULLs form one group of their own; "" is a value like any other.
        const groups = (expr: string) => n(`SELECT count(DISTINCT ${expr}) + (SELECT count(*) > 0 FROM customers WHERE ${expr} IS NULL) FROM customers`);
        const byEmail = groups('email');
        return {
            everyone: all,
            byEmail,
            'byEmail.dups': all - byEmail,
            byLower: groups('lower(email)'),
            two: n('SELECT sum(min(2, c)) FROM (SELECT count(*) AS c FROM customers GROUP BY country, tier)'),
            keepAll: all,
            nonEmpty: byEmail,
            ordered: groups('lastName')
        };
    },
    oracleSets: n => {
        const fr = "country = 'FR'";
        const gold = "tier = 'gold'";
        const buyers = 'EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.amount > 100)';
        const shoes = `EXISTS (SELECT 1 FROM purchases p JOIN products x ON x.id = p.productId
            WHERE p.customerId = c.id AND x.category = 'shoes' AND p.quantity >= 2)`;
        const count = (where: string) => n(`SELECT count(*) FROM customers c WHERE ${where}`);
        const u = `(${fr} OR ${gold} OR ${buyers})`;
        const e = `${u} AND NOT (${gold}) AND NOT (${shoes})`;
        const frOrBuyers = count(`${fr} OR ${buyers}`);
        const both = count(`${fr} AND ${buyers}`);
        return {
            fr: count(fr),
            gold: count(gold),
            buyers: count(buyers),
            shoes: count(shoes),
            u: count(u),
            i: both,
            'i.notBoth': frOrBuyers - both,
            e: count(e),
            'e.removed': count(u) - count(e),
            en: count(e),
            stores: n(`SELECT count(DISTINCT storeId) FROM customers c WHERE ${e} AND storeId IN (SELECT id FROM stores)`),
            bigBuys: n('SELECT count(*) FROM purchases WHERE amount > 300'),
            frQuiet: count(`${fr} AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.amount > 300)`),
            bigBuyers: n('SELECT count(DISTINCT customerId) FROM purchases WHERE amount > 300'),
            wishersOnly: count(`(SELECT count(*) FROM wishlist_items w WHERE w.customerId = c.id) >= 3
                AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id)`),
            // Two-valued logic: storeId = 3 is false for NULL, so `not` keeps customers with no store.
            notStore3: count('storeId IS NULL OR storeId <> 3'),
            spenders: count("(SELECT sum(amount) FROM purchases p WHERE p.customerId = c.id) >= 500 AND country <> 'US'"),
            pattern: count("(substr(email, -12) = '@example.org' AND substr(firstName, 1, 1) = 'L') OR instr(lastName, 'er') > 0"),
            mailFr: count(`${fr} AND ${EMAILABLE}`),
            smsGold: count(`${gold} AND phone IS NOT NULL AND phone <> '' AND smsOptIn = 1`),
            pushBuyers: count(`${buyers} AND pushToken IS NOT NULL AND pushToken <> ''`)
        };
    },

    // The campaigns of examples/retail (their own workspace), where the result does not hang on a
    // previous run.
    pointsExpiry: n => {
        const holders = n(`SELECT count(*) FROM customers WHERE loyaltyPoints >= 1000 AND ${EMAILABLE}`);
        return { holders, expiring: holders };
    },
    serviceNotice: n => {
        // Transactional: consent is not asked, an address is.
        const everyone = n("SELECT count(*) FROM customers WHERE email IS NOT NULL AND email <> ''");
        return { everyone, notice: everyone };
    },
    loyaltyThanks: n => {
        const gold = "tier = 'gold' AND loyaltyPoints > 2000";
        return {
            gold: n(`SELECT count(*) FROM customers WHERE ${gold}`),
            'how.byEmail': n(`SELECT count(*) FROM customers WHERE ${gold}`),
            thanksMail: n(`SELECT count(*) FROM customers WHERE ${gold} AND ${EMAILABLE}`)
        };
    },
    flashSale: n => {
        const fans = `EXISTS (SELECT 1 FROM purchases p JOIN products x ON x.id = p.productId WHERE p.customerId = c.id AND x.category = 'shoes')`;
        return {
            shoeFans: n(`SELECT count(*) FROM customers c WHERE ${fans}`),
            flash: n(`SELECT count(*) FROM customers c WHERE ${fans} AND pushToken IS NOT NULL AND pushToken <> '' AND pushOptIn = 1`)
        };
    },
    stockWatch: n => {
        const watchers = `EXISTS (SELECT 1 FROM wishlist_items w JOIN products x ON x.id = w.productId WHERE w.customerId = c.id AND x.category = 'electronics')`;
        return {
            watchers: n(`SELECT count(*) FROM customers c WHERE ${watchers}`),
            // `per wishlist`: one message per wishlist item of each reachable watcher.
            lowStock: n(`SELECT count(*) FROM customers c JOIN wishlist_items w ON w.customerId = c.id WHERE ${watchers} AND c.email IS NOT NULL AND c.email <> '' AND c.emailOptIn = 1`)
        };
    },
    newsletter: n => {
        const subscribers = n(`SELECT count(*) FROM customers WHERE ${EMAILABLE}`);
        return { subscribers, withStore: subscribers, issue: subscribers };
    },
    payday: n => {
        const members = `loyaltyPoints > 0 AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= datetime('${NOW}', '-30 days'))`;
        return {
            members: n(`SELECT count(*) FROM customers c WHERE ${members}`),
            reminder: n(`SELECT count(*) FROM customers c WHERE ${members} AND pushToken IS NOT NULL AND pushToken <> '' AND pushOptIn = 1`)
        };
    },
    oracleSpring: n => {
        const candidates = `(((country = 'FR' OR country = 'DE') AND (SELECT sum(amount) FROM purchases p WHERE p.customerId = c.id) >= 200
            AND NOT (tier = 'bronze')) OR EXISTS (SELECT 1 FROM wishlist_items w WHERE w.customerId = c.id))`;
        const all = n(`SELECT count(*) FROM customers c WHERE ${candidates}`);
        // Nothing was saved under "vip-spring-2026" by a published run: the exclusion removes no one.
        // Dedupe keeps, per email (NULLs together), the most loyal customer, ties to the lower key.
        const kept = `SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY email ORDER BY loyaltyPoints DESC, id) AS rank
            FROM customers c WHERE ${candidates}) WHERE rank = 1`;
        const unique = n(`SELECT count(*) FROM (${kept})`);
        const vipSet = `SELECT id FROM (${kept}) WHERE tier = 'gold' ORDER BY loyaltyPoints DESC, id LIMIT 100`;
        const vip = n(`SELECT count(*) FROM (${vipSet})`);
        const fr = Math.floor(n(`SELECT count(*) FROM (${kept}) WHERE country = 'FR' AND id NOT IN (${vipSet})`) * 10 / 100);
        const reached = n(`SELECT count(*) FROM customers WHERE id IN (${vipSet}) AND ${EMAILABLE}`);
        return {
            candidates: all,
            fresh: all,
            'fresh.alreadyVip': 0,
            unique,
            'unique.sharedEmail': all - unique,
            'tiers.vip': vip,
            'tiers.fr': fr,
            'tiers.rest': unique - vip - fr,
            vipData: vip,
            vipList: vip,
            vipOffer: reached,
            later: reached,
            vipReminder: reached,
            [fr >= 50 ? 'route.viaEmail' : 'route.tooFew']: fr
        };
    },
    winback: n => {
        const lapsed = `EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= datetime('${NOW}', '-3650 days'))
            AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= datetime('${NOW}', '-180 days'))`;
        const all = n(`SELECT count(*) FROM customers c WHERE ${lapsed}`);
        return {
            lapsed: all,
            'both.byEmail': all,
            'both.byPush': all,
            comeBack: n(`SELECT count(*) FROM customers c WHERE ${lapsed} AND ${EMAILABLE}`),
            nudge: n(`SELECT count(*) FROM customers c WHERE ${lapsed} AND pushToken IS NOT NULL AND pushToken <> '' AND pushOptIn = 1`)
        };
    }
};

describe('oracle: runner counts equal hand-written SQL on another engine', () => {
    let dir: string;
    let dbFile: string;
    let oracle: Sqlite.Database;
    let db: RunnerDatabase;
    let own: Workspace;
    let examples: Workspace;

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-'));
        dbFile = path.join(dir, 'retail.sqlite');
        await writeSampleDatabase(dbFile, { customers: CUSTOMERS, seed: 2026 });
        fs.writeFileSync(path.join(dir, 'campaign.json'), '{}');
        fs.copyFileSync('examples/retail/schema.campaign', path.join(dir, 'schema.campaign'));
        fs.writeFileSync(path.join(dir, 'oracle.campaign'), ORACLE_CAMPAIGNS);
        fs.writeFileSync(path.join(dir, 'spring.campaign'), springVariant());
        own = await loadWorkspace([dir], { cwd: dir });
        examples = await loadWorkspace(['examples/retail'], { cwd: process.cwd() });
        oracle = new Sqlite(dbFile, { readonly: true });
        db = await openDatabase({ path: dbFile });
    });
    afterAll(() => {
        db?.close();
        oracle?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const count: Count = sql => {
        const row = oracle.prepare(sql).raw().get() as unknown[];
        return Number(row[0]);
    };

    test('the campaigns check without errors', () => {
        const errors = [...own.diagnostics, ...examples.diagnostics].filter(d => d.severity === 'error');
        expect(errors.map(d => `${d.path}:${d.line}: ${d.message}`)).toEqual([]);
    });

    test.each(Object.keys(ORACLES))('%s', async name => {
        const workspace = own.findCampaign(name) ? own : examples;
        const found = workspace.findCampaign(name);
        expect(found, `campaign ${name}`).toBeDefined();
        const result = await runCampaign(workspace.services.Campaign, found!.campaign, db, {
            mode: 'test', at: AT, previewLimit: 0, baseDir: path.dirname(workspace.pathOf(found!.document))
        });
        const expected = ORACLES[name](count);
        // Nothing that the oracle says is empty may be missing from the test either way.
        for (const value of Object.values(expected)) expect(value).toBeGreaterThanOrEqual(0);
        const actual = Object.fromEntries(Object.keys(expected).map(ref => [ref, result.counts[ref]]));
        if (process.env.ORACLE_PRINT) console.log(name, JSON.stringify(expected));
        expect(actual).toEqual(expected);
        // Each channel's exclusions account for every row it did not message.
        for (const [channel, reasons] of Object.entries(result.excluded)) {
            const excluded = Object.values(reasons).reduce((a, b) => a + b, 0);
            expect(excluded, channel).toBeGreaterThanOrEqual(0);
        }
    });

    test('the data gives the oracle something to disagree about', () => {
        // Guards against a vacuous pass: the generated data must make each campaign non-trivial.
        expect(count('SELECT count(*) FROM customers WHERE email IS NULL')).toBeGreaterThan(0);
        expect(count("SELECT count(*) FROM customers WHERE tier = 'gold' AND country IN ('FR', 'DE', 'ES')")).toBeGreaterThan(40);
        expect(count('SELECT count(*) FROM purchases WHERE amount > 300')).toBeGreaterThan(0);
        expect(count(`SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= datetime('${NOW}', '-30 days'))`)).toBeGreaterThan(0);
    });
});
