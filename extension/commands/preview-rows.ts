// Campaign: Preview Rows of a Transition… — the first rows flowing through one output of a test run.
import * as vscode from 'vscode';
import type { RowsPreview } from '../../webview/protocol.js';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { reportError, resolveCampaignTarget } from './target.js';

export function registerPreviewRows(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.previewRows, async (uriArg?: unknown, campaignArg?: unknown, refArg?: unknown): Promise<RowsPreview | undefined> => {
        const target = await resolveCampaignTarget(uriArg, campaignArg);
        if (!target) return undefined;
        const ref = typeof refArg === 'string' && refArg ? refArg : await pickTransition(deps, target.uri, target.campaign);
        if (!ref) return undefined;
        try {
            const rows = await deps.runs.previewRows(target.uri, target.campaign, ref, 100);
            if (!rows) return undefined;
            await deps.documents.show(`${target.campaign}-${ref}.rows.md`, rowsTable(target.campaign, rows), 'markdown');
            return rows;
        } catch (error) {
            reportError(`Rows of ${ref}`, error);
            return undefined;
        }
    });
}

async function pickTransition(deps: CommandDeps, uri: vscode.Uri, campaign: string): Promise<string | undefined> {
    const record = deps.runs.lastRun(uri, campaign);
    const known = record ? Object.entries(record.result.counts) : [];
    if (known.length === 0) {
        return vscode.window.showInputBox({
            prompt: `Transition of ${campaign} (an activity, or activity.output as written in from clauses)`,
            validateInput: value => /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?$/.test(value) ? undefined : 'A name such as loyal or tiers.vip'
        });
    }
    const picked = await vscode.window.showQuickPick(
        known.map(([ref, count]) => ({ label: ref, description: `${count.toLocaleString('en-US')} rows` })),
        { placeHolder: `Which transition of ${campaign}?` }
    );
    return picked?.label;
}

/** A Markdown table, aligned so that it also reads well as plain text. */
export function rowsTable(campaign: string, preview: RowsPreview): string {
    const cells = preview.rows.map(row => row.map(cellText));
    const widths = preview.columns.map((c, i) => Math.max(3, c.length, ...cells.map(r => (r[i] ?? '').length)));
    const line = (values: readonly string[]) => `| ${widths.map((w, i) => (values[i] ?? '').padEnd(w)).join(' | ')} |`;
    const shown = preview.rows.length < preview.total ? `first ${preview.rows.length} of ${preview.total}` : `${preview.total}`;
    return [
        `# ${campaign} · ${preview.ref} (${shown} rows)`,
        '',
        line(preview.columns),
        `| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`,
        ...cells.map(line),
        ''
    ].join('\n');
}

function cellText(value: unknown): string {
    if (value === null || value === undefined) return '';
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
