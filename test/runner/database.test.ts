import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openDatabase, RunnerError } from '../../language/runner/index.js';

describe('openDatabase', () => {
    test('an empty database runs SQL with bound parameters and the seeded random function', async () => {
        const db = await openDatabase({ empty: true });
        expect(db.scalar('SELECT ? + 1', [41])).toBe(42);
        const r = db.scalar('SELECT cs_random(7, 42)') as number;
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThan(1);
        expect(db.scalar('SELECT cs_random(7, 42) = cs_random(7, 42)')).toBe(1);
        expect(db.scalar('SELECT cs_random(7, 42) = cs_random(7, 43)')).toBe(0);
        db.close();
    });

    test('like is case-sensitive on the connection', async () => {
        const db = await openDatabase({ empty: true });
        expect(db.scalar(`SELECT 'ABC' LIKE 'abc'`)).toBe(0);
        expect(db.scalar(`SELECT 'ABC' LIKE 'AB%'`)).toBe(1);
        db.close();
    });

    test('a file that is not SQLite is refused with a clear error', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cs-db-'));
        const file = join(dir, 'not.sqlite');
        writeFileSync(file, 'id,name\n1,Ann\n');
        await expect(openDatabase({ path: file })).rejects.toThrow(/not a SQLite database/);
        await expect(openDatabase({ path: join(dir, 'missing.sqlite') })).rejects.toThrow(RunnerError);
    });

    test('a database above 2 GiB is refused before it is read (a sparse file: nothing is allocated)', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cs-db-'));
        const file = join(dir, 'huge.sqlite');
        writeFileSync(file, '');
        truncateSync(file, 2 * 1024 ** 3 + 4096);
        await expect(openDatabase({ path: file })).rejects.toThrow(/2\.00 GiB: above the 2 GiB that the embedded engine \(sql\.js, WASM\) can hold/);
        rmSync(file);
    });

    test('saveTo writes atomically and the copy reopens with the same rows', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cs-db-'));
        const file = join(dir, 'data.sqlite');
        const db = await openDatabase({ empty: true });
        db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)');
        db.saveTo(file);
        db.close();
        expect(readFileSync(file).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
        const again = await openDatabase({ path: file });
        expect(again.scalar('SELECT sum(x) FROM t')).toBe(3);
        again.close();
    });
});
