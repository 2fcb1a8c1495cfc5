// The CI recipe (.github/workflows/campaign-review.yml) cannot run here. This test reads it as
// YAML, checks its shape and that every `campaign` command it calls exists, then runs its shell
// steps, as written, on a temporary git repository with a base branch and a pull-request branch,
// using the bundled CLI (dist/cli.cjs). The comment step talks to GitHub's API, which is not
// reachable here: its script runs against a stand-in for `github` and `context` (a mock, for that
// reason only) that records the calls.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { COMMENT_MARKER } from '../../language/review/format-markdown.js';
import { distBundle, REPO } from '../dist-bundle.js';
import { git, REVIEW_FIXTURES } from './review-helpers.js';

let bin: string;
const workflowPath = join(REPO, '.github/workflows/campaign-review.yml');

interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    if?: string;
    env?: Record<string, string>;
    with?: Record<string, unknown>;
}

const workflow = parse(readFileSync(workflowPath, 'utf8')) as {
    on: { pull_request: { paths: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs)[0].steps;
const runSteps = steps.filter(s => s.run !== undefined);

beforeAll(() => {
    bin = distBundle('cli.cjs');
});

describe('the workflow file', () => {
    test('runs on pull requests that touch .campaign files, may comment, has one job', () => {
        expect(workflow.on.pull_request.paths).toEqual(['**/*.campaign']);
        expect(workflow.permissions['pull-requests']).toBe('write');
        expect(Object.keys(workflow.jobs)).toHaveLength(1);
    });

    test('checks out the whole history, sets up Node 20, installs, builds, checks, diffs, comments', () => {
        const checkout = steps.find(s => s.uses?.startsWith('actions/checkout@'))!;
        expect(checkout.with?.['fetch-depth']).toBe(0);
        const node = steps.find(s => s.uses?.startsWith('actions/setup-node@'))!;
        expect(String(node.with?.['node-version'])).toBe('20');
        expect(runSteps.map(s => s.run!.trim().split('\n')[0])).toEqual([
            'npm ci',
            'npm run build',
            'node dist/cli.cjs check',
            'status=0'
        ]);
        const diff = runSteps[3];
        expect(diff.run).toContain('node dist/cli.cjs diff --git "origin/$BASE_REF" --format markdown > diff.md');
        expect(diff.env?.BASE_REF).toBe('${{ github.base_ref }}');
        const comment = steps.at(-1)!;
        expect(comment.uses).toMatch(/^actions\/github-script@v\d+$/);
        expect(String(comment.with?.script)).toContain(COMMENT_MARKER);
    });

    test('every campaign command it calls exists in the bundled CLI', () => {
        const called = runSteps.flatMap(s => [...s.run!.matchAll(/node dist\/cli\.cjs (\w+)/g)].map(m => m[1]));
        expect(called).toEqual(['check', 'diff']);
        for (const command of called) {
            const help = spawnSync(process.execPath, [bin, command, '--help'], { encoding: 'utf8' });
            expect(help.status, `${command} --help: ${help.stderr}`).toBe(0);
            expect(help.stdout).toContain(`campaign ${command}`);
        }
    });
});

describe('its commands on a pull request of a temporary repository', () => {
    /** A clone of a repository whose `main` holds the old version; the checked-out branch holds the new one. */
    function pullRequest(fixture: string): string {
        const base = mkdtempSync(join(tmpdir(), 'campaign-review-'));
        const origin = join(base, 'origin.git');
        const work = join(base, 'work');
        git(base, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
        git(base, 'clone', '--quiet', origin, work);
        git(work, 'checkout', '--quiet', '-b', 'main');
        cpSync(join(REVIEW_FIXTURES, fixture, 'old/spring.campaign'), join(work, 'campaigns/spring.campaign'));
        writeFileSync(join(work, 'README.md'), 'campaigns\n');
        git(work, 'add', '.');
        git(work, 'commit', '--quiet', '-m', 'base');
        git(work, 'push', '--quiet', 'origin', 'main');
        git(work, 'checkout', '--quiet', '-b', 'feature');
        cpSync(join(REVIEW_FIXTURES, fixture, 'new/spring.campaign'), join(work, 'campaigns/spring.campaign'));
        git(work, 'commit', '--quiet', '-am', 'change');
        return work;
    }

    /** A `run:` step as GitHub runs it (bash -eo pipefail), with `dist/cli.cjs` pointing at this build. */
    function runStep(step: Step, cwd: string, env: Record<string, string>) {
        const script = step.run!.replaceAll('node dist/cli.cjs', `node ${JSON.stringify(bin)}`);
        const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, v === '${{ github.base_ref }}' ? 'main' : v]));
        return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
            cwd, encoding: 'utf8', env: { ...process.env, ...env, ...stepEnv }
        });
    }

    test('check passes, diff writes the markdown comment, outputs and summary; the comment is posted then updated', async () => {
        const work = pullRequest('rename');
        const outputs = join(work, '..', 'github-output');
        const summary = join(work, '..', 'step-summary');
        writeFileSync(outputs, '');
        writeFileSync(summary, '');
        const env = { GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary };

        const check = runStep(runSteps[2], work, env);
        expect(check.status, check.stderr).toBe(0);
        expect(check.stderr).toContain('1 file checked: 0 errors');

        const diff = runStep(runSteps[3], work, env);
        expect(diff.status, diff.stderr).toBe(0);
        const markdown = readFileSync(join(work, 'diff.md'), 'utf8');
        expect(markdown.startsWith(`${COMMENT_MARKER}\n## Campaign changes\n`)).toBe(true);
        expect(markdown).toContain('- renamed audience `loyal` → `loyalCustomers`');
        expect(markdown).toContain('```mermaid\nflowchart LR\n');
        expect(readFileSync(outputs, 'utf8')).toBe('changed=true\n');
        expect(readFileSync(summary, 'utf8')).toBe(markdown);

        // The github-script step, against recorded stand-ins for GitHub's API.
        const script = String(steps.at(-1)!.with!.script);
        const calls: Array<[string, Record<string, unknown>]> = [];
        const comments: Array<{ id: number; user: { type: string }; body: string }> = [{ id: 1, user: { type: 'User' }, body: 'looks good' }];
        const github = {
            paginate: async (_list: unknown, _params: unknown) => comments,
            rest: {
                issues: {
                    listComments: {},
                    createComment: async (params: Record<string, unknown>) => {
                        calls.push(['create', params]);
                        comments.push({ id: 2, user: { type: 'Bot' }, body: String(params.body) });
                    },
                    updateComment: async (params: Record<string, unknown>) => { calls.push(['update', params]); }
                }
            }
        };
        const context = { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } };
        const fs = { readFileSync: (path: string, encoding: BufferEncoding) => readFileSync(join(work, path), encoding) };
        const requireStub = (name: string) => { if (name === 'fs') return fs; throw new Error(`unexpected require(${name})`); };
        const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
        const comment = new AsyncFunction('require', 'github', 'context', script);
        await comment(requireStub, github, context);
        await comment(requireStub, github, context);
        expect(calls).toEqual([
            ['create', { owner: 'o', repo: 'r', issue_number: 7, body: markdown }],
            ['update', { owner: 'o', repo: 'r', comment_id: 2, body: markdown }]
        ]);
    });

    test('a pure reformat: exit 0 and a comment that says so', () => {
        const work = pullRequest('reorder-reformat');
        const outputs = join(work, '..', 'github-output');
        writeFileSync(outputs, '');
        const diff = runStep(runSteps[3], work, { GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: join(work, '..', 'summary') });
        expect(diff.status, diff.stderr).toBe(0);
        expect(readFileSync(join(work, 'diff.md'), 'utf8')).toContain('**no semantic changes**');
        expect(readFileSync(outputs, 'utf8')).toBe('changed=false\n');
    });

    test('a base branch that was not fetched fails the step with exit 2 and says why', () => {
        const work = pullRequest('rename');
        const diff = runStep({ ...runSteps[3], env: { BASE_REF: 'release' } }, work, { GITHUB_OUTPUT: join(work, '..', 'o'), GITHUB_STEP_SUMMARY: join(work, '..', 's') });
        expect(diff.status).toBe(2);
        expect(diff.stderr).toContain("unknown revision 'origin/release'");
    });
});
