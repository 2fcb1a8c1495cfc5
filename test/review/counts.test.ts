// `--db`: a test run of each version on a real SQLite file (sql.js), counts on the edges of the
// rendered graph and before/after in the diff. The data is small and written here so that every
// expected count can be worked out by hand from the fixture files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempProject } from '../temp-project.js';
import { campaign, fixtureSchema, REVIEW_FIXTURES } from './review-helpers.js';

// id, email, emailOptIn, firstName, country, tier, loyaltyPoints
const CUSTOMERS: Array<[number, string | null, number, string, string, string, number]> = [
    [1, 'a@x.fr', 1, 'Ana', 'FR', 'gold', 50],
    [2, 'b@x.fr', 1, 'Bea', 'FR', 'gold', 40],
    [3, 'c@x.de', 1, 'Carl', 'DE', 'silver', 30],
    [4, 'd@x.de', 0, 'Dirk', 'DE', 'bronze', 20],
    [5, 'e@x.be', 1, 'Eva', 'BE', 'gold', 10],
    [6, 'f@x.be', 1, 'Fien', 'BE', 'silver', 5],
    [7, 'g@x.us', 1, 'Gus', 'US', 'gold', 90],
    [8, null, 1, 'Hugo', 'FR', 'bronze', 15],
    [9, 'i@x.de', 1, 'Ida', 'DE', 'gold', 70],
    [10, 'j@x.it', 1, 'Jo', 'IT', 'silver', 60]
];

let database = '';
beforeAll(async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run('CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, emailOptIn INTEGER NOT NULL, firstName TEXT NOT NULL, country TEXT NOT NULL, tier TEXT NOT NULL, loyaltyPoints INTEGER NOT NULL)');
    for (const row of CUSTOMERS) db.run('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)', row);
    database = join(mkdtempSync(join(tmpdir(), 'campaign-counts-')), 'retail.sqlite');
    writeFileSync(database, db.export());
    db.close();
});

describe('render --db', () => {
    test('the count of each transition is on its edge', async () => {
        const result = await campaign(REVIEW_FIXTURES, 'render', '--format', 'mermaid', '--db', database, 'rename/old/spring.campaign');
        expect(result.err).toBe('');
        expect(result.code).toBe(0);
        // loyal = FR or DE: 1, 2, 3, 4, 8, 9. vip = the gold ones: 1, 2, 9. rest: 3, 4, 8. later reads rest.
        expect(result.out).toContain('    a_loyal -->|"6"| a_tiers\n');
        expect(result.out).toContain('    a_tiers -->|"vip · 3"| a_vipOffer\n');
        expect(result.out).toContain('    a_tiers -.->|"rest · 3"| a_later\n');
        expect(result.out).toContain('    a_later -->|"3"| a_reminder\n');
    });

    test('the SVG shows the same counts', async () => {
        const result = await campaign(REVIEW_FIXTURES, 'render', '--format', 'svg', '--db', database, 'rename/old/spring.campaign');
        expect(result.code).toBe(0);
        expect(result.out).toContain('>vip · 3</text>');
        expect(result.out).toContain('>rest · 3</text>');
    });
});

describe('render --db, an empty transition', () => {
    test('is dimmed, as in the visual editor', async () => {
        const root = tempProject({ 'c.campaign': `${fixtureSchema()}
campaign nobody {
  audience none: Customer where country = "XX" { keepEmpty }
  audience fr: Customer where country = "FR"
  union u from none, fr
}
` }, 'campaign-counts-');
        const result = await campaign(root, 'render', '--db', database, 'c.campaign');
        expect(result.err).toBe('');
        const edge = (ref: string) => result.out.split('\n').find(l => l.startsWith(`<g class="edge" data-ref="${ref}"`))!;
        expect(edge('none')).toContain('data-empty="true"');
        expect(edge('none')).toContain('opacity="0.35"');
        expect(edge('fr')).not.toContain('opacity');
        expect(result.out).toContain('>0</text>');
        expect(result.out).toContain('>3</text>');
    });
});

describe('diff --db', () => {
    test('every transition before and after, with the change', async () => {
        const result = await campaign(REVIEW_FIXTURES, 'diff', '--db', database, 'option-change/old/spring.campaign', 'option-change/new/spring.campaign');
        expect(result.err).toBe('');
        expect(result.code).toBe(1);
        const counts = result.out.slice(result.out.indexOf('    counts'));
        // New: loyal adds BE (5, 6) → 8; vip = gold 1, 2, 5, 9 → 4 (limit 250); rest 3, 4, 6, 8 → 4.
        // vipOffer mails the gold ones with an address and consent: 3 before, 4 after.
        // `later` now has `pause`: the test run stops before it, so it and reminder have no count after.
        expect(counts).toBe([
            '    counts (test run, before → after)',
            '        loyal: 6 → 8 (+2)',
            '        tiers.vip: 3 → 4 (+1)',
            '        tiers.rest: 3 → 4 (+1)',
            '        vipOffer: 3 → 4 (+1)',
            '        later: 3 → —',
            '        reminder: 1 → —',
            '1 campaign changed: 4 activities changed',
            ''
        ].join('\n'));
    });

    test('counts of a renamed activity line up under its new name; markdown and json carry them', async () => {
        const markdown = await campaign(REVIEW_FIXTURES, 'diff', '--format', 'markdown', '--db', database, 'rename/old/spring.campaign', 'rename/new/spring.campaign');
        expect(markdown.code).toBe(1);
        expect(markdown.out).toContain('| transition | before | after | change |\n| --- | ---: | ---: | ---: |\n| `loyalCustomers` | 6 | 6 |  |\n');
        const json = await campaign(REVIEW_FIXTURES, 'diff', '--format', 'json', '--db', database, 'rename/old/spring.campaign', 'rename/new/spring.campaign');
        const counts = JSON.parse(json.out).campaigns[0].counts as Array<{ ref: string; old?: number; new?: number }>;
        expect(counts.find(c => c.ref === 'loyalCustomers')).toEqual({ ref: 'loyalCustomers', old: 6, new: 6 });
        expect(counts.find(c => c.ref === 'loyal')).toBeUndefined();
    });

    test('a filter change moves the counts of a campaign whose text did not change: listed with its counts', async () => {
        const version = (filter: string) => `${fixtureSchema()}filter french on Customer where ${filter}\n`
            + 'campaign steady {\n  audience a: Customer where french()\n  email e from a { subject "Hi"; body "Hello" }\n}\n';
        const root = tempProject({ 'old/c.campaign': version('country = "FR"'), 'new/c.campaign': version('country = "FR" or country = "BE"') }, 'campaign-counts-');
        const result = await campaign(root, 'diff', '--db', database, 'old', 'new');
        expect(result.err).toBe('');
        expect(result.code).toBe(1);
        // FR: 1, 2, 8 (8 has no address) → 3 rows, 2 mails; with BE (5, 6): 5 rows, 4 mails.
        expect(result.out).toBe([
            'schema',
            '  ~ filter french',
            '      ~ where: country = "FR" → country = "FR" or country = "BE"',
            '= campaign steady (text unchanged)',
            '    counts (test run, before → after)',
            '        a: 3 → 5 (+2)',
            '        e: 2 → 4 (+2)',
            'schema: 1 filter changed; counts moved in 1 unchanged campaign',
            ''
        ].join('\n'));
        // Without --db there is nothing to say about the campaign.
        const plain = await campaign(root, 'diff', 'old', 'new');
        expect(plain.out).not.toContain('steady');
    });
});
