// Which file and campaign a command is about: its arguments (CodeLens, webview, tests), else the
// active editor and the campaign around the cursor, else the user's pick.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../language-id.js';
import { campaignAt, locateCampaigns } from '../campaign-locator.js';
import { GRAPH_VIEW_TYPE } from '../preview/graph-panel.js';

export interface CampaignTarget {
    readonly uri: vscode.Uri;
    readonly campaign: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REF = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** A graph node's or edge's context menu: what its `data-vscode-context` said, checked. */
export interface GraphMenuTarget {
    readonly uri: vscode.Uri;
    readonly campaign: string;
    readonly section: 'activity' | 'transition';
    readonly activity?: string;
    /** The node's output refs (activity), or the edge's one ref (transition). */
    readonly refs: readonly string[];
    readonly edge?: string;
}

/**
 * The argument VS Code passes to a `webview/context` command: the element's `data-vscode-context`
 * merged with `webview` (the view type). It comes from the webview, so every field is checked.
 */
export function graphMenuTarget(arg: unknown): GraphMenuTarget | undefined {
    if (typeof arg !== 'object' || arg === null) return undefined;
    const c = arg as Record<string, unknown>;
    if (c.webview !== GRAPH_VIEW_TYPE || typeof c.uri !== 'string' || typeof c.campaign !== 'string' || !NAME.test(c.campaign)) return undefined;
    let uri: vscode.Uri;
    try {
        uri = vscode.Uri.parse(c.uri, true);
    } catch {
        return undefined;
    }
    if (c.webviewSection === 'activity' && typeof c.activity === 'string' && NAME.test(c.activity)) {
        const refs = typeof c.refs === 'string' ? c.refs.split(',').filter(r => REF.test(r)) : [];
        return { uri, campaign: c.campaign, section: 'activity', activity: c.activity, refs };
    }
    if (c.webviewSection === 'transition' && typeof c.ref === 'string' && REF.test(c.ref) && typeof c.edge === 'string') {
        return { uri, campaign: c.campaign, section: 'transition', refs: [c.ref], edge: c.edge };
    }
    return undefined;
}

/** Arguments as commands receive them: `(uri, campaign)` from CodeLens and tests, `(uri)` from menus. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
    if (arg instanceof vscode.Uri) return arg;
    const menu = graphMenuTarget(arg);
    if (menu) return menu.uri;
    if (typeof arg === 'string' && arg.length > 0) return vscode.Uri.parse(arg);
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === LANGUAGE_ID ? editor.document.uri : undefined;
}

export async function resolveCampaignTarget(uriArg: unknown, campaignArg: unknown): Promise<CampaignTarget | undefined> {
    const uri = targetUri(uriArg);
    if (!uri) {
        void vscode.window.showWarningMessage('Open a .campaign file first.');
        return undefined;
    }
    if (typeof campaignArg === 'string' && campaignArg.length > 0) return { uri, campaign: campaignArg };
    const menu = graphMenuTarget(uriArg);
    if (menu) return { uri, campaign: menu.campaign };
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = vscode.window.activeTextEditor;
    const position = editor?.document.uri.toString() === uri.toString() ? editor.selection.active : undefined;
    const here = await campaignAt(document, position);
    if (here) return { uri, campaign: here.name };
    const campaigns = await locateCampaigns(document);
    if (campaigns.length === 0) {
        void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} declares no campaign.`);
        return undefined;
    }
    const picked = await vscode.window.showQuickPick(campaigns.map(c => c.name), { placeHolder: 'Which campaign?' });
    return picked ? { uri, campaign: picked } : undefined;
}

/** Shows an error of a command to the user (the details are in the log). */
export function reportError(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`${what}: ${message}`);
}
