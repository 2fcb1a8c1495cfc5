import { parseCommandArgs } from '../args.js';
import { writeFileAtomic } from '../atomic-write.js';
import { formatDocument } from '../formatting.js';
import type { CliIo } from '../io.js';
import { loadWorkspaces, relativePath } from '../workspace.js';
import type { CliCommand } from './command.js';

/**
 * `campaign fmt [--check] [paths…]`: rewrites campaign files in the canonical layout of the
 * language's formatter. With --check nothing is written: the files that would change are listed
 * and the exit code is 1 if there are any (for CI). A file with syntax errors is never touched.
 */
export const fmtCommand: CliCommand = {
    name: 'fmt',
    summary: 'Format campaign files canonically (--check lists unformatted files)',
    usage: `campaign fmt [--check] [paths…]

Formats each file, or every .campaign file of each folder (default: the current folder), in place.
Prints the files it changed. A file with syntax errors is reported and left as it is (exit 1).

Options:
  --check   write nothing; list the files that are not formatted and exit 1 if there are any
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, { check: { type: 'boolean' } });
        const workspaces = await loadWorkspaces(positionals, { cwd: io.cwd, validation: false });
        let unformatted = 0;
        let failed = 0;
        for (const workspace of workspaces) {
            for (const document of workspace.targets) {
                const path = relativePath(io.cwd, workspace.pathOf(document));
                const result = await formatDocument(workspace.services.Campaign, document);
                if (!result.ok) {
                    failed++;
                    io.stderr(`${path}: not formatted: ${result.reason}\n`);
                } else if (result.changed) {
                    unformatted++;
                    if (!values.check) writeFileAtomic(workspace.pathOf(document), result.text);
                    io.stdout(`${path}\n`);
                }
            }
        }
        if (values.check && unformatted > 0) {
            io.stderr(`${unformatted} file${unformatted === 1 ? '' : 's'} not formatted; run campaign fmt\n`);
        }
        return failed > 0 || (values.check && unformatted > 0) ? 1 : 0;
    }
};
