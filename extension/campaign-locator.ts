// Where the campaigns and their activities are in a document, from the language server's
// document symbols (so the real parser decides), told apart by the keyword their statement starts with.
import * as vscode from 'vscode';
import { ACTIVITY_KINDS } from '../language/model/activity-kinds.js';

export interface LocatedActivity {
    readonly name: string;
    readonly keyword: string;
    readonly range: vscode.Range;
}

export interface LocatedCampaign {
    readonly name: string;
    readonly range: vscode.Range;
    readonly nameRange: vscode.Range;
    readonly activities: readonly LocatedActivity[];
}

const CAMPAIGN_KEYWORD = /^campaign\b/;
const LEADING_WORD = /^[A-Za-z_]+/;

export async function locateCampaigns(document: vscode.TextDocument): Promise<LocatedCampaign[]> {
    let symbols: Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined;
    try {
        symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', document.uri);
    } catch {
        return []; // the server is (re)starting: no lenses for a moment is better than an error
    }
    if (!symbols) return [];
    const campaigns: LocatedCampaign[] = [];
    for (const symbol of symbols) {
        if (!('children' in symbol)) continue; // flat SymbolInformation: not what Langium sends
        if (!CAMPAIGN_KEYWORD.test(document.getText(symbol.range))) continue;
        const activities: LocatedActivity[] = [];
        for (const child of symbol.children) {
            const keyword = LEADING_WORD.exec(document.getText(child.range))?.[0];
            if (keyword && ACTIVITY_KINDS.has(keyword)) {
                activities.push({ name: child.name, keyword, range: child.range });
            }
        }
        campaigns.push({ name: symbol.name, range: symbol.range, nameRange: symbol.selectionRange, activities });
    }
    return campaigns;
}

/** The campaign the cursor is in, else the only campaign of the document, else undefined. */
export async function campaignAt(document: vscode.TextDocument, position: vscode.Position | undefined): Promise<LocatedCampaign | undefined> {
    const campaigns = await locateCampaigns(document);
    if (position) {
        const inside = campaigns.find(c => c.range.contains(position));
        if (inside) return inside;
    }
    return campaigns.length === 1 ? campaigns[0] : undefined;
}
