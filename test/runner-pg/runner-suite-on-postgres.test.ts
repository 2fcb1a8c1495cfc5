import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, test } from 'vitest';

/**
 * The runner's hand-worked test files again, with CAMPAIGN_TEST_ENGINES=sqljs,postgresql: their
 * `run()` helper (test/runner/retail-fixture.ts) then also runs every campaign on a real
 * PostgreSQL server, over a copy of the same data, and fails unless the JSON counts are
 * byte-identical to sql.js's. A child vitest, so that those files keep running as they are.
 */
const FILES = ['targeting', 'expressions', 'flow-channels', 'publish', 'aggregate-groups', 'unmatched-log', 'worktable-order'].map(f => `test/runner/${f}.test.ts`);

test('the runner test files pass with every campaign also compared on PostgreSQL', () => {
    const vitest = path.join('node_modules', 'vitest', 'vitest.mjs');
    const child = spawnSync(process.execPath, [vitest, 'run', ...FILES], {
        env: { ...process.env, CAMPAIGN_TEST_ENGINES: 'sqljs,postgresql', NO_COLOR: '1', FORCE_COLOR: '0' },
        encoding: 'utf8',
        timeout: 480_000
    });
    const output = `${child.stdout}\n${child.stderr}`;
    expect(child.status, output.slice(-4000)).toBe(0);
    const passed = /Tests\s+(\d+) passed/.exec(output);
    expect(Number(passed?.[1])).toBeGreaterThan(20);
    expect(output).not.toMatch(/counts differ/);
}, 500_000);
