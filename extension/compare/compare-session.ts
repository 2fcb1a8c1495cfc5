// One comparison: a file's base text (a git revision) against its working copy, drawn in two graph
// panels side by side: the base on the left (read-only), the working copy on the right, kept up to
// date while the text is edited. Closing either panel ends it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GetGraph } from '../../language/protocol.js';
import { CompareGraph } from '../../language/review/compare-protocol.js';
import { edgeStatusesFor, statusesFor } from '../../language/review/graph-diff.js';
import type { CompareHighlight } from '../../webview/compare/compare-protocol.js';
import { changeItems } from './change-items.js';
import { ComparePanel, type Side } from './compare-panel.js';
import { LOAD_TIMEOUTS_MS } from '../webview-loader.js';

/** How long the loader's last page of the base panel gets before the working copy's panel is created. */
const LAST_PAGE_GRACE_MS = 20_000;

export interface CompareDeps {
    readonly extensionUri: vscode.Uri;
    readonly log: vscode.LogOutputChannel;
    client(): LanguageClient;
}

/** Text edits are compared again after this pause. */
const RECOMPARE_MS = 400;

export class CompareSession implements vscode.Disposable {
    private result: CompareGraph.Result | undefined;
    private campaign: string | undefined;
    private panels: { before: ComparePanel; after: ComparePanel } | undefined;
    private readonly disposables: vscode.Disposable[] = [];
    private timer: ReturnType<typeof setTimeout> | undefined;
    private disposed = false;
    private readonly disposeEmitter = new vscode.EventEmitter<void>();
    readonly onDidDispose = this.disposeEmitter.event;

    constructor(readonly uri: vscode.Uri, private baseText: string, private baseLabel: string, private readonly deps: CompareDeps, campaign?: string) {
        this.campaign = campaign;
    }

    get key(): string {
        return this.uri.toString();
    }

    /** The last comparison (for tests and the panels). */
    get current(): CompareGraph.Result | undefined {
        return this.result;
    }

    get before(): ComparePanel | undefined {
        return this.panels?.before;
    }

    get after(): ComparePanel | undefined {
        return this.panels?.after;
    }

    /**
     * Opens one side's panel and waits until it is up. The base panel is opened first and waited
     * for before the working copy's panel is created: in code-server, creating a webview while
     * another loads can break the loading one (extension/webview-loader.ts). The loader sets the page
     * again (after 10 s, then 20 s); a panel still blank 10 s after the third page is replaced by a
     * new webview once (a new frame registers the resource worker anew, where setting the page again
     * was seen to fail four times in a row on a loaded machine, on either side), and the new one gets
     * the loader's whole series plus LAST_PAGE_GRACE_MS for its last page.
     */
    private async openSide(side: Side, create: () => ComparePanel): Promise<ComparePanel> {
        let panel = create();
        // Up to the third page, which gets the first wait's 10 s.
        await panel.whenReady(LOAD_TIMEOUTS_MS[0] + LOAD_TIMEOUTS_MS[1] + LOAD_TIMEOUTS_MS[0]);
        if (panel.isReady) return panel;
        this.deps.log.warn(`compare webview (${side}): not up after ${panel.loader.attempts} load(s); opening a new webview`);
        panel.dispose();
        panel = create();
        this.replaced[side]++;
        await panel.whenReady(LOAD_TIMEOUTS_MS.reduce((a, b) => a + b, 0) + LAST_PAGE_GRACE_MS);
        return panel;
    }

    /** How many times each side's panel was replaced by a new webview (read by the extension-host tests). */
    readonly replaced: Record<Side, number> = { before: 0, after: 0 };

    /** Compares, then opens the two panels (left: base, right: working copy). */
    async open(): Promise<void> {
        await this.compare();
        const name = path.posix.basename(this.uri.path);
        const host = (side: Side) => ({
            extensionUri: this.deps.extensionUri,
            log: this.deps.log,
            client: () => this.deps.client(),
            baseGraph: (campaign: string | undefined) => this.baseGraph(campaign),
            highlight: () => this.highlight(side),
            focus: (before: readonly string[], after: readonly string[]) => this.focus(side, before, after),
            campaign: () => this.campaign,
            campaignSelected: (campaign: string) => void this.selectCampaign(campaign)
        });
        const before = await this.openSide('before', () => new ComparePanel('before', this.uri, this.baseTitle(), vscode.ViewColumn.One, host('before')));
        // Closing the base while the working copy's panel loads ends the session.
        this.disposables.push(before.onDidDispose(() => this.dispose()));
        this.opening = before;
        const after = await this.openSide('after', () => new ComparePanel('after', this.uri, `${name} (working copy)`, vscode.ViewColumn.Two, host('after')));
        this.opening = undefined;
        if (this.disposed) {
            after.dispose();
            return;
        }
        this.panels = { before, after };
        this.disposables.push(
            after.onDidDispose(() => this.dispose()),
            vscode.workspace.onDidChangeTextDocument(event => {
                if (event.document.uri.toString() !== this.key || event.contentChanges.length === 0) return;
                clearTimeout(this.timer);
                this.timer = setTimeout(() => void this.recompare(), RECOMPARE_MS);
            })
        );
    }

    get label(): string {
        return this.baseLabel;
    }

    /** Another revision for the same file: the panels stay and show the new base. */
    async rebase(baseText: string, baseLabel: string): Promise<void> {
        this.baseText = baseText;
        this.baseLabel = baseLabel;
        await this.compare();
        if (!this.panels) return;
        this.panels.before.panel.title = this.baseTitle();
        this.panels.before.refresh();
        this.panels.after.refresh();
        this.panels.before.panel.reveal(undefined, true);
        this.panels.after.panel.reveal(undefined, true);
    }

    private baseTitle(): string {
        return `${path.posix.basename(this.uri.path)} (${this.baseLabel})`;
    }

    /**
     * Node and edge id → status of one side, with the count of nodes that only the other side
     * shows; the working copy's side also gets the list of changes (one list per comparison).
     */
    highlight(side: Side): CompareHighlight | undefined {
        if (!this.result) return undefined;
        const statuses = Object.fromEntries(statusesFor(this.result.graph, side));
        const edges = Object.fromEntries(edgeStatusesFor(this.result.graph, side));
        const count = (status: string) => this.result!.graph.nodes.filter(n => n.status === status).length;
        const elsewhere = side === 'before' ? { added: count('added') } : { removed: count('removed') };
        const changes = side === 'after' ? { changes: changeItems(this.result.change, this.result.graph) } : {};
        return { side, label: this.baseLabel, statuses, elsewhere, edges, ...changes };
    }

    /** A change of the list was clicked in one panel: the other panel shows its nodes too. */
    focus(from: Side, before: readonly string[], after: readonly string[]): void {
        const other = from === 'after' ? this.panels?.before : this.panels?.after;
        other?.focus(before, after);
    }

    private async compare(): Promise<void> {
        const params: CompareGraph.Params = {
            uri: this.key, baseText: this.baseText, baseLabel: this.baseLabel, ...(this.campaign ? { campaign: this.campaign } : {})
        };
        this.result = await sendWhenKnown(this.deps.client(), params);
        this.campaign = this.result.campaign ?? this.campaign;
        for (const line of this.result.syntaxErrors) this.deps.log.warn(`compare graph: ${line}`);
    }

    private async recompare(): Promise<void> {
        if (this.disposed) return;
        try {
            await this.compare();
            this.panels?.before.refresh();
            this.panels?.after.refresh();
        } catch (error) {
            this.deps.log.warn(`compare graph: ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    private async selectCampaign(campaign: string): Promise<void> {
        if (campaign === this.campaign) return;
        this.campaign = campaign;
        await this.recompare();
        this.panels?.before.showCampaign(campaign);
        this.panels?.after.showCampaign(campaign);
    }

    /** The base side's `getGraph` answer, from the comparison (version 0: it never changes). */
    private async baseGraph(campaign: string | undefined): Promise<GetGraph.Result> {
        if (campaign && campaign !== this.campaign) {
            this.campaign = campaign;
            await this.compare();
        }
        const result = this.result!;
        return {
            uri: this.key, version: 0, currentVersion: 0, campaigns: result.campaigns,
            ...(result.before ? { graph: result.before } : {}),
            stale: false, problems: { errors: 0, warnings: 0 }
        };
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        clearTimeout(this.timer);
        this.disposeEmitter.fire();
        this.disposeEmitter.dispose();
        for (const d of this.disposables.splice(0)) d.dispose();
        this.opening?.dispose();
        this.panels?.before.dispose();
        this.panels?.after.dispose();
    }

    /** The base panel while the working copy's panel is being opened. */
    private opening: ComparePanel | undefined;
}

/**
 * The server knows a document once it has been opened or loaded with the workspace; a file from
 * outside the folders, just opened, may take a moment: ask again a few times.
 */
async function sendWhenKnown(client: LanguageClient, params: CompareGraph.Params): Promise<CompareGraph.Result> {
    for (let attempt = 0; ; attempt++) {
        try {
            return await client.sendRequest<CompareGraph.Result>(CompareGraph.method, params);
        } catch (error) {
            const unknown = error instanceof Error && error.message.startsWith('Unknown document');
            if (!unknown || attempt >= 10) throw error;
            await new Promise(resolve => setTimeout(resolve, 300));
        }
    }
}
