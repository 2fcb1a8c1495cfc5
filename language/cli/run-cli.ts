import { COMMANDS, findCommand } from './commands/index.js';
import { UsageError } from './commands/command.js';
import { overview } from './commands/help.js';
import type { CliIo } from './io.js';

/**
 * Runs `campaign <argv…>` and returns the exit code. Never throws: a wrong command line is exit
 * code 2 with the usage, an unexpected failure is exit code 70 with the message (and the stack
 * when CAMPAIGN_DEBUG is set), so a bad input never shows a raw crash.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h') {
        io.stdout(overview(COMMANDS));
        return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
        io.stdout(`${version()}\n`);
        return 0;
    }
    const command = findCommand(name);
    if (!command) {
        io.stderr(`campaign: unknown command '${name}'\n\n${overview(COMMANDS)}`);
        return 2;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout(`${command.summary}\n\n${command.usage.trimEnd()}\n`);
        return 0;
    }
    try {
        return await command.run(rest, io);
    } catch (error) {
        if (error instanceof UsageError) {
            io.stderr(`campaign ${command.name}: ${error.message}\n\n${command.usage.trimEnd()}\n`);
            return 2;
        }
        const message = error instanceof Error ? error.message : String(error);
        io.stderr(`campaign ${command.name}: ${message}\n`);
        if (process.env.CAMPAIGN_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
        return 70;
    }
}

/** The package version, inlined by the bundler when available. */
function version(): string {
    return typeof CAMPAIGN_VERSION === 'string' ? CAMPAIGN_VERSION : 'dev';
}

declare const CAMPAIGN_VERSION: string | undefined;
