// The webview's state and everything that changes it: pulling graphs after `graphChanged`, layout,
// graph edits with the document version, selection, runs. React reads it with `useStore`.
import { useSyncExternalStore } from 'react';
import type { CampaignGraph, GetGraph, GraphDiagnostic, GraphEdit, Range, SetOptionEdit } from '../../language/protocol.js';
import type { GraphAction, HostMessage, RowsPreview, RunOverlay, WebviewInit } from '../protocol.js';
import type { XY } from '../graph/flow-types.js';
import { placeNew, simpleLayout, elkLayout, type Direction, type ElkLike } from '../graph/layout.js';
import type { Host } from './host.js';

/** Rows the drawer asks for; the preview says how many there are in all. */
export const ROWS_LIMIT = 100;
const NO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Above this many activities the first paint does not wait for ELK. */
const LARGE_GRAPH = 150;

export interface AppState {
    readonly uri?: string;
    readonly campaign?: string;
    readonly campaigns: readonly string[];
    readonly graph?: CampaignGraph;
    /** The version the graph was built from; edits are based on it. */
    readonly version: number;
    readonly stale: boolean;
    readonly problems: { readonly errors: number; readonly warnings: number };
    readonly loaded: boolean;
    readonly direction: Direction;
    readonly positions: ReadonlyMap<string, XY>;
    readonly layingOut: boolean;
    readonly selectedNode?: string;
    readonly selectedEdge?: string;
    readonly highlighted?: string;
    readonly inspectorOpen: boolean;
    readonly renaming: boolean;
    readonly confirmDelete?: string;
    readonly canEdit: boolean;
    readonly canRun: boolean;
    readonly run?: RunOverlay;
    readonly running: boolean;
    /** The transition (output ref) whose rows the drawer shows, while they load and after. */
    readonly rowsRef?: string;
    readonly rows?: RowsPreview;
    readonly message?: { readonly kind: 'error' | 'info'; readonly text: string };
    /** Bumped to ask the canvas to fit the view. */
    readonly fitRequest: number;
}

interface SavedState {
    readonly uri?: string;
    readonly campaign?: string;
    readonly direction?: Direction;
    readonly positions?: Record<string, Record<string, XY>>;
}

export class Store {
    private state: AppState = {
        campaigns: [], version: 0, stale: false, problems: { errors: 0, warnings: 0 }, loaded: false, direction: 'LR',
        positions: new Map(), layingOut: false, inspectorOpen: false, renaming: false, canEdit: true, canRun: true, running: false, fitRequest: 0
    };
    private readonly listeners = new Set<() => void>();
    private pulling = false;
    private pullAgain = false;
    private pendingPosition?: { name: string; at: XY };
    private pendingSelect?: string;
    private elk?: Promise<ElkLike | undefined>;

    constructor(readonly host: Host, private readonly elkFactory?: () => Promise<ElkLike>) {
        host.on(message => this.onHost(message));
        const saved = host.getState<SavedState>();
        if (saved?.direction) this.state = { ...this.state, direction: saved.direction };
    }

    get = (): AppState => this.state;

    subscribe = (listener: () => void): (() => void) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    };

    set(patch: Partial<AppState>): void {
        this.state = { ...this.state, ...patch };
        for (const l of this.listeners) l();
    }

    start(): void {
        this.host.post({ type: 'ready' });
    }

    // ------------------------------------------------------------ host messages

    private onHost(message: HostMessage): void {
        switch (message.type) {
            case 'init': this.init(message); break;
            case 'graphChanged': if (message.uri === this.state.uri) void this.pull(); break;
            case 'cursor': if (message.uri === this.state.uri) this.highlightAt(message.position); break;
            case 'showCampaign': this.selectCampaign(message.campaign); break;
            case 'runStarted': this.set({ running: true }); break;
            case 'runResult': this.set({ running: false, run: message.result, rows: undefined, rowsRef: undefined }); break;
            case 'runFailed': this.set({ running: false, message: { kind: 'error', text: `Run failed: ${message.message}` } }); break;
            case 'runCleared': this.set({ run: undefined, rows: undefined, rowsRef: undefined }); break;
            case 'showRows': this.showRows(message.campaign, message.rows); break;
            case 'graphAction': this.act(message); break;
        }
    }

    /** Rows from the Preview Rows command: the drawer shows them, the edges of that ref are selected. */
    private showRows(campaign: string, rows: RowsPreview): void {
        if (campaign !== this.state.campaign) this.selectCampaign(campaign);
        const edge = this.state.graph?.campaign === campaign ? this.state.graph.edges.find(e => e.ref === rows.ref) : undefined;
        this.set({ rows, rowsRef: rows.ref, selectedEdge: edge?.id, selectedNode: edge ? undefined : this.state.selectedNode });
    }

    /** A context-menu command on a node or an edge (extension/commands/graph-menu.ts). */
    private act(action: GraphAction): void {
        const graph = this.state.graph;
        if (!graph || graph.campaign !== action.campaign || !this.state.uri) return;
        if ('edge' in action) {
            const edge = graph.edges.find(e => e.id === action.edge);
            const target = edge && graph.nodes.find(n => n.id === edge.target);
            if (!edge || !target) return;
            this.set({ selectedEdge: edge.id, selectedNode: undefined });
            if (action.action === 'revealEdge') this.host.post({ type: 'reveal', uri: this.state.uri, range: edge.range, focusEditor: true });
            else void this.edit({ op: 'disconnect', campaign: graph.campaign, source: edge.ref, target: target.name });
            return;
        }
        const node = graph.nodes.find(n => n.name === action.activity);
        if (!node) return;
        switch (action.action) {
            case 'reveal':
                this.set({ selectedNode: node.id, selectedEdge: undefined });
                this.host.post({ type: 'reveal', uri: this.state.uri, range: node.nameRange, focusEditor: true });
                break;
            case 'rename':
                this.set({ selectedNode: node.id, selectedEdge: undefined, inspectorOpen: true, renaming: true });
                break;
            case 'delete':
                this.set({ selectedNode: node.id, selectedEdge: undefined });
                this.deleteNode(node.id);
                break;
            case 'toggleDisabled':
                void this.edit({ op: 'setOption', campaign: graph.campaign, activity: node.name, key: 'disabled', value: node.disabled ? null : '' });
                break;
            case 'togglePause':
                void this.edit({ op: 'setOption', campaign: graph.campaign, activity: node.name, key: 'pause', value: node.paused ? null : '' });
                break;
        }
    }

    /** Deletes a node's statement; asks first when other activities read from it. */
    deleteNode(id: string): void {
        const node = this.state.graph?.nodes.find(n => n.id === id);
        if (!node) return;
        if (this.readers(id).length > 0) this.set({ confirmDelete: id });
        else void this.edit({ op: 'deleteActivity', campaign: this.state.graph!.campaign, name: node.name });
    }

    private init(init: { type: 'init' } & WebviewInit): void {
        const saved = this.host.getState<SavedState>();
        const campaign = init.campaign ?? (saved?.uri === init.uri ? saved.campaign : undefined);
        this.set({
            uri: init.uri, campaign, direction: init.layoutDirection ?? saved?.direction ?? this.state.direction,
            canEdit: init.canEdit ?? true, canRun: init.canRun ?? true,
            positions: new Map(Object.entries(saved?.uri === init.uri && campaign ? saved.positions?.[campaign] ?? {} : {}))
        });
        void this.pull();
    }

    /** Pulls the graph; pulls that arrive while one runs collapse into one more. */
    async pull(relayout = false): Promise<void> {
        if (this.pulling) { this.pullAgain = true; return; }
        const uri = this.state.uri;
        if (!uri) return;
        this.pulling = true;
        try {
            const params: GetGraph.Params = this.state.campaign ? { uri, campaign: this.state.campaign } : { uri };
            const result = await this.host.request('getGraph', params);
            await this.accept(result, relayout);
        } catch (error) {
            this.set({ message: { kind: 'error', text: `Cannot load the graph: ${error instanceof Error ? error.message : String(error)}` }, loaded: true });
        } finally {
            this.pulling = false;
            if (this.pullAgain) { this.pullAgain = false; void this.pull(); }
        }
    }

    private async accept(result: GetGraph.Result, relayout: boolean): Promise<void> {
        const graph = result.graph;
        const campaignChanged = graph?.campaign !== this.state.graph?.campaign;
        let positions = campaignChanged ? this.savedPositions(graph?.campaign) : new Map(this.state.positions);
        if (this.pendingPosition && graph) {
            positions.set(`${graph.campaign}/${this.pendingPosition.name}`, this.pendingPosition.at);
            this.pendingPosition = undefined;
        }
        if (graph) {
            const missing = graph.nodes.filter(n => !positions.has(n.id)).length;
            if (relayout || positions.size === 0 || missing > graph.nodes.length / 2) {
                if (graph.nodes.length > LARGE_GRAPH) {
                    // Paint at once with the simple layout; ELK's result replaces it when the worker is done.
                    positions = simpleLayout(graph, this.state.direction);
                    // After the first paint, so that starting the worker does not delay it.
                    requestAnimationFrame(() => setTimeout(() => void this.refineLayout(graph), 0));
                } else {
                    this.set({ layingOut: true });
                    positions = await this.fullLayout(graph);
                }
            } else {
                positions = placeNew(graph, positions, this.state.direction);
            }
        }
        const selectName = this.pendingSelect;
        const select = selectName && graph?.nodes.find(n => n.name === selectName);
        if (select) this.pendingSelect = undefined;
        const keep = (id?: string) => id && graph?.nodes.some(n => n.id === id) ? id : undefined;
        const keepEdge = (id?: string) => id && graph?.edges.some(e => e.id === id) ? id : undefined;
        this.set({
            graph, campaigns: result.campaigns, layingOut: this.refining, campaign: graph?.campaign ?? this.state.campaign, version: result.version,
            stale: result.stale, problems: result.problems, loaded: true, positions,
            selectedNode: select ? select.id : keep(this.state.selectedNode), selectedEdge: keepEdge(this.state.selectedEdge),
            fitRequest: campaignChanged || relayout ? this.state.fitRequest + 1 : this.state.fitRequest
        });
        this.save();
    }

    private refining = false;

    private async refineLayout(graph: CampaignGraph): Promise<void> {
        this.refining = true;
        this.set({ layingOut: true });
        const positions = await this.fullLayout(graph);
        this.refining = false;
        const current = this.state.graph;
        if (current?.campaign !== graph.campaign) { this.set({ layingOut: false }); return; }
        this.set({ positions: placeNew(current, positions, this.state.direction), layingOut: false, fitRequest: this.state.fitRequest + 1 });
        this.save();
    }

    private async fullLayout(graph: CampaignGraph): Promise<Map<string, XY>> {
        this.elk ??= this.elkFactory ? this.elkFactory().catch(error => {
            this.host.post({ type: 'log', level: 'warn', message: `ELK worker unavailable, using the simple layout: ${String(error)}` });
            return undefined;
        }) : Promise.resolve(undefined);
        const elk = await this.elk;
        if (elk) {
            try {
                return await elkLayout(elk, graph, this.state.direction);
            } catch (error) {
                this.host.post({ type: 'log', level: 'warn', message: `ELK layout failed: ${String(error)}` });
            }
        }
        return simpleLayout(graph, this.state.direction);
    }

    private savedPositions(campaign?: string): Map<string, XY> {
        const saved = this.host.getState<SavedState>();
        return new Map(Object.entries(campaign && saved?.uri === this.state.uri ? saved?.positions?.[campaign] ?? {} : {}));
    }

    private save(): void {
        const { uri, campaign, direction, positions } = this.state;
        const saved = this.host.getState<SavedState>();
        const all = saved?.uri === uri ? { ...saved?.positions } : {};
        if (campaign) all[campaign] = Object.fromEntries(positions);
        this.host.setState({ uri, campaign, direction, positions: all } satisfies SavedState);
    }

    // ------------------------------------------------------------ user actions

    selectCampaign(campaign: string): void {
        if (campaign === this.state.campaign) return;
        this.set({ campaign, selectedNode: undefined, selectedEdge: undefined, run: undefined, rows: undefined, rowsRef: undefined });
        if (this.state.uri) this.host.post({ type: 'campaignSelected', uri: this.state.uri, campaign });
        void this.pull();
    }

    setDirection(direction: Direction): void {
        this.set({ direction });
        void this.pull(true);
    }

    relayout(): void {
        void this.pull(true);
    }

    fit(): void {
        this.set({ fitRequest: this.state.fitRequest + 1 });
    }

    movedNode(id: string, at: XY): void {
        const positions = new Map(this.state.positions);
        positions.set(id, at);
        this.set({ positions });
        this.save();
    }

    selectNode(id: string | undefined, reveal = true): void {
        this.set({ selectedNode: id, selectedEdge: undefined, renaming: false });
        const node = id ? this.state.graph?.nodes.find(n => n.id === id) : undefined;
        if (node && reveal) this.reveal(node.nameRange);
    }

    /** Selects an edge; after a run, the drawer loads the rows of its transition. */
    selectEdge(id: string | undefined): void {
        const edge = id ? this.state.graph?.edges.find(e => e.id === id) : undefined;
        const loadRows = edge !== undefined && this.state.run !== undefined;
        // Already shown or loading (a label click may reach here twice).
        const same = loadRows && this.state.rowsRef === edge.ref;
        this.set({ selectedEdge: id, selectedNode: undefined, ...(loadRows && !same ? { rows: undefined, rowsRef: edge.ref } : {}) });
        if (loadRows && !same) this.loadRows(edge.ref);
    }

    private loadRows(ref: string): void {
        const { uri, campaign } = this.state;
        if (!uri || !campaign) return;
        this.host.request('previewRows', { uri, campaign, ref, limit: ROWS_LIMIT })
            .then(rows => { if (this.state.rowsRef === ref) this.set({ rows }); })
            .catch(error => {
                if (this.state.rowsRef === ref) this.set({ rowsRef: undefined });
                this.set({ message: { kind: 'error', text: String(error instanceof Error ? error.message : error) } });
            });
    }

    closeRows(): void {
        this.set({ rows: undefined, rowsRef: undefined });
    }

    /**
     * The diagnostics a field's value would have, from the language server's validation of the
     * candidate text (nothing is applied). Undefined when there is nothing to say (stale text,
     * another version, no host support): the field then shows the document's own diagnostics.
     */
    async checkOption(edit: SetOptionEdit): Promise<readonly GraphDiagnostic[] | undefined> {
        const { uri, version, stale, canEdit } = this.state;
        if (!uri || stale || !canEdit) return undefined;
        try {
            const result = await this.host.request('checkGraphEdit', { uri, version, edit });
            if (!result) return undefined;
            if (result.ok) return result.diagnostics;
            // The edit itself is refused (braces, a missing value): that is what applying would say.
            if (result.reason === 'invalid' || result.reason === 'not-found') return [{ severity: 1, message: result.message, range: NO_RANGE }];
            return undefined;
        } catch {
            return undefined;
        }
    }

    reveal(range: Range): void {
        if (this.state.uri) this.host.post({ type: 'reveal', uri: this.state.uri, range });
    }

    openInspector(open = true): void {
        this.set({ inspectorOpen: open });
    }

    private highlightAt(position: { line: number; character: number }): void {
        const inside = (r: Range) => (r.start.line < position.line || (r.start.line === position.line && r.start.character <= position.character))
            && (position.line < r.end.line || (position.line === r.end.line && position.character <= r.end.character));
        const node = this.state.graph?.nodes.find(n => inside(n.range));
        if (node?.id !== this.state.highlighted) this.set({ highlighted: node?.id });
    }

    /** Sends a graph edit based on the graph's version; the text changes, then a new graph arrives. */
    async edit(edit: GraphEdit, options: { at?: XY } = {}): Promise<boolean> {
        const { uri, stale, canEdit, version } = this.state;
        if (!uri) return false;
        if (stale) { this.set({ message: { kind: 'error', text: 'The text does not parse: fix it before editing the graph.' } }); return false; }
        if (!canEdit) { this.set({ message: { kind: 'error', text: 'This document is read-only.' } }); return false; }
        try {
            const result = await this.host.request('applyGraphEdit', { uri, version, edit });
            if (!result.applied) {
                this.set({ message: { kind: 'error', text: result.message ?? 'The edit was not applied.' } });
                if (result.reason === 'stale-version') void this.pull();
                return false;
            }
            if (result.select) {
                this.pendingSelect = result.select;
                if (options.at) this.pendingPosition = { name: result.select, at: options.at };
            }
            this.set({ message: undefined });
            return true;
        } catch (error) {
            this.set({ message: { kind: 'error', text: error instanceof Error ? error.message : String(error) } });
            return false;
        }
    }

    async testRun(): Promise<void> {
        const { uri, campaign } = this.state;
        if (!uri || !campaign) return;
        this.set({ running: true, message: undefined });
        try {
            const run = await this.host.request('testRun', { uri, campaign });
            this.set({ run, running: false, rows: undefined, rowsRef: undefined });
        } catch (error) {
            this.set({ running: false, message: { kind: 'error', text: `Run failed: ${error instanceof Error ? error.message : String(error)}` } });
        }
    }

    /** Ids of the nodes that read from a node. */
    readers(id: string): string[] {
        return [...new Set(this.state.graph?.edges.filter(e => e.source === id).map(e => e.target) ?? [])];
    }
}

export function useStore<T>(store: Store, select: (state: AppState) => T): T {
    return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
