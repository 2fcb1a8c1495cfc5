// The semantic diff's rules, each on a small pair of versions written here: what is a change and
// what is not, renames along a chain, order that matters, and errors that stop a comparison.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareVersions } from '../../language/review/compare.js';
import { COMMENT_LIMIT, COMMENT_MARKER, formatDiffMarkdown } from '../../language/review/format-markdown.js';
import { tempProject } from '../temp-project.js';
import { campaign, diffFixture, REVIEW_FIXTURES } from './review-helpers.js';

const SCHEMA = `enum Tier { gold, silver }
entity Customer table "customers" {
  key id: int
  email: string? @email
  emailOptIn: bool @optin(email)
  country: string
  tier: Tier
  points: int
}
`;

/** Two versions of one file, each in a folder of its own (so they are two workspaces). */
function pair(before: string, after: string): string {
    return tempProject({ 'old/c.campaign': before, 'new/c.campaign': after }, 'campaign-diff-');
}

async function diff(before: string, after: string, ...options: string[]) {
    return campaign(pair(before, after), 'diff', ...options, 'old/c.campaign', 'new/c.campaign');
}

const chain = (a: string, b: string, c: string) => `${SCHEMA}
campaign c {
  audience ${a}: Customer where country = "FR"
  dedupe ${b} from ${a} by email
  wait ${c} from ${b} for 1 day
  email e from ${c} { subject "Hi"; body "Hello" }
}
`;

describe('what is not a change', () => {
    test('comments, line breaks, indentation, optional semicolons and option order', async () => {
        const before = `${SCHEMA}campaign c {\n  audience a: Customer where country = "FR" and points > 10\n  email e from a { subject "Hi"; body "Hello"; category marketing }\n}\n`;
        const after = `${SCHEMA}campaign c
{
    // the audience
    audience a: Customer
        where country="FR"   /* French */
          and points>10;
    email e from a {
        category marketing
        body "Hello"
        subject "Hi"
    }
}
`;
        const result = await diff(before, after);
        expect(result.out).toBe('no semantic changes\n');
        expect(result.code).toBe(0);
    });

    test('moving a campaign to another file of the same folder', async () => {
        const root = tempProject({
            'old/all.campaign': chain('a', 'b', 'w'),
            'new/schema.campaign': SCHEMA,
            'new/campaign.campaign': chain('a', 'b', 'w').replace(SCHEMA, '')
        }, 'campaign-diff-');
        const result = await campaign(root, 'diff', 'old', 'new');
        expect(result.err).toBe('');
        expect(result.out).toBe('no semantic changes\n');
        expect(result.code).toBe(0);
    });
});

describe('renames', () => {
    test('a chain renamed link by link is three renames and nothing else', async () => {
        const result = await diff(chain('a', 'b', 'w'), chain('fr', 'unique', 'later'));
        expect(result.out).toBe([
            '~ campaign c',
            '    renamed audience a → fr',
            '    renamed dedupe b → unique',
            '    renamed wait w → later',
            '1 campaign changed: 3 activities renamed',
            ''
        ].join('\n'));
        expect(result.code).toBe(1);
    });

    test('a rename with a changed option, found by its inputs, is a rename and a change', async () => {
        const after = chain('a', 'b', 'w').replace('wait w from b for 1 day', 'wait pause1 from b for 2 days').replace('from w {', 'from pause1 {');
        const result = await diff(chain('a', 'b', 'w'), after);
        expect(result.out).toBe([
            '~ campaign c',
            '    renamed wait w → pause1',
            '    ~ wait pause1 (was w)',
            '        ~ for: 1 day → 2 days',
            '1 campaign changed: 1 activity renamed, 1 changed',
            ''
        ].join('\n'));
    });

    test('a removed activity and an added one of another kind are not a rename', async () => {
        const after = chain('a', 'b', 'w').replace('dedupe b from a by email', 'union b2 from a').replace('from b for', 'from b2 for');
        const result = await diff(chain('a', 'b', 'w'), after);
        expect(result.out).toContain('    + union b2\n    - dedupe b\n');
        expect(result.out).toContain('    ~ wait w\n        ~ from: b → b2\n');
        expect(result.out).toContain('    + edge a → b2\n    + edge b2 → w\n    - edge a → b\n    - edge b → w\n');
    });
});

describe('order', () => {
    const split = (segments: string) => `${SCHEMA}campaign c {
  audience a: Customer
  split s from a { ${segments} }
  email e1 from s.gold { subject "1"; body "1" }
  email e2 from s.silver { subject "2"; body "2" }
}
`;
    test('swapping two segments changes who lands where: reported', async () => {
        const result = await diff(split('segment gold where tier = gold; segment silver where tier = silver'),
            split('segment silver where tier = silver; segment gold where tier = gold'));
        expect(result.out).toContain('    ~ split s\n        ~ order of segments: gold, silver → silver, gold\n');
        expect(result.code).toBe(1);
    });

    test('the order of statements in a campaign is not', async () => {
        const before = split('segment gold where tier = gold; segment silver where tier = silver');
        const lines = before.split('\n');
        const emails = lines.filter(l => l.includes('email e'));
        const after = lines.filter(l => !l.includes('email e')).join('\n').replace('campaign c {', `campaign c {\n${emails.reverse().join('\n')}`);
        const result = await diff(before, after);
        expect(result.out).toBe('no semantic changes\n');
    });
});

describe('campaigns and settings', () => {
    test('a campaign added, one removed, and settings changed', async () => {
        const before = `${SCHEMA}campaign keep { schedule daily at 09:00; var d = "10"; audience a: Customer }\ncampaign gone { audience a: Customer }\n`;
        const after = `${SCHEMA}campaign keep { schedule daily at 10:00; var d = "20"; seed 7; audience a: Customer }\ncampaign fresh { audience x: Customer }\n`;
        const result = await diff(before, after);
        expect(result.out).toBe([
            '~ campaign keep',
            '    ~ schedule: daily at 09:00 → daily at 10:00',
            '    ~ var d: "10" → "20"',
            '    + seed: 7',
            '+ campaign fresh',
            '    + audience x',
            '- campaign gone',
            '    - audience a',
            '1 campaign added; 1 campaign removed; 1 campaign changed',
            ''
        ].join('\n'));
    });
});

describe('errors: exit status 2', () => {
    test('a version that does not parse is named with its line and column', async () => {
        const result = await diff(chain('a', 'b', 'w'), chain('a', 'b', 'w').replace('for 1 day', 'for'));
        expect(result.code).toBe(2);
        expect(result.out).toBe('');
        expect(result.err).toMatch(/^campaign diff: cannot compare files with syntax errors:\n {2}new\/c\.campaign:\d+:\d+ /);
    });

    test('a missing file, a wrong number of paths, an unknown format', async () => {
        const missing = await campaign(REVIEW_FIXTURES, 'diff', 'rename/old/spring.campaign', 'rename/nope.campaign');
        expect(missing).toMatchObject({ code: 2, out: '' });
        expect(missing.err).toContain('no such file or folder: rename/nope.campaign');
        const one = await campaign(REVIEW_FIXTURES, 'diff', 'rename/old/spring.campaign');
        expect(one.code).toBe(2);
        expect(one.err).toContain('expected two paths');
        const format = await diffFixture('rename', '--format', 'yaml');
        expect(format.code).toBe(2);
        expect(format.err).toContain('--format must be text, markdown or json');
    });

    test('a database that does not exist', async () => {
        const result = await diffFixture('rename', '--db', 'nope.sqlite');
        expect(result.code).toBe(2);
        expect(result.err).toContain('no such database file: nope.sqlite');
    });
});

describe('removals in markdown', () => {
    test('a removed branch is drawn red and dashed, with its edge', async () => {
        // The new-branch pair backwards: the silver segment and its email go away.
        const result = await campaign(REVIEW_FIXTURES, 'diff', '--format', 'markdown', 'new-branch/new/spring.campaign', 'new-branch/old/spring.campaign');
        expect(result.code).toBe(1);
        expect(result.out).toContain('- removed email `silverOffer`\n');
        expect(result.out).toContain('  - removed `segment silverOnes where`: `tier = silver`\n');
        expect(result.out).toContain('- outputs removed: `tiers.silverOnes`\n');
        expect(result.out).toContain('- edges removed: `tiers.silverOnes` → `silverOffer`\n');
        const mermaid = result.out.slice(result.out.indexOf('```mermaid'), result.out.lastIndexOf('```'));
        expect(mermaid).toContain('    a_silverOffer["Email<br/><b>silverOffer</b>');
        expect(mermaid).toContain('    a_tiers -.->|"silverOnes"| a_silverOffer\n');
        // The removed edge comes after the four edges of the new version: index 4.
        expect(mermaid).toContain('    linkStyle 4 stroke:#cf222e,stroke-width:2px\n');
        expect(mermaid).toContain('    class a_silverOffer removed\n');
        expect(mermaid).toContain('    class a_tiers changed\n');
        // The removed node sits right after its old predecessor (vipOffer), not at the end.
        expect(mermaid.indexOf('a_silverOffer["')).toBeGreaterThan(mermaid.indexOf('a_vipOffer["'));
        expect(mermaid.indexOf('a_silverOffer["')).toBeLessThan(mermaid.indexOf('a_later["'));
    });
});

describe('a very large change in markdown', () => {
    test('fits in one GitHub comment: the graphs go first, then the list is cut with a note', async () => {
        const emails = Array.from({ length: 600 }, (_, i) => `  email offer${i} from a { subject "Offer number ${i} for our most loyal customers"; body "x" }`);
        const before = `${SCHEMA}campaign big {\n  audience a: Customer\n}\n`;
        const after = `${SCHEMA}campaign big {\n  audience a: Customer\n${emails.join('\n')}\n}\n`;
        const root = pair(before, after);
        const full = await campaign(root, 'diff', '--format', 'markdown', 'old/c.campaign', 'new/c.campaign');
        expect(full.code).toBe(1);
        expect(full.out.length).toBeLessThanOrEqual(COMMENT_LIMIT);
        expect(full.out).toContain('_The graphs are left out: the comment would be too long._');
        expect(full.out).not.toContain('```mermaid');
        expect(full.out).toContain('- added email `offer599`\n');

        const { diff } = await compareVersions(
            [{ label: 'old', path: join(root, 'old/c.campaign'), text: before }],
            [{ label: 'new', path: join(root, 'new/c.campaign'), text: after }]);
        const cut = formatDiffMarkdown(diff, new Map(), 4000);
        expect(cut.length).toBeLessThanOrEqual(4000);
        expect(cut.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
        expect(cut.endsWith('_… cut here: the diff is too long for one comment. Run `campaign diff` locally for all of it._\n')).toBe(true);
    });
});
