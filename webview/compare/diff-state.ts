// Compare Graph with HEAD in the webview: the diff statuses of this panel's nodes and edges, the
// list of changes, and requests to show nodes. It listens to the host's `diffStatuses` and
// `diffFocus` messages itself (the Host ignores message types it does not know), so the graph's
// own store stays as it is; nodes, edges, the legend and the list read it with the hooks below.
import { useSyncExternalStore } from 'react';
import { STATUS_STYLES, type DiffStatus } from '../../language/review/style.js';
import { parseChangeItems, parseDiffFocus, parseEdgeStatuses, type CompareHighlight, type DiffFocusMessage, type EdgeDiffStatus } from './compare-protocol.js';

const STATUSES: readonly DiffStatus[] = ['added', 'changed', 'removed'];
const KNOWN = new Set<string>([...STATUSES, 'unchanged']);

let current: CompareHighlight | undefined;
/** The last request to show nodes (a new object each time, so that the same nodes can be asked twice). */
let focus: DiffFocusMessage | undefined;
const listeners = new Set<() => void>();

/** The message if it is a well-formed `diffStatuses` (the page trusts nothing it is sent). */
export function parseDiffHighlight(m: unknown): CompareHighlight | undefined {
    if (typeof m !== 'object' || m === null) return undefined;
    const d = m as Record<string, unknown>;
    if (d.type !== 'diffStatuses' || (d.side !== 'before' && d.side !== 'after') || typeof d.label !== 'string') return undefined;
    if (typeof d.statuses !== 'object' || d.statuses === null) return undefined;
    const statuses = Object.fromEntries(Object.entries(d.statuses).filter(([, s]) => typeof s === 'string' && KNOWN.has(s)));
    const elsewhere = typeof d.elsewhere === 'object' && d.elsewhere !== null ? d.elsewhere as CompareHighlight['elsewhere'] : undefined;
    const edges = parseEdgeStatuses(d.edges);
    const changes = parseChangeItems(d.changes);
    return {
        side: d.side, label: d.label, statuses: statuses as CompareHighlight['statuses'],
        ...(elsewhere ? { elsewhere } : {}), ...(edges ? { edges } : {}), ...(changes ? { changes } : {})
    };
}

export function setDiff(diff: CompareHighlight | undefined): void {
    current = diff;
    for (const l of listeners) l();
}

/** Asks the panel to show these nodes (see `useDiffFocus` in focus.ts). */
export function requestFocus(request: DiffFocusMessage): void {
    focus = { ...request };
    for (const l of listeners) l();
}

if (typeof window !== 'undefined') {
    window.addEventListener('message', event => {
        const diff = parseDiffHighlight(event.data);
        if (diff) return setDiff(diff);
        const request = parseDiffFocus(event.data);
        if (request) requestFocus(request);
    });
    // The colours are the review tools' (STATUS_STYLES), so the panels match the markdown diff;
    // set through the CSSOM, which the CSP allows (no inline <style>).
    const root = document.documentElement.style;
    for (const status of STATUSES) root.setProperty(`--cs-diff-${status}`, STATUS_STYLES[status].stroke);
}

const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
};

export function useDiff(): CompareHighlight | undefined {
    return useSyncExternalStore(subscribe, () => current);
}

/** The status of an edge in a comparison: added (working copy) or removed (base); else undefined. */
export function useEdgeDiffStatus(edgeId: string): EdgeDiffStatus | undefined {
    return useSyncExternalStore(subscribe, () => current?.edges?.[edgeId]);
}

export function useFocusRequest(): DiffFocusMessage | undefined {
    return useSyncExternalStore(subscribe, () => focus);
}

/** The status of a node in a comparison; undefined outside one, or when the node did not change. */
export function useDiffStatus(nodeId: string): DiffStatus | undefined {
    const status = useSyncExternalStore(subscribe, () => current?.statuses[nodeId]);
    return status === 'unchanged' ? undefined : status;
}

export { STATUSES };
