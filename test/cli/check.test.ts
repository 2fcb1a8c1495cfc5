import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { distBundle } from '../dist-bundle.js';
import { campaign, tempProject } from './cli-helpers.js';

const SCHEMA = 'enum Tier { gold, silver }\nentity Customer table "customers" {\n  key id: int\n  tier: Tier\n}\n';

describe('campaign check', () => {
    test('a clean workspace passes with exit code 0', async () => {
        const root = tempProject({ 'schema.campaign': SCHEMA });
        const result = await campaign(root, 'check');
        expect(result.out).toBe('');
        expect(result.err).toContain('1 file checked: 0 errors');
        expect(result.code).toBe(0);
    });

    test('diagnostics print as path:line:col severity message [code], relative to cwd, exit 1', async () => {
        const root = tempProject({ 'a/schema.campaign': SCHEMA, 'a/broken.campaign': 'entity Broken {\n  key id: int\n  name string\n}\n' });
        const result = await campaign(root, 'check', 'a');
        expect(result.code).toBe(1);
        const lines = result.out.trim().split('\n');
        expect(lines.length).toBeGreaterThan(0);
        // The missing ':' is found on line 3 (1-based), after `name`.
        expect(lines[0]).toMatch(/^a\/broken\.campaign:3:\d+ error .+ \[parsing-error\]$/);
        expect(result.out).not.toContain('schema.campaign');
    });

    test('--format json gives the same diagnostics as data', async () => {
        const root = tempProject({ 'broken.campaign': 'entity E {\n  key id: int\n  x: \n}\n' });
        const result = await campaign(root, 'check', '--format', 'json');
        expect(result.code).toBe(1);
        const diagnostics = JSON.parse(result.out) as Array<Record<string, unknown>>;
        expect(diagnostics.length).toBeGreaterThan(0);
        expect(diagnostics[0]).toMatchObject({ path: 'broken.campaign', severity: 'error', code: 'parsing-error' });
        expect(diagnostics[0].line).toBe(4);
        expect(typeof diagnostics[0].column).toBe('number');
    });

    test('a file argument is checked with the rest of its folder, but only its own diagnostics print', async () => {
        const root = tempProject({
            'schema.campaign': SCHEMA,
            'other.campaign': 'entity Other { key id: int x: }',
            'use.campaign': 'filter golden on Customer where tier = gold\n'
        });
        const result = await campaign(root, 'check', 'use.campaign');
        expect(result.out).not.toContain('other.campaign');
        // `Customer` resolves only because schema.campaign was loaded with it.
        expect(result.out).not.toContain('Customer');
        expect(result.err).toContain('1 file checked');
    });

    test('text that is not a campaign at all is reported, not a crash', async () => {
        const root = tempProject({ 'noise.campaign': '\u0000\u0001 }}}{{ "unterminated\n@@@ 1990-1-1 ;;; \ufeff' });
        const result = await campaign(root, 'check');
        expect(result.code).toBe(1);
        expect(result.out).toMatch(/^noise\.campaign:\d+:\d+ error /m);
    });

    test('text nested deeper than the parser can go is a located error, and the rest is still checked', async () => {
        const deep = `campaign deep {\n  audience a: Customer where ${'('.repeat(3000)}tier = gold${')'.repeat(3000)}\n}\n`;
        const root = tempProject({ 'schema.campaign': SCHEMA, 'deep.campaign': deep, 'other.campaign': 'entity Other {\n  key id: int\n  x\n}\n' });
        const result = await campaign(root, 'check');
        expect(result.code).toBe(1);
        expect(result.out).toMatch(/^deep\.campaign:2:\d+ error The expression nests more than 64 levels deep .*the rest of the file was not read\. \[parsing-error\]$/m);
        expect(result.out).not.toMatch(/end of the file/);
        expect(result.out).toMatch(/^other\.campaign:4:1 error /m);
    });

    test('usage errors exit 2 with the usage', async () => {
        const root = tempProject({});
        expect((await campaign(root, 'check', 'missing.campaign')).err).toContain('no such file or folder: missing.campaign');
        const bad = await campaign(root, 'check', '--format', 'xml');
        expect(bad.code).toBe(2);
        expect(bad.err).toContain('campaign check [options]');
        expect((await campaign(root, 'check', '--nope')).code).toBe(2);
    });
});

describe('campaign (the entry)', () => {
    test('help lists every command; help <command> shows its usage', async () => {
        const root = tempProject({});
        const help = await campaign(root, 'help');
        expect(help.code).toBe(0);
        for (const name of ['check', 'fmt', 'schema', 'help']) expect(help.out).toMatch(new RegExp(`^  ${name} `, 'm'));
        const one = await campaign(root, 'help', 'fmt');
        expect(one.out).toContain('campaign fmt [--check] [paths…]');
        expect((await campaign(root, 'check', '--help')).out).toContain('--format text|json');
    });

    test('an unknown command is exit code 2 with the list of commands', async () => {
        const result = await campaign(tempProject({}), 'frobnicate');
        expect(result.code).toBe(2);
        expect(result.err).toContain("unknown command 'frobnicate'");
        expect(result.err).toContain('Commands:');
    });
});

describe('dist/cli.cjs, the bundled bin', () => {
    let bin: string;

    beforeAll(() => {
        bin = distBundle('cli.cjs');
    });

    test('starts with a shebang and runs check as a separate process', () => {
        expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
        const root = tempProject({ 'schema.campaign': SCHEMA, 'bad.campaign': 'campaign c {\n  audience a: Customer where\n}\n' });
        const result = spawnSync(process.execPath, [bin, 'check', '.'], { cwd: root, encoding: 'utf8' });
        expect(result.status).toBe(1);
        expect(result.stdout).toMatch(/^bad\.campaign:3:1 error /m);
        const help = spawnSync(process.execPath, [bin, 'help'], { encoding: 'utf8' });
        expect(help.status).toBe(0);
        expect(help.stdout).toContain('Commands:');
    });
});
