// Loads a webview's page and loads it again when it does not come up.
//
// Why: code-server (VS Code in the browser) serves every webview from its own origin, and each
// webview's frame registers the resource service worker under a script URL of its own id
// (`pre/service-worker.js?…&id=<webview>`), all in one scope. A webview created while another is
// loading replaces that worker, and a resource request of the loading one made during the switch
// bypasses the worker and fails (`net::ERR_NAME_NOT_RESOLVED` for `*.vscode-resource.vscode-cdn.net`).
// If that request was the bundle, the page never runs and never says `ready`: a blank panel for
// good; if it was the layout worker, the graph falls back to the simple layout. Nothing in the page
// can retry a script that never ran, so the host does: it sets the HTML again (a fresh nonce, so a
// new document) when `ready` does not come in time, or when the page reports that the layout
// worker did not load. Reproduced with two plain webviews in docs/review.md ("Two webviews at once").
import type * as vscode from 'vscode';

/** How long to wait for `ready` before each new attempt (a busy machine can be slow: it grows). */
export const LOAD_TIMEOUTS_MS = [10_000, 20_000, 40_000] as const;

export class WebviewLoader implements vscode.Disposable {
    private timer: ReturnType<typeof setTimeout> | undefined;
    private loaded = false;
    private disposed = false;
    /** Pages set so far (1 = the first load); read by the extension-host tests. */
    attempts = 0;
    /** Why each reload happened, oldest first. */
    readonly reloads: string[] = [];

    constructor(private readonly webview: vscode.Webview, private readonly html: () => string, private readonly log: vscode.LogOutputChannel, private readonly name: string) {}

    /** Sets the page and starts waiting for `ready`. */
    load(): void {
        if (this.disposed) return;
        this.loaded = false;
        this.attempts++;
        clearTimeout(this.timer);
        const wait = LOAD_TIMEOUTS_MS[Math.min(this.attempts - 1, LOAD_TIMEOUTS_MS.length - 1)];
        // The last attempt waits as long as it takes: a page that never loads is not reloaded forever.
        if (this.attempts <= LOAD_TIMEOUTS_MS.length) {
            this.timer = setTimeout(() => { if (!this.loaded) this.reload(`no 'ready' after ${wait / 1000} s`); }, wait);
        }
        this.webview.html = this.html();
    }

    /** The page said `ready`. */
    ready(): void {
        this.loaded = true;
        clearTimeout(this.timer);
    }

    /** The page runs but a resource it needs failed: reloads once per panel; true when it did. */
    resourceFailed(what: string): boolean {
        if (this.disposed || this.reloads.some(r => r.startsWith('resource')) || this.attempts > LOAD_TIMEOUTS_MS.length) return false;
        this.reload(`resource failed: ${what}`);
        return true;
    }

    private reload(reason: string): void {
        if (this.disposed) return;
        this.reloads.push(reason);
        this.log.warn(`${this.name}: ${reason}; loading the page again`);
        this.load();
    }

    dispose(): void {
        this.disposed = true;
        clearTimeout(this.timer);
    }
}
