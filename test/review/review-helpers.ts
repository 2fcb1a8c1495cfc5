import { join } from 'node:path';
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

/** `campaign diff [options] <case>/old/spring.campaign <case>/new/spring.campaign`, run from the fixtures folder. */
export function diffFixture(name: string, ...options: string[]) {
    return campaign(REVIEW_FIXTURES, 'diff', ...options, `${name}/old/spring.campaign`, `${name}/new/spring.campaign`);
}
