// The run worker's jobs, in-process (the worker process only adds message passing), against real
// sql.js databases built by the test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { executeJob, type JobReporter } from '../../extension/run/worker-jobs.js';
import { tempProject, writeSqlite } from '../temp-project.js';

const quiet: JobReporter = { progress: () => undefined, log: () => undefined };

async function shopFolder(): Promise<string> {
    const dir = tempProject({
        'shop.campaign': `database "shop.sqlite"
entity Customer table "customers" {
  key id: int
  email: string? @email
  country: string
  tier: string
}
campaign promo {
  schedule daily at 09:00
  audience eu: Customer where country = "FR" or country = "DE"
}
`
    }, 'worker-jobs-');
    await writeSqlite(join(dir, 'shop.sqlite'), [
        `CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, country TEXT NOT NULL,
        tier TEXT NOT NULL CHECK (tier IN ('gold', 'silver')))`,
        `INSERT INTO customers VALUES (1, 'a@x.org', 'FR', 'gold'), (2, NULL, 'DE', 'silver'), (3, 'c@x.org', 'IT', 'gold')`
    ]);
    return dir;
}

describe('run worker jobs', () => {
    test('importSchema prints an entity per table of the database', async () => {
        const dir = await shopFolder();
        const result = await executeJob({ kind: 'importSchema', database: join(dir, 'shop.sqlite') }, quiet);
        expect(result).toMatchObject({ database: join(dir, 'shop.sqlite') });
        const text = (result as { text: string }).text;
        expect(text).toMatch(/entity \w+ table "customers"/);
        expect(text).toMatch(/key id: int/);
    });

    test('importSchema of a file that is not SQLite fails with the file name', async () => {
        const dir = await shopFolder();
        const file = join(dir, 'notes.sqlite');
        writeFileSync(file, 'hello, not a database');
        await expect(executeJob({ kind: 'importSchema', database: file }, quiet)).rejects.toThrow(/notes\.sqlite is not a SQLite database/);
    });

    test('sql compiles the campaign the editor shows, unsaved text included', async () => {
        const dir = await shopFolder();
        const file = join(dir, 'shop.campaign');
        const workspace = { roots: [dir], file, overrides: {} };
        const saved = await executeJob({ kind: 'sql', campaign: 'promo', ...workspace }, quiet) as { sql: string };
        expect(saved.sql).toMatch(/customers/);
        expect(saved.sql).toMatch(/'FR'|"FR"|\?/);
        // The editor's unsaved text wins over the file on disk.
        const edited = (await import('node:fs')).readFileSync(file, 'utf8').replace('country = "FR" or country = "DE"', 'tier = "gold"');
        const unsaved = await executeJob({ kind: 'sql', campaign: 'promo', ...workspace, overrides: { [file]: edited } }, quiet) as { sql: string };
        expect(unsaved.sql).not.toEqual(saved.sql);
        expect(unsaved.sql).toMatch(/tier/);
    });

    test('sql of one activity: only its steps (the graph\'s Show Compiled SQL)', async () => {
        const dir = await shopFolder();
        const file = join(dir, 'shop.campaign');
        const text = (await import('node:fs')).readFileSync(file, 'utf8').replace('country = "DE"\n', 'country = "DE"\n  dedupe d from eu by email keep 1\n');
        const job = { kind: 'sql' as const, campaign: 'promo', roots: [dir], file, overrides: { [file]: text } };
        const all = await executeJob(job, quiet) as { sql: string };
        expect(all.sql).toMatch(/-- audience eu/);
        expect(all.sql).toMatch(/-- dedupe d from eu/);
        const one = await executeJob({ ...job, activity: 'd' }, quiet) as { sql: string };
        expect(one.sql).toMatch(/-- dedupe d from eu/);
        expect(one.sql).not.toMatch(/-- audience eu/);
        await expect(executeJob({ ...job, activity: 'nowhere' }, quiet)).rejects.toThrow(/no activity 'nowhere'/);
    });

    test('a campaign whose file has errors is not compiled; the error says where', async () => {
        const dir = await shopFolder();
        const file = join(dir, 'shop.campaign');
        const broken = 'campaign promo {\n  audience eu: Nobody where x = 1\n}\n';
        await expect(executeJob({ kind: 'sql', campaign: 'promo', roots: [dir], file, overrides: { [file]: broken } }, quiet))
            .rejects.toThrow(/promo cannot run: \d+ errors? in its file, the first at shop\.campaign:2:\d+/);
    });

    test('an unknown campaign is reported by name', async () => {
        const dir = await shopFolder();
        await expect(executeJob({ kind: 'sql', campaign: 'nope', roots: [dir], file: join(dir, 'shop.campaign'), overrides: {} }, quiet))
            .rejects.toThrow(/No campaign 'nope'/);
    });

    test('run: a test run counts the rows and reports each activity', async () => {
        const dir = await shopFolder();
        const overlay = await executeJob({ kind: 'run', campaign: 'promo', mode: 'test', roots: [dir], file: join(dir, 'shop.campaign'), overrides: {} }, quiet) as unknown as {
            counts: Record<string, number>; activities: Array<{ name: string; status: string }>;
        };
        // Customers 1 (FR) and 2 (DE) of the three.
        expect(overlay.counts).toEqual({ eu: 2 });
        expect(overlay.activities.map(a => [a.name, a.status])).toEqual([['eu', 'done']]);
    });

    test('run up to an activity: its ancestors run, everything else is paused, the file is untouched', async () => {
        const dir = await shopFolder();
        const file = join(dir, 'shop.campaign');
        const fs = await import('node:fs');
        const original = fs.readFileSync(file, 'utf8');
        const text = original.replace('  audience eu: Customer where country = "FR" or country = "DE"\n', `  audience eu: Customer where country = "FR" or country = "DE"
  split s from eu {
    segment gold where tier = "gold"
    remainder other
  }
  dedupe d from s.gold by email keep 1
  audience all: Customer
`);
        const job = { kind: 'run' as const, campaign: 'promo', mode: 'test' as const, roots: [dir], file, overrides: { [file]: text } };
        type Overlay = { counts: Record<string, number>; activities: Array<{ name: string; status: string }> };
        const full = await executeJob(job, quiet) as unknown as Overlay;
        expect(full.activities.map(a => [a.name, a.status])).toEqual([['eu', 'done'], ['s', 'done'], ['d', 'done'], ['all', 'done']]);
        const upTo = await executeJob({ ...job, upTo: 's' }, quiet) as unknown as Overlay;
        expect(upTo.activities.map(a => [a.name, a.status])).toEqual([['eu', 'done'], ['s', 'done'], ['d', 'paused'], ['all', 'paused']]);
        expect(upTo.counts['s.gold']).toBe(full.counts['s.gold']);
        expect(upTo.counts.d).toBeUndefined();
        expect(fs.readFileSync(file, 'utf8')).toBe(original);
        await expect(executeJob({ ...job, upTo: 'nowhere' }, quiet)).rejects.toThrow(/promo has no activity 'nowhere'/);
        await expect(executeJob({ ...job, mode: 'publish', upTo: 's' }, quiet)).rejects.toThrow(/Only a test run/);
    });

    test('previewRows: the rows of one transition, and a clear error for an unknown one', async () => {
        const dir = await shopFolder();
        const job = { campaign: 'promo', roots: [dir], file: join(dir, 'shop.campaign'), overrides: {}, limit: 10 };
        const rows = await executeJob({ kind: 'previewRows', ref: 'eu', ...job }, quiet) as unknown as { columns: string[]; rows: unknown[][]; total: number };
        expect(rows.total).toBe(2);
        const id = rows.columns.indexOf('id');
        expect(id).toBeGreaterThanOrEqual(0);
        expect(rows.rows.map(r => r[id]).sort()).toEqual([1, 2]);
        await expect(executeJob({ kind: 'previewRows', ref: 'nowhere', ...job }, quiet)).rejects.toThrow(/no transition 'nowhere' \(transitions: eu\)/);
    });

    test('run: a missing database file is named with the line that declares it', async () => {
        const dir = await shopFolder();
        const file = join(dir, 'shop.campaign');
        const text = (await import('node:fs')).readFileSync(file, 'utf8').replace('database "shop.sqlite"', 'database "gone.sqlite"');
        await expect(executeJob({ kind: 'run', campaign: 'promo', mode: 'test', roots: [dir], file, overrides: { [file]: text } }, quiet))
            .rejects.toThrow(/shop\.campaign:1: database file not found: gone\.sqlite/);
    });

    test('schedule lists the next launches in order', async () => {
        const dir = await shopFolder();
        const result = await executeJob({ kind: 'schedule', campaign: 'promo', count: 3, roots: [dir], file: join(dir, 'shop.campaign'), overrides: {} }, quiet) as unknown as { next: string[]; description: string };
        expect(result.description).toMatch(/daily at 09:00/);
        expect(result.next).toHaveLength(3);
        expect(result.next.every(t => t.includes('09:00'))).toBe(true);
    });
});
