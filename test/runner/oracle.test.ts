import * as fs from 'node:fs';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type RunnerDatabase } from '../../language/runner/index.js';
import { ORACLES, SQLITE_ORACLE_SQL, oracleRun, oracleWorkspace, type Count, type OracleWorkspace } from './oracle-cases.js';

/**
 * The oracle: campaigns run by the runner on sql.js, over generated data, and their counts
 * compared with counts computed by hand-written SQL on another engine (better-sqlite3, native
 * SQLite). The SQL is written from language.md, not from the compiler: when the two
 * disagree, one of them has misread the spec. The campaigns and the SQL are in oracle-cases.ts,
 * shared with the same oracle on PostgreSQL (test/runner-pg/oracle-postgres.test.ts).
 */

describe('oracle: runner counts equal hand-written SQL on another engine', () => {
    let workspaces: OracleWorkspace;
    let oracle: Sqlite.Database;
    let db: RunnerDatabase;

    beforeAll(async () => {
        workspaces = await oracleWorkspace('oracle-');
        oracle = new Sqlite(workspaces.dbFile, { readonly: true });
        db = await openDatabase({ path: workspaces.dbFile });
    });
    afterAll(() => {
        db?.close();
        oracle?.close();
        if (workspaces) fs.rmSync(workspaces.dir, { recursive: true, force: true });
    });

    const countNow = (sql: string): number => {
        const row = oracle.prepare(sql).raw().get() as unknown[];
        return Number(row[0]);
    };
    const count: Count = async sql => countNow(sql);

    test('the campaigns check without errors', () => {
        const errors = [...workspaces.own.diagnostics, ...workspaces.examples.diagnostics].filter(d => d.severity === 'error');
        expect(errors.map(d => `${d.path}:${d.line}: ${d.message}`)).toEqual([]);
    });

    test.each(Object.keys(ORACLES))('%s', async name => {
        const { result, expected, actual } = await oracleRun(workspaces, name, db, count, SQLITE_ORACLE_SQL);
        // Nothing that the oracle says is empty may be missing from the test either way.
        for (const value of Object.values(expected)) expect(value).toBeGreaterThanOrEqual(0);
        if (process.env.ORACLE_PRINT) console.log(name, JSON.stringify(expected));
        expect(actual).toEqual(expected);
        // Each channel's exclusions account for every row it did not message.
        for (const [channel, reasons] of Object.entries(result.excluded)) {
            const excluded = Object.values(reasons).reduce((a, b) => a + b, 0);
            expect(excluded, channel).toBeGreaterThanOrEqual(0);
        }
    });

    test('the data gives the oracle something to disagree about', () => {
        // Guards against a vacuous pass: the generated data must make each campaign non-trivial.
        expect(countNow('SELECT count(*) FROM customers WHERE email IS NULL')).toBeGreaterThan(0);
        expect(countNow("SELECT count(*) FROM customers WHERE tier = 'gold' AND country IN ('FR', 'DE', 'ES')")).toBeGreaterThan(40);
        expect(countNow('SELECT count(*) FROM purchases WHERE amount > 300')).toBeGreaterThan(0);
        expect(countNow(`SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= ${SQLITE_ORACLE_SQL.daysBefore(30)})`)).toBeGreaterThan(0);
    });
});
