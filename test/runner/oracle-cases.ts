import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWorkspace, type Workspace } from '../../language/cli/workspace.js';
import type { RunnerEngine } from '../../language/runner/engines/engine.js';
import { runCampaign, type RunnerDatabase } from '../../language/runner/index.js';
import { writeSampleDatabase } from '../../language/sample-data/index.js';

/**
 * The oracle's campaigns and its hand-written SQL (language.md read directly, not the compiler),
 * shared by the oracle on better-sqlite3 (test/runner/oracle.test.ts) and the same oracle on
 * PostgreSQL (test/runner-pg/oracle-postgres.test.ts). The SQL is one text for both engines but
 * for the three helpers of `OracleSql`; on PostgreSQL it reads views that give the tables
 * lower-case column names (unquoted identifiers fold to lower case) and booleans as 0/1.
 */

export const AT = new Date('2026-03-15T09:00:00Z');
/** `now()` of the runs, as stored date-times are written. */
export const NOW = '2026-03-15 09:00:00';
export const CUSTOMERS = 3000;

/** Campaigns that exercise split, dedupe, union, intersect, exclude, enrich, change and channels. */
export const ORACLE_CAMPAIGNS = `
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
export function springVariant(): string {
    return fs.readFileSync('examples/retail/spring-sale.campaign', 'utf8')
        .replace('campaign springSale', 'campaign oracleSpring')
        .replace(/body file "[^"]*"/, 'body "An offer for you, {{firstName}}"')
        .replace(/ signal loyaltyThanks with [^\n]*/, '');
}

/** The first column of the first row of a hand-written query, as a number. */
export type Count = (sql: string) => Promise<number>;

/**
 * The few things the hand-written SQL says differently on each engine; everything else is the same
 * text. Written from the engines' manuals, not from the runner's dialects.
 */
export interface OracleSql {
    /** \`now()\` minus some days, as stored date-times are written ('YYYY-MM-DD HH:MM:SS'). */
    daysBefore(days: number): string;
    /** Case-sensitive: b occurs in a. */
    contains(a: string, b: string): string;
    /** Case-sensitive: a ends with the literal suffix. */
    endsWith(a: string, suffix: string): string;
}

export const SQLITE_ORACLE_SQL: OracleSql = {
    daysBefore: days => `datetime('${NOW}', '-${days} days')`,
    contains: (a, b) => `instr(${a}, '${b}') > 0`,
    endsWith: (a, suffix) => `substr(${a}, -${suffix.length}) = '${suffix}'`
};

export const POSTGRES_ORACLE_SQL: OracleSql = {
    daysBefore: days => `to_char(timestamp '${NOW}' - interval '${days} days', 'YYYY-MM-DD HH24:MI:SS')`,
    contains: (a, b) => `strpos(${a}, '${b}') > 0`,
    endsWith: (a, suffix) => `right(${a}, ${suffix.length}) = '${suffix}'`
};

/** Rows that the email channel may send marketing to, as language.md §2 and §5 define them. */
export const EMAILABLE = "email IS NOT NULL AND email <> '' AND emailOptIn = 1";

/** The expected counts of each campaign, by output reference: independent SQL only. */
export const ORACLES: Record<string, (n: Count, sql: OracleSql) => Promise<Record<string, number>>> = {
    oracleSplit: async n => {
        const base = "country IN ('FR', 'DE', 'ES')";
        const B = await n(`SELECT count(*) FROM customers WHERE ${base}`);
        const goldSet = `SELECT id FROM customers WHERE ${base} AND tier = 'gold' ORDER BY loyaltyPoints DESC, id LIMIT 40`;
        const gold = await n(`SELECT count(*) FROM (${goldSet}) AS q`);
        const youngMatching = await n(`SELECT count(*) FROM customers WHERE ${base} AND id NOT IN (${goldSet}) AND birthDate >= '1990-01-01'`);
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
            'o.top': await n(`SELECT count(*) FROM (${topSet}) AS q`),
            'o.fr': await n(`SELECT count(*) FROM customers WHERE country = 'FR'`),
            'o.r': await n(`SELECT count(*) FROM customers WHERE ${base} AND country <> 'FR' AND id NOT IN (${topSet})`)
        };
    },
    oracleDedupe: async n => {
        const all = await n('SELECT count(*) FROM customers');
        // NULLs form one group of their own; "" is a value like any other.
        const groups = (expr: string) => n(`SELECT count(DISTINCT ${expr}) + (SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM customers WHERE ${expr} IS NULL) FROM customers`);
        const byEmail = await groups('email');
        return {
            everyone: all,
            byEmail,
            'byEmail.dups': all - byEmail,
            byLower: await groups('lower(email)'),
            two: await n('SELECT sum(CASE WHEN c < 2 THEN c ELSE 2 END) FROM (SELECT count(*) AS c FROM customers GROUP BY country, tier) AS q'),
            keepAll: all,
            nonEmpty: byEmail,
            ordered: await groups('lastName')
        };
    },
    oracleSets: async (n, sql) => {
        const fr = "country = 'FR'";
        const gold = "tier = 'gold'";
        const buyers = 'EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.amount > 100)';
        const shoes = `EXISTS (SELECT 1 FROM purchases p JOIN products x ON x.id = p.productId
            WHERE p.customerId = c.id AND x.category = 'shoes' AND p.quantity >= 2)`;
        const count = (where: string) => n(`SELECT count(*) FROM customers c WHERE ${where}`);
        const u = `(${fr} OR ${gold} OR ${buyers})`;
        const e = `${u} AND NOT (${gold}) AND NOT (${shoes})`;
        const frOrBuyers = await count(`${fr} OR ${buyers}`);
        const both = await count(`${fr} AND ${buyers}`);
        return {
            fr: await count(fr),
            gold: await count(gold),
            buyers: await count(buyers),
            shoes: await count(shoes),
            u: await count(u),
            i: both,
            'i.notBoth': frOrBuyers - both,
            e: await count(e),
            'e.removed': await count(u) - await count(e),
            en: await count(e),
            stores: await n(`SELECT count(DISTINCT storeId) FROM customers c WHERE ${e} AND storeId IN (SELECT id FROM stores)`),
            bigBuys: await n('SELECT count(*) FROM purchases WHERE amount > 300'),
            frQuiet: await count(`${fr} AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.amount > 300)`),
            bigBuyers: await n('SELECT count(DISTINCT customerId) FROM purchases WHERE amount > 300'),
            wishersOnly: await count(`(SELECT count(*) FROM wishlist_items w WHERE w.customerId = c.id) >= 3
                AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id)`),
            // Two-valued logic: storeId = 3 is false for NULL, so `not` keeps customers with no store.
            notStore3: await count('storeId IS NULL OR storeId <> 3'),
            spenders: await count("(SELECT sum(amount) FROM purchases p WHERE p.customerId = c.id) >= 500 AND country <> 'US'"),
            pattern: await count(`(${sql.endsWith('email', '@example.org')} AND substr(firstName, 1, 1) = 'L') OR ${sql.contains('lastName', 'er')}`),
            mailFr: await count(`${fr} AND ${EMAILABLE}`),
            smsGold: await count(`${gold} AND phone IS NOT NULL AND phone <> '' AND smsOptIn = 1`),
            pushBuyers: await count(`${buyers} AND pushToken IS NOT NULL AND pushToken <> ''`)
        };
    },

    // The campaigns of examples/retail (their own workspace), where the result does not hang on a
    // previous run.
    pointsExpiry: async n => {
        const holders = await n(`SELECT count(*) FROM customers WHERE loyaltyPoints >= 1000 AND ${EMAILABLE}`);
        return { holders, expiring: holders };
    },
    serviceNotice: async n => {
        // Transactional: consent is not asked, an address is.
        const everyone = await n("SELECT count(*) FROM customers WHERE email IS NOT NULL AND email <> ''");
        return { everyone, notice: everyone };
    },
    loyaltyThanks: async n => {
        const gold = "tier = 'gold' AND loyaltyPoints > 2000";
        return {
            gold: await n(`SELECT count(*) FROM customers WHERE ${gold}`),
            'how.byEmail': await n(`SELECT count(*) FROM customers WHERE ${gold}`),
            thanksMail: await n(`SELECT count(*) FROM customers WHERE ${gold} AND ${EMAILABLE}`)
        };
    },
    flashSale: async n => {
        const fans = `EXISTS (SELECT 1 FROM purchases p JOIN products x ON x.id = p.productId WHERE p.customerId = c.id AND x.category = 'shoes')`;
        return {
            shoeFans: await n(`SELECT count(*) FROM customers c WHERE ${fans}`),
            flash: await n(`SELECT count(*) FROM customers c WHERE ${fans} AND pushToken IS NOT NULL AND pushToken <> '' AND pushOptIn = 1`)
        };
    },
    stockWatch: async n => {
        const watchers = `EXISTS (SELECT 1 FROM wishlist_items w JOIN products x ON x.id = w.productId WHERE w.customerId = c.id AND x.category = 'electronics')`;
        return {
            watchers: await n(`SELECT count(*) FROM customers c WHERE ${watchers}`),
            // `per wishlist`: one message per wishlist item of each reachable watcher.
            lowStock: await n(`SELECT count(*) FROM customers c JOIN wishlist_items w ON w.customerId = c.id WHERE ${watchers} AND c.email IS NOT NULL AND c.email <> '' AND c.emailOptIn = 1`)
        };
    },
    newsletter: async n => {
        const subscribers = await n(`SELECT count(*) FROM customers WHERE ${EMAILABLE}`);
        return { subscribers, withStore: subscribers, issue: subscribers };
    },
    payday: async (n, sql) => {
        const members = `loyaltyPoints > 0 AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= ${sql.daysBefore(30)})`;
        return {
            members: await n(`SELECT count(*) FROM customers c WHERE ${members}`),
            reminder: await n(`SELECT count(*) FROM customers c WHERE ${members} AND pushToken IS NOT NULL AND pushToken <> '' AND pushOptIn = 1`)
        };
    },
    oracleSpring: async n => {
        const candidates = `(((country = 'FR' OR country = 'DE') AND (SELECT sum(amount) FROM purchases p WHERE p.customerId = c.id) >= 200
            AND NOT (tier = 'bronze')) OR EXISTS (SELECT 1 FROM wishlist_items w WHERE w.customerId = c.id))`;
        const all = await n(`SELECT count(*) FROM customers c WHERE ${candidates}`);
        // Nothing was saved under "vip-spring-2026" by a published run: the exclusion removes no one.
        // Dedupe keeps, per email (NULLs together), the most loyal customer, ties to the lower key.
        const kept = `SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY email ORDER BY loyaltyPoints DESC, id) AS rank
            FROM customers c WHERE ${candidates}) AS ranked WHERE rank = 1`;
        const unique = await n(`SELECT count(*) FROM (${kept}) AS q`);
        const vipSet = `SELECT id FROM (${kept}) AS k WHERE tier = 'gold' ORDER BY loyaltyPoints DESC, id LIMIT 100`;
        const vip = await n(`SELECT count(*) FROM (${vipSet}) AS q`);
        const fr = Math.floor(await n(`SELECT count(*) FROM (${kept}) AS q WHERE country = 'FR' AND id NOT IN (${vipSet})`) * 10 / 100);
        const reached = await n(`SELECT count(*) FROM customers WHERE id IN (${vipSet}) AND ${EMAILABLE}`);
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
    winback: async (n, sql) => {
        const lapsed = `EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= ${sql.daysBefore(3650)})
            AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= ${sql.daysBefore(180)})`;
        const all = await n(`SELECT count(*) FROM customers c WHERE ${lapsed}`);
        return {
            lapsed: all,
            'both.byEmail': all,
            'both.byPush': all,
            comeBack: await n(`SELECT count(*) FROM customers c WHERE ${lapsed} AND ${EMAILABLE}`),
            nudge: await n(`SELECT count(*) FROM customers c WHERE ${lapsed} AND pushToken IS NOT NULL AND pushToken <> '' AND pushOptIn = 1`)
        };
    }
};

/** The oracle's workspace: its generated data, its own campaigns, and the retail examples. */
export interface OracleWorkspace {
    readonly dir: string;
    readonly dbFile: string;
    readonly own: Workspace;
    readonly examples: Workspace;
}

/**
 * Writes the oracle's data (CUSTOMERS customers, seed 2026) into a new temporary folder beside
 * the retail schema, the oracle's campaigns and the spring variant, and loads that workspace and
 * the retail examples: both oracles read exactly the same data and campaigns.
 */
export async function oracleWorkspace(prefix: string): Promise<OracleWorkspace> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const dbFile = path.join(dir, 'retail.sqlite');
    await writeSampleDatabase(dbFile, { customers: CUSTOMERS, seed: 2026 });
    fs.writeFileSync(path.join(dir, 'campaign.json'), '{}');
    fs.copyFileSync('examples/retail/schema.campaign', path.join(dir, 'schema.campaign'));
    fs.writeFileSync(path.join(dir, 'oracle.campaign'), ORACLE_CAMPAIGNS);
    fs.writeFileSync(path.join(dir, 'spring.campaign'), springVariant());
    const own = await loadWorkspace([dir], { cwd: dir });
    const examples = await loadWorkspace(['examples/retail'], { cwd: process.cwd() });
    return { dir, dbFile, own, examples };
}

/**
 * Runs the campaign `name` (an oracle campaign or a retail example) in test mode on `db`, and
 * returns the oracle's expected counts beside the runner's counts of the same references.
 */
export async function oracleRun(workspaces: OracleWorkspace, name: string, db: RunnerDatabase | RunnerEngine, count: Count, sql: OracleSql) {
    const workspace = workspaces.own.findCampaign(name) ? workspaces.own : workspaces.examples;
    const found = workspace.findCampaign(name);
    if (!found) throw new Error(`campaign ${name} is in neither workspace`);
    const result = await runCampaign(workspace.services.Campaign, found.campaign, db, {
        mode: 'test', at: AT, previewLimit: 0, baseDir: path.dirname(workspace.pathOf(found.document))
    });
    const expected = await ORACLES[name](count, sql);
    const actual = Object.fromEntries(Object.keys(expected).map(ref => [ref, result.counts[ref]]));
    return { result, expected, actual };
}
