import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memoryIo } from '../../language/cli/io.js';
import { runCli } from '../../language/cli/run-cli.js';
import { loadWorkspace } from '../../language/cli/workspace.js';
import { openPostgres, type PostgresEngine } from '../../language/runner/engines/postgres-engine.js';
import { writeSampleDatabase } from '../../language/sample-data/index.js';
import { entitiesOf, postgresCopyOf, startServer, type PgTestServer } from './engines.js';

/**
 * `campaign run --db postgresql://…` and a schema's `database "postgresql://…"`, through the real
 * CLI, against a real server: the same JSON counts as the SQLite file; a published run writes its
 * outbox in the runner schema, exactly once per recipient when published again.
 */

const CAMPAIGN = `
campaign pgHello {
  audience fr: Customer where country = "FR" and loyaltyPoints > 100
  split s from fr {
    segment sampled limit 25
    remainder rest
  }
  email hello from s.sampled {
    subject "Hi {{firstName}}"
    body "Hello {{firstName}}"
  }
}
`;

describe('campaign run on a PostgreSQL server', () => {
    let server: PgTestServer;
    let dir: string;
    let url: string;
    let pg: PostgresEngine;

    beforeAll(async () => {
        server = await startServer();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-pg-cli-'));
        await writeSampleDatabase(path.join(dir, 'retail.sqlite'), { customers: 800, seed: 7 });
        fs.writeFileSync(path.join(dir, 'campaign.json'), '{}');
        fs.copyFileSync('examples/retail/schema.campaign', path.join(dir, 'schema.campaign'));
        fs.writeFileSync(path.join(dir, 'hello.campaign'), CAMPAIGN);
        const workspace = await loadWorkspace([dir], { cwd: dir });
        pg = await postgresCopyOf(server, path.join(dir, 'retail.sqlite'), entitiesOf(workspace.documents));
        url = (pg as unknown as { target: string }).target.replace('***', encodeURIComponent(server.password));
    }, 300_000);
    afterAll(async () => {
        await pg?.close();
        server?.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    async function cli(argv: string[]) {
        const io = memoryIo(dir);
        const code = await runCli(argv, io);
        return { code, out: io.out, err: io.err };
    }

    const counts = (json: string) => JSON.stringify((JSON.parse(json) as { counts: unknown }).counts);

    test('--db URL gives the same JSON counts as the SQLite file, and writes nothing', async () => {
        const file = await cli(['run', 'hello.campaign', '--db', 'retail.sqlite', '--json', '--at', '2026-03-15T09:00Z']);
        const server_ = await cli(['run', 'hello.campaign', '--db', url, '--json', '--at', '2026-03-15T09:00Z']);
        expect(file.err).toBe('');
        expect(server_.err).toBe('');
        expect(server_.code).toBe(0);
        expect(counts(server_.out)).toBe(counts(file.out));
        expect(JSON.parse(server_.out).counts['hello']).toBeGreaterThan(0);
        const schema = await pg.all('SELECT count(*) AS n FROM pg_namespace WHERE nspname = ?', ['campaign_studio']);
        expect(Number(schema[0].n)).toBe(0);
    });

    test('a published run writes the outbox in campaign_studio, once per recipient even when published again', async () => {
        const first = await cli(['run', 'hello.campaign', '--db', url, '--publish', '--json', '--at', '2026-03-15T09:00Z']);
        expect(first.err).toBe('');
        const messages = JSON.parse(first.out).counts['hello'] as number;
        expect(messages).toBeGreaterThan(0);
        const outbox = async () => Number((await pg.rows(
            'SELECT count(*) FROM campaign_studio.cs_outbox WHERE campaign = ? AND activity = ?', ['pgHello', 'hello']))[0][0]);
        expect(await outbox()).toBe(messages);
        const again = await cli(['run', 'hello.campaign', '--db', url, '--publish', '--json', '--at', '2026-03-15T09:00Z']);
        expect(again.code).toBe(0);
        expect(await outbox()).toBe(messages);
        const runs = await pg.rows('SELECT status FROM campaign_studio.cs_runs WHERE campaign = ?', ['pgHello']);
        expect(runs).toEqual([['done']]);
        // Nothing of the runner's in the user's schema; worktables were temporary.
        const stray = await pg.rows(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'cs%'`);
        expect(stray[0][0]).toBe(0);
    });

    test('a schema may name the server as its database; a wrong password is reported without it', async () => {
        const schema = fs.readFileSync(path.join(dir, 'schema.campaign'), 'utf8');
        fs.writeFileSync(path.join(dir, 'schema.campaign'), schema.replace(/database "[^"]*"/, `database "${url}"`));
        try {
            const viaSchema = await cli(['run', 'hello.campaign', '--json', '--at', '2026-03-15T09:00Z']);
            expect(viaSchema.err).toBe('');
            expect(JSON.parse(viaSchema.out).counts['hello']).toBeGreaterThan(0);
        } finally {
            fs.writeFileSync(path.join(dir, 'schema.campaign'), schema);
        }
        const wrong = url.replace(encodeURIComponent(server.password), 'Wr0ng-pass-word');
        const failed = await cli(['run', 'hello.campaign', '--db', wrong, '--json']);
        expect(failed.code).not.toBe(0);
        expect(failed.err).toMatch(/password authentication failed/);
        expect(failed.err + failed.out).not.toContain('Wr0ng-pass-word');
        await expect(openPostgres(wrong)).rejects.toThrow(/\*\*\*/);
    });
});
