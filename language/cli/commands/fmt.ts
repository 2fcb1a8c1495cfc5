import type { CliIo } from '../io.js';
import type { CliCommand } from './command.js';
import { UsageError } from './command.js';

/** `campaign fmt [--check] [paths…]`: formats campaign files with the language's formatter. */
export const fmtCommand: CliCommand = {
    name: 'fmt',
    summary: 'Format campaign files canonically (--check lists unformatted files)',
    usage: `campaign fmt [--check] [paths…]
`,
    async run(_argv: string[], _io: CliIo): Promise<number> {
        throw new UsageError('not implemented yet');
    }
};
