// The runner benchmark (issue 3, "Performance"): 1M customers and ~5M purchases, the example
// campaigns and a ten-activity campaign, run in test mode on sql.js by the runner and, side by
// side, the same compiled SQL executed natively by better-sqlite3 on the same data.
//
// Reports (a) runner on sql.js ÷ the same SQL natively, goal ≤ 1.5×; (b) the runner's own time outside SQL
// as a share of its total, goal ≤ 5 %; (c) the ten-activity test run, goal ≤ 5 s; (d) peak memory.
// Environment: BENCH_CUSTOMERS (default 1000000) for a smaller run; BENCH_CAMPAIGNS=a,b runs only
// those campaigns. The generated database is cached in .bench/ (gitignored) and reused. Times are
// wall-clock (the goals); each is also measured in CPU time of this process (process.cpuUsage),
// which a machine loaded by other work inflates much less: compare those when the load is high.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export const title = 'Runner on sql.js vs native SQLite';

const AT = new Date('2026-03-15T09:00:00Z');

export default async function runnerBench({ root, cacheDir, log }) {
    const require = createRequire(import.meta.url);
    const lib = await buildLibrary(root, cacheDir, require);
    // sql.js runs under the V8 settings the command line sets (language/runner/wasm-engine-flags.ts).
    lib.tuneWasmEngine();
    const Sqlite = require('better-sqlite3');
    const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
    const rows = [];
    const loadAtStart = os.loadavg()[0];

    // Data: generated once by the command line in a child process, so that its memory does not
    // count in this process's peak.
    const file = path.join(cacheDir, `retail-${customers}.sqlite`);
    if (!fs.existsSync(file)) {
        log(`generating ${customers} customers into ${path.relative(root, file)}`);
        const started = Date.now();
        const child = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.cjs'), 'sample-data', file, '--customers', String(customers), '--quiet'], { stdio: 'inherit' });
        if (child.status !== 0) throw new Error(`sample-data failed (exit ${child.status})`);
        rows.push({ measure: 'generate sample data (sql.js, one transaction)', value: seconds(Date.now() - started) });
    }
    const probe = new Sqlite(file, { readonly: true });
    const count = t => probe.prepare(`SELECT count(*) AS n FROM ${t}`).get().n;
    rows.push({ measure: 'data', value: `${count('customers').toLocaleString('en-US')} customers, ${count('purchases').toLocaleString('en-US')} purchases, ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MiB` });
    probe.close();

    // The campaigns: every example of examples/retail, and the ten-activity one.
    const workspace = await lib.loadWorkspace([path.join(root, 'examples', 'retail'), path.join(root, 'bench', 'fixtures')], { cwd: root });
    const services = workspace.services.Campaign;
    const only = process.env.BENCH_CAMPAIGNS?.split(',');
    const campaigns = workspace.campaigns().filter(c => !only || only.includes(c.campaign.name));

    let started = Date.now();
    const db = await lib.openDatabase({ path: file });
    rows.push({ measure: 'open in sql.js', value: seconds(Date.now() - started), note: `V8 flags as the command line sets them: ${lib.WASM_ENGINE_FLAGS.join(' ')}` });
    const timer = lib.instrumentSql(db);
    // The entities whose worktables the runner keys on this database (language/runner/keyed-entities.ts).
    const keyed = await lib.keyedEntities(lib.sqlJsEngine(db), services);
    started = Date.now();
    const native = new Sqlite(fs.readFileSync(file));
    native.function('cs_random', { deterministic: true }, lib.seededRandom);
    for (const statement of lib.sqliteDialect.sessionSetup()) native.exec(statement);
    for (const statement of lib.runnerTablesDdl(lib.sqliteDialect)) native.exec(statement);
    rows.push({ measure: 'open in better-sqlite3 (in memory)', value: seconds(Date.now() - started) });

    let runnerTotal = 0;
    let runnerSql = 0;
    let nativeTotal = 0;
    let nativePlanTotal = 0;
    let engineTotal = 0;
    let tenActivities;
    let tenActivitiesCpu;
    // CPU milliseconds of the same measures.
    const cpuTotals = { runner: 0, native: 0, nativePlan: 0, engine: 0 };
    const failures = [];
    for (const { campaign, document } of campaigns) {
        const baseDir = path.dirname(workspace.pathOf(document));
        let total;
        let totalCpu;
        let sql;
        let executed;
        log(`${campaign.name}…`);
        try {
            timer.reset();
            const t0 = performance.now();
            const c0 = cpuMs();
            await lib.runCampaign(services, campaign, db, { mode: 'test', at: AT, previewLimit: 20, baseDir });
            total = performance.now() - t0;
            totalCpu = cpuMs() - c0;
            sql = timer.ms();
            executed = timer.statements();
        } catch (error) {
            failures.push(`${campaign.name}: ${error.message}`);
            log(`${campaign.name}: runner failed: ${error.message}`);
            continue;
        }
        let nativeMs;
        let nativePlanMs;
        let engineMs;
        try {
            // (a) compares like with like: every statement the runner executed on sql.js (the plan,
            // and the counts, previews, schema check and channel queries around it), replayed in
            // order on better-sqlite3. The plan alone is measured too, on both engines, for (a').
            nativeMs = runNative(native, executed);
            const statements = planStatements(lib, services, campaign, keyed);
            nativePlanMs = runNative(native, statements);
            engineMs = runOnSqlJs(db, statements, lib.runnerTablesDdl(lib.sqliteDialect, new Set(Object.values(lib.RUNNER_TABLES))));
            cpuTotals.runner += totalCpu;
            cpuTotals.native += nativeMs.cpu;
            cpuTotals.nativePlan += nativePlanMs.cpu;
            cpuTotals.engine += engineMs.cpu;
        } catch (error) {
            failures.push(`${campaign.name} (native): ${error.message}`);
            log(`${campaign.name}: native failed: ${error.message}`);
            continue;
        }
        runnerTotal += total;
        runnerSql += sql;
        nativeTotal += nativeMs.wall;
        nativePlanTotal += nativePlanMs.wall;
        engineTotal += engineMs.wall;
        if (campaign.name === 'benchTen') {
            tenActivities = total;
            tenActivitiesCpu = totalCpu;
        }
        const both = (wall, cpu) => `${ms(wall)} (CPU ${ms(cpu)})`;
        const line = `runner ${both(total, totalCpu)}, its SQL natively ${both(nativeMs.wall, nativeMs.cpu)}; `
            + `plan on sql.js ${both(engineMs.wall, engineMs.cpu)}, natively ${both(nativePlanMs.wall, nativePlanMs.cpu)}`;
        log(`${campaign.name}: ${line}; runner SQL ${ms(sql)}`);
        rows.push({ measure: `  ${campaign.name}`, value: line, note: `${(total / nativeMs.wall).toFixed(2)}× (CPU ${(totalCpu / nativeMs.cpu).toFixed(2)}×)` });
    }
    // (a'') The engines alone: a few plain statements no compiler wrote, on the same data and
    // connections. It shows what sql.js costs against native SQLite on this machine whatever SQL
    // the runner chooses, the floor under (a) and (a').
    const calibration = calibrateEngines(db, native);
    db.close();
    native.close();

    const ratio = runnerTotal / nativeTotal;
    const outside = (runnerTotal - runnerSql) / runnerTotal;
    const cpuRatio = (a, b) => (Number.isFinite(a / b) ? `CPU ${(a / b).toFixed(2)}×` : undefined);
    rows.push({ measure: '(a) runner on sql.js ÷ the same statements on better-sqlite3', value: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a', goal: '≤ 1.5×', ok: Number.isFinite(ratio) ? ratio <= 1.5 : false, note: cpuRatio(cpuTotals.runner, cpuTotals.native) });
    // What the engine alone costs: the plan's statements run bare on sql.js, as on better-sqlite3.
    // The gap between this and (a) is SQL the runner adds (counts, previews, checks, messages).
    rows.push({ measure: "(a') plan SQL alone on sql.js ÷ on better-sqlite3", value: Number.isFinite(engineTotal / nativePlanTotal) ? `${(engineTotal / nativePlanTotal).toFixed(2)}×` : 'n/a', note: cpuRatio(cpuTotals.engine, cpuTotals.nativePlan) });
    rows.push({ measure: "(a'') plain SQL on sql.js ÷ on better-sqlite3 (scan, group, sort, IN)", value: `${calibration.ratio.toFixed(2)}×`, note: calibration.detail });
    rows.push({ measure: '(b) runner time outside SQL', value: Number.isFinite(outside) ? `${(outside * 100).toFixed(1)} %` : 'n/a', goal: '≤ 5 %', ok: Number.isFinite(outside) ? outside <= 0.05 : false });
    rows.push({ measure: `(c) ten-activity test run, ${customers.toLocaleString('en-US')} customers`, value: tenActivities === undefined ? 'n/a' : seconds(tenActivities), goal: '≤ 5 s', ok: tenActivities !== undefined && tenActivities <= 5000, note: tenActivitiesCpu === undefined ? undefined : `CPU ${seconds(tenActivitiesCpu)}` });
    // Side by side in one run, the ratios hold on a busy machine; the times do not.
    rows.push({ measure: 'machine load (1-minute average, start → end)', value: `${loadAtStart.toFixed(1)} → ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs` });
    rows.push({ measure: '(d) peak memory (resident, whole process)', value: `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB` });
    if (failures.length > 0) rows.push({ measure: 'campaigns that did not run', value: String(failures.length), note: failures.slice(0, 3).join('; ') + (failures.length > 3 ? '; …' : '') });
    return rows;
}

/**
 * The campaign's compiled plan (test mode), as SQL text with its bound values, statement by
 * statement: compiled as the runner compiles it on this database (its keyed worktables included).
 */
function planStatements(lib, services, campaign, keyedEntities) {
    const plan = lib.compileCampaign(services, campaign, { mode: 'test', at: AT, keyedEntities });
    return plan.steps.flatMap(step => step.sql.map(text => lib.renderSql(text, plan.params, () => '?', lib.sqliteDialect.toValue)));
}

/** Plain statements, each run on sql.js then on better-sqlite3 (median of 3 wall times each). */
const CALIBRATION = [
    ['scan', 'SELECT count(*) FROM purchases WHERE amount > 50'],
    ['group', 'SELECT count(*) FROM (SELECT customerId, sum(amount) FROM purchases GROUP BY customerId)'],
    ['sort', 'SELECT count(*) FROM (SELECT id FROM customers ORDER BY email, id)'],
    ['IN', "SELECT count(*) FROM customers WHERE id IN (SELECT customerId FROM purchases WHERE amount > 100)"]
];

function calibrateEngines(db, native) {
    const median = f => {
        const times = [0, 1, 2].map(() => {
            const t0 = performance.now();
            f();
            return performance.now() - t0;
        }).sort((a, b) => a - b);
        return times[1];
    };
    let sqljs = 0;
    let nat = 0;
    const parts = [];
    for (const [name, sql] of CALIBRATION) {
        const a = median(() => db.sqlite.exec(sql));
        const b = median(() => native.prepare(sql).all());
        sqljs += a;
        nat += b;
        parts.push(`${name} ${(a / b).toFixed(2)}×`);
    }
    return { ratio: sqljs / nat, detail: `${parts.join(', ')}; median of 3 each` };
}

/** Milliseconds of CPU this process has used (user + system). */
function cpuMs() {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
}

/** Every statement executed in order by better-sqlite3; returns wall and CPU ms. */
function runNative(native, statements) {
    const t0 = performance.now();
    const c0 = cpuMs();
    try {
        for (const { sql, params } of statements) {
            // Transaction control as the runner issued it (better-sqlite3 prepares one statement at a time).
            if (/^(BEGIN|COMMIT|ROLLBACK)\b/i.test(sql)) {
                if (/^BEGIN/i.test(sql) !== native.inTransaction) native.exec(sql);
                continue;
            }
            const stmt = native.prepare(sql);
            if (stmt.reader) stmt.all(...params);
            else stmt.run(...params);
        }
        return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
    } finally {
        // The worktables are TEMP tables, as the runner makes them; drop them for the next campaign.
        for (const { name } of native.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table'").all()) {
            native.exec(`DROP TABLE temp."${name.replace(/"/g, '""')}"`);
        }
    }
}

/**
 * The same statements on the runner's sql.js connection, bypassing the runner; returns wall and CPU ms. The
 * runner tables the plan reads are made first, untimed, as temporary tables (a test run of the
 * runner makes them so and drops them at its end; the file on this connection has none).
 */
function runOnSqlJs(db, statements, runnerTables) {
    for (const sql of runnerTables) db.sqlite.run(sql);
    const t0 = performance.now();
    const c0 = cpuMs();
    try {
        for (const { sql, params } of statements) {
            // Every row stepped through, as better-sqlite3's all() does for a query.
            const stmt = db.sqlite.prepare(sql);
            try {
                stmt.bind(params);
                while (stmt.step()) stmt.get();
            } finally {
                stmt.free();
            }
        }
        return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
    } finally {
        const temp = db.sqlite.exec("SELECT name FROM sqlite_temp_master WHERE type = 'table'")[0]?.values ?? [];
        for (const [name] of temp) db.sqlite.run(`DROP TABLE temp."${String(name).replace(/"/g, '""')}"`);
    }
}

/** Bundles bench/runner-lib.ts (and the sources it imports) for plain Node. */
async function buildLibrary(root, cacheDir, require) {
    const esbuild = require('esbuild');
    const outfile = path.join(cacheDir, 'runner-lib.cjs');
    await esbuild.build({
        entryPoints: [path.join(root, 'bench', 'runner-lib.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['better-sqlite3', 'vscode'],
        inject: [path.join(root, 'language', 'polyfills', 'object-group-by.cjs')],
        logLevel: 'warning'
    });
    return require(outfile);
}

function ms(value) {
    return `${Math.round(value)} ms`;
}

function seconds(value) {
    return `${(value / 1000).toFixed(2)} s`;
}
