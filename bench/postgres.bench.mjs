// The PostgreSQL benchmark (issue 6): the example campaigns on 1M customers and ~5M purchases, run
// in test mode by the runner on sql.js and on PostgreSQL side by side (row counts must agree; time
// of each), then at ten times that size on PostgreSQL alone, where sql.js cannot go.
//
// The server is a throw-away one (scripts/pg-test-server.mjs: initdb in a temporary folder, loopback,
// fsync off). The 1× data is the runner benchmark's cached SQLite file (.bench/retail-N.sqlite),
// copied to the server with COPY into UNLOGGED tables, keys and indexes made after the load; the
// 10× data is generated inside PostgreSQL from it with generate_series (nine shifted copies of every
// customer with their purchases and wishlists, keys and indexes dropped during the insert and made
// again after it): generating 10M customers in JavaScript on this machine would take far longer,
// and their SQLite file would be ~5.5 GB. Sizes: BENCH_CUSTOMERS (default 1000000, the issue's 1M
// customers and ~5M purchases); BENCH_PG_SCALE (default 10; 0 or 1 skips the PostgreSQL-only run);
// BENCH_SIDE_BY_SIDE=0 skips the sql.js runs and the 1× PostgreSQL runs (only the scaled run).
//
// Times: wall time of each run, and CPU time: the Node process's (process.cpuUsage) for sql.js; for
// PostgreSQL the Node client's plus the server's (every server process's utime + stime from /proc,
// ended processes through the postmaster's cutime + cstime), since the work happens in the server.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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
    const rows = [{ measure: 'load average (1 min) at the start', value: os.loadavg()[0].toFixed(2) }];

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
        const serverCpu = () => serverCpuMs(path.join(server.dir, 'data', 'postmaster.pid'));
        let started = Date.now();
        const sqlite = await lib.openDatabase({ path: file });
        rows.push({ measure: 'open in sql.js', value: seconds(Date.now() - started) });
        started = Date.now();
        const counted = {};
        await lib.copySqliteToPostgres(sqlite, pg, entities, { unlogged: true, onTable: (t, n) => { counted[t] = n; log(`copied ${t}: ${n} rows`); } });
        rows.push({ measure: 'copy to PostgreSQL (COPY into unlogged tables, then keys, indexes, ANALYZE)', value: seconds(Date.now() - started) });
        rows.push({ measure: 'data (1×)', value: `${fmt(counted.customers)} customers, ${fmt(counted.purchases)} purchases, ${fmt(counted.wishlist_items)} wishlist items` });

        const totalSqlite = { ms: 0, cpu: 0 };
        const totalPg = { ms: 0, cpu: 0 };
        const disagree = [];
        const sideBySide = process.env.BENCH_SIDE_BY_SIDE !== '0';
        for (const { campaign, document } of sideBySide ? campaigns : []) {
            const options = { mode: 'test', at: AT, previewLimit: 0, baseDir: path.dirname(workspace.pathOf(document)) };
            log(`${campaign.name}…`);
            const a = await timed(() => lib.runCampaign(services, campaign, sqlite, options));
            const b = await timed(() => lib.runCampaign(services, campaign, pg, options), serverCpu);
            if (a.error || b.error) {
                rows.push({ measure: `  ${campaign.name}`, value: 'failed', note: (a.error ?? b.error).message.slice(0, 120) });
                continue;
            }
            add(totalSqlite, a);
            add(totalPg, b);
            const same = JSON.stringify(a.result.counts) === JSON.stringify(b.result.counts);
            if (!same) disagree.push(campaign.name);
            const rowsOut = Object.values(b.result.counts).reduce((x, y) => x + y, 0);
            rows.push({ measure: `  ${campaign.name}`, value: `sql.js ${ms(a.ms)} (CPU ${ms(a.cpu)}), PostgreSQL ${ms(b.ms)} (CPU ${ms(b.cpu)})`,
                note: `${fmt(rowsOut)} rows over all transitions; counts ${same ? 'identical' : 'DIFFER'}` });
        }
        if (sideBySide) rows.push({ measure: 'all campaigns, sql.js vs PostgreSQL (wall)', value: `${seconds(totalSqlite.ms)} vs ${seconds(totalPg.ms)}` });
        if (sideBySide) rows.push({ measure: 'all campaigns, sql.js vs PostgreSQL (CPU)', value: `${seconds(totalSqlite.cpu)} vs ${seconds(totalPg.cpu)}`,
            note: `PostgreSQL / sql.js CPU ${(totalPg.cpu / Math.max(1, totalSqlite.cpu)).toFixed(2)}×` });
        if (sideBySide) rows.push({ measure: 'campaigns whose counts differ between engines', value: String(disagree.length), goal: '0', ok: disagree.length === 0, note: disagree.join(', ') });
        sqlite.close();

        if (scale > 1) {
            started = Date.now();
            await scaleUp(pg, scale, log);
            const n = t => pg.rows(`SELECT count(*) FROM ${t}`).then(r => r[0][0]);
            rows.push({ measure: `generate ${scale}× inside PostgreSQL (generate_series, keys and indexes after)`, value: seconds(Date.now() - started),
                note: `${fmt(await n('customers'))} customers, ${fmt(await n('purchases'))} purchases, ${fmt(await n('wishlist_items'))} wishlist items` });
            const total = { ms: 0, cpu: 0 };
            for (const { campaign, document } of campaigns) {
                const options = { mode: 'test', at: AT, previewLimit: 0, baseDir: path.dirname(workspace.pathOf(document)) };
                log(`${campaign.name} (${scale}×)…`);
                const b = await timed(() => lib.runCampaign(services, campaign, pg, options), serverCpu);
                if (b.error) {
                    rows.push({ measure: `  ${campaign.name} (${scale}×)`, value: 'failed', note: b.error.message.slice(0, 120) });
                    continue;
                }
                add(total, b);
                const rowsOut = Object.values(b.result.counts).reduce((x, y) => x + y, 0);
                rows.push({ measure: `  ${campaign.name} (${scale}×)`, value: `PostgreSQL ${ms(b.ms)} (CPU ${ms(b.cpu)})`, note: `${fmt(rowsOut)} rows over all transitions` });
            }
            rows.push({ measure: `all campaigns at ${scale}×, PostgreSQL (wall, CPU)`, value: `${seconds(total.ms)}, ${seconds(total.cpu)}` });
        }
        rows.push({ measure: 'load average (1 min) at the end', value: os.loadavg()[0].toFixed(2) });
        await pg.close();
    } finally {
        server.stop();
    }
    return rows;
}

/**
 * Nine (scale − 1) shifted copies of every customer, with their purchases and wishlist items. The
 * tables' indexes and keys are dropped during the insert and made again after it.
 */
async function scaleUp(pg, scale, log) {
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
        const indexes = (await pg.rows(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ? AND schemaname = current_schema()`, [table]))
            .map(r => ({ name: String(r[0]), def: String(r[1]) }));
        const keys = (await pg.rows(`SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(?)`, [table]))
            .map(r => ({ name: String(r[0]), def: String(r[1]) }));
        for (const k of keys) await pg.exec(`ALTER TABLE ${table} DROP CONSTRAINT "${k.name}"`);
        for (const i of indexes.filter(i => !keys.some(k => k.name === i.name))) await pg.exec(`DROP INDEX "${i.name}"`);
        const select = cols.map(c => {
            const q = `"${c}"`;
            if (shifts[c] !== undefined) return `${q} + k * ${shifts[c]}`;
            if (c === 'email') return `CASE WHEN ${q} IS NULL OR ${q} = '' THEN ${q} ELSE k || '.' || ${q} END`;
            return q;
        });
        await pg.exec(`INSERT INTO ${table} (${cols.map(c => `"${c}"`).join(', ')}) SELECT ${select.join(', ')} FROM ${table}, generate_series(1, ${scale - 1}) k`);
        for (const k of keys) await pg.exec(`ALTER TABLE ${table} ADD CONSTRAINT "${k.name}" ${k.def}`);
        for (const i of indexes.filter(i => !keys.some(k => k.name === i.name))) await pg.exec(i.def);
        await pg.exec(`ANALYZE ${table}`);
        log(`scaled ${table} ×${scale}`);
    }
}

/** Wall and CPU time of one run; `extraCpu` adds another process's CPU (the server's). */
async function timed(body, extraCpu = () => 0) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const e0 = extraCpu();
    const done = () => {
        const c = process.cpuUsage(c0);
        return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000 + (extraCpu() - e0) };
    };
    try {
        const result = await body();
        return { result, ...done() };
    } catch (error) {
        return { error, ...done() };
    }
}

function add(total, run) {
    total.ms += run.ms;
    total.cpu += run.cpu;
}

/**
 * CPU milliseconds of a PostgreSQL server so far: the postmaster's own and reaped children's
 * (cutime, cstime), plus every live child's (backends, parallel workers). Linux /proc only.
 */
function serverCpuMs(pidFile) {
    const tick = 1000 / 100; // USER_HZ is 100 on Linux.
    const stat = pid => {
        try {
            const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
            return text.slice(text.lastIndexOf(')') + 2).split(' ');
        } catch {
            return undefined;
        }
    };
    const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    const own = stat(postmaster);
    if (!own) return 0;
    // Fields after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const s = stat(entry);
        if (s && Number(s[1]) === postmaster) ticks += Number(s[11]) + Number(s[12]);
    }
    return ticks * tick;
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
