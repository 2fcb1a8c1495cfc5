// One side of Compare Graph with HEAD: a graph webview (the same bundle as the graph panel) whose
// graph comes from the comparison (the base, read-only) or from the language server (the working
// copy), with its nodes highlighted by diff status. Every message from the webview is validated.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckGraphEdit, GetGraph, type Range } from '../../language/protocol.js';
import { parseWebviewMessage, type HostMessage, type WebviewMessage, type WebviewRequest } from '../../webview/protocol.js';
import { parseDiffFocus, type CompareHighlight, type DiffFocusMessage } from '../../webview/compare/compare-protocol.js';
import { applyGraphEdit, toRange } from '../preview/apply-graph-edit.js';
import { graphHtml, webviewOptions } from '../preview/webview-html.js';
import { LAYOUT_WORKER_FAILED, WebviewLoader } from '../webview-loader.js';

export const COMPARE_VIEW_TYPE = 'campaignStudio.compareGraph';

export type Side = 'before' | 'after';

export interface ComparePanelHost {
    readonly extensionUri: vscode.Uri;
    readonly log: vscode.LogOutputChannel;
    client(): LanguageClient;
    /** The base's graph answer (side `before`). */
    baseGraph(campaign: string | undefined): Promise<GetGraph.Result>;
    /** The highlights of a side for the campaign shown now. */
    highlight(side: Side): CompareHighlight | undefined;
    /** A change of the list was clicked in this panel: show its nodes in the other one. */
    focus(before: readonly string[], after: readonly string[]): void;
    campaign(): string | undefined;
    campaignSelected(campaign: string): void;
}

export class ComparePanel implements vscode.Disposable {
    readonly panel: vscode.WebviewPanel;
    private ready = false;
    private disposed = false;
    private readonly disposables: vscode.Disposable[] = [];
    /** Messages posted to the webview, newest last (bounded; read by the extension-host tests). */
    readonly sent: (HostMessage | DiffFocusMessage)[] = [];
    readonly received: WebviewMessage[] = [];
    private readonly disposeEmitter = new vscode.EventEmitter<void>();
    readonly onDidDispose = this.disposeEmitter.event;
    /** Loads the page, and again when it does not come up (extension/webview-loader.ts says why). */
    readonly loader: WebviewLoader;

    constructor(readonly side: Side, readonly uri: vscode.Uri, title: string, column: vscode.ViewColumn, private readonly host: ComparePanelHost) {
        this.panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, title, { viewColumn: column, preserveFocus: false },
            webviewOptions(host.extensionUri));
        this.panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'icons', 'campaign-file.svg');
        this.loader = new WebviewLoader(this.panel.webview, () => graphHtml(this.panel.webview, host.extensionUri, this.panel.title),
            host.log, `compare webview (${side})`);
        this.disposables.push(
            this.panel.webview.onDidReceiveMessage(raw => this.receive(raw)),
            this.panel.onDidDispose(() => this.dispose()),
            this.panel.onDidChangeViewState(() => this.loader.setVisible(this.panel.visible)),
            this.loader
        );
        this.loader.load();
    }

    get key(): string {
        return this.uri.toString();
    }

    get isReady(): boolean {
        return this.ready;
    }

    private readonly readyEmitter = new vscode.EventEmitter<void>();

    /** Resolves when the webview said `ready` (after reloads, if need be), or after `ms`. */
    whenReady(ms: number): Promise<void> {
        if (this.ready) return Promise.resolve();
        return new Promise(resolve => {
            const timer = setTimeout(done, ms);
            const listener = this.readyEmitter.event(done);
            function done() { clearTimeout(timer); listener.dispose(); resolve(); }
        });
    }

    /** The comparison was made again: pull the graph and take the new highlights. */
    refresh(): void {
        this.post({ type: 'graphChanged', uri: this.key, version: Date.now() });
        this.sendHighlight();
    }

    showCampaign(campaign: string): void {
        this.post({ type: 'showCampaign', campaign });
    }

    /** Shows these nodes (a change clicked in the other panel's list). */
    focus(before: readonly string[], after: readonly string[]): void {
        this.post({ type: 'diffFocus', before, after });
    }

    private sendHighlight(): void {
        const highlight = this.host.highlight(this.side);
        if (highlight) this.post({ type: 'diffStatuses', ...highlight });
    }

    private post(message: HostMessage | DiffFocusMessage): void {
        if (!this.ready || this.disposed) return;
        this.sent.push(message);
        if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
        void this.panel.webview.postMessage(message);
    }

    /** Entry point of every message the webview posts (public so the extension-host tests can play the webview). */
    receive(raw: unknown): void {
        // The comparison's own message (webview/compare/compare-protocol.ts), then the graph's.
        const focus = parseDiffFocus(raw);
        if (focus) return this.host.focus(focus.before, focus.after);
        const message = parseWebviewMessage(raw);
        if (!message) {
            this.host.log.warn(`compare webview: ignored an invalid message`);
            return;
        }
        this.received.push(message);
        if (this.received.length > 200) this.received.splice(0, this.received.length - 200);
        switch (message.type) {
            case 'ready':
                this.ready = true;
                this.loader.ready();
                this.post({
                    type: 'init', uri: this.key, campaign: this.host.campaign(), layoutDirection: layoutDirection(this.uri),
                    // The base is a revision: nothing to edit. Runs belong to the graph panel, not to a comparison.
                    canEdit: this.side === 'after', canRun: false
                });
                this.sendHighlight();
                this.readyEmitter.fire();
                return;
            case 'request': return void this.answer(message);
            case 'reveal': if (this.side === 'after') void this.revealText(message.range); return;
            case 'campaignSelected': this.host.campaignSelected(message.campaign); return;
            case 'openProblems': return void vscode.commands.executeCommand('workbench.actions.view.problems');
            case 'undo': case 'redo': return;
            case 'log':
                this.host.log.info(`compare webview: ${message.message}`);
                // The page runs, but its layout worker script did not load (the same cause as a page that
                // never loads): both graphs of a comparison should be laid out alike, so load it again.
                // Until the new page says `ready`, nothing is posted (it would be lost).
                if (LAYOUT_WORKER_FAILED.test(message.message) && this.loader.resourceFailed('the layout worker')) this.ready = false;
                return;
        }
    }

    private async answer(request: WebviewRequest): Promise<void> {
        try {
            if (request.params.uri !== this.key) throw new Error(`this panel shows ${this.key}, not ${request.params.uri}`);
            const result = await this.handle(request);
            this.post({ type: 'response', id: request.id, result });
        } catch (error) {
            const text = error instanceof Error ? error.message : String(error);
            this.host.log.warn(`compare webview: ${request.method} failed: ${text}`);
            this.post({ type: 'response', id: request.id, error: text });
        }
    }

    private async handle(request: WebviewRequest): Promise<unknown> {
        switch (request.method) {
            case 'getGraph':
                return this.side === 'before'
                    ? this.host.baseGraph(request.params.campaign)
                    : this.host.client().sendRequest<GetGraph.Result>(GetGraph.method, request.params);
            case 'applyGraphEdit':
                if (this.side === 'before') return { applied: false, reason: 'invalid', message: 'The base revision is read-only.' };
                // As the graph panel does: minimal text edits from the server, applied as one undoable edit.
                return applyGraphEdit(this.host.client(), this.uri, request.params);
            case 'testRun':
            case 'previewRows':
                throw new Error('Runs are not available in a comparison: open the graph panel to run.');
            case 'checkGraphEdit':
                // The inspector's live diagnostics (language/graph/edits/check-graph-edit.ts); none on the read-only base.
                if (this.side === 'before') return { ok: false, reason: 'invalid', message: 'The base revision is read-only.' };
                return this.host.client().sendRequest<CheckGraphEdit.Result>(CheckGraphEdit.method, request.params);
        }
    }

    private async revealText(range: Range): Promise<void> {
        const document = await vscode.workspace.openTextDocument(this.uri);
        const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === this.key);
        const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: true, preview: false });
        const selection = toRange(range);
        editor.selection = new vscode.Selection(selection.start, selection.end);
        editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        this.disposeEmitter.fire();
        this.disposeEmitter.dispose();
        this.readyEmitter.dispose();
        for (const d of this.disposables.splice(0)) d.dispose();
        this.panel.dispose();
    }
}

function layoutDirection(uri: vscode.Uri): 'LR' | 'TB' {
    return vscode.workspace.getConfiguration('campaignStudio', uri).get<string>('preview.layoutDirection', 'LR') === 'TB' ? 'TB' : 'LR';
}

