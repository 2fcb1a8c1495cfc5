// The open graph panels: one per document (several side by side), restored after a window reload.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GraphChanged } from '../../language/protocol.js';
import type { RunController } from '../run/run-controller.js';
import { GRAPH_VIEW_TYPE, GraphPanel, type GraphPanelState } from './graph-panel.js';
import { webviewOptions } from './webview-html.js';

/** workspaceState key: the panels that were open, in case a webview never saved its own state. */
const OPEN_PANELS_KEY = 'campaignStudio.openGraphs';

export class GraphPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<GraphPanelState> {
    private readonly panels = new Map<string, GraphPanel>();
    private readonly disposables: vscode.Disposable[] = [];
    private readonly opened = new vscode.EventEmitter<GraphPanel>();
    readonly onDidOpen = this.opened.event;
    private shuttingDown = false;

    constructor(
        private readonly context: vscode.ExtensionContext,
        private readonly client: () => LanguageClient,
        private readonly runs: RunController,
        private readonly log: vscode.LogOutputChannel
    ) {
        this.disposables.push(vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, this), this.opened);
    }

    /** The server's `campaign/graphChanged`: the panel of that document pulls again (when visible). */
    graphChanged(params: GraphChanged.Params): void {
        this.panels.get(params.uri)?.graphChanged(params.version);
    }

    get(uri: vscode.Uri | string): GraphPanel | undefined {
        return this.panels.get(uri.toString());
    }

    all(): GraphPanel[] {
        return [...this.panels.values()];
    }

    /** Opens (or reveals) the graph of a document beside its editor. */
    open(uri: vscode.Uri, campaign?: string): GraphPanel {
        const existing = this.panels.get(uri.toString());
        if (existing) {
            existing.reveal();
            if (campaign && campaign !== existing.campaign) existing.showCampaign(campaign);
            return existing;
        }
        const panel = vscode.window.createWebviewPanel(
            GRAPH_VIEW_TYPE,
            panelTitle(uri),
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
            webviewOptions(this.context.extensionUri)
        );
        return this.adopt(panel, uri, campaign);
    }

    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: GraphPanelState | undefined): Promise<void> {
        const restored = this.restoreTarget(state);
        if (!restored) {
            // Nothing to show: an empty panel that cannot do anything is worse than none.
            panel.dispose();
            return;
        }
        panel.webview.options = webviewOptions(this.context.extensionUri);
        panel.title = panelTitle(restored.uri);
        this.adopt(panel, restored.uri, restored.campaign);
    }

    private restoreTarget(state: GraphPanelState | undefined): { uri: vscode.Uri; campaign?: string } | undefined {
        if (state && typeof state.uri === 'string' && !this.panels.has(state.uri)) {
            try {
                return { uri: vscode.Uri.parse(state.uri, true), campaign: typeof state.campaign === 'string' ? state.campaign : undefined };
            } catch {
                // fall through to the remembered list
            }
        }
        // The webview saved no state (it never got to `init`): take the next remembered panel not yet restored.
        const remembered = this.context.workspaceState.get<GraphPanelState[]>(OPEN_PANELS_KEY, []);
        const next = remembered.find(s => typeof s.uri === 'string' && !this.panels.has(s.uri));
        return next ? { uri: vscode.Uri.parse(next.uri), campaign: next.campaign } : undefined;
    }

    private adopt(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri, campaign: string | undefined): GraphPanel {
        const panel = new GraphPanel(webviewPanel, uri, campaign, {
            extensionUri: this.context.extensionUri,
            client: this.client,
            runs: this.runs,
            log: this.log,
            onCampaignSelected: () => void this.remember()
        });
        this.panels.set(panel.key, panel);
        panel.onDidDispose(() => {
            this.panels.delete(panel.key);
            void this.remember();
        });
        void this.remember();
        this.opened.fire(panel);
        return panel;
    }

    private remember(): Thenable<void> {
        if (this.shuttingDown) return Promise.resolve();
        const state: GraphPanelState[] = this.all().map(p => ({ uri: p.key, campaign: p.campaign }));
        return this.context.workspaceState.update(OPEN_PANELS_KEY, state);
    }

    /**
     * Deactivation: the panels stay open, so that VS Code restores them with the serializer after a
     * reload; closing them here would also forget them.
     */
    dispose(): void {
        this.shuttingDown = true;
        for (const d of this.disposables.splice(0)) d.dispose();
    }
}

function panelTitle(uri: vscode.Uri): string {
    return `Graph · ${path.posix.basename(uri.path)}`;
}
