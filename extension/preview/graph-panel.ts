// One graph panel for one document: the bridge between the webview and the language server, the
// text editor and the runs. The webview is untrusted input: every message is validated first.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckGraphEdit, GetGraph, type Range } from '../../language/protocol.js';
import { parseWebviewMessage, type GraphAction, type HostMessage, type RowsPreview, type WebviewMessage, type WebviewRequest, type WebviewRequests } from '../../webview/protocol.js';
import { errorMessage, type RunController, type RunEvent } from '../run/run-controller.js';
import { LAYOUT_WORKER_FAILED, WebviewLoader } from '../webview-loader.js';
import { applyGraphEdit, toRange } from './apply-graph-edit.js';
import { graphHtml } from './webview-html.js';

export const GRAPH_VIEW_TYPE = 'campaignStudio.graph';

export interface GraphPanelState {
    readonly uri: string;
    readonly campaign?: string;
}

export class GraphPanel implements vscode.Disposable {
    private readonly disposables: vscode.Disposable[] = [];
    private readonly disposeEmitter = new vscode.EventEmitter<void>();
    readonly onDidDispose = this.disposeEmitter.event;
    private ready = false;
    /** A `graphChanged` arrived while hidden: send one when the panel is visible again (pitfall 7). */
    private dirty = false;
    private lastVersion = 0;
    /** Messages for the webview that arrived before its `ready` (sent after `init`). */
    private readonly pending: HostMessage[] = [];
    private cursorTimer: ReturnType<typeof setTimeout> | undefined;
    private disposed = false;
    /** Every message posted to the webview, newest last (bounded; read by the extension-host tests). */
    readonly sent: HostMessage[] = [];
    /** Every valid message received from the webview, newest last (bounded; for tests). */
    readonly received: WebviewMessage[] = [];
    /**
     * Loads the page, and again when it does not come up: in code-server a webview created while
     * this one loads (another graph, a comparison, panels restored together) can leave it blank.
     */
    readonly loader: WebviewLoader;

    constructor(
        readonly panel: vscode.WebviewPanel,
        readonly uri: vscode.Uri,
        public campaign: string | undefined,
        private readonly deps: {
            readonly extensionUri: vscode.Uri;
            readonly client: () => LanguageClient;
            readonly runs: RunController;
            readonly log: vscode.LogOutputChannel;
            readonly onCampaignSelected: (panel: GraphPanel) => void;
        }
    ) {
        panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'icons', 'campaign-file.svg');
        this.loader = new WebviewLoader(panel.webview, () => graphHtml(panel.webview, deps.extensionUri, panel.title),
            deps.log, `graph webview (${panel.title})`);
        this.disposables.push(
            panel.webview.onDidReceiveMessage(raw => this.receive(raw)),
            panel.onDidChangeViewState(() => {
                this.loader.setVisible(panel.visible);
                this.flushIfVisible();
            }),
            panel.onDidDispose(() => this.dispose()),
            deps.runs.onDidChange(event => this.onRun(event)),
            vscode.window.onDidChangeTextEditorSelection(event => this.onSelection(event)),
            this.loader
        );
        // A panel restored behind another tab does not load until shown: no waiting for it meanwhile.
        this.loader.setVisible(panel.visible);
        this.loader.load();
    }

    get key(): string {
        return this.uri.toString();
    }

    get isReady(): boolean {
        return this.ready;
    }

    /** The server says the graph of this document may have changed. */
    graphChanged(version: number): void {
        this.lastVersion = Math.max(this.lastVersion, version);
        if (!this.panel.visible) {
            this.dirty = true;
            return;
        }
        this.post({ type: 'graphChanged', uri: this.key, version });
    }

    /** Show another campaign of this file (CodeLens "Graph" on it). */
    showCampaign(campaign: string): void {
        this.campaign = campaign;
        this.post({ type: 'showCampaign', campaign });
        const record = this.deps.runs.lastRun(this.uri, campaign);
        if (record) this.post({ type: 'runResult', result: record.result });
    }

    /**
     * Shows rows of a transition in the results drawer (Preview Rows). Before `ready` the rows wait
     * for the handshake, so a panel opened by the command shows them too.
     */
    showRows(campaign: string, rows: RowsPreview): void {
        this.campaign = campaign;
        const message: HostMessage = { type: 'showRows', campaign, rows };
        if (this.ready) this.post(message);
        else this.pending.push(message);
    }

    /** A context-menu command on one of this panel's nodes or edges: the webview carries it out. */
    graphAction(action: GraphAction): void {
        this.post({ type: 'graphAction', ...action });
    }

    /** Loads the page again (new nonce); the webview will say `ready` and get a fresh `init`. */
    reload(): void {
        this.ready = false;
        this.loader.load();
    }

    reveal(): void {
        this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    }

    private post(message: HostMessage): void {
        // Before `ready` the script does not listen yet: whatever is sent is lost (pitfall 8); `init` catches up.
        if (!this.ready || this.disposed) return;
        this.sent.push(message);
        if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
        void this.panel.webview.postMessage(message);
    }

    private flushIfVisible(): void {
        if (this.panel.visible && this.dirty) {
            this.dirty = false;
            this.post({ type: 'graphChanged', uri: this.key, version: this.lastVersion });
        }
    }

    /** Entry point of every message the webview posts (public so the extension-host tests can play the webview). */
    receive(raw: unknown): void {
        const message = parseWebviewMessage(raw);
        if (!message) {
            this.deps.log.warn(`graph webview: ignored an invalid message ${safeJson(raw)}`);
            return;
        }
        this.received.push(message);
        if (this.received.length > 200) this.received.splice(0, this.received.length - 200);
        switch (message.type) {
            case 'ready': return this.onReady();
            case 'request': return void this.answer(message);
            case 'reveal': return void this.revealText(message.uri, message.range, message.focusEditor ?? false);
            case 'openProblems': return void vscode.commands.executeCommand('workbench.actions.view.problems');
            case 'undo': return void this.undoRedo('undo');
            case 'redo': return void this.undoRedo('redo');
            case 'campaignSelected':
                if (message.uri !== this.key) return;
                this.campaign = message.campaign;
                this.deps.onCampaignSelected(this);
                return;
            case 'log': {
                const text = `graph webview: ${message.message}`;
                if (message.level === 'error') this.deps.log.error(text);
                else if (message.level === 'warn') this.deps.log.warn(text);
                else this.deps.log.info(text);
                // The page runs but its layout worker script did not load (the same cause as a page
                // that never loads): load it again once rather than keep the simple layout. Until the
                // new page says `ready`, nothing is posted (it would be lost); `init` catches up.
                if (LAYOUT_WORKER_FAILED.test(message.message) && this.loader.resourceFailed('the layout worker')) this.ready = false;
                return;
            }
        }
    }

    private onReady(): void {
        // `ready` again means the webview reloaded: it starts from scratch, so does the handshake.
        this.ready = true;
        this.dirty = false;
        this.loader.ready();
        const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === this.key);
        const layout = vscode.workspace.getConfiguration('campaignStudio', this.uri).get<string>('preview.layoutDirection', 'LR');
        this.post({
            type: 'init',
            uri: this.key,
            campaign: this.campaign,
            layoutDirection: layout === 'TB' ? 'TB' : 'LR',
            canEdit: document ? !isReadOnly(document) : true,
            canRun: vscode.workspace.isTrusted
        });
        const record = this.campaign ? this.deps.runs.lastRun(this.uri, this.campaign) : this.deps.runs.lastRun(this.uri);
        if (record) this.post({ type: 'runResult', result: record.result });
        for (const message of this.pending.splice(0)) this.post(message);
    }

    private async answer(request: WebviewRequest): Promise<void> {
        try {
            if ('uri' in request.params && request.params.uri !== this.key) {
                throw new Error(`this panel shows ${this.key}, not ${request.params.uri}`);
            }
            const result = await this.handle(request);
            this.post({ type: 'response', id: request.id, result });
        } catch (error) {
            this.deps.log.warn(`graph webview: ${request.method} failed: ${errorMessage(error)}`);
            this.post({ type: 'response', id: request.id, error: errorMessage(error) });
        }
    }

    private async handle(request: WebviewRequest): Promise<WebviewRequests[typeof request.method]['result']> {
        switch (request.method) {
            case 'getGraph':
                return this.deps.client().sendRequest<GetGraph.Result>(GetGraph.method, request.params);
            case 'applyGraphEdit':
                return applyGraphEdit(this.deps.client(), this.uri, request.params);
            case 'checkGraphEdit':
                return this.deps.client().sendRequest<CheckGraphEdit.Result>(CheckGraphEdit.method, request.params);
            case 'testRun': {
                const record = await this.deps.runs.run(this.uri, request.params.campaign, 'test');
                if (!record) throw new Error('The run was cancelled.');
                return record.result;
            }
            case 'previewRows': {
                const { campaign, ref, limit } = request.params;
                const rows = await this.deps.runs.previewRows(this.uri, campaign, ref, limit ?? 100);
                if (!rows) throw new Error('Cancelled.');
                return rows;
            }
        }
    }

    private async revealText(uri: string, range: Range, focus: boolean): Promise<void> {
        if (uri !== this.key) return;
        const editor = await this.textEditor(!focus);
        const selection = toRange(range);
        editor.selection = new vscode.Selection(selection.start, selection.end);
        editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }

    /** The text editor of this document: a visible one, else opened in another column than the panel's. */
    private async textEditor(preserveFocus: boolean): Promise<vscode.TextEditor> {
        const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === this.key);
        const column = visible?.viewColumn
            ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
        const document = await vscode.workspace.openTextDocument(this.uri);
        return vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus, preview: false });
    }

    /** There is no document-level undo API: focus the text editor, undo there, give focus back. */
    private async undoRedo(command: 'undo' | 'redo'): Promise<void> {
        await this.textEditor(false);
        await vscode.commands.executeCommand(command);
        this.panel.reveal(this.panel.viewColumn, false);
    }

    private onRun(event: RunEvent): void {
        switch (event.kind) {
            case 'started':
                if (event.uri === this.key) this.post({ type: 'runStarted', campaign: event.campaign });
                break;
            case 'finished':
                if (event.record.uri === this.key) this.post({ type: 'runResult', result: event.record.result });
                break;
            case 'failed':
                if (event.uri === this.key) this.post({ type: 'runFailed', campaign: event.campaign, message: event.message });
                break;
            case 'cancelled':
                if (event.uri === this.key) this.post({ type: 'runFailed', campaign: event.campaign, message: 'Cancelled' });
                break;
            case 'cleared':
                if (event.uri === this.key) this.post({ type: 'runCleared' });
                break;
        }
    }

    private onSelection(event: vscode.TextEditorSelectionChangeEvent): void {
        if (event.textEditor.document.uri.toString() !== this.key || !this.panel.visible) return;
        clearTimeout(this.cursorTimer);
        const { line, character } = event.selections[0].active;
        this.cursorTimer = setTimeout(() => this.post({ type: 'cursor', uri: this.key, position: { line, character } }), 60);
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        clearTimeout(this.cursorTimer);
        this.disposeEmitter.fire();
        this.disposeEmitter.dispose();
        for (const d of this.disposables.splice(0)) d.dispose();
        this.panel.dispose();
    }
}


function isReadOnly(document: vscode.TextDocument): boolean {
    return document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote';
}

function safeJson(value: unknown): string {
    try {
        return JSON.stringify(value)?.slice(0, 200) ?? String(value);
    } catch {
        return String(value);
    }
}
