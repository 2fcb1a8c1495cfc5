import type { CliIo } from '../io.js';

/**
 * One `campaign <name>` command. Every command is a module that exports one of these and is listed
 * in `commands/index.ts`. `run` returns the exit code; it never calls `process.exit` itself.
 *
 * Exit codes, for every command: 0 success, 1 the job found problems (errors in a campaign, files
 * that need formatting, a failed run), 2 the command line itself is wrong (see `UsageError`).
 */
export interface CliCommand {
    /** The word after `campaign`; a command with a sub-command (`schema import`) takes it in argv. */
    readonly name: string;
    /** One line for `campaign help`. */
    readonly summary: string;
    /** The synopsis and the options, printed by `campaign help <name>` and on a usage error. */
    readonly usage: string;
    run(argv: string[], io: CliIo): Promise<number>;
}

/** A wrong command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
    override readonly name = 'UsageError';
}
