// A graph edit from a webview (the graph panel's, or the working copy's in Compare Graph): the
// server computes minimal text edits, the host applies them as one undoable WorkspaceEdit.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ApplyGraphEdit, type Range } from '../../language/protocol.js';
import type { WebviewRequests } from '../../webview/protocol.js';

export async function applyGraphEdit(client: LanguageClient, uri: vscode.Uri, params: ApplyGraphEdit.Params): Promise<WebviewRequests['applyGraphEdit']['result']> {
    const answer = await client.sendRequest<ApplyGraphEdit.Result>(ApplyGraphEdit.method, params);
    if (!answer.ok) return { applied: false, reason: answer.reason, message: answer.message };
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.version !== params.version) {
        // The user typed between the server's answer and now: never apply edits to other text.
        return { applied: false, reason: 'stale-version', message: `The document changed (version ${document.version}, edit for ${params.version}).` };
    }
    const edit = new vscode.WorkspaceEdit();
    edit.set(uri, answer.edits.map(e => new vscode.TextEdit(toRange(e.range), e.newText)));
    const applied = await vscode.workspace.applyEdit(edit);
    return applied ? { applied, select: answer.select } : { applied, reason: 'invalid', message: 'VS Code refused the edit.' };
}

/** A protocol range (LSP positions) as VS Code's. */
export function toRange(range: Range): vscode.Range {
    return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
