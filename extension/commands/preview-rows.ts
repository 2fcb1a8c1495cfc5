// Campaign: Preview Rows of a Transition… — the first rows flowing through one output, shown in the
// graph's results drawer (the same table as clicking an edge after a test run). From the graph's
// context menu it receives the node's or edge's context; from the palette it asks which transition.
import * as vscode from 'vscode';
import type { RowsPreview } from '../../webview/protocol.js';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { graphMenuTarget, reportError, resolveCampaignTarget } from './target.js';

/** How many rows the drawer shows; the total is counted in full. */
export const PREVIEW_LIMIT = 100;

export function registerPreviewRows(deps: CommandDeps): vscode.Disposable[] {
    const preview = async (uriArg?: unknown, campaignArg?: unknown, refArg?: unknown): Promise<RowsPreview | undefined> => {
        const target = await resolveCampaignTarget(uriArg, campaignArg);
        if (!target) return undefined;
        const menu = graphMenuTarget(uriArg);
        const ref = typeof refArg === 'string' && refArg ? refArg
            : menu ? await pickOutput(menu.refs, menu.activity ?? target.campaign)
            : await pickTransition(deps, target.uri, target.campaign);
        if (!ref) return undefined;
        try {
            const rows = await deps.runs.previewRows(target.uri, target.campaign, ref, PREVIEW_LIMIT);
            if (!rows) return undefined;
            deps.panels.open(target.uri, target.campaign).showRows(target.campaign, rows);
            return rows;
        } catch (error) {
            reportError(`Rows of ${ref}`, error);
            return undefined;
        }
    };
    return [
        vscode.commands.registerCommand(Commands.previewRows, preview),
        vscode.commands.registerCommand(Commands.graphPreviewRows, (context?: unknown) => preview(context))
    ];
}

/** A node's outputs: the only one, or the user's pick. */
async function pickOutput(refs: readonly string[], activity: string): Promise<string | undefined> {
    if (refs.length <= 1) return refs[0];
    const picked = await vscode.window.showQuickPick([...refs], { placeHolder: `Which output of ${activity}?` });
    return picked;
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
