import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../language/cli/run-cli.js';
import { memoryIo } from '../../language/cli/io.js';
import { openDatabase, runCampaign, type RunnerDatabase } from '../../language/runner/index.js';
import { AT, campaignOf, DATA, retailDatabase, run, SCHEMA } from './retail-fixture.js';

/** Published runs (language.md §7): state that survives between runs, exactly once, and test runs that write nothing. */
async function publish(text: string, db: RunnerDatabase, at: Date, name?: string, runId?: string) {
    const { services, campaign } = await campaignOf(text, name);
    return runCampaign(services.Campaign, campaign, db, { mode: 'publish', at, runId });
}

const day = 86_400_000;
const count = (db: RunnerDatabase, sql: string) => Number(db.scalar(sql));

describe('published runs', () => {
    test('the outbox holds one message per recipient per channel activity per run; a rerun of the same run adds nothing', async () => {
        const db = await retailDatabase();
        const text = `campaign c {
          audience all: Customer
          email offer from all { subject "Hi {{firstName}}"; body "b" }
          email perItem from all { subject "x"; body "y"; per wishlist }
          audience retarget: Customer where exists messages where activity = offer
        }`;
        const first = await publish(text, db, AT);
        expect(first.counts).toMatchObject({ offer: 5, perItem: 3, retarget: 0 });
        expect(count(db, `SELECT count(*) FROM cs_outbox WHERE activity = 'offer'`)).toBe(5);
        expect(count(db, `SELECT count(*) FROM cs_outbox WHERE activity = 'perItem'`)).toBe(3);
        expect(db.all(`SELECT subject FROM cs_outbox WHERE activity = 'offer' AND recipient_key = 7`)[0].subject).toBe('Hi Gus & <Co>');
        await publish(text, db, AT);
        expect(count(db, 'SELECT count(*) FROM cs_outbox')).toBe(8);
        const later = await publish(text, db, new Date(AT.getTime() + day));
        expect(later.counts.retarget).toBe(5);
        expect(count(db, 'SELECT count(*) FROM cs_outbox')).toBe(16);
        expect(count(db, `SELECT count(*) FROM cs_runs WHERE status = 'done'`)).toBe(2);
        // Another campaign's activity of the same name is another activity; a text matches any campaign's.
        const other = await run(`campaign d {
          audience offer: Customer where id = 1
          audience mine: Customer where exists messages where activity = offer
          audience anyCampaign: Customer where exists messages where activity = "offer"
          audience fromC: Customer where exists messages where (campaign = "c" and sentAt >= 2026-03-03)
        }`, {}, db);
        expect(other.counts).toMatchObject({ mine: 0, anyCampaign: 5, fromC: 5 });
    });

    test('save writes the audience only when published; read finds it in another campaign', async () => {
        const db = await retailDatabase();
        const text = `campaign saver { audience gold: Customer where tier = gold; save s from gold as "vip" }
        campaign reader { read vips audience "vip"; exclude e from vips minus vips }`;
        const { services, campaign } = await campaignOf(text, 'saver');
        await runCampaign(services.Campaign, campaign, db, { mode: 'test', at: AT });
        const reader = (await campaignOf(text, 'reader'));
        expect((await runCampaign(reader.services.Campaign, reader.campaign, db, { mode: 'test', at: AT })).counts.vips).toBe(0);
        await publish(text, db, AT, 'saver');
        expect((await runCampaign(reader.services.Campaign, reader.campaign, db, { mode: 'test', at: AT })).counts).toMatchObject({ vips: 3, e: 0 });
    });

    test('incremental: exclude previous (with a window), recorded only by published runs', async () => {
        const db = await retailDatabase();
        const text = (window: string) => `campaign c { incremental fresh: Customer where country = "FR" exclude previous${window} }`;
        expect((await publish(text(''), db, AT)).counts.fresh).toBe(4);
        db.exec(`INSERT INTO customers VALUES (9, 'ivy@x.com', NULL, NULL, NULL, 1, 0, 'Ivy', 'FR', 'gold', 10, NULL, '2026-03-02 10:00:00', NULL)`);
        const t2 = new Date(AT.getTime() + day);
        expect((await run(text(''), { at: t2 }, db)).counts.fresh).toBe(1);
        expect((await run(text(''), { at: t2 }, db)).counts.fresh).toBe(1);
        expect((await publish(text(''), db, t2)).counts.fresh).toBe(1);
        expect((await run(text(''), { at: new Date(t2.getTime() + day) }, db)).counts.fresh).toBe(0);
        // With a window of 1 day, rows returned more than a day ago come back.
        expect((await run(text(' for 1 day'), { at: new Date(t2.getTime() + 3 * day) }, db)).counts.fresh).toBe(5);
        // A rerun of a run (same id) sees the same rows as its first attempt.
        expect((await publish(text(''), db, t2)).counts.fresh).toBe(1);
    });

    test('mail writes its extraction file when published (and only then); a cancelled run stops', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cs-mail-'));
        const text = `campaign c { audience all: Customer; mail letter from all { fields firstName, postalAddress, store.city } }`;
        const { services, campaign } = await campaignOf(text);
        const test = await runCampaign(services.Campaign, campaign, await retailDatabase(), { mode: 'test', at: AT, baseDir: dir });
        expect(test.files).toBeUndefined();
        const published = await runCampaign(services.Campaign, campaign, await retailDatabase(), { mode: 'publish', at: AT, baseDir: dir });
        expect(published.files).toHaveLength(1);
        expect(readFileSync(published.files![0], 'utf8')).toBe('firstName,postalAddress,store.city\nAnn,1 rue A,Paris\nCleo,3 Hauptstr,Berlin\n');
        const controller = new AbortController();
        controller.abort();
        await expect(runCampaign(services.Campaign, campaign, await retailDatabase(), { mode: 'test', at: AT, signal: controller.signal }))
            .rejects.toThrow(/cancelled/);
    });

    test('incremental: since a field, with the watermark of the previous run', async () => {
        const db = await retailDatabase();
        const text = `campaign c { incremental recent: Customer where country = "FR" since createdAt }`;
        expect((await publish(text, db, AT)).counts.recent).toBe(4);
        db.exec(`INSERT INTO customers VALUES (9, 'ivy@x.com', NULL, NULL, NULL, 1, 0, 'Ivy', 'FR', 'gold', 10, NULL, '2026-03-05 10:00:00', NULL)`);
        const t2 = new Date(AT.getTime() + 4 * day);
        expect((await publish(text, db, t2)).counts.recent).toBe(1);
        expect((await publish(text, db, t2)).counts.recent).toBe(1);
        expect((await publish(text, db, new Date(t2.getTime() + day))).counts.recent).toBe(0);
    });
});

describe('the command line', () => {
    function workspace(campaign: string) {
        const dir = mkdtempSync(join(tmpdir(), 'cs-cli-'));
        writeFileSync(join(dir, 'schema.campaign'), `database "retail.sqlite"\n${SCHEMA}`);
        writeFileSync(join(dir, 'c.campaign'), campaign);
        return dir;
    }
    async function writeDb(dir: string) {
        const db = await openDatabase({ empty: true });
        db.exec(DATA);
        db.saveTo(join(dir, 'retail.sqlite'));
        db.close();
    }
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

    test('a test run leaves the database file byte-identical; --json is the §7 result', async () => {
        const dir = workspace(`campaign c {
          audience fr: Customer where country = "FR"
          split s from fr { segment gold where tier = gold; remainder rest }
          save keep from s.gold as "kept"
          incremental inc: Customer exclude previous
          email offer from s.rest { subject "x"; body "y" }
        }`);
        await writeDb(dir);
        const before = sha(join(dir, 'retail.sqlite'));
        const io = memoryIo(dir);
        expect(await runCli(['run', 'c.campaign', '--json', '--at', '2026-03-02T09:00Z'], io)).toBe(0);
        const result = JSON.parse(io.out);
        expect(result).toMatchObject({ campaign: 'c', mode: 'test', counts: { fr: 4, 's.gold': 1, 's.rest': 3, keep: 1, inc: 8, offer: 1 }, excluded: { offer: { noAddress: 1, noConsent: 1 } } });
        expect(result.activities.map((a: { name: string }) => a.name)).toEqual(['fr', 's', 'keep', 'inc', 'offer']);
        expect(sha(join(dir, 'retail.sqlite'))).toBe(before);
        const human = memoryIo(dir);
        expect(await runCli(['run', 'c.campaign'], human)).toBe(0);
        expect(human.out).toMatch(/offer \(email\) {2}1 {2}excluded: noAddress 1, noConsent 1/);
        expect(sha(join(dir, 'retail.sqlite'))).toBe(before);
    });

    test('end … signal starts the signalled campaign with its parameters', async () => {
        const dir = workspace(`campaign c { audience all: Customer; end e from all signal other with n = 2 }
        campaign other { schedule on signal; param n: int = 1; audience z: Customer where loyaltyPoints > $n * 100 }`);
        await writeDb(dir);
        const io = memoryIo(dir);
        expect(await runCli(['run', 'c.campaign', '--campaign', 'c', '--json'], io)).toBe(0);
        const result = JSON.parse(io.out);
        expect(result.signals).toEqual([{ from: 'e', campaign: 'other', params: { n: 2 } }]);
        // loyaltyPoints > 200: customers 1, 2, 3, 6, 7, 8.
        expect(result.signalled.map((r: { campaign: string; counts: object }) => [r.campaign, r.counts])).toEqual([['other', { z: 6 }]]);
        const human = memoryIo(dir);
        expect(await runCli(['run', 'c.campaign', '--campaign', 'c'], human)).toBe(0);
        expect(human.out).toContain('signalled by c.e:');
    });

    test('--publish writes the file atomically; the same --at is the same run', async () => {
        const dir = workspace(`campaign c { audience all: Customer; email offer from all { subject "x"; body "y" } }`);
        await writeDb(dir);
        for (let i = 0; i < 2; i++) expect(await runCli(['run', 'c.campaign', '--publish', '--at', '2026-03-02T09:00Z'], memoryIo(dir))).toBe(0);
        const db = await openDatabase({ path: join(dir, 'retail.sqlite') });
        expect(count(db, 'SELECT count(*) FROM cs_outbox')).toBe(5);
        expect(db.all('SELECT run_id, status FROM cs_runs')).toEqual([{ run_id: 'c@2026-03-02T09:00:00.000Z', status: 'done' }]);
        db.close();
    });

    test('campaign sql prints the plan with values inline; campaign preview prints rows of one transition', async () => {
        const dir = workspace(`campaign c { audience fr: Customer where country = "FR" and firstName != "it's" }`);
        await writeDb(dir);
        const sql = memoryIo(dir);
        expect(await runCli(['sql', 'c.campaign'], sql)).toBe(0);
        expect(sql.out).toContain(`CREATE TEMP TABLE "cs_wt_fr" AS SELECT e."id" AS "cs_key" FROM "customers" e WHERE (("e"."country" = 'FR') AND ("e"."firstName" <> 'it''s'))`.replace(/"e"\./g, 'e.'));
        const one = memoryIo(dir);
        expect(await runCli(['sql', 'c.campaign', '--activity', 'fr'], one)).toBe(0);
        expect(one.out).toContain('-- audience fr');
        expect(await runCli(['sql', 'c.campaign', '--activity', 'nope'], memoryIo(dir))).toBe(1);
        const preview = memoryIo(dir);
        expect(await runCli(['preview', 'c.campaign', 'fr', '--limit', '2'], preview)).toBe(0);
        expect(preview.out).toMatch(/^id +email/);
        expect(preview.out).toContain('fr: 4 row(s), first 2 shown');
    });

    test('bad input: unknown table or column, wrong data type, not a database: clear errors that name the activity', async () => {
        const dir = workspace(`campaign c { audience fr: Customer where country = "FR" and loyaltyPoints > 0 }`);
        await writeDb(dir);
        const db = await openDatabase({ path: join(dir, 'retail.sqlite') });
        db.exec(`UPDATE customers SET loyaltyPoints = 'lots' WHERE id = 2`);
        db.saveTo(join(dir, 'bad-type.sqlite'));
        db.exec(`ALTER TABLE customers RENAME COLUMN country TO land`);
        db.saveTo(join(dir, 'bad-column.sqlite'));
        db.exec(`ALTER TABLE customers RENAME TO clients`);
        db.saveTo(join(dir, 'bad-table.sqlite'));
        db.close();
        writeFileSync(join(dir, 'text.sqlite'), 'not a database at all, just text\n');
        const cases: Array<[string, RegExp]> = [
            ['bad-type.sqlite', /fr: entity Customer: column "loyaltyPoints" of table "customers" holds "lots", which is not a int/],
            ['bad-column.sqlite', /fr: entity Customer: table "customers" has no column "country"/],
            ['bad-table.sqlite', /fr: entity Customer: the database has no table "customers"/],
            ['text.sqlite', /is not a SQLite database/]
        ];
        for (const [file, message] of cases) {
            const before = sha(join(dir, file));
            const io = memoryIo(dir);
            expect(await runCli(['run', 'c.campaign', '--db', file, '--publish'], io)).toBe(1);
            expect(io.err).toMatch(message);
            expect(sha(join(dir, file))).toBe(before);
        }
    });

    test('names and values that try SQL injection are quoted and bound', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cs-cli-'));
        const evil = 'x"; DROP TABLE customers; --';
        writeFileSync(join(dir, 'c.campaign'), `database "evil.sqlite"
          entity Evil table "${evil.replace(/"/g, '\\"')}" { key id: int; name: string column "${evil.replace(/"/g, '\\"')}" }
          campaign c { audience a: Evil where name = "${evil.replace(/"/g, '\\"')}" }`);
        const db = await openDatabase({ empty: true });
        db.exec(`CREATE TABLE customers (id INTEGER); CREATE TABLE "${evil.replace(/"/g, '""')}" (id INTEGER PRIMARY KEY, "${evil.replace(/"/g, '""')}" TEXT);`);
        db.exec(`INSERT INTO "${evil.replace(/"/g, '""')}" VALUES (1, ?), (2, 'other')`, [evil]);
        db.saveTo(join(dir, 'evil.sqlite'));
        db.close();
        const io = memoryIo(dir);
        expect(await runCli(['run', 'c.campaign', '--json', '--publish'], io)).toBe(0);
        expect(JSON.parse(io.out).counts).toEqual({ a: 1 });
        const after = await openDatabase({ path: join(dir, 'evil.sqlite') });
        expect(after.scalar(`SELECT count(*) FROM sqlite_schema WHERE name = 'customers'`)).toBe(1);
        after.close();
    });
});
