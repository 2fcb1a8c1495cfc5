import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memoryIo } from '../../language/cli/io.js';
import { runCli } from '../../language/cli/run-cli.js';
import { writeSampleDatabase } from '../../language/sample-data/index.js';

// A workspace in a temporary folder: the retail schema, generated data, and campaigns whose
// results depend on what earlier launches recorded.
const CAMPAIGNS = `
campaign welcome {
  timezone "Europe/Paris"
  schedule daily at 09:00
  incremental newcomers: Customer where emailOptIn = true and country = "FR" exclude previous
  email hello from newcomers {
    subject "Hello {{firstName}}"
    body "Welcome"
  }
}

campaign weeklyVip {
  schedule weekly on mon at 08:00
  audience vip: Customer where tier = gold
  save keep from vip as "sim-vip"
  read before audience "sim-vip"
  end done from vip signal thanks with channel = "email"
}

campaign thanks {
  schedule on signal
  param channel: string = "sms"
  audience gold: Customer where tier = gold and country = "DE"
  test how from gold { when $channel = "email" -> byEmail; else -> other }
  email thankYou from how.byEmail {
    category transactional
    subject "Thanks"
    body "Thank you {{firstName}}"
  }
}
`;

interface Launch {
    at: string;
    campaign: string;
    signalledBy?: { campaign: string; activity: string };
    result: { counts: Record<string, number>; mode: string };
}

describe('campaign simulate', () => {
    let dir: string;
    let db: string;

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simulate-'));
        fs.writeFileSync(path.join(dir, 'campaign.json'), '{}');
        fs.copyFileSync('examples/retail/schema.campaign', path.join(dir, 'schema.campaign'));
        fs.writeFileSync(path.join(dir, 'sim.campaign'), CAMPAIGNS);
        db = path.join(dir, 'retail.sqlite');
        await writeSampleDatabase(db, { customers: 400, seed: 11 });
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    async function simulate(...args: string[]): Promise<{ code: number; out: string; err: string }> {
        const io = memoryIo(dir);
        const code = await runCli(['simulate', ...args], io);
        return { code, out: io.out, err: io.err };
    }

    function expected(sql: string): number {
        const check = new Sqlite(db, { readonly: true });
        try {
            return (check.prepare(sql).get() as { n: number }).n;
        } finally {
            check.close();
        }
    }

    test('an incremental `exclude previous` audience returns fewer rows on the second launch', async () => {
        const before = fs.readFileSync(db);
        const { code, out, err } = await simulate('sim.campaign', '--campaign', 'welcome', '--from', '2026-03-02', '--to', '2026-03-04', '--json');
        expect(err).toBe('');
        expect(code).toBe(0);
        const launches = (JSON.parse(out) as { launches: Launch[] }).launches;
        expect(launches.map(l => l.at)).toEqual(['2026-03-02T08:00:00.000Z', '2026-03-03T08:00:00.000Z', '2026-03-04T08:00:00.000Z']);
        const frenchOptIns = expected("SELECT count(*) AS n FROM customers WHERE emailOptIn = 1 AND country = 'FR'");
        expect(frenchOptIns).toBeGreaterThan(0);
        expect(launches[0].result.counts.newcomers).toBe(frenchOptIns);
        expect(launches[1].result.counts.newcomers).toBeLessThan(launches[0].result.counts.newcomers);
        expect(launches[1].result.counts.newcomers).toBe(0);
        expect(launches.every(l => l.result.mode === 'publish')).toBe(true);
        // Published into an in-memory copy: the file is byte for byte what it was.
        expect(fs.readFileSync(db).equals(before)).toBe(true);
    });

    test('--test runs record nothing, so every launch sees the same rows', async () => {
        const { code, out } = await simulate('sim.campaign', '--campaign', 'welcome', '--from', '2026-03-02', '--to', '2026-03-03', '--test', '--json');
        expect(code).toBe(0);
        const counts = (JSON.parse(out) as { launches: Launch[] }).launches.map(l => l.result.counts.newcomers);
        expect(counts).toHaveLength(2);
        expect(counts[1]).toBe(counts[0]);
        expect(counts[0]).toBeGreaterThan(0);
    });

    test('saved audiences carry over, and signals start the signalled campaign at the same instant', async () => {
        const { code, out, err } = await simulate('sim.campaign', '--campaign', 'weeklyVip', '--from', '2026-03-01', '--to', '2026-03-10', '--json');
        expect(err).toBe('');
        expect(code).toBe(0);
        const launches = (JSON.parse(out) as { launches: Launch[] }).launches;
        const gold = expected("SELECT count(*) AS n FROM customers WHERE tier = 'gold'");
        const goldDe = expected("SELECT count(*) AS n FROM customers WHERE tier = 'gold' AND country = 'DE'");
        expect(launches.map(l => [l.at, l.campaign])).toEqual([
            ['2026-03-02T08:00:00.000Z', 'weeklyVip'], ['2026-03-02T08:00:00.000Z', 'thanks'],
            ['2026-03-09T08:00:00.000Z', 'weeklyVip'], ['2026-03-09T08:00:00.000Z', 'thanks']
        ]);
        expect(launches[0].result.counts.vip).toBe(gold);
        // The second Monday reads what the first one saved.
        expect(launches[2].result.counts.before).toBe(gold);
        expect(launches[1].signalledBy).toEqual({ campaign: 'weeklyVip', activity: 'done' });
        expect(launches[1].result.counts['how.byEmail']).toBe(goldDe);
        expect(launches[1].result.counts.thankYou).toBe(goldDe);
    });

    test('--save-to writes the evolved database elsewhere; the text output lists each launch', async () => {
        const copy = path.join(dir, 'after.sqlite');
        const { code, out } = await simulate('sim.campaign', '--campaign', 'welcome', '--from', '2026-03-02', '--to', '2026-03-03', '--save-to', copy);
        expect(code).toBe(0);
        expect(out).toMatch(/^Mon 2026-03-02 09:00 \+01:00 {2}welcome\n {2}newcomers \d+, hello \d+/);
        expect(out).toContain('Tue 2026-03-03 09:00 +01:00  welcome\n  newcomers 0, hello 0');
        expect(out).toContain('2 runs of welcome between');
        const saved = new Sqlite(copy, { readonly: true });
        try {
            const sent = saved.prepare("SELECT count(*) AS n FROM cs_outbox WHERE activity = 'hello'").get() as { n: number };
            expect(sent.n).toBeGreaterThan(0);
        } finally {
            saved.close();
        }
    });

    test('bad input is a clear error', async () => {
        expect((await simulate('sim.campaign', '--campaign', 'welcome', '--from', '2026-03-02')).err).toContain('--from and --to are required');
        expect((await simulate('sim.campaign', '--campaign', 'welcome', '--from', 'soon', '--to', '2026-03-03')).err).toContain("--from: 'soon' is not a date");
        expect((await simulate('sim.campaign', '--campaign', 'welcome', '--from', '2026-03-03', '--to', '2026-03-02')).err).toContain('--to is before --from');
        const tooMany = await simulate('sim.campaign', '--campaign', 'welcome', '--from', '2026-01-01', '--to', '2026-12-31', '--max', '5');
        expect(tooMany.code).toBe(70);
        expect(tooMany.err).toContain('welcome launches more than 5 times');
        const noDb = await simulate('sim.campaign', '--campaign', 'welcome', '--from', '2026-03-02', '--to', '2026-03-03', '--db', 'missing.sqlite');
        expect(noDb.code).toBe(2);
        expect(noDb.err).toContain('no such database file: missing.sqlite');
    });
});
