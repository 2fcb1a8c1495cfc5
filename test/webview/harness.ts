// Serves dist/webview with a page like the extension's (the same strict CSP, a nonce, #root) and
// drives it in real Chromium with playwright-core. The VS Code side is a FAKE HOST injected into the
// page (`acquireVsCodeApi` answering from fixtures computed by the real language services in Node):
// it stands in for the extension, whose real bridge is tested in code-server by the extension tests.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CheckGraphEdit, GetGraph } from '../../language/protocol.js';
import type { RowsPreview, RunOverlay } from '../../webview/protocol.js';

export const CHROMIUM = '/usr/bin/chromium';
/** dist/webview (WEBVIEW_DIST overrides it for the benchmark, which runs this file bundled as CommonJS). */
const distDir = () => process.env.WEBVIEW_DIST ?? new URL('../../dist/webview/', import.meta.url).pathname;
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };
const NONCE = 'test-nonce-4b1d';

export interface Fixture {
    readonly uri: string;
    /** getGraph answers by campaign name ('' = the default campaign). */
    readonly graphs: Record<string, GetGraph.Result>;
    readonly run?: RunOverlay;
    readonly rows?: RowsPreview;
    readonly state?: unknown;
    /** checkGraphEdit answers by the edit's value (from the real checker, see fixtures.ts); others answer no diagnostics. */
    readonly checks?: Record<string, CheckGraphEdit.Result>;
}

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${NONCE}'; style-src SELF 'nonce-${NONCE}'; img-src SELF data:; font-src SELF; worker-src SELF blob:; connect-src SELF">
<link rel="stylesheet" href="/index.css"></head>
<body class="vscode-dark"><div id="root"></div><script nonce="${NONCE}" src="/index.js"></script></body></html>`;

export async function startServer(): Promise<{ server: Server; url: string }> {
    const DIST = distDir();
    if (!existsSync(join(DIST, 'index.js'))) throw new Error('dist/webview/index.js is missing: run `node scripts/build.mjs` first');
    const server = createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const origin = `http://${req.headers.host}`;
        if (path === '/' || path === '/index.html') {
            res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE.replaceAll('SELF', origin));
            return;
        }
        const file = normalize(join(DIST, path));
        if (!file.startsWith(DIST) || !existsSync(file)) { res.writeHead(404).end(); return; }
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

export async function launch(): Promise<Browser> {
    if (!existsSync(CHROMIUM)) {
        throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
    }
    return chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
}

/** The fake host, run in the page before the webview's script (as VS Code injects acquireVsCodeApi). */
function fakeHost(fixture: Fixture): void {
    const w = window as unknown as Record<string, unknown> & Window;
    const sent: unknown[] = [];
    const violations: string[] = [];
    let graphs = fixture.graphs;
    let state = fixture.state;
    let editAnswer: unknown = { applied: true };
    w.__sent = sent;
    w.__violations = violations;
    document.addEventListener('securitypolicyviolation', e => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const post = (m: unknown) => window.postMessage(m, '*');
    w.__post = post;
    w.__setGraphs = (g: typeof graphs) => { graphs = g; };
    w.__setEditAnswer = (a: unknown) => { editAnswer = a; };
    w.acquireVsCodeApi = () => ({
        getState: () => state,
        setState: (s: unknown) => { state = s; },
        postMessage(m: { type: string; id?: number; method?: string; params?: { campaign?: string; edit?: { value?: string | null } } }) {
            sent.push(m);
            if (m.type === 'ready') post({ type: 'init', uri: fixture.uri });
            if (m.type !== 'request') return;
            const respond = (result: unknown) => setTimeout(() => post({ type: 'response', id: m.id, result }), 0);
            if (m.method === 'getGraph') respond(graphs[m.params?.campaign ?? ''] ?? graphs['']);
            else if (m.method === 'applyGraphEdit') respond(editAnswer);
            else if (m.method === 'testRun') respond(fixture.run);
            else if (m.method === 'previewRows') respond(fixture.rows);
            else if (m.method === 'checkGraphEdit') respond(fixture.checks?.[String(m.params?.edit?.value)] ?? { ok: true, diagnostics: [] });
        }
    });
}

export async function openWebview(browser: Browser, url: string, fixture: Fixture): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(e.message));
    (page as unknown as { __errors: string[] }).__errors = errors;
    await page.addInitScript(fakeHost, fixture);
    await page.goto(url);
    return page;
}

export function pageErrors(page: Page): string[] {
    return (page as unknown as { __errors: string[] }).__errors;
}

export async function sent<T = { type: string; method?: string; params?: Record<string, unknown> }>(page: Page): Promise<T[]> {
    return page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent) as Promise<T[]>;
}

export async function requests(page: Page, method: string): Promise<Record<string, unknown>[]> {
    const all = await sent(page);
    return all.filter(m => m.type === 'request' && m.method === method).map(m => m.params!);
}
