// The PostgreSQL benchmark (issue 6): the example campaigns on 1M customers and ~5M purchases, run
// in test mode by the runner on sql.js and on PostgreSQL side by side (row counts must agree; time
// of each), then at ten times that size on PostgreSQL alone, where sql.js cannot go.
//
// The server is a throw-away one (scripts/pg-test-server.mjs: initdb in a temporary folder, loopback,
// fsync off). The 1× data is the runner benchmark's cached SQLite file, copied to the server; the
// 10× data is generated inside PostgreSQL from it with generate_series (nine shifted copies of every
// customer with their purchases and wishlists): generating 10M customers in JavaScript on this
// machine would take far longer. Environment: BENCH_CUSTOMERS (default 1000000); BENCH_PG_SCALE
// (default 10; 0 skips the scaled run).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const title = 'Runner on PostgreSQL vs sql.js';

const AT = new Date('2026-03-15T09:00:00Z');

export default async function postgresBench({ root, cacheDir, log }) {
    const require = createRequire(import.meta.url);
    const lib = await buildLibrary(root, cacheDir, require);
    const { startPgTestServer } = await import(pathToFileURL(path.join(root, 'scripts', 'pg-test-server.mjs')).href);
    const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
    const scale = Number(process.env.BENCH_PG_SCALE ?? 10);
    const rows = [];

    const file = path.join(cacheDir, `retail-${customers}.sqlite`);
    if (!fs.existsSync(file)) {
        log(`generating ${customers} customers into ${path.relative(root, file)}`);
        const child = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.cjs'), 'sample-data', file, '--customers', String(customers), '--quiet'], { stdio: 'inherit' });
        if (child.status !== 0) throw new Error(`sample-data failed (exit ${child.status})`);
    }
    const workspace = await lib.loadWorkspace([path.join(root, 'examples', 'retail')], { cwd: root });
    const services = workspace.services.Campaign;
    const entities = workspace.documents.flatMap(d => (d.parseResult.value.elements ?? []).filter(lib.isEntity));
    const campaigns = workspace.campaigns();

    const server = await startPgTestServer();
    try {
        const pg = await lib.openPostgres(server.url);
        let started = Date.now();
        const sqlite = await lib.openDatabase({ path: file });
        rows.push({ measure: 'open in sql.js', value: seconds(Date.now() - started) });
        started = Date.now();
        const counted = {};
        await lib.copySqliteToPostgres(sqlite, pg, entities, { onTable: (t, n) => { counted[t] = n; log(`copied ${t}: ${n} rows`); } });
        rows.push({ measure: 'copy to PostgreSQL (INSERT batches, indexes, ANALYZE)', value: seconds(Date.now() - started) });
        rows.push({ measure: 'data (1×)', value: `${fmt(counted.customers)} customers, ${fmt(counted.purchases)} purchases` });

        let totalSqlite = 0;
        let totalPg = 0;
        const disagree = [];
        for (const { campaign, document } of campaigns) {
            const options = { mode: 'test', at: AT, previewLimit: 0, baseDir: path.dirname(workspace.pathOf(document)) };
            log(`${campaign.name}…`);
            const a = await timed(() => lib.runCampaign(services, campaign, sqlite, options));
            const b = await timed(() => lib.runCampaign(services, campaign, pg, options));
            if (a.error || b.error) {
                rows.push({ measure: `  ${campaign.name}`, value: 'failed', note: (a.error ?? b.error).message.slice(0, 120) });
                continue;
            }
            totalSqlite += a.ms;
            totalPg += b.ms;
            const same = JSON.stringify(a.result.counts) === JSON.stringify(b.result.counts);
            if (!same) disagree.push(campaign.name);
            const rowsOut = Object.values(b.result.counts).reduce((x, y) => x + y, 0);
            rows.push({ measure: `  ${campaign.name}`, value: `sql.js ${ms(a.ms)}, PostgreSQL ${ms(b.ms)}`, note: `${fmt(rowsOut)} rows over all transitions; counts ${same ? 'identical' : 'DIFFER'}` });
        }
        rows.push({ measure: 'all campaigns, sql.js vs PostgreSQL', value: `${seconds(totalSqlite)} vs ${seconds(totalPg)}` });
        rows.push({ measure: 'campaigns whose counts differ between engines', value: String(disagree.length), goal: '0', ok: disagree.length === 0, note: disagree.join(', ') });
        sqlite.close();

        if (scale > 1) {
            started = Date.now();
            await scaleUp(pg, scale);
            const n = t => pg.rows(`SELECT count(*) FROM ${t}`).then(r => r[0][0]);
            rows.push({ measure: `generate ${scale}× inside PostgreSQL (generate_series)`, value: seconds(Date.now() - started), note: `${fmt(await n('customers'))} customers, ${fmt(await n('purchases'))} purchases` });
            let total = 0;
            for (const { campaign, document } of campaigns) {
                const options = { mode: 'test', at: AT, previewLimit: 0, baseDir: path.dirname(workspace.pathOf(document)) };
                log(`${campaign.name} (${scale}×)…`);
                const b = await timed(() => lib.runCampaign(services, campaign, pg, options));
                if (b.error) {
                    rows.push({ measure: `  ${campaign.name} (${scale}×)`, value: 'failed', note: b.error.message.slice(0, 120) });
                    continue;
                }
                total += b.ms;
                const rowsOut = Object.values(b.result.counts).reduce((x, y) => x + y, 0);
                rows.push({ measure: `  ${campaign.name} (${scale}×)`, value: `PostgreSQL ${ms(b.ms)}`, note: `${fmt(rowsOut)} rows over all transitions` });
            }
            rows.push({ measure: `all campaigns at ${scale}×, PostgreSQL`, value: seconds(total) });
        }
        await pg.close();
    } finally {
        server.stop();
    }
    return rows;
}

/** Nine (scale − 1) shifted copies of every customer, with their purchases and wishlist items. */
async function scaleUp(pg, scale) {
    const max = async t => Number((await pg.rows(`SELECT coalesce(max(id), 0) FROM ${t}`))[0][0]);
    const columns = async t => (await pg.rows(
        `SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [t])).map(r => String(r[0]));
    const mc = await max('customers');
    for (const [table, shifts] of [
        ['customers', { id: mc }],
        ['purchases', { id: await max('purchases'), customerId: mc }],
        ['wishlist_items', { id: await max('wishlist_items'), customerId: mc }]
    ]) {
        const cols = await columns(table);
        const select = cols.map(c => {
            const q = `"${c}"`;
            if (shifts[c] !== undefined) return `${q} + k * ${shifts[c]}`;
            if (c === 'email') return `CASE WHEN ${q} IS NULL OR ${q} = '' THEN ${q} ELSE k || '.' || ${q} END`;
            return q;
        });
        await pg.exec(`INSERT INTO ${table} (${cols.map(c => `"${c}"`).join(', ')}) SELECT ${select.join(', ')} FROM ${table}, generate_series(1, ${scale - 1}) k`);
        await pg.exec(`ANALYZE ${table}`);
    }
}

async function timed(body) {
    const t0 = performance.now();
    try {
        const result = await body();
        return { result, ms: performance.now() - t0 };
    } catch (error) {
        return { error, ms: performance.now() - t0 };
    }
}

async function buildLibrary(root, cacheDir, require) {
    const esbuild = require('esbuild');
    const outfile = path.join(cacheDir, 'postgres-lib.cjs');
    await esbuild.build({
        entryPoints: [path.join(root, 'bench', 'postgres-lib.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['better-sqlite3', 'vscode', 'pg-native'],
        inject: [path.join(root, 'language', 'polyfills', 'object-group-by.cjs')],
        logLevel: 'warning'
    });
    return require(outfile);
}

function fmt(n) {
    return Number(n ?? 0).toLocaleString('en-US');
}

function ms(value) {
    return `${Math.round(value)} ms`;
}

function seconds(value) {
    return `${(value / 1000).toFixed(2)} s`;
}
