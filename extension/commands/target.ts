// Which file and campaign a command is about: its arguments (CodeLens, webview, tests), else the
// active editor and the campaign around the cursor, else the user's pick.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../language-id.js';
import { campaignAt, locateCampaigns } from '../campaign-locator.js';

export interface CampaignTarget {
    readonly uri: vscode.Uri;
    readonly campaign: string;
}

/** Arguments as commands receive them: `(uri, campaign)` from CodeLens and tests, `(uri)` from menus. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
    if (arg instanceof vscode.Uri) return arg;
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
