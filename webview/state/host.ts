// The one channel to the extension: `postMessage` out, `message` events in, requests matched by id.
import type { HostMessage, WebviewMessage, WebviewRequestMethod, WebviewRequests } from '../protocol.js';

interface VsCodeApi {
    postMessage(message: unknown): void;
    getState(): unknown;
    setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const HOST_TYPES = new Set(['init', 'graphChanged', 'response', 'cursor', 'showCampaign', 'runStarted', 'runResult', 'runFailed', 'runCleared', 'showRows', 'graphAction']);

export class Host {
    private readonly api: VsCodeApi = acquireVsCodeApi();
    private nextId = 1;
    private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    private readonly listeners = new Set<(message: HostMessage) => void>();

    constructor() {
        window.addEventListener('message', event => this.receive(event.data));
    }

    post(message: WebviewMessage): void {
        this.api.postMessage(message);
    }

    request<M extends WebviewRequestMethod>(method: M, params: WebviewRequests[M]['params']): Promise<WebviewRequests[M]['result']> {
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
            this.post({ type: 'request', id, method, params } as WebviewMessage);
        });
    }

    on(listener: (message: HostMessage) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    getState<T>(): T | undefined {
        return this.api.getState() as T | undefined;
    }

    setState(state: unknown): void {
        this.api.setState(state);
    }

    private receive(data: unknown): void {
        // Only the host posts to this window, but a malformed message must not break the view.
        if (typeof data !== 'object' || data === null || !HOST_TYPES.has((data as { type?: string }).type ?? '')) return;
        const message = data as HostMessage;
        if (message.type === 'response') {
            const waiting = this.pending.get(message.id);
            if (!waiting) return;
            this.pending.delete(message.id);
            if (message.error !== undefined) waiting.reject(new Error(message.error));
            else waiting.resolve(message.result);
            return;
        }
        for (const listener of this.listeners) listener(message);
    }
}
