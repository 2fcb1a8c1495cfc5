// render and diff are commands of the real `campaign` command line (the registry, help, usage errors).
import { describe, expect, test } from 'vitest';
import { campaign } from '../cli/cli-helpers.js';
import { REVIEW_FIXTURES } from './review-helpers.js';

/** The whole command line (registry included), run from the fixtures folder. */
const cli = (...args: string[]) => campaign(REVIEW_FIXTURES, ...args);

describe('the campaign command line', () => {
    test('lists render and diff, and prints their usage', async () => {
        const help = await cli('--help');
        expect(help.out).toMatch(/\n\s+render\s+Draw a campaign graph/);
        expect(help.out).toMatch(/\n\s+diff\s+Semantic diff of two versions/);
        const usage = await cli('diff', '--help');
        expect(usage.code).toBe(0);
        expect(usage.out).toContain('campaign diff [options] --git <rev> [paths…]');
        expect((await cli('render', '--help')).out).toContain('--format svg|mermaid|html');
    });

    test('runs them, with the exit status of diff(1) and 2 for a wrong command line', async () => {
        expect((await cli('diff', 'rename/old/spring.campaign', 'rename/new/spring.campaign')).code).toBe(1);
        expect((await cli('diff', 'rename/old/spring.campaign', 'rename/old/spring.campaign')).code).toBe(0);
        const unknown = await cli('diff', '--colour', 'a', 'b');
        expect(unknown.code).toBe(2);
        expect(unknown.err).toContain("Unknown option '--colour'");
        const render = await cli('render', '--format', 'mermaid', 'rename/new/spring.campaign');
        expect(render.code).toBe(0);
        expect(render.out.startsWith('flowchart LR\n')).toBe(true);
    });
});
