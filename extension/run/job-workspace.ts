// What a worker job needs to see a campaign as the editor shows it: the folder, unsaved texts (campaigns,
// templates, data files), the database.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../language-id.js';
import { isPostgresUrl } from '../../language/runner/postgres/url.js';
import type { JobWorkspace } from './worker-protocol.js';

export function jobWorkspace(uri: vscode.Uri): JobWorkspace {
    if (uri.scheme !== 'file') {
        throw new Error(`Runs read files from disk; ${uri.toString()} is not a file on this machine.`);
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const root = folder?.uri.fsPath ?? path.dirname(uri.fsPath);
    const overrides: Record<string, string> = {};
    // Templates (`body file`) and data files (`load file`) as the editor shows them too: any other
    // unsaved file under the root, since the worker cannot know before parsing which ones a run reads.
    const files: Record<string, string> = {};
    const inside = root.endsWith(path.sep) ? root : root + path.sep;
    for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme !== 'file' || !(document.isDirty || document.isUntitled)) continue;
        if (document.languageId === LANGUAGE_ID) overrides[document.uri.fsPath] = document.getText();
        else if (document.uri.fsPath.startsWith(inside)) files[document.uri.fsPath] = document.getText();
    }
    const setting = vscode.workspace.getConfiguration('campaignStudio', uri).get<string>('database', '').trim();
    // A postgres:// URL names a server (docs/postgresql.md); anything else is a file path.
    const database = setting ? (isPostgresUrl(setting) ? setting : path.resolve(root, setting)) : undefined;
    return { roots: [root], file: uri.fsPath, overrides, files, database };
}
