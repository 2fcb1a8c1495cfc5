import * as path from 'node:path';
import { RunnerError, runCampaign, type PreviewTable } from '../../runner/index.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { UsageError, type CliCommand } from './command.js';
import { loadTarget, openOrFail, parseParams, resolveDatabase, wholeNumber } from './run.js';

/** `campaign preview <file> <output-ref> [--limit n]`: rows of one transition, from a test run. */
export const previewCommand: CliCommand = {
    name: 'preview',
    summary: 'Show the rows of one transition (a test run; nothing is written)',
    usage: `campaign preview <file|folder> <output-ref> [options]

Runs the campaign as a test run and prints the first rows that flow through one transition,
named as in \`from\` clauses: \`activity\` or \`activity.output\`.

Options:
  --campaign name    the campaign (when the file or folder declares several)
  --db path          the SQLite database (default: the workspace's \`database "…"\`)
  --limit n          rows to show (default 20)
  --param k=v        a value for a campaign \`param\` (repeatable)
  --json             the rows as JSON
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            campaign: { type: 'string' },
            db: { type: 'string' },
            limit: { type: 'string' },
            param: { type: 'string', multiple: true },
            json: { type: 'boolean' }
        });
        if (positionals.length !== 2) throw new UsageError('expected a campaign file and an output reference');
        const [file, ref] = positionals;
        const limit = values.limit === undefined ? 20 : wholeNumber(values.limit, '--limit');
        const target = await loadTarget(file, values.campaign, io);
        if (typeof target === 'number') return target;
        const db = await openOrFail(resolveDatabase(target.workspace, target.document, values.db, io), io);
        if (typeof db === 'number') return db;
        try {
            const result = await runCampaign(target.workspace.services.Campaign, target.campaign, db, {
                mode: 'test', params: parseParams(values.param ?? []), previewLimit: limit,
                baseDir: path.dirname(target.workspace.pathOf(target.document))
            });
            const table = result.previews[ref];
            if (!table) {
                const known = Object.keys(result.counts);
                io.stderr(`campaign preview: no rows for '${ref}': ${known.includes(ref) ? 'it did not fire' : `not an output of ${target.campaign.name} that ran (outputs: ${known.join(', ') || 'none'})`}\n`);
                return 1;
            }
            if (values.json) io.stdout(`${JSON.stringify({ ref, count: result.counts[ref], ...table }, undefined, 2)}\n`);
            else io.stdout(formatTable(table) + `${ref}: ${result.counts[ref]} row(s)${result.counts[ref] > table.rows.length ? `, first ${table.rows.length} shown` : ''}\n`);
            return 0;
        } catch (error) {
            if (error instanceof RunnerError) {
                io.stderr(`campaign preview: ${target.campaign.name}: ${error.message}\n`);
                return 1;
            }
            throw error;
        } finally {
            db.close();
        }
    }
};

/** A plain text table, columns padded to their widest cell. */
export function formatTable(table: PreviewTable): string {
    const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/\s+/g, ' '));
    const rows = table.rows.map(r => table.columns.map(c => cell(r[c])));
    const widths = table.columns.map((c, i) => Math.min(40, Math.max(c.length, ...rows.map(r => r[i].length))));
    const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i] ? c.slice(0, widths[i] - 1) + '…' : c.padEnd(widths[i]))).join('  ').trimEnd();
    return [line(table.columns), line(widths.map(w => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
