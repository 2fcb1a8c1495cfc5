// Loads a webview's page and loads it again when it does not come up: one piece of code for every
// panel that draws the graph bundle (the graph panel, extension/preview/; both sides of Compare
// Graph, extension/compare/).
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
// Graph panels are exposed the same way: several opened at once, or restored together after a reload.
// A hidden panel is not counted as failing: code-server does not load the page of a panel covered by
// another tab until it is shown (seen in the extension-host test "graphs opened together"), so the
// wait stops while hidden and starts again when the panel is shown.
import type * as vscode from 'vscode';

/** How long to wait for `ready` before each new attempt (a busy machine can be slow: it grows). */
export const LOAD_TIMEOUTS_MS = [10_000, 20_000, 40_000] as const;

/** The graph page's log line when its layout worker script did not load (webview/state/store.ts). */
export const LAYOUT_WORKER_FAILED = /^ELK worker unavailable/;

export class WebviewLoader implements vscode.Disposable {
    private timer: ReturnType<typeof setTimeout> | undefined;
    private loaded = false;
    private disposed = false;
    private visible = true;
    /** Pages set since the last `load()` (a deliberate load starts a new series of retries). */
    private tries = 0;
    /** Pages set so far (1 = the first load); read by the extension-host tests. */
    attempts = 0;
    /** Why each reload happened, oldest first. */
    readonly reloads: string[] = [];

    constructor(private readonly webview: vscode.Webview, private readonly html: () => string, private readonly log: vscode.LogOutputChannel, private readonly name: string) {}

    /**
     * Sets the page and starts waiting for `ready`. Also for a deliberate new page (the graph panel
     * reloads when the workspace becomes trusted): that one gets the full series of retries again.
     */
    load(): void {
        this.tries = 0;
        this.setPage();
    }

    private setPage(): void {
        if (this.disposed) return;
        this.loaded = false;
        this.attempts++;
        this.tries++;
        this.wait();
        this.webview.html = this.html();
    }

    /** Waits for the current page's `ready`, while the panel is visible. */
    private wait(): void {
        clearTimeout(this.timer);
        // The last attempt waits as long as it takes: a page that never loads is not reloaded forever.
        if (this.tries === 0 || this.loaded || this.disposed || !this.visible || this.tries > LOAD_TIMEOUTS_MS.length) return;
        const wait = LOAD_TIMEOUTS_MS[this.tries - 1];
        this.timer = setTimeout(() => { if (!this.loaded) this.reload(`no 'ready' after ${wait / 1000} s`); }, wait);
    }

    /**
     * The panel was shown or hidden (`onDidChangeViewState`). Shown and still without `ready`: the
     * current page gets its wait again; when the series was used up, a new one starts with a new page.
     */
    setVisible(visible: boolean): void {
        if (this.visible === visible) return;
        this.visible = visible;
        if (!visible || this.loaded || this.disposed) return clearTimeout(this.timer);
        if (this.tries > LOAD_TIMEOUTS_MS.length) this.load();
        else this.wait();
    }

    /** The page said `ready`. */
    ready(): void {
        this.loaded = true;
        clearTimeout(this.timer);
    }

    /** The page runs but a resource it needs failed: reloads once per panel; true when it did. */
    resourceFailed(what: string): boolean {
        if (this.disposed || this.reloads.some(r => r.startsWith('resource')) || this.tries > LOAD_TIMEOUTS_MS.length) return false;
        this.reload(`resource failed: ${what}`);
        return true;
    }

    private reload(reason: string): void {
        if (this.disposed) return;
        this.reloads.push(reason);
        this.log.warn(`${this.name}: ${reason}; loading the page again`);
        this.setPage();
    }

    dispose(): void {
        this.disposed = true;
        clearTimeout(this.timer);
    }
}
