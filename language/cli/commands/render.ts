import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseCommandArgs } from '../args.js';
import { writeFileAtomic } from '../atomic-write.js';
import type { CliIo } from '../io.js';
import { loadCampaign, relativePath } from '../workspace.js';
import { toGraph } from '../../graph/to-graph.js';
import { renderHtml } from '../../review/html.js';
import { renderMermaid } from '../../review/mermaid.js';
import { renderSvg } from '../../review/svg.js';
import { testRunCounts } from '../../review/test-run.js';
import { UsageError, type CliCommand } from './command.js';

type RenderFormat = 'svg' | 'mermaid' | 'html';

/**
 * `campaign render <file> --format svg|mermaid|html`: the campaign's graph as a picture for people
 * who review without VS Code, laid out and coloured like the visual editor.
 */
export const renderCommand: CliCommand = {
    name: 'render',
    summary: 'Draw a campaign graph as SVG, a Mermaid flowchart or a self-contained HTML page',
    usage: `campaign render [options] <file>

Draws the graph of the campaign declared in <file> (name it with --campaign, or as file#name, when
the file declares several). Prints it, or writes it to --out.

Options:
  --format svg|mermaid|html   default: from the --out extension (.svg, .mmd/.md, .html), else svg
  --campaign <name>           the campaign to draw
  --out <path>                write to this file instead of standard output
  --db <path>                 test-run the campaign on this SQLite database and put the counts on the edges
`,
    async run(argv: string[], io: CliIo): Promise<number> {
        const { values, positionals } = parseCommandArgs(argv, {
            format: { type: 'string' },
            campaign: { type: 'string' },
            out: { type: 'string' },
            db: { type: 'string' }
        });
        if (positionals.length !== 1) throw new UsageError(`expected one campaign file, got ${positionals.length}`);
        const format = renderFormat(values.format, values.out);
        const argument = values.campaign !== undefined ? `${positionals[0].replace(/#.*$/, '')}#${values.campaign}` : positionals[0];
        const { workspace, campaign, document } = await loadCampaign(argument, { cwd: io.cwd });
        const errors = workspace.diagnostics.filter(d => d.severity === 'error' && d.file === workspace.pathOf(document));
        if (errors.length > 0) {
            // Still drawn (the graph of what parses helps to see the mistake), but said.
            io.stderr(`campaign render: ${relativePath(io.cwd, workspace.pathOf(document))} has ${errors.length} error${errors.length === 1 ? '' : 's'} (see campaign check)\n`);
        }
        let counts: Record<string, number> | undefined;
        if (values.db !== undefined) {
            const database = resolve(io.cwd, values.db);
            if (!existsSync(database) || !statSync(database).isFile()) throw new UsageError(`no such database file: ${values.db}`);
            try {
                counts = await testRunCounts(workspace.services.Campaign, campaign, database);
            } catch (error) {
                io.stderr(`campaign render: the test run failed: ${error instanceof Error ? error.message : String(error)}\n`);
                return 1;
            }
        }
        const graph = toGraph(document, campaign);
        const text = format === 'mermaid' ? renderMermaid(graph, { counts })
            : format === 'html' ? await renderHtml(graph, { counts, source: relativePath(io.cwd, workspace.pathOf(document)) })
                : await renderSvg(graph, { counts, standalone: true });
        if (values.out !== undefined) {
            writeFileAtomic(resolve(io.cwd, values.out), text);
            io.stderr(`wrote ${values.out}\n`);
        } else {
            io.stdout(text);
        }
        return 0;
    }
};

function renderFormat(format: string | undefined, out: string | undefined): RenderFormat {
    if (format === 'svg' || format === 'mermaid' || format === 'html') return format;
    if (format !== undefined) throw new UsageError(`--format must be svg, mermaid or html, not ${format}`);
    const extension = out ? extname(out).toLowerCase() : '';
    if (extension === '.html' || extension === '.htm') return 'html';
    if (extension === '.mmd' || extension === '.md' || extension === '.mermaid') return 'mermaid';
    return 'svg';
}
