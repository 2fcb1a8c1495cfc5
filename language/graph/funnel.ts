// Collects keys and flushes them once things are quiet for `quietMs`, or at the latest `maxMs` after
// the first key (remeda's funnel as LikeC4 uses it for its model-changed notification): typing
// produces one notification per pause, and never none for long.
export class Funnel<K, V> {
    private readonly pending = new Map<K, V>();
    private quietTimer: ReturnType<typeof setTimeout> | undefined;
    private capTimer: ReturnType<typeof setTimeout> | undefined;

    constructor(
        private readonly flush: (entries: Map<K, V>) => void,
        private readonly quietMs = 120,
        private readonly maxMs = 400
    ) {}

    push(key: K, value: V): void {
        this.pending.set(key, value);
        clearTimeout(this.quietTimer);
        this.quietTimer = setTimeout(() => this.fire(), this.quietMs);
        this.capTimer ??= setTimeout(() => this.fire(), this.maxMs);
    }

    dispose(): void {
        clearTimeout(this.quietTimer);
        clearTimeout(this.capTimer);
        this.pending.clear();
    }

    private fire(): void {
        clearTimeout(this.quietTimer);
        clearTimeout(this.capTimer);
        this.quietTimer = this.capTimer = undefined;
        if (this.pending.size === 0) return;
        const entries = new Map(this.pending);
        this.pending.clear();
        this.flush(entries);
    }
}
