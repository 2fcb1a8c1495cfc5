// The LanguageClient to the bundled language server (dist/language-server.cjs), forked over IPC.
// Bundled on its own (dist/language-client.cjs) and loaded after `activate` returns: the client
// library is most of the extension's code, and the server starts asynchronously anyway.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from './language-id.js';

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
    const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'language-server.cjs').fsPath;
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: {
            module,
            transport: TransportKind.ipc,
            // Attach a debugger with `node --inspect` on a port of its own (Langium template's choice).
            options: { execArgv: ['--nolazy', `--inspect=${process.env.CAMPAIGN_LSP_DEBUG_PORT ?? '6009'}`] }
        }
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: LANGUAGE_ID }],
        // vscode-languageclient 11 needs a LogOutputChannel (a plain one throws on onDidChangeLogLevel).
        outputChannel,
        traceOutputChannel: outputChannel,
        synchronize: {
            fileEvents: vscode.workspace.createFileSystemWatcher('**/*.campaign')
        }
    };
    return new LanguageClient('campaignStudio', 'Campaign Language Server', serverOptions, clientOptions);
}
