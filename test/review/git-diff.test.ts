// `campaign diff --git <rev> [paths…]` in-process on temporary repositories: the old side comes
// from `git show rev:path`, the new side from the working tree.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempProject, writeFiles } from '../temp-project.js';
import { campaign, fixtureSchema, fixtureText, git } from './review-helpers.js';

/** A repository with one commit of `files`. */
function repository(files: Record<string, string>): string {
    const root = tempProject(files, 'campaign-git-');
    git(root, 'init', '--quiet', '--initial-branch=main');
    git(root, 'add', '.');
    git(root, 'commit', '--quiet', '-m', 'base');
    return root;
}

describe('diff --git', () => {
    test('uncommitted working-tree changes against HEAD', async () => {
        const root = repository({ 'campaigns/spring.campaign': fixtureText('new-branch', 'old') });
        writeFiles(root, { 'campaigns/spring.campaign': fixtureText('new-branch', 'new') });
        const result = await campaign(root, 'diff', '--git', 'HEAD');
        expect(result.err).toBe('');
        expect(result.code).toBe(1);
        expect(result.out).toContain('    + email silverOffer\n');
        expect(result.out).toContain('    + edge tiers.silverOnes → silverOffer\n');
    });

    test('a committed branch against main; no changes means exit 0', async () => {
        const root = repository({ 'spring.campaign': fixtureText('reorder-reformat', 'old') });
        git(root, 'checkout', '--quiet', '-b', 'feature');
        writeFiles(root, { 'spring.campaign': fixtureText('reorder-reformat', 'new') });
        git(root, 'commit', '--quiet', '-am', 'reformat');
        const result = await campaign(root, 'diff', '--git', 'main');
        expect(result).toEqual({ code: 0, out: 'no semantic changes\n', err: '' });
    });

    test('a file deleted and one added: their campaigns are removed and added', async () => {
        const root = repository({
            'schema.campaign': 'entity Customer table "customers" { key id: int }\n',
            'old.campaign': 'campaign winter { audience all: Customer }\n'
        });
        rmSync(join(root, 'old.campaign'));
        writeFiles(root, { 'new.campaign': 'campaign summer { audience all: Customer }\n' });
        const result = await campaign(root, 'diff', '--git', 'HEAD');
        expect(result.out).toBe([
            '+ campaign summer',
            '    + audience all',
            '- campaign winter',
            '    - audience all',
            '1 campaign added; 1 campaign removed',
            ''
        ].join('\n'));
        expect(result.code).toBe(1);
    });

    test('paths narrow the comparison, relative to the working folder inside the repository', async () => {
        const root = repository({
            'a/spring.campaign': fixtureText('rename', 'old'),
            'b/spring.campaign': fixtureText('option-change', 'old').replace('campaign spring', 'campaign other')
        });
        writeFiles(root, {
            'a/spring.campaign': fixtureText('rename', 'new'),
            'b/spring.campaign': fixtureText('option-change', 'new').replace('campaign spring', 'campaign other')
        });
        const onlyA = await campaign(join(root, 'a'), 'diff', '--git', 'HEAD', '.');
        expect(onlyA.out).toContain('renamed audience loyal → loyalCustomers');
        expect(onlyA.out).not.toContain('campaign other');
        const onlyB = await campaign(root, 'diff', '--git', 'HEAD', 'b/spring.campaign');
        expect(onlyB.out).toContain('~ campaign other\n');
        expect(onlyB.out).not.toContain('loyalCustomers');
        // The labels of the old side name the revision (seen in errors).
        writeFiles(root, { 'b/spring.campaign': 'campaign other {' });
        const broken = await campaign(root, 'diff', '--git', 'HEAD', 'b');
        expect(broken.code).toBe(2);
        expect(broken.err).toMatch(/^campaign diff: cannot compare files with syntax errors:\n {2}b\/spring\.campaign:\d+:\d+ /);
    });

    test('an unknown revision, a folder outside git, and no campaign files at all: exit 2 with the reason', async () => {
        const root = repository({ 'README.md': 'nothing\n' });
        const unknown = await campaign(root, 'diff', '--git', 'origin/nope');
        expect(unknown.code).toBe(2);
        expect(unknown.err).toContain("unknown revision 'origin/nope'");
        const none = await campaign(root, 'diff', '--git', 'HEAD');
        expect(none.code).toBe(2);
        expect(none.err).toContain('no .campaign files under the current folder');
        const outside = tempProject({}, 'campaign-nogit-');
        const noRepo = await campaign(outside, 'diff', '--git', 'HEAD');
        expect(noRepo.code).toBe(2);
        expect(noRepo.err).toMatch(/campaign diff: git rev-parse --show-toplevel: .*not a git repository/i);
        const option = await campaign(root, 'diff', '--git', '--output=x');
        expect(option.code).toBe(2);
    });

    test('each project is compared on its own: same names in two projects, nested projects with campaign.json', async () => {
        const renameOld = fixtureText('rename', 'old');
        const schema = fixtureSchema();
        const campaignOnly = renameOld.slice(renameOld.indexOf('campaign spring'));
        const root = repository({
            'a/spring.campaign': renameOld,
            'proj/campaign.json': '{}\n',
            'proj/schema.campaign': schema,
            'proj/flows/spring.campaign': campaignOnly,
            'quiet/spring.campaign': renameOld
        });
        writeFiles(root, {
            'a/spring.campaign': fixtureText('rename', 'new'),
            'proj/flows/spring.campaign': campaignOnly.replace('limit 100', 'limit 50')
        });
        const result = await campaign(root, 'diff', '--git', 'HEAD');
        expect(result.err).toBe('');
        expect(result.out).toBe([
            '~ campaign spring in a',
            '    renamed audience loyal → loyalCustomers',
            '~ campaign spring in proj',
            '    ~ split tiers',
            '        ~ segment vip limit: 100 → 50',
            '2 campaigns changed: 1 activity renamed, 1 changed',
            ''
        ].join('\n'));
    });
});
