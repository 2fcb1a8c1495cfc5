// The graph benchmark (issue 4, "Performance"): a 500-activity campaign through the language
// server's graph model and the webview in real Chromium.
//
// Reports: first render in the webview (page load to all 500 nodes drawn, and to ELK's layout
// applied); text-to-graph update (a one-character edit: rebuild + graph model on the server, then
// graphChanged → pull → merge → painted in the webview); layout warm (ELK, in Node and in the
// webview's worker). Goals: first render ≤ 1 s, text-to-graph ≤ 200 ms, layout ≤ 300 ms warm.
//
// Run with `npm run bench` (bench/run.mjs) or `node bench/run.mjs --only graph`.
import * as path from 'node:path';
import { createRequire } from 'node:module';

export const title = 'Graph view of a 500-activity campaign';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export default async function graphBench({ root, cacheDir, log }) {
    const require = createRequire(import.meta.url);
    const lib = await buildLibrary(root, cacheDir, require);
    process.env.WEBVIEW_DIST = path.join(root, 'dist', 'webview') + path.sep;
    const text = lib.bigCampaign(500);
    const rows = [{ measure: 'campaign', value: `500 activities, ${text.split('\n').length} lines, one file` }];

    // ---- server: a keystroke to a fresh graph (document rebuilt through validation, then the graph model)
    const services = lib.createCampaignServices(lib.EmptyFileSystem);
    lib.ensureBuiltins(services.shared);
    const uri = lib.URI.parse('file:///bench/big.campaign');
    const documents = services.shared.workspace.LangiumDocuments;
    const builder = services.shared.workspace.DocumentBuilder;
    const model = new lib.GraphModel(services.shared);
    let document = services.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    documents.addDocument(document);
    await builder.build([document], { validation: true });
    let graph = model.getGraph({ uri: uri.toString() });
    if (graph.graph.nodes.length !== 500) throw new Error(`expected 500 nodes, got ${graph.graph.nodes.length}`);
    const rebuildTimes = [], modelTimes = [];
    for (let i = 0; i < RUNS + 1; i++) {
        const edited = text.replace('tier = "gold0"', `tier = "gold0${i}"`);
        documents.deleteDocument(uri);
        const started = performance.now();
        document = services.shared.workspace.LangiumDocumentFactory.fromString(edited, uri);
        documents.addDocument(document);
        await builder.build([document], { validation: true });
        const built = performance.now();
        model.invalidate(uri.toString());
        graph = model.getGraph({ uri: uri.toString() });
        rebuildTimes.push(built - started);
        modelTimes.push(performance.now() - built);
    }
    const serverGraphMs = median(modelTimes.slice(1));
    rows.push({ measure: 'server: document rebuild (parse → validate)', value: ms(median(rebuildTimes.slice(1))), note: `median of ${RUNS}; not part of the graph's budget (the language benchmark owns it)` });
    rows.push({ measure: 'server: graph model after validation', value: ms(serverGraphMs), note: `median of ${RUNS}: AST → CampaignGraph of 500 nodes` });

    // ---- layout warm in Node (the same ELK as the webview's worker)
    const ELK = require('elkjs');
    const elk = new ELK();
    const layoutTimes = [];
    for (let i = 0; i < RUNS + 2; i++) {
        const started = performance.now();
        await lib.elkLayout(elk, graph.graph, 'LR');
        layoutTimes.push(performance.now() - started);
    }
    const layoutNode = median(layoutTimes.slice(2));
    rows.push({ measure: 'layout warm (ELK layered, Node)', value: ms(layoutNode), goal: '≤ 300 ms', ok: layoutNode <= 300, note: `median of ${RUNS} after 2 warm-ups; first ${ms(layoutTimes[0])}` });

    // ---- the webview in Chromium
    const { server, url } = await lib.startServer();
    const browser = await lib.launch();
    try {
        const fixture = { uri: uri.toString(), graphs: { '': graph } };
        const firstPaint = [], elkApplied = [];
        for (let i = 0; i < Math.max(2, Math.ceil(RUNS / 2)); i++) {
            const started = Date.now();
            const page = await lib.openWebview(browser, url, fixture);
            await page.waitForFunction(() => document.querySelectorAll('.react-flow__minimap-node').length === 500, undefined, { timeout: 60_000 });
            firstPaint.push(Date.now() - started);
            // ELK starts after the first paint: wait for its indicator to come and go.
            await page.waitForSelector('[data-testid="laying-out"]', { timeout: 10_000 }).catch(() => undefined);
            await page.waitForFunction(() => !document.querySelector('[data-testid="laying-out"]'), undefined, { timeout: 60_000 });
            elkApplied.push(Date.now() - started);
            if (i === 0) await measureInPage(page, graph, rows, serverGraphMs, lib.GRAPH_QUIET_MS).catch(error => {
                rows.push({ measure: 'webview: graphChanged → painted', value: 'not measured', note: String(error.message ?? error).split('\n')[0] });
            });
            await page.close();
        }
        const paint = median(firstPaint.slice(1).length ? firstPaint.slice(1) : firstPaint);
        rows.push({ measure: 'first render (page load → 500 nodes drawn)', value: ms(paint), goal: '≤ 1 s', ok: paint <= 1000, note: `median; first ${ms(firstPaint[0])}; simple layout first, ELK applied at ${ms(median(elkApplied))}` });
    } finally {
        await browser.close();
        server.close();
    }
    log(rows.map(r => `${r.measure}: ${r.value}`).join('\n  '));
    return rows;
}

async function measureInPage(page, graph, rows, serverGraphMs, quietMs) {
    // Text to graph in the webview: graphChanged → getGraph → merge → painted.
    const updates = [];
    for (let k = 0; k < RUNS; k++) {
        const summary = `Customer where tier = "bench${k}"`;
        updates.push(await page.evaluate(async ({ graph, version, summary }) => {
            // React Flow draws only the nodes in the viewport (which the previous update may have
            // moved): edit one that is drawn now.
            const id = document.querySelector('.react-flow__node[data-id]')?.getAttribute('data-id');
            const next = structuredClone(graph);
            next.version = version;
            const at = next.graph.nodes.findIndex(n => n.id === id);
            if (at < 0) throw new Error(`no drawn node found (first drawn: ${id})`);
            next.graph.nodes[at] = { ...next.graph.nodes[at], summary };
            const w = window;
            w.__setGraphs({ '': next });
            const t0 = performance.now();
            w.__post({ type: 'graphChanged', uri: next.uri, version: next.version });
            await new Promise((resolve, reject) => {
                const check = () => {
                    const el = document.querySelector(`.react-flow__node[data-id="${id}"] .cs-summary`);
                    if (el && el.textContent === summary) resolve(undefined);
                    else if (performance.now() - t0 > 30_000) reject(new Error(`the edited node ${id} was not repainted within 30 s (it shows ${el?.textContent ?? 'nothing'}; ${document.querySelectorAll('.react-flow__node').length} nodes drawn)`));
                    else requestAnimationFrame(check);
                };
                check();
            });
            return performance.now() - t0;
        }, { graph, version: 10 + k, summary }));
    }
    const webviewUpdate = median(updates);
    // The graphChanged notification waits for a quiet period after validation (GRAPH_QUIET_MS):
    // the user sees the change that much later, so it counts.
    const total = quietMs + serverGraphMs + webviewUpdate;
    rows.push({ measure: 'webview: graphChanged → painted', value: ms(webviewUpdate), note: `median of ${RUNS}: pull, merge (unchanged nodes keep identity), React Flow paint` });
    rows.push({ measure: 'text-to-graph after validation (server + webview)', value: ms(total), goal: '≤ 200 ms', ok: total <= 200, note: `${quietMs} ms quiet period of the graphChanged debounce + graph model + webview` });
    // Layout warm in the worker: the Re-layout button, timed to the worker's answer being applied.
    const relayouts = [];
    for (let k = 0; k < 3; k++) {
        relayouts.push(await page.evaluate(async () => {
            const t0 = performance.now();
            document.querySelector('[data-testid="relayout"]').click();
            await new Promise(resolve => {
                let seen = false;
                const check = () => {
                    const busy = document.querySelector('[data-testid="laying-out"]');
                    if (busy) seen = true;
                    if (seen && !busy) resolve(undefined); else if (performance.now() - t0 > 60_000) resolve(undefined); else requestAnimationFrame(check);
                };
                check();
            });
            return performance.now() - t0;
        }));
    }
    const layoutWorker = median(relayouts.slice(1));
    rows.push({ measure: 'layout warm (Re-layout in the webview worker)', value: ms(layoutWorker), goal: '≤ 300 ms', ok: layoutWorker <= 300, note: 'ELK in a Web Worker plus the repaint; the canvas stays responsive meanwhile' });
}

async function buildLibrary(root, cacheDir, require) {
    const esbuild = require('esbuild');
    const outfile = path.join(cacheDir, 'graph-lib.cjs');
    await esbuild.build({
        entryPoints: [path.join(root, 'bench', 'graph-lib.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode', 'playwright-core', 'elkjs'],
        inject: [path.join(root, 'language', 'polyfills', 'object-group-by.cjs')],
        logLevel: 'error'
    });
    delete require.cache[outfile];
    return require(outfile);
}

function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
}

function ms(value) {
    return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}
