// The LanguageClient to the bundled language server (dist/language-server.cjs), forked over IPC.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const LANGUAGE_ID = 'campaign';

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
