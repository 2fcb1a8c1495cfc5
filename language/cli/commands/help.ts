import type { CliIo } from '../io.js';
import type { CliCommand } from './command.js';

/** `campaign help [command]`: the list of commands, or one command's usage. */
export function helpCommand(commands: () => readonly CliCommand[]): CliCommand {
    return {
        name: 'help',
        summary: 'List the commands, or show how to use one: campaign help <command>',
        usage: 'campaign help [command]',
        async run(argv: string[], io: CliIo): Promise<number> {
            const all = commands();
            const wanted = argv.find(a => !a.startsWith('-'));
            if (wanted) {
                const command = all.find(c => c.name === wanted);
                if (!command) {
                    io.stderr(`campaign: unknown command '${wanted}'\n\n${overview(all)}`);
                    return 2;
                }
                io.stdout(`${command.summary}\n\n${command.usage.trimEnd()}\n`);
                return 0;
            }
            io.stdout(overview(all));
            return 0;
        }
    };
}

export function overview(commands: readonly CliCommand[]): string {
    const width = Math.max(...commands.map(c => c.name.length));
    const lines = commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`);
    return [
        'Usage: campaign <command> [options] [arguments]',
        '',
        'Commands:',
        ...lines,
        '',
        'Run `campaign help <command>` for the options of one command.',
        ''
    ].join('\n');
}
