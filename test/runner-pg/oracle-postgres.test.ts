import * as fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PostgresEngine } from '../../language/runner/engines/postgres-engine.js';
import { CUSTOMERS, ORACLES, POSTGRES_ORACLE_SQL, oracleRun, oracleWorkspace, type Count, type OracleWorkspace } from '../runner/oracle-cases.js';
import { entitiesOf, postgresCopyOf, startServer, type PgTestServer } from './engines.js';

/**
 * The oracle on PostgreSQL: the same campaigns, run by the runner on a real PostgreSQL server
 * (started here) over the same generated data, and their counts compared with the oracle's
 * hand-written SQL executed by PostgreSQL itself, through a plain `pg` client that shares nothing
 * with the runner's engine. The SQL text is the oracle's own (test/runner/oracle-cases.ts); it
 * reads views in a schema `oracle` that give the copied tables lower-case column names (unquoted
 * identifiers fold to lower case in PostgreSQL) and booleans as 0/1, as SQLite stores them.
 */

describe('oracle on PostgreSQL: runner counts equal hand-written SQL run by the server', () => {
    let server: PgTestServer;
    let workspaces: OracleWorkspace;
    let engine: PostgresEngine;
    let oracle: pg.Client;

    beforeAll(async () => {
        server = await startServer();
        // The oracle's data and campaigns, exactly as test/runner/oracle.test.ts has them.
        workspaces = await oracleWorkspace('cs-pg-oracle-');
        engine = await postgresCopyOf(server, workspaces.dbFile, entitiesOf(workspaces.own.documents));
        oracle = new pg.Client({ connectionString: engine.target.replace('***', encodeURIComponent(server.password)) });
        await oracle.connect();
        await oracle.query('CREATE SCHEMA oracle');
        const columns = await oracle.query<{ table_name: string; column_name: string; data_type: string }>(
            `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
        const tables = new Map<string, string[]>();
        for (const c of columns.rows) {
            const name = `"${c.column_name.replace(/"/g, '""')}"`;
            const value = c.data_type === 'boolean' ? `CAST(${name} AS integer)` : name;
            tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), `${value} AS "${c.column_name.toLowerCase()}"`]);
        }
        for (const [table, list] of tables) await oracle.query(`CREATE VIEW oracle."${table}" AS SELECT ${list.join(', ')} FROM public."${table}"`);
        await oracle.query('SET search_path TO oracle');
    }, 300_000);
    afterAll(async () => {
        await oracle?.end().catch(() => undefined);
        await engine?.close();
        server?.stop();
        if (workspaces) fs.rmSync(workspaces.dir, { recursive: true, force: true });
    });

    const count: Count = async sql => {
        const result = await oracle.query({ text: sql, rowMode: 'array' });
        return Number(result.rows[0][0]);
    };

    test('the campaigns check without errors', () => {
        const errors = [...workspaces.own.diagnostics, ...workspaces.examples.diagnostics].filter(d => d.severity === 'error');
        expect(errors.map(d => `${d.path}:${d.line}: ${d.message}`)).toEqual([]);
    });

    test('the views hold the data the runner reads', async () => {
        expect(await count('SELECT count(*) FROM customers')).toBe(CUSTOMERS);
        expect(await count('SELECT count(*) FROM purchases')).toBe(Number((await engine.rows('SELECT count(*) FROM public.purchases'))[0][0]));
        // Booleans read as 0/1 and dates as the text SQLite stores.
        expect(await count('SELECT count(*) FROM customers WHERE emailOptIn NOT IN (0, 1)')).toBe(0);
        expect(await count(`SELECT count(*) FROM purchases WHERE purchasedAt !~ '^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$'`)).toBe(0);
    });

    test.each(Object.keys(ORACLES))('%s', async name => {
        const { expected, actual } = await oracleRun(workspaces, name, engine, count, POSTGRES_ORACLE_SQL);
        for (const value of Object.values(expected)) expect(value).toBeGreaterThanOrEqual(0);
        expect(actual).toEqual(expected);
    }, 120_000);

    test('the data gives the oracle something to disagree about', async () => {
        expect(await count('SELECT count(*) FROM customers WHERE email IS NULL')).toBeGreaterThan(0);
        expect(await count("SELECT count(*) FROM customers WHERE tier = 'gold' AND country IN ('FR', 'DE', 'ES')")).toBeGreaterThan(40);
        expect(await count(`SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM purchases p WHERE p.customerId = c.id AND p.purchasedAt >= ${POSTGRES_ORACLE_SQL.daysBefore(30)})`)).toBeGreaterThan(0);
    });
});
