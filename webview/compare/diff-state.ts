// Compare Graph with HEAD in the webview: the diff statuses of this panel's nodes. It listens to the
// host's `diffStatuses` message itself (the Host ignores message types it does not know), so the
// graph's own store stays as it is; nodes and the legend read it with `useDiff`.
import { useSyncExternalStore } from 'react';
import { STATUS_STYLES, type DiffStatus } from '../../language/review/style.js';
import type { DiffHighlight } from '../protocol.js';

const STATUSES: readonly DiffStatus[] = ['added', 'changed', 'removed'];
const KNOWN = new Set<string>([...STATUSES, 'unchanged']);

let current: DiffHighlight | undefined;
const listeners = new Set<() => void>();

/** The message if it is a well-formed `diffStatuses` (the page trusts nothing it is sent). */
export function parseDiffHighlight(m: unknown): DiffHighlight | undefined {
    if (typeof m !== 'object' || m === null) return undefined;
    const d = m as Record<string, unknown>;
    if (d.type !== 'diffStatuses' || (d.side !== 'before' && d.side !== 'after') || typeof d.label !== 'string') return undefined;
    if (typeof d.statuses !== 'object' || d.statuses === null) return undefined;
    const statuses = Object.fromEntries(Object.entries(d.statuses).filter(([, s]) => typeof s === 'string' && KNOWN.has(s)));
    const elsewhere = typeof d.elsewhere === 'object' && d.elsewhere !== null ? d.elsewhere as DiffHighlight['elsewhere'] : undefined;
    return { side: d.side, label: d.label, statuses: statuses as DiffHighlight['statuses'], ...(elsewhere ? { elsewhere } : {}) };
}

export function setDiff(diff: DiffHighlight | undefined): void {
    current = diff;
    for (const l of listeners) l();
}

if (typeof window !== 'undefined') {
    window.addEventListener('message', event => {
        const diff = parseDiffHighlight(event.data);
        if (diff) setDiff(diff);
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

export function useDiff(): DiffHighlight | undefined {
    return useSyncExternalStore(subscribe, () => current);
}

/** The status of a node in a comparison; undefined outside one, or when the node did not change. */
export function useDiffStatus(nodeId: string): DiffStatus | undefined {
    const status = useSyncExternalStore(subscribe, () => current?.statuses[nodeId]);
    return status === 'unchanged' ? undefined : status;
}

export { STATUSES };
