import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadWorkspace, type Workspace } from '../../language/cli/workspace.js';
import { openDatabase, runCampaign, RunnerError, type RunnerDatabase, type RunResult } from '../../language/runner/index.js';
import { openPostgres, type PostgresEngine } from '../../language/runner/engines/postgres-engine.js';
import { writeSampleDatabase } from '../../language/sample-data/index.js';
import { ORACLE_CAMPAIGNS } from '../runner/oracle-cases.js';
import { countsJson, entitiesOf, postgresCopyOf, startServer, type PgTestServer } from './engines.js';

/**
 * The same campaigns on sql.js and on a real PostgreSQL server (started by this test), over the
 * same generated data: the JSON counts must be identical, byte for byte. The campaigns are the
 * retail examples and the oracle test's campaigns (test/runner/oracle-cases.ts, shared with the
 * oracle, so the two tests cannot drift apart), which exercise split, dedupe, seeded samples, sets and channels.
 */

const AT = new Date('2026-03-15T09:00:00Z');


describe('runner on sql.js and PostgreSQL: identical counts', () => {
    let server: PgTestServer;
    let dir: string;
    let sqlite: RunnerDatabase;
    let pg: PostgresEngine;
    let own: Workspace;
    let examples: Workspace;

    beforeAll(async () => {
        server = await startServer();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-both-'));
        const dbFile = path.join(dir, 'retail.sqlite');
        await writeSampleDatabase(dbFile, { customers: 3000, seed: 2026 });
        fs.writeFileSync(path.join(dir, 'campaign.json'), '{}');
        fs.copyFileSync('examples/retail/schema.campaign', path.join(dir, 'schema.campaign'));
        fs.writeFileSync(path.join(dir, 'oracle.campaign'), ORACLE_CAMPAIGNS);
        own = await loadWorkspace([dir], { cwd: dir });
        examples = await loadWorkspace(['examples/retail'], { cwd: process.cwd() });
        sqlite = await openDatabase({ path: dbFile });
        pg = await postgresCopyOf(server, dbFile, entitiesOf(own.documents));
    }, 300_000);
    afterAll(async () => {
        sqlite?.close();
        await pg?.close();
        server?.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const names = () => [...new Set([...own.campaigns(), ...examples.campaigns()].map(c => c.campaign.name))];

    async function both(name: string): Promise<[RunResult, RunResult]> {
        const workspace = own.findCampaign(name) ? own : examples;
        const found = workspace.findCampaign(name)!;
        const options = { mode: 'test' as const, at: AT, previewLimit: 0, baseDir: path.dirname(workspace.pathOf(found.document)) };
        const a = await runCampaign(workspace.services.Campaign, found.campaign, sqlite, options);
        const b = await runCampaign(workspace.services.Campaign, found.campaign, pg, options);
        return [a, b];
    }

    test('there are campaigns to compare', () => {
        expect(names().length).toBeGreaterThan(10);
    });

    test.each([
        'oracleSplit', 'oracleDedupe', 'oracleSets',
        'springSale', 'winback', 'onboarding', 'newsletter', 'flashSale', 'stockWatch', 'serviceNotice',
        'loyaltyThanks', 'pointsExpiry', 'birthdayClub', 'payday', 'leadImport'
    ])('%s: the same JSON counts on both engines', async name => {
        const [a, b] = await both(name);
        expect(countsJson(b)).toBe(countsJson(a));
        expect(Object.keys(a.counts).length).toBeGreaterThan(0);
    });

    test('a wrong password or an unreachable server is an error that does not contain the password', async () => {
        const wrong = server.url.replace(encodeURIComponent(server.password), 'not-the-S3cret-pw');
        const e1 = await openPostgres(wrong).then(() => undefined, (e: Error) => e);
        expect(e1).toBeInstanceOf(RunnerError);
        expect(e1!.message).toMatch(/password authentication failed/);
        expect(e1!.message).not.toContain('not-the-S3cret-pw');
        expect(e1!.message).toContain('***');
        const closed = `postgresql://postgres:${encodeURIComponent(server.password)}@127.0.0.1:1/postgres`;
        const e2 = await openPostgres(closed).then(() => undefined, (e: Error) => e);
        expect(e2).toBeInstanceOf(RunnerError);
        expect(e2!.message).toMatch(/cannot connect/);
        expect(e2!.message).not.toContain(server.password);
        expect(e2!.message).not.toContain(encodeURIComponent(server.password));
    });

    test('identifiers and values are quoted or bound: a hostile table name and value round-trip', async () => {
        const name = 'x"; DROP TABLE customers; --';
        await pg.exec(`CREATE TEMPORARY TABLE ${pg.dialect.quote(name)} (v text)`);
        await pg.insertRows(`INSERT INTO ${pg.dialect.quote(name)} VALUES (?)`, [["'); DROP TABLE customers; --?"]]);
        const rows = await pg.rows(`SELECT v FROM ${pg.dialect.quote(name)} WHERE v = ?`, ["'); DROP TABLE customers; --?"]);
        expect(rows).toEqual([["'); DROP TABLE customers; --?"]]);
        await pg.exec(pg.dialect.dropTable(name));
        expect((await pg.rows('SELECT count(*) FROM customers'))[0][0]).toBe(3000);
    });

    test('a test run on PostgreSQL writes nothing: no runner schema, no tables left', async () => {
        const schemas = await pg.all(`SELECT count(*) AS n FROM pg_namespace WHERE nspname = ?`, [pg.runnerSchema]);
        expect(Number(schemas[0].n)).toBe(0);
        const temps = await pg.tempTables('cs_');
        expect(temps).toEqual([]);
    });
});
