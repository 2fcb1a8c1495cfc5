// Merges a fresh list of nodes (or edges) into the current one so that an item whose content did
// not change keeps its object identity: React Flow and React.memo then skip it, so typing in the
// text does not flicker the graph or drop a selection (LikeC4's updateNodes idea). What React Flow
// measured on the old object (`measured`, internals) is carried over.
type Item = { readonly id: string };

/** Structural equality for plain JSON-like data (what the protocol carries). */
export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) {
        const bb = b as unknown[];
        return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
    }
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every(k => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The keys we own; everything else on the old object (React Flow's bookkeeping) is kept. */
const OWN_KEYS = ['type', 'position', 'width', 'height', 'selected', 'data', 'source', 'target', 'sourceHandle', 'targetHandle', 'ariaLabel', 'domAttributes'] as const;

export function mergeById<T extends Item>(current: readonly T[], next: readonly T[]): T[] {
    const old = new Map(current.map(item => [item.id, item]));
    let changed = current.length !== next.length;
    const merged = next.map((item, i) => {
        const prev = old.get(item.id);
        if (!prev) { changed = true; return item; }
        const same = OWN_KEYS.every(k => deepEqual((prev as Record<string, unknown>)[k], (item as Record<string, unknown>)[k]));
        if (same) {
            if (current[i] !== prev) changed = true;
            return prev;
        }
        changed = true;
        const updated = { ...prev } as Record<string, unknown>;
        for (const k of OWN_KEYS) {
            if (k in item) updated[k] = (item as Record<string, unknown>)[k];
            else delete updated[k];
        }
        return updated as T;
    });
    return changed ? merged : (current as T[]);
}
