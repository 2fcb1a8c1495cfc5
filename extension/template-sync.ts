// Shows the language server the unsaved text of open template files (`body file "…"`), so that the
// campaigns reading them are checked against what the user sees, as they type. The protocol is in
// language/lsp/template-sync-protocol.ts: the server lists the files its campaigns read; of those,
// the open ones are sent on change, and null when their editor closes (the disk counts again).
// Template files are not added to the client's documentSelector: the server would parse them as
// campaigns.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TemplateChanged, TemplateFiles } from '../language/lsp/template-sync-protocol.js';

export class TemplateSync implements vscode.Disposable {
    private client: LanguageClient | undefined;
    /** The files the server's campaigns read (URI strings, as the server writes them). */
    private templates = new Set<string>();
    /** The files whose editor text the server has now (to tell it when that ends). */
    private sent = new Set<string>();
    private readonly subscriptions: vscode.Disposable[];

    constructor() {
        this.subscriptions = [
            vscode.workspace.onDidChangeTextDocument(event => {
                if (event.contentChanges.length > 0) this.changed(event.document);
            }),
            // Reopened with unsaved text (hot exit, an untitled file saved elsewhere): dirty from the start.
            vscode.workspace.onDidOpenTextDocument(document => {
                if (document.isDirty) this.changed(document);
            }),
            vscode.workspace.onDidCloseTextDocument(document => this.closed(document.uri.toString()))
        ];
    }

    /** A new language client (at start and after a restart): its server has no editor text yet. */
    attach(client: LanguageClient): vscode.Disposable {
        this.client = client;
        this.templates = new Set();
        this.sent = new Set();
        return client.onNotification(TemplateFiles.method, (params: TemplateFiles.Params) => {
            if (this.client === client) this.templateFiles(params.uris);
        });
    }

    private templateFiles(uris: readonly string[]): void {
        const before = this.templates;
        this.templates = new Set(uris);
        for (const document of vscode.workspace.textDocuments) {
            const uri = document.uri.toString();
            // A file campaigns start reading while its editor has unsaved text.
            if (!before.has(uri) && this.templates.has(uri) && document.isDirty) this.send(uri, document.getText());
        }
        // No longer read by any campaign: the server can forget the text.
        for (const uri of [...this.sent]) if (!this.templates.has(uri)) this.closed(uri);
    }

    private changed(document: vscode.TextDocument): void {
        const uri = document.uri.toString();
        if (this.templates.has(uri)) this.send(uri, document.getText());
    }

    private closed(uri: string): void {
        if (this.sent.delete(uri)) this.notify(uri, null);
    }

    private send(uri: string, text: string): void {
        this.sent.add(uri);
        this.notify(uri, text);
    }

    private notify(uri: string, text: string | null): void {
        const client = this.client;
        if (!client?.isRunning()) return;
        client.sendNotification(TemplateChanged.method, { uri, text } satisfies TemplateChanged.Params).catch(() => {
            // The server stopped or restarts: `attach` starts over with the new one.
        });
    }

    dispose(): void {
        for (const subscription of this.subscriptions) subscription.dispose();
        this.client = undefined;
    }
}
