// Showing the nodes of a change: the panel selects the node and fits the view around it. Asked by
// a click in the list of changes (this panel) or by the host (a click in the other panel's list).
import { useReactFlow } from '@xyflow/react';
import { useContext, useEffect } from 'react';
import { StoreContext } from '../components/store-context.js';
import type { WebviewMessage } from '../protocol.js';
import type { ChangeItem, DiffFocusMessage } from './compare-protocol.js';
import { requestFocus, useDiff, useFocusRequest } from './diff-state.js';

/** Runs in every compared panel (inside the React Flow provider): carries out focus requests. */
export function useDiffFocus(): void {
    const store = useContext(StoreContext);
    const flow = useReactFlow();
    const request = useFocusRequest();
    const side = useDiff()?.side;
    useEffect(() => {
        if (!request || !side || !store) return;
        const known = new Set(store.get().graph?.nodes.map(n => n.id) ?? []);
        const ids = (side === 'before' ? request.before : request.after).filter(id => known.has(id));
        if (ids.length === 0) return;
        // One node: select it (without moving the text cursor); an edge's two ends: just frame them.
        store.selectNode(ids.length === 1 ? ids[0] : undefined, false);
        const frame = requestAnimationFrame(() => void flow.fitView({ nodes: ids.map(id => ({ id })), padding: 0.6, maxZoom: 1.25, duration: 200 }));
        return () => cancelAnimationFrame(frame);
    }, [request]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** A change was clicked: show it here, and ask the host to show it in the other panel. */
export function focusChange(post: (message: WebviewMessage) => void, item: ChangeItem): void {
    const message: DiffFocusMessage = { type: 'diffFocus', before: item.before, after: item.after };
    requestFocus(message);
    // Not a graph-panel message: the compare panel validates it itself (compare-protocol.ts).
    post(message as unknown as WebviewMessage);
}
