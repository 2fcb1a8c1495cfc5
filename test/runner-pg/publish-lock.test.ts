import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadWorkspace } from '../../language/cli/workspace.js';
import { openDatabase, runCampaign } from '../../language/runner/index.js';
import { removeStaleTemps, writeAtomically } from '../../language/runner/database.js';
import { openPostgres, type PostgresEngine } from '../../language/runner/engines/postgres-engine.js';
import { lockFileOf } from '../../language/runner/publish-lock.js';
import { writeSampleDatabase } from '../../language/sample-data/index.js';
import { entitiesOf, postgresCopyOf, startServer, type PgTestServer } from './engines.js';

/**
 * Two published runs at once must not both write (issue 3, "Modes and guarantees"). On a SQLite
 * file: `<file>.lock` (O_EXCL, pid and time, stale when its process is dead), and the file must
 * still be the one loaded. On PostgreSQL: an advisory lock per campaign. Real processes: the
 * command line, bundled from the sources into a temporary folder, run twice at once; the first
 * is held just after it took its lock (CAMPAIGN_RUNNER_HOLD) so that the second meets the lock.
 * Also: the atomic write's temporary files are removed on failure and after a killed process.
 */

const root = path.resolve(__dirname, '../..');
const CAMPAIGN = `
campaign lockA {
  audience fr: Customer where country = "FR"
  email hello from fr {
    subject "Hi {{firstName}}"
    body "Hello {{firstName}}"
  }
}

campaign lockB {
  audience de: Customer where country = "DE"
  sms hi from de { body "Hi {{firstName}}" }
}
`;

let cli: string;
let dir: string;
let dbFile: string;

interface Exit { code: number | null; err: string; out: string }

function start(args: string[], env: Record<string, string> = {}): Promise<Exit> {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stdout.on('data', d => { out += String(d); });
    child.stderr.on('data', d => { err += String(d); });
    return new Promise(resolve => child.on('exit', code => resolve({ code, err, out })));
}

async function waitFor(file: string): Promise<void> {
    for (let i = 0; i < 7200 && !fs.existsSync(file); i++) await new Promise(r => setTimeout(r, 25));
    if (!fs.existsSync(file)) throw new Error(`the held run never reached its lock (${file})`);
}

async function outbox(file: string): Promise<Map<string, number>> {
    const db = await openDatabase({ path: file });
    try {
        const present = db.scalar(`SELECT count(*) FROM sqlite_schema WHERE name = 'cs_outbox'`);
        if (Number(present) === 0) return new Map();
        return new Map(db.all('SELECT run_id, count(*) AS n FROM cs_outbox GROUP BY run_id').map(r => [String(r.run_id), Number(r.n)]));
    } finally {
        db.close();
    }
}

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise(resolve => child.on('exit', resolve));
    return child.pid!;
}

beforeAll(async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-lock-cli-'));
    cli = path.join(out, 'cli.cjs');
    await esbuild.build({
        entryPoints: [path.join(root, 'language/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
        outfile: cli, inject: [path.join(root, 'language/polyfills/object-group-by.cjs')], logLevel: 'error', external: ['vscode', 'pg-native']
    });
    fs.copyFileSync(createRequire(__filename).resolve('sql.js/dist/sql-wasm.wasm'), path.join(out, 'sql-wasm.wasm'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-lock-'));
    dbFile = path.join(dir, 'retail.sqlite');
    await writeSampleDatabase(dbFile, { customers: 600, seed: 11 });
    fs.writeFileSync(path.join(dir, 'campaign.json'), '{}');
    fs.copyFileSync(path.join(root, 'examples/retail/schema.campaign'), path.join(dir, 'schema.campaign'));
    fs.writeFileSync(path.join(dir, 'lock.campaign'), CAMPAIGN);
}, 300_000);

afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (cli) fs.rmSync(path.dirname(cli), { recursive: true, force: true });
});

describe('published runs on a SQLite file', () => {
    test('a second published run while the first holds the lock fails clearly, writes nothing, and the first completes', async () => {
        const marker = path.join(dir, 'held-1');
        const first = start(['run', 'lock.campaign', '--campaign', 'lockA', '--db', 'retail.sqlite', '--publish', '--at', '2026-03-01T09:00Z'],
            { CAMPAIGN_RUNNER_HOLD: marker });
        await waitFor(marker);
        const holder = Number(fs.readFileSync(marker, 'utf8'));
        expect(fs.existsSync(lockFileOf(dbFile))).toBe(true);
        const before = fs.readFileSync(dbFile);
        // Another campaign on the same file: the file is written back whole, so it must wait too.
        const second = await start(['run', 'lock.campaign', '--campaign', 'lockB', '--db', 'retail.sqlite', '--publish', '--at', '2026-03-01T09:00Z']);
        expect(second.code).toBe(1);
        expect(second.err).toMatch(new RegExp(`another published run of lockA is in progress \\(pid ${holder}, since \\d{4}-\\d\\d-\\d\\dT`));
        expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
        // A test run takes no lock.
        const testRun = await start(['run', 'lock.campaign', '--campaign', 'lockB', '--db', 'retail.sqlite', '--json']);
        expect(testRun.code, testRun.err).toBe(0);
        fs.rmSync(marker);
        const done = await first;
        expect(done.code, done.err).toBe(0);
        expect(fs.existsSync(lockFileOf(dbFile))).toBe(false);
        const runs = await outbox(dbFile);
        expect(runs.get('lockA@2026-03-01T09:00:00.000Z')).toBeGreaterThan(0);
        expect([...runs.keys()].some(r => r.startsWith('lockB'))).toBe(false);
    }, 300_000);

    test('published runs started together never lose each other\'s messages', async () => {
        const before = await outbox(dbFile);
        const ats = ['2026-03-02T09:00Z', '2026-03-03T09:00Z', '2026-03-04T09:00Z'];
        const results = await Promise.all(ats.map((at, i) => start(
            ['run', 'lock.campaign', '--campaign', i % 2 === 0 ? 'lockA' : 'lockB', '--db', 'retail.sqlite', '--publish', '--json', '--at', at])));
        const after = await outbox(dbFile);
        let succeeded = 0;
        for (const [i, r] of results.entries()) {
            if (r.code === 0) {
                succeeded++;
                // What a run that said it succeeded wrote is in the file, whoever saved last.
                const runId = JSON.parse(r.out).runId as string;
                const channel = i % 2 === 0 ? 'hello' : 'hi';
                expect(after.get(runId), `${runId} in the outbox`).toBe(JSON.parse(r.out).counts[channel]);
            } else {
                expect(r.err).toMatch(/another published run of lock[AB] is in progress|was changed by another process/);
            }
        }
        expect(succeeded).toBeGreaterThan(0);
        expect(after.size).toBe(before.size + succeeded);
        expect(fs.existsSync(lockFileOf(dbFile))).toBe(false);
    }, 300_000);

    test('a lock left by a dead process is stale: it is removed and the run goes ahead', async () => {
        const pid = await deadPid();
        fs.writeFileSync(lockFileOf(dbFile), JSON.stringify({ pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', campaign: 'lockA' }));
        const run = await start(['run', 'lock.campaign', '--campaign', 'lockA', '--db', 'retail.sqlite', '--publish', '--at', '2026-03-05T09:00Z']);
        expect(run.code, run.err).toBe(0);
        expect(fs.existsSync(lockFileOf(dbFile))).toBe(false);
        expect((await outbox(dbFile)).get('lockA@2026-03-05T09:00:00.000Z')).toBeGreaterThan(0);
    }, 300_000);

    test('a lock of a live process is respected even when old', async () => {
        // This test process is alive: its lock holds.
        fs.writeFileSync(lockFileOf(dbFile), JSON.stringify({ pid: process.pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', campaign: 'other' }));
        try {
            const run = await start(['run', 'lock.campaign', '--campaign', 'lockA', '--db', 'retail.sqlite', '--publish', '--at', '2026-03-06T09:00Z']);
            expect(run.code).toBe(1);
            expect(run.err).toContain(`another published run of other is in progress (pid ${process.pid}, since 2026-01-01T00:00:00.000Z)`);
        } finally {
            fs.rmSync(lockFileOf(dbFile), { force: true });
        }
    }, 300_000);

    test('a temporary file left by a killed save is removed by the next published run; a live writer\'s is kept', async () => {
        const dead = await deadPid();
        const stale = path.join(dir, `.retail.sqlite.${dead}.1764550000000.tmp`);
        const partial = path.join(dir, `.retail.sqlite.${dead}.partial.tmp`);
        const live = path.join(dir, `.retail.sqlite.${process.pid}.1764550000000.tmp`);
        for (const f of [stale, partial, live]) fs.writeFileSync(f, 'half a database');
        const run = await start(['run', 'lock.campaign', '--campaign', 'lockA', '--db', 'retail.sqlite', '--publish', '--at', '2026-03-07T09:00Z']);
        expect(run.code, run.err).toBe(0);
        expect(fs.existsSync(stale)).toBe(false);
        expect(fs.existsSync(partial)).toBe(false);
        expect(fs.existsSync(live)).toBe(true);
        fs.rmSync(live);
        expect(fs.readdirSync(dir).filter(f => f.endsWith('.tmp'))).toEqual([]);
    }, 300_000);

    test('a failed atomic write removes its temporary file and leaves the target as it was', () => {
        const target = path.join(dir, 'target.bin');
        fs.writeFileSync(target, 'old');
        // A folder where the temporary file would be renamed to: the rename fails.
        const blocked = path.join(dir, 'blocked');
        fs.mkdirSync(path.join(blocked, 'inside'), { recursive: true });
        expect(() => writeAtomically(blocked, new Uint8Array([1, 2, 3]))).toThrow(/cannot write .*blocked/);
        expect(fs.readdirSync(dir).filter(f => f.startsWith('.blocked.'))).toEqual([]);
        writeAtomically(target, new TextEncoder().encode('new'));
        expect(fs.readFileSync(target, 'utf8')).toBe('new');
        expect(removeStaleTemps(target)).toEqual([]);
    });

    test('a published run refuses a file that changed on disk after it was loaded', async () => {
        const workspace = await loadWorkspace([dir], { cwd: dir });
        const found = workspace.findCampaign('lockA')!;
        const db = await openDatabase({ path: dbFile });
        try {
            // Another process saves the file in between (here: the same bytes, a new file).
            writeAtomically(dbFile, fs.readFileSync(dbFile));
            await expect(runCampaign(workspace.services.Campaign, found.campaign, db, { mode: 'publish', at: new Date('2026-03-08T09:00Z'), previewLimit: 0 }))
                .rejects.toThrow(/was changed by another process since it was opened/);
            expect(fs.existsSync(lockFileOf(dbFile))).toBe(false);
        } finally {
            db.close();
        }
    }, 120_000);
});

describe('published runs on PostgreSQL', () => {
    let server: PgTestServer;
    let url: string;
    let pg: PostgresEngine;

    beforeAll(async () => {
        server = await startServer();
        const workspace = await loadWorkspace([dir], { cwd: dir });
        pg = await postgresCopyOf(server, dbFile, entitiesOf(workspace.documents));
        url = pg.target.replace('***', encodeURIComponent(server.password));
    }, 300_000);
    afterAll(async () => {
        await pg?.close();
        server?.stop();
    });

    const messages = async (runId: string) => Number((await pg.rows(
        'SELECT count(*) FROM campaign_studio.cs_outbox WHERE run_id = ?', [runId]).catch(() => [[0]]))[0][0]);

    test('a second published run of the campaign fails while the first holds its advisory lock; another campaign goes ahead', async () => {
        const marker = path.join(dir, 'held-pg');
        const first = start(['run', 'lock.campaign', '--campaign', 'lockA', '--db', url, '--publish', '--at', '2026-03-01T09:00Z'],
            { CAMPAIGN_RUNNER_HOLD: marker });
        await waitFor(marker);
        const second = await start(['run', 'lock.campaign', '--campaign', 'lockA', '--db', url, '--publish', '--at', '2026-03-09T09:00Z']);
        expect(second.code).toBe(1);
        expect(second.err).toMatch(/another published run of lockA is in progress on postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\S+ \(server process \d+ for 127\.0\.0\.1, since \d{4}-/);
        expect(second.err).not.toContain(server.password);
        expect(await messages('lockA@2026-03-09T09:00:00.000Z')).toBe(0);
        // The lock is per campaign on a server: each activity commits on its own, nothing is written back whole.
        const other = await start(['run', 'lock.campaign', '--campaign', 'lockB', '--db', url, '--publish', '--at', '2026-03-09T09:00Z']);
        expect(other.code, other.err).toBe(0);
        expect(await messages('lockB@2026-03-09T09:00:00.000Z')).toBeGreaterThan(0);
        fs.rmSync(marker);
        const done = await first;
        expect(done.code, done.err).toBe(0);
        expect(await messages('lockA@2026-03-01T09:00:00.000Z')).toBeGreaterThan(0);
        // Released: the next published run of lockA takes it.
        const after = await start(['run', 'lock.campaign', '--campaign', 'lockA', '--db', url, '--publish', '--at', '2026-03-09T09:00Z']);
        expect(after.code, after.err).toBe(0);
        expect(await messages('lockA@2026-03-09T09:00:00.000Z')).toBeGreaterThan(0);
    }, 300_000);

    test('a connection that dies releases its lock (a killed runner never blocks the next run)', async () => {
        const holder = await openPostgres(url);
        const unlock = await holder.lockPublishedRun('lockB');
        const other = await openPostgres(url);
        try {
            await expect(other.lockPublishedRun('lockB')).rejects.toThrow(/another published run of lockB is in progress/);
            await holder.close();
            // The server ends the backend (and its locks) just after the socket closes.
            let again: (() => Promise<void>) | undefined;
            for (let i = 0; i < 200 && !again; i++) {
                again = await other.lockPublishedRun('lockB').catch(async () => {
                    await new Promise(r => setTimeout(r, 25));
                    return undefined;
                });
            }
            expect(again).toBeDefined();
            await again!();
        } finally {
            await unlock();
            await other.close();
        }
    }, 60_000);
});
