// The extension's entry point (bundled as dist/extension.cjs): the language client, commands,
// CodeLens, status bar and graph panels. `activate` returns a small API for the extension-host tests.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GraphChanged } from '../language/protocol.js';
import { loadCreateLanguageClient } from './client-loader.js';
import { LANGUAGE_ID } from './language-id.js';
import { CampaignCodeLensProvider } from './codelens.js';
import { registerCommands } from './commands/index.js';
import { registerCompareGraph } from './commands/compare-graph.js';
import type { GraphPanel } from './preview/graph-panel.js';
import { GraphPanels } from './preview/graph-panels.js';
import { RunController, type RunRecord } from './run/run-controller.js';
import { RunStatusBar } from './status-bar.js';
import { TemplateSync } from './template-sync.js';
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
    /** Milliseconds of evaluating the bundle plus running `activate` (the server starts after). */
    readonly activationMs: number;
    /** Of which: evaluating the bundle's modules. */
    readonly loadMs: number;
    /** Process CPU time over the same span (the extension host is one thread; other extensions may add to it). */
    readonly activationCpuMs: number;
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

    // Unsaved text of open template files (`body file "…"`), for the server's checks.
    const templates = new TemplateSync();
    context.subscriptions.push(templates);
    let notifications: vscode.Disposable | undefined;
    let ready: Promise<void>;
    const startClient = (): Promise<void> => {
        client = loadCreateLanguageClient(context.extensionUri)(context, log);
        // One handler per method (the client keeps only the last one registered).
        notifications = client.onNotification(GraphChanged.method, (params: GraphChanged.Params) => {
            panels.graphChanged(params);
            // The server has validated a document: its symbols (and so the lenses) are there now.
            codeLens.refresh();
        });
        templates.attach(client);
        ready = client.start().then(() => {
            codeLens.refresh();
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
    context.subscriptions.push(...registerCompareGraph({ extensionUri: context.extensionUri, log, client: () => currentClient(), ready: () => ready }));
    // Edits, not mere saves: the last run's counts no longer describe the text (lenses, graph overlay).
    context.subscriptions.push(vscode.workspace.onDidChangeTextDocument(event => {
        if (event.document.languageId === LANGUAGE_ID && event.contentChanges.length > 0) runs.clear(event.document.uri);
    }));
    // Diagnostics are published after every build, also for documents no graph shows: lenses follow.
    context.subscriptions.push(vscode.languages.onDidChangeDiagnostics(event => {
        if (event.uris.some(u => u.path.endsWith('.campaign'))) codeLens.refresh();
    }));
    // Trust granted later (the restricted-mode banner): reload the panels, whose `init` now allows runs.
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const panel of panels.all()) panel.reload();
    }));

    // Our own time: evaluating the bundle, then `activate` (VS Code may run other extensions in between).
    const marks = globalThis as { __campaignStudioLoadStart?: number; __campaignStudioLoadEnd?: number; __campaignStudioCpuStart?: NodeJS.CpuUsage };
    const loadMs = (marks.__campaignStudioLoadEnd ?? started) - (marks.__campaignStudioLoadStart ?? started);
    const activationMs = loadMs + (performance.now() - started);
    // CPU time of this thread's work since the bundle started (under load, wall time mostly measures waiting).
    const cpu = marks.__campaignStudioCpuStart ? process.cpuUsage(marks.__campaignStudioCpuStart) : undefined;
    const activationCpuMs = cpu ? (cpu.user + cpu.system) / 1000 : activationMs;
    // After `activate` returns: loading the client library is not on the activation path.
    ready = new Promise<void>(resolve => setImmediate(resolve)).then(startClient);
    ready.catch(() => undefined);
    log.info(`activated in ${activationMs.toFixed(1)} ms (loading the bundle: ${loadMs.toFixed(1)} ms; CPU ${activationCpuMs.toFixed(1)} ms)`);

    return {
        get client() { return currentClient(); },
        get ready() { return ready; },
        openGraph: (uri, campaign) => panels.open(uri, campaign),
        graphPanel: uri => panels.get(uri),
        lastRun: (uri, campaign) => runs.lastRun(uri, campaign),
        runs,
        get statusBarText() { return statusBar.text; },
        activationMs,
        loadMs,
        activationCpuMs
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
