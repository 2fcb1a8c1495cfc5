import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { UsageError, type CliCommand } from '../../language/cli/commands/command.js';
import { diffCommand } from '../../language/cli/commands/diff.js';
import { renderCommand } from '../../language/cli/commands/render.js';
import { memoryIo } from '../../language/cli/io.js';

export const REVIEW_FIXTURES = join(__dirname, '../fixtures/review');

const COMMANDS: Record<string, CliCommand> = { diff: diffCommand, render: renderCommand };

/**
 * Runs `campaign diff|render <args>` in-process with `cwd`: the command itself, with the command
 * line's own handling of usage errors (exit 2), so these tests do not depend on every other
 * command of the registry loading (the registry has its own test in cli-registration.test.ts).
 */
export async function campaign(cwd: string, name: 'diff' | 'render', ...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = memoryIo(cwd);
    let code: number;
    try {
        code = await COMMANDS[name].run(args, io);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        io.stderr(`campaign ${name}: ${error.message}\n`);
        code = 2;
    }
    return { code, out: io.out, err: io.err };
}

/** The text of one side of a fixture pair: `<case>/<side>/spring.campaign`. */
export function fixtureText(name: string, side: 'old' | 'new'): string {
    return readFileSync(join(REVIEW_FIXTURES, name, side, 'spring.campaign'), 'utf8');
}

/** The fixtures' schema (enum Tier, entity Customer): the rename pair's old file up to its campaign. */
export function fixtureSchema(): string {
    return fixtureText('rename', 'old').replace(/campaign spring[\s\S]*$/, '');
}

/** `git <args>` in `cwd` with a fixed author and committer, so commits work on a machine with no git identity. */
export function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, {
        cwd, encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }
    });
}

/** `campaign diff [options] <case>/old/spring.campaign <case>/new/spring.campaign`, run from the fixtures folder. */
export function diffFixture(name: string, ...options: string[]) {
    return campaign(REVIEW_FIXTURES, 'diff', ...options, `${name}/old/spring.campaign`, `${name}/new/spring.campaign`);
}

/**
 * What `campaign diff` prints for a fixture pair in `format` (text: the default, no option), after
 * checking its exit code (0: no change, 1: changes) and that nothing went to stderr.
 */
export async function diffOutput(name: string, format: 'text' | 'markdown' | 'json', code: 0 | 1): Promise<string> {
    const result = await diffFixture(name, ...(format === 'text' ? [] : ['--format', format]));
    expect(result.code).toBe(code);
    expect(result.err).toBe('');
    return result.out;
}
