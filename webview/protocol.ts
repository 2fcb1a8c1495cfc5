// The message protocol between the graph webview and the extension that hosts it.
//
// Plain `postMessage` objects with a `type`. The webview starts with `ready`; the host answers with
// `init` (nothing is sent before `ready`, because messages posted before the script runs are lost).
// Requests carry an `id` and get exactly one `response` with the same id. Types and a small runtime
// validator only: the extension imports this without React, and validates every message it receives
// with `parseWebviewMessage` before use.
import type { ApplyGraphEdit, CheckGraphEdit, GetGraph, GraphDiagnostic, GraphEdit, Range, SetOptionEdit } from '../language/protocol.js';

export type { ApplyGraphEdit, CheckGraphEdit, GetGraph, GraphDiagnostic, GraphEdit, Range, SetOptionEdit };

// ---------------------------------------------------------------- run overlay

/** The status of one activity after a run (language.md §7). */
export interface RunActivityStatus {
    readonly name: string;
    readonly status: 'done' | 'skipped' | 'paused' | 'error';
    readonly ms?: number;
    readonly message?: string;
}

/** A run's result as the webview draws it: counts by output ref (`tiers.vip`), exclusions, statuses. */
export interface RunOverlay {
    readonly campaign: string;
    readonly mode: 'test' | 'publish';
    readonly counts: Readonly<Record<string, number>>;
    readonly excluded?: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly activities: readonly RunActivityStatus[];
    /** Per channel activity: one rendered sample message. */
    readonly samples?: Readonly<Record<string, { readonly to?: string; readonly subject?: string; readonly body: string }>>;
    /** Run log lines, oldest first. */
    readonly log?: readonly string[];
}

/** Rows of one transition (an output ref) of the last run. */
export interface RowsPreview {
    readonly ref: string;
    readonly columns: readonly string[];
    readonly rows: readonly (readonly unknown[])[];
    /** Total rows of the transition (the preview may be cut). */
    readonly total: number;
}

// ---------------------------------------------------------------- requests (webview → host → answer)

/** Request methods with their params and results. `getGraph` and `applyGraphEdit` are forwarded to the language server. */
export interface WebviewRequests {
    /** Forwarded as `campaign/getGraph`. */
    getGraph: { params: GetGraph.Params; result: GetGraph.Result };
    /**
     * Forwarded as `campaign/applyGraphEdit`; when the server answers `ok`, the host applies the
     * edits with `workspace.applyEdit` and answers `applied: true`.
     */
    applyGraphEdit: {
        params: ApplyGraphEdit.Params;
        result: { readonly applied: boolean; readonly select?: string; readonly reason?: string; readonly message?: string };
    };
    /** Runs the campaign in test mode (needs Workspace Trust); the result also comes as `runResult`. */
    testRun: { params: { readonly uri: string; readonly campaign: string }; result: RunOverlay };
    /** Rows of a transition of the last run. */
    previewRows: { params: { readonly uri: string; readonly campaign: string; readonly ref: string; readonly limit?: number }; result: RowsPreview };
    /**
     * Forwarded as `campaign/checkGraphEdit`: the diagnostics an inspector value would have, from the
     * language server's validation of the candidate text (nothing is applied).
     */
    checkGraphEdit: { params: CheckGraphEdit.Params; result: CheckGraphEdit.Result };
}

export type WebviewRequestMethod = keyof WebviewRequests;

export type WebviewRequest = {
    [M in WebviewRequestMethod]: { readonly type: 'request'; readonly id: number; readonly method: M; readonly params: WebviewRequests[M]['params'] }
}[WebviewRequestMethod];

// ---------------------------------------------------------------- webview → host

export type WebviewMessage =
    /** The script runs and listens: the host may now send `init`. */
    | { readonly type: 'ready' }
    | WebviewRequest
    /** Reveal and select this range of the document in the text editor beside (click on a node or badge). */
    | { readonly type: 'reveal'; readonly uri: string; readonly range: Range; readonly focusEditor?: boolean }
    /** Open the Problems panel (stale banner, problems button). */
    | { readonly type: 'openProblems' }
    /** Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z in the graph: the text editor's undo and redo. */
    | { readonly type: 'undo' }
    | { readonly type: 'redo' }
    /** The campaign shown changed (the host remembers it for restore). */
    | { readonly type: 'campaignSelected'; readonly uri: string; readonly campaign: string }
    /** An error in the webview, for the extension's log. */
    | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string };

// ---------------------------------------------------------------- host → webview

export interface WebviewInit {
    readonly uri: string;
    /** The campaign to show first (restored panel, or the CodeLens that opened it). */
    readonly campaign?: string;
    readonly layoutDirection?: 'LR' | 'TB';
    /** Editing is possible (false for a read-only document). Runs need Workspace Trust: `canRun`. */
    readonly canEdit?: boolean;
    readonly canRun?: boolean;
}

export type HostMessage =
    | ({ readonly type: 'init' } & WebviewInit)
    /** Forwarded `campaign/graphChanged`: pull `getGraph` again. */
    | { readonly type: 'graphChanged'; readonly uri: string; readonly version: number }
    | { readonly type: 'response'; readonly id: number; readonly result?: unknown; readonly error?: string }
    /** The text cursor moved (in this document): highlight the node whose statement contains it. */
    | { readonly type: 'cursor'; readonly uri: string; readonly position: { readonly line: number; readonly character: number } }
    /** Show this campaign (CodeLens "Graph" on another campaign of the same file). */
    | { readonly type: 'showCampaign'; readonly campaign: string }
    | { readonly type: 'runStarted'; readonly campaign: string }
    /** A run finished (started from the webview, a command or a CodeLens). */
    | { readonly type: 'runResult'; readonly result: RunOverlay }
    | { readonly type: 'runFailed'; readonly campaign: string; readonly message: string }
    /** The run results no longer match the text. */
    | { readonly type: 'runCleared' }
    /** Show rows of a transition in the results drawer (the Preview Rows command). */
    | { readonly type: 'showRows'; readonly campaign: string; readonly rows: RowsPreview }
    /** A context-menu command on a node or an edge of this panel: the webview carries it out. */
    | ({ readonly type: 'graphAction' } & GraphAction)
    /** Compare Graph with HEAD/revision: highlight this panel's nodes by diff status (webview/compare/). */
    | ({ readonly type: 'diffStatuses' } & DiffHighlight);

/**
 * What the graph's context menu asks of the webview (the gestures already there: reveal, rename in
 * the inspector, delete with its confirmation, the flags as `setOption`, disconnect an edge).
 */
export type GraphAction =
    | { readonly action: 'reveal' | 'rename' | 'delete' | 'toggleDisabled' | 'togglePause'; readonly campaign: string; readonly activity: string }
    | { readonly action: 'revealEdge' | 'disconnect'; readonly campaign: string; readonly edge: string };

/** What a node or edge puts in `data-vscode-context`; VS Code hands it (plus `webview`) to the menu's command. */
export interface GraphMenuContext {
    readonly webviewSection: 'activity' | 'transition';
    readonly uri?: string;
    readonly campaign?: string;
    /** activity: its name and kind, the refs of its outputs (comma-separated) and whether it has a main output. */
    readonly activity?: string;
    readonly kind?: string;
    readonly refs?: string;
    /** transition: the output ref (`tiers.vip`) and the edge's id. */
    readonly ref?: string;
    readonly edge?: string;
}

/** One side of a graph comparison: node id → status, and what the legend says. */
export interface DiffHighlight {
    /** `before`: the base revision (read-only); `after`: the working copy. */
    readonly side: 'before' | 'after';
    /** The revision compared with, e.g. `HEAD`. */
    readonly label: string;
    readonly statuses: Readonly<Record<string, 'added' | 'removed' | 'changed' | 'unchanged'>>;
    /** Nodes of the other side only (removed ones on the working copy, added ones on the base). */
    readonly elsewhere?: Readonly<Partial<Record<'added' | 'removed', number>>>;
}

// ---------------------------------------------------------------- validation (used by the host)

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPosition = (v: unknown): boolean => isObject(v) && isInt(v.line) && isInt(v.character);
const isRange = (v: unknown): v is Range => isObject(v) && isPosition(v.start) && isPosition(v.end);
const isName = (v: unknown): v is string => isString(v) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v);
const isRef = (v: unknown): v is string => isString(v) && /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(v);

function isGraphEdit(e: unknown): e is GraphEdit {
    if (!isObject(e) || !isName(e.campaign)) return false;
    switch (e.op) {
        case 'addCampaign':
            return true;
        case 'addActivity':
            return isName(e.kind) && (e.name === undefined || isName(e.name))
                && (e.from === undefined || (Array.isArray(e.from) && e.from.every(isRef)))
                && (e.after === undefined || isName(e.after))
                && (e.rewire === undefined || (isObject(e.rewire) && isName(e.rewire.target) && isRef(e.rewire.ref)));
        case 'connect':
        case 'disconnect':
            return isRef(e.source) && isName(e.target);
        case 'deleteActivity':
            return isName(e.name);
        case 'renameActivity':
            return isName(e.name) && isName(e.newName);
        case 'setOption':
            return isName(e.activity) && isName(e.key) && (e.value === null || (isString(e.value) && e.value.length < 100_000))
                && (e.segment === undefined || isName(e.segment));
        default:
            return false;
    }
}

function isRequestParams(method: unknown, p: unknown): boolean {
    if (!isObject(p) || !isString(p.uri)) return false;
    switch (method) {
        case 'getGraph': return p.campaign === undefined || isName(p.campaign);
        case 'applyGraphEdit': return isInt(p.version) && isGraphEdit(p.edit);
        case 'testRun': return isName(p.campaign);
        case 'previewRows': return isName(p.campaign) && isRef(p.ref) && (p.limit === undefined || isInt(p.limit));
        case 'checkGraphEdit': return isInt(p.version) && isGraphEdit(p.edit) && (p.edit as GraphEdit).op === 'setOption';
        default: return false;
    }
}

/** The message if it is a well-formed `WebviewMessage`, else undefined. */
export function parseWebviewMessage(m: unknown): WebviewMessage | undefined {
    if (!isObject(m)) return undefined;
    switch (m.type) {
        case 'ready': case 'openProblems': case 'undo': case 'redo':
            return m as WebviewMessage;
        case 'request':
            return isInt(m.id) && isRequestParams(m.method, m.params) ? m as WebviewMessage : undefined;
        case 'reveal':
            return isString(m.uri) && isRange(m.range) && (m.focusEditor === undefined || typeof m.focusEditor === 'boolean') ? m as WebviewMessage : undefined;
        case 'campaignSelected':
            return isString(m.uri) && isName(m.campaign) ? m as WebviewMessage : undefined;
        case 'log':
            return (m.level === 'info' || m.level === 'warn' || m.level === 'error') && isString(m.message) ? m as WebviewMessage : undefined;
        default:
            return undefined;
    }
}
