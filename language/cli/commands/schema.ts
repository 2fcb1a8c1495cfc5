import type { CliIo } from '../io.js';
import type { CliCommand } from './command.js';
import { UsageError } from './command.js';

/** `campaign schema import <db.sqlite>`: prints entity declarations introspected from a database. */
export const schemaCommand: CliCommand = {
    name: 'schema',
    summary: 'Print entity declarations introspected from a SQLite database: schema import <db.sqlite>',
    usage: `campaign schema import <db.sqlite>
`,
    async run(_argv: string[], _io: CliIo): Promise<number> {
        throw new UsageError('not implemented yet');
    }
};
