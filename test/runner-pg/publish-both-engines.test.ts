import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SqlValue } from 'sql.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadWorkspace, type Workspace } from '../../language/cli/workspace.js';
import { openDatabase, runCampaign, type RunnerDatabase } from '../../language/runner/index.js';
import type { PostgresEngine } from '../../language/runner/engines/postgres-engine.js';
import { writeSampleDatabase } from '../../language/sample-data/index.js';
import { countsJson, entitiesOf, postgresCopyOf, startServer, type PgTestServer } from './engines.js';

/**
 * Published runs on both engines over the same data must leave the same state behind: the outbox
 * (every column of every message: recipient, secondary row, address, rendered subject, title and
 * body, sent_at), the saved audiences, the incremental state (returned keys and `since`
 * watermarks), the runs, the run log and the mail extraction files. Each campaign is published
 * at three successive clocks, so that saved audiences, `exclude previous` and `since` carry
 * from run to run; each run's JSON counts must also be identical. The retail examples (copied
 * twice, so that each engine writes its own extraction files) plus a campaign for the pieces
 * they lack (`exclude previous`, retargeting on messages, sms and push, `per`).
 */

const EXTRA = `
campaign publishBoth {
  audience fr: Customer where country = "FR"
  incremental newFr: Customer where country = "FR" and loyaltyPoints > 50 exclude previous
  incremental recent: Customer where tier = gold exclude previous for 2 days
  incremental byId: Customer where country = "DE" since id // an integer watermark (text on PostgreSQL)
  email hello from newFr {
    subject "Bonjour {{firstName}}"
    body "<p>Hello {{firstName}} from {{store.city}}</p>"
  }
  audience notGreeted: Customer where country = "FR" and not exists messages where activity = hello
  sms hi from notGreeted { body "Hi {{firstName}}" }
  push nudge from recent {
    category transactional
    title "For {{firstName}}"
    body "b"
  }
  email items from fr {
    subject "Your wishlist"
    body "An item"
    per wishlist
  }
  save greeted from hello as "greeted-fr" // replaced by each run: empty once newFr returns no one
  save everyoneFr from fr as "fr-all"
}
`;

const CAMPAIGNS = ['publishBoth', 'springSale', 'onboarding', 'stockWatch', 'leadImport', 'loyaltyThanks'];
const CLOCKS = ['2026-03-02T08:00:00Z', '2026-03-05T08:00:00Z', '2026-03-09T08:00:00Z'].map(t => new Date(t));

/** Every row of a runner table, all named columns, as text (keys are text on PostgreSQL), sorted. */
type Dump = string[];

const TABLES: Record<string, string[]> = {
    cs_outbox: ['run_id', 'campaign', 'activity', 'channel', 'entity', 'recipient_key', 'secondary_key', 'address', 'subject', 'title', 'body', 'sent_at'],
    // saved_at is the wall-clock time of the save.
    cs_saved_audiences: ['name', 'entity', 'item_key', 'campaign', 'run_id'],
    cs_incremental_state: ['campaign', 'activity', 'item_key', 'run_id', 'returned_at'],
    cs_incremental_since: ['campaign', 'activity', 'run_id', 'watermark', 'previous'],
    // started_at and finished_at are wall-clock times.
    cs_runs: ['run_id', 'campaign', 'at', 'status'],
    cs_run_log: ['run_id', 'seq', 'level', 'activity', 'message', 'data']
};

/**
 * A known difference (docs/postgresql.md): a sum of `decimal` values is a double on both engines,
 * added in another order, so a rendered template may show 3848.8799999999987 on one and 3848.88
 * on the other. Decimals printed with ten or more fraction digits are compared at nine.
 */
function text(value: SqlValue | boolean | undefined): string {
    if (value === null || value === undefined) return '∅';
    return String(value).replace(/\d+\.\d{10,}/g, m => String(Number(Number(m).toFixed(9))));
}

function dumpRows(rows: (SqlValue | boolean)[][]): Dump {
    return rows.map(r => r.map(text).join(' | ')).sort();
}

describe('published runs on sql.js and PostgreSQL leave identical state', () => {
    let server: PgTestServer;
    let dir: string;
    let sqlite: RunnerDatabase;
    let pg: PostgresEngine;
    let workspace: Workspace;
    const baseDir: Record<'sqljs' | 'postgresql', string> = { sqljs: '', postgresql: '' };

    beforeAll(async () => {
        server = await startServer();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-publish-both-'));
        for (const engine of ['sqljs', 'postgresql'] as const) {
            baseDir[engine] = path.join(dir, engine);
            fs.cpSync('examples/retail', baseDir[engine], { recursive: true });
            fs.rmSync(path.join(baseDir[engine], 'extracts'), { recursive: true, force: true });
            fs.writeFileSync(path.join(baseDir[engine], 'publish-both.campaign'), EXTRA);
        }
        const dbFile = path.join(dir, 'retail.sqlite');
        await writeSampleDatabase(dbFile, { customers: 1500, seed: 31 });
        workspace = await loadWorkspace([baseDir.sqljs], { cwd: baseDir.sqljs });
        sqlite = await openDatabase({ path: dbFile });
        pg = await postgresCopyOf(server, dbFile, entitiesOf(workspace.documents));
    }, 300_000);
    afterAll(async () => {
        sqlite?.close();
        await pg?.close();
        server?.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('the campaigns check without errors', () => {
        const errors = workspace.diagnostics.filter(d => d.severity === 'error');
        expect(errors.map(d => `${d.path}:${d.line}: ${d.message}`)).toEqual([]);
        for (const name of CAMPAIGNS) expect(workspace.findCampaign(name), name).toBeDefined();
    });

    test('each published run gives the same JSON counts on both engines', async () => {
        for (const at of CLOCKS) {
            for (const name of CAMPAIGNS) {
                const { campaign } = workspace.findCampaign(name)!;
                const options = (engine: keyof typeof baseDir) => ({ mode: 'publish' as const, at, previewLimit: 0, baseDir: baseDir[engine] });
                const a = await runCampaign(workspace.services.Campaign, campaign, sqlite, options('sqljs'));
                const b = await runCampaign(workspace.services.Campaign, campaign, pg, options('postgresql'));
                expect(countsJson(b), `${name} at ${at.toISOString()}`).toBe(countsJson(a));
                expect(b.runId).toBe(a.runId);
                expect(b.files?.map(f => path.relative(baseDir.postgresql, f))).toEqual(a.files?.map(f => path.relative(baseDir.sqljs, f)));
            }
        }
    }, 600_000);

    test.each(Object.keys(TABLES))('%s holds the same rows on both engines', async table => {
        const columns = TABLES[table];
        const a = dumpRows(sqlite.exec(`SELECT ${columns.map(c => `"${c}"`).join(', ')} FROM ${table}`)[0]?.values ?? []);
        const b = dumpRows(await pg.rows(`SELECT ${columns.map(c => `"${c}"`).join(', ')} FROM campaign_studio.${table}`));
        expect(b.length).toBe(a.length);
        expect(b).toEqual(a);
    });

    test('the runs wrote something worth comparing', () => {
        const n = (sql: string) => Number(sqlite.scalar(sql));
        // Every channel kind and every kind of state, and state that carried from run to run.
        expect(n(`SELECT count(DISTINCT channel) FROM cs_outbox`)).toBe(4);
        expect(n(`SELECT count(*) FROM cs_outbox WHERE secondary_key <> '' AND secondary_key IS NOT NULL AND activity = 'items'`)).toBeGreaterThan(0);
        expect(n(`SELECT count(DISTINCT name) FROM cs_saved_audiences`)).toBeGreaterThanOrEqual(2);
        expect(n(`SELECT count(*) FROM cs_incremental_state`)).toBeGreaterThan(0);
        expect(n(`SELECT count(*) FROM cs_incremental_since WHERE watermark IS NOT NULL`)).toBeGreaterThan(0);
        expect(n(`SELECT count(*) FROM cs_runs WHERE status = 'done'`)).toBe(CAMPAIGNS.length * CLOCKS.length);
        // `exclude previous`: the later runs of newFr return fewer rows than the first.
        const hello = sqlite.all(`SELECT run_id, count(*) AS n FROM cs_outbox WHERE activity = 'hello' GROUP BY run_id ORDER BY run_id`).map(r => Number(r.n));
        expect(hello.length).toBeGreaterThan(0);
        expect(hello.slice(1).every(x => x < hello[0])).toBe(true);
    });

    test('the mail extraction files are identical byte for byte', () => {
        const files = (root: string) => fs.existsSync(path.join(root, 'extracts')) ? fs.readdirSync(path.join(root, 'extracts')).sort() : [];
        const a = files(baseDir.sqljs);
        expect(a.length).toBeGreaterThan(0);
        expect(files(baseDir.postgresql)).toEqual(a);
        for (const f of a) {
            expect(fs.readFileSync(path.join(baseDir.postgresql, 'extracts', f), 'utf8'), f)
                .toBe(fs.readFileSync(path.join(baseDir.sqljs, 'extracts', f), 'utf8'));
        }
    });
});
