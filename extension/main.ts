// The extension's entry point (bundled as dist/extension.cjs): the language client, commands,
// CodeLens, status bar and graph panels. `activate` returns a small API for the extension-host tests.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, LANGUAGE_ID } from './client.js';
import { CampaignCodeLensProvider } from './codelens.js';
import { registerCommands } from './commands/index.js';
import type { GraphPanel } from './preview/graph-panel.js';
import { GraphPanels } from './preview/graph-panels.js';
import { RunController, type RunRecord } from './run/run-controller.js';
import { RunStatusBar } from './status-bar.js';
import { VirtualDocuments } from './virtual-documents.js';

export interface CampaignStudioApi {
    /** The running language client (a new one after a restart). */
    readonly client: LanguageClient;
    /** Resolves once the language server has started (again). */
    readonly ready: Promise<void>;
    openGraph(uri: vscode.Uri, campaign?: string): GraphPanel;
    graphPanel(uri: vscode.Uri): GraphPanel | undefined;
    lastRun(uri?: vscode.Uri, campaign?: string): RunRecord | undefined;
    readonly runs: RunController;
    readonly statusBarText: string;
    /** Milliseconds from the bundle starting to load until `activate` returned (the server starts after). */
    readonly activationMs: number;
    /** Of which: loading and initialising the bundle's modules. */
    readonly loadMs: number;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): CampaignStudioApi {
    const started = performance.now();
    const log = vscode.window.createOutputChannel('Campaign Studio', { log: true });
    context.subscriptions.push(log);

    const runs = new RunController(context.extensionUri, log);
    const panels = new GraphPanels(context, () => currentClient(), runs, log);
    const documents = new VirtualDocuments();
    const statusBar = new RunStatusBar(runs);
    const codeLens = new CampaignCodeLensProvider(runs);
    context.subscriptions.push(runs, panels, documents, statusBar, codeLens,
        vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, codeLens));

    let notifications: vscode.Disposable | undefined;
    let ready: Promise<void>;
    const startClient = (): Promise<void> => {
        client = createLanguageClient(context, log);
        notifications = panels.listen(client);
        ready = client.start().then(() => {
            // Graphs open before a restart pull again from the new server.
            for (const panel of panels.all()) panel.graphChanged(0);
        }, error => {
            log.error(`The language server did not start: ${error instanceof Error ? error.message : String(error)}`);
            throw error;
        });
        return ready;
    };
    const restartClient = async (): Promise<void> => {
        notifications?.dispose();
        const old = client;
        client = undefined;
        if (old) await old.stop().catch(() => undefined);
        await startClient();
    };

    context.subscriptions.push(...registerCommands({ context, log, runs, panels, documents, restartClient }));
    // Trust granted later (the restricted-mode banner): reload the panels, whose `init` now allows runs.
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const panel of panels.all()) panel.reload();
    }));

    const loadStart = (globalThis as { __campaignStudioLoadStart?: number }).__campaignStudioLoadStart ?? started;
    const loadMs = started - loadStart;
    const activationMs = performance.now() - loadStart;
    void startClient().catch(() => undefined);
    log.info(`activated in ${activationMs.toFixed(1)} ms (loading the bundle: ${loadMs.toFixed(1)} ms)`);

    return {
        get client() { return currentClient(); },
        get ready() { return ready; },
        openGraph: (uri, campaign) => panels.open(uri, campaign),
        graphPanel: uri => panels.get(uri),
        lastRun: (uri, campaign) => runs.lastRun(uri, campaign),
        runs,
        get statusBarText() { return statusBar.text; },
        activationMs,
        loadMs
    };
}

export async function deactivate(): Promise<void> {
    const stopping = client;
    client = undefined;
    await stopping?.stop();
}

function currentClient(): LanguageClient {
    if (!client) throw new Error('The Campaign language server is restarting; try again in a moment.');
    return client;
}
