// ELK in a Web Worker, so a large layout never blocks the canvas. The worker script is elkjs' own
// (copied to dist/webview/elk-worker.js by the build); it is fetched and started from a blob URL
// because a webview cannot start a worker from its resource origin (CSP: `worker-src blob:`).
import ElkApi from 'elkjs/lib/elk-api.js';
import type { ElkLike } from './layout.js';

type ElkConstructor = new (options: { workerFactory: () => Worker }) => unknown;

export async function createElkInWorker(workerUrl: string): Promise<ElkLike> {
    const response = await fetch(workerUrl);
    if (!response.ok) throw new Error(`Cannot load the layout worker (${response.status})`);
    const blobUrl = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
    // A CommonJS module: its default export is the constructor, under `.default` or as the module.
    const api = ElkApi as unknown as { default?: ElkConstructor } & ElkConstructor;
    const Elk: ElkConstructor = api.default ?? api;
    const elk = new Elk({ workerFactory: () => new Worker(blobUrl) });
    return elk as unknown as ElkLike;
}
