// Campaign: Import Schema from Database… — entities generated from a SQLite file's tables.
import * as vscode from 'vscode';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { reportError } from './target.js';

const DATABASE = /\.(sqlite3?|db)$/i;

export function registerImportSchema(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.importSchema, async (uriArg?: unknown): Promise<vscode.TextDocument | undefined> => {
        const database = uriArg instanceof vscode.Uri && DATABASE.test(uriArg.path) ? uriArg : await pickDatabase(uriArg);
        if (!database) return undefined;
        try {
            const imported = await deps.runs.importSchema(database);
            if (!imported) return undefined;
            // An untitled document: the user decides where the schema goes, nothing is overwritten.
            const document = await vscode.workspace.openTextDocument({ language: 'campaign', content: imported.text });
            await vscode.window.showTextDocument(document, { preview: false });
            return document;
        } catch (error) {
            reportError(`Importing ${vscode.workspace.asRelativePath(database)}`, error);
            return undefined;
        }
    });
}

async function pickDatabase(folder: unknown): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        defaultUri: folder instanceof vscode.Uri ? folder : vscode.workspace.workspaceFolders?.[0]?.uri,
        filters: { 'SQLite database': ['sqlite', 'sqlite3', 'db'] },
        openLabel: 'Import schema'
    });
    return picked?.[0];
}
