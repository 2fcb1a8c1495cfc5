import type { LangiumSharedCoreServices } from 'langium';

/** What a key maps to while its value is being computed (a cycle reads it as "unknown"). */
const COMPUTING: unique symbol = Symbol('computing');

/**
 * A map of computed values that is emptied whenever the workspace changes, exactly when Langium's
 * `WorkspaceCache` (without a document state) is: on every `DocumentBuilder.onUpdate`. It also cuts
 * cycles: a value asked for while it is being computed is `onCycle` (and is not cached then).
 *
 * Why not WorkspaceCache plus a set of keys in progress: every expression of the workspace is typed
 * once per build and every population asked for many times; WorkspaceCache looks a key up twice
 * (`has`, then `get`) and the set of keys in progress costs two more hash operations per value.
 * Here a lookup is one `Map.get`, and the key in progress is marked in the same map.
 */
export class UpdateCache<K, V> {
    protected readonly values = new Map<K, V | typeof COMPUTING>();

    constructor(shared: LangiumSharedCoreServices) {
        shared.workspace.DocumentBuilder.onUpdate(() => this.values.clear());
    }

    /** The cached value of `key`, else `compute()` (cached); `onCycle` when `key` is being computed. */
    get(key: K, compute: () => V, onCycle: V): V {
        const cached = this.values.get(key);
        if (cached !== undefined || this.values.has(key)) return cached === COMPUTING ? onCycle : cached as V;
        this.values.set(key, COMPUTING);
        let done = false;
        try {
            const value = compute();
            this.values.set(key, value);
            done = true;
            return value;
        } finally {
            // A computation that threw leaves nothing behind (it is tried again next time).
            if (!done) this.values.delete(key);
        }
    }

    clear(): void {
        this.values.clear();
    }
}
