// The messages of a comparison on top of the graph webview's protocol (webview/protocol.ts), with
// their validators. Types and plain functions only: the extension (extension/compare/) and the
// webview (webview/compare/) both import this file.
//
// host → webview: `diffStatuses` (DiffHighlight plus the edges' statuses and the list of changes)
// and `diffFocus` (show this node); webview → host: `diffFocus` (a change of the list was clicked:
// the other panel should show its nodes too).
import type { DiffHighlight } from '../protocol.js';

export type EdgeDiffStatus = 'added' | 'removed';

/** One line of the list of changes beside the graphs (the semantic diff, as `campaign diff` prints it). */
export interface ChangeItem {
    readonly status: 'added' | 'removed' | 'changed';
    /** `+ email fresh`, `~ wait later`, `renamed audience a → b`, `- edge loyal → farewell`. */
    readonly text: string;
    /** The parts that changed, one line each (`~ for: 2 days → 3 days`). */
    readonly details: readonly string[];
    /** The node ids the change is about in the base's graph, and in the working copy's. */
    readonly before: readonly string[];
    readonly after: readonly string[];
}

/** What `diffStatuses` carries in a comparison: the node highlights, the edges', and the changes. */
export interface CompareHighlight extends DiffHighlight {
    /** Edge id (of this side's graph) → status; edges left out are unchanged. */
    readonly edges?: Readonly<Record<string, EdgeDiffStatus>>;
    /** The list of changes; sent to the working copy's panel only (one list for the comparison). */
    readonly changes?: readonly ChangeItem[];
}

/** Either direction: show these nodes (ids of the receiving side's graph). */
export interface DiffFocusMessage {
    readonly type: 'diffFocus';
    readonly before: readonly string[];
    readonly after: readonly string[];
}

const MAX_ITEMS = 5000;
const MAX_TEXT = 2000;
const STATUSES = new Set(['added', 'removed', 'changed']);
const NODE_ID = /^[A-Za-z_][A-Za-z0-9_]*\/[A-Za-z_][A-Za-z0-9_]*$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isIds = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 100 && v.every(id => typeof id === 'string' && NODE_ID.test(id));

/** The edges' statuses of a `diffStatuses`, unknown statuses dropped. */
export function parseEdgeStatuses(v: unknown): Record<string, EdgeDiffStatus> | undefined {
    if (!isObject(v)) return undefined;
    return Object.fromEntries(Object.entries(v).filter(([, s]) => s === 'added' || s === 'removed')) as Record<string, EdgeDiffStatus>;
}

/** The list of changes of a `diffStatuses`; malformed items dropped, undefined when there is no list. */
export function parseChangeItems(v: unknown): ChangeItem[] | undefined {
    if (!Array.isArray(v)) return undefined;
    return v.slice(0, MAX_ITEMS).filter((item): item is ChangeItem => isObject(item)
        && typeof item.status === 'string' && STATUSES.has(item.status) && isText(item.text)
        && Array.isArray(item.details) && item.details.length <= 200 && item.details.every(isText)
        && isIds(item.before) && isIds(item.after));
}

/** A well-formed `diffFocus`, else undefined (the host and the page trust nothing they are sent). */
export function parseDiffFocus(m: unknown): DiffFocusMessage | undefined {
    if (!isObject(m) || m.type !== 'diffFocus' || !isIds(m.before) || !isIds(m.after)) return undefined;
    return { type: 'diffFocus', before: m.before, after: m.after };
}
