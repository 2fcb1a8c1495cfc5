// Loads dist/language-client.cjs (extension/client.ts) at run time, outside the main bundle.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { createLanguageClient } from './client.js';

export function loadCreateLanguageClient(extensionUri: vscode.Uri): typeof createLanguageClient {
    // A computed path: esbuild leaves this require alone, Node loads the sibling bundle.
    const file = path.join(extensionUri.fsPath, 'dist', 'language-client.cjs');
    return (require(file) as { createLanguageClient: typeof createLanguageClient }).createLanguageClient;
}
