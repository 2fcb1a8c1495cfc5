import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { campaign, tempProject } from './cli-helpers.js';

const MESSY = 'entity   Customer table "customers"{key id:int\n      country : string ;}\n';

describe('campaign fmt', () => {
    test('--check lists unformatted files and exits 1 without writing', async () => {
        const root = tempProject({ 'a.campaign': MESSY });
        const result = await campaign(root, 'fmt', '--check');
        expect(result.code).toBe(1);
        expect(result.out).toBe('a.campaign\n');
        expect(result.err).toContain('1 file not formatted');
        expect(readFileSync(join(root, 'a.campaign'), 'utf8')).toBe(MESSY);
    });

    test('formats in place with the language formatter, then --check passes', async () => {
        const root = tempProject({ 'a.campaign': MESSY });
        const result = await campaign(root, 'fmt', 'a.campaign');
        expect(result.code).toBe(0);
        expect(result.out).toBe('a.campaign\n');
        const formatted = readFileSync(join(root, 'a.campaign'), 'utf8');
        expect(formatted).not.toBe(MESSY);
        expect(formatted).toContain('  key id: int\n');
        // No temporary file is left behind by the atomic write.
        expect(readdirSync(root)).toEqual(['a.campaign']);
        const again = await campaign(root, 'fmt', '--check');
        expect(again.code).toBe(0);
        expect(again.out).toBe('');
    });

    test('a file with syntax errors is reported and left untouched', async () => {
        const broken = 'entity   Broken {key id int}\n';
        const root = tempProject({ 'bad.campaign': broken, 'good.campaign': MESSY });
        const result = await campaign(root, 'fmt');
        expect(result.code).toBe(1);
        expect(result.err).toContain('bad.campaign: not formatted: syntax errors');
        expect(readFileSync(join(root, 'bad.campaign'), 'utf8')).toBe(broken);
        expect(readFileSync(join(root, 'good.campaign'), 'utf8')).not.toBe(MESSY);
    });
});
