import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type RunnerDatabase } from '../../language/runner/index.js';
import { postgresDialect } from '../../language/runner/dialects/postgres.js';
import { sqliteDialect } from '../../language/runner/dialects/sqlite.js';
import { openPostgres, type PostgresEngine } from '../../language/runner/engines/postgres-engine.js';
import { startServer, type PgTestServer } from './engines.js';

/**
 * The two dialects' date arithmetic, evaluated by the engines themselves (sql.js and a real
 * PostgreSQL server) on the same values: month ends, leap years, negative steps, year
 * boundaries and times of day must give the same text on both.
 */

const VALUES: [value: string, months: number, isDate: boolean][] = [
    ['2026-01-31', 1, true],
    ['2024-01-31', 1, true],
    ['2026-03-31', -1, true],
    ['2026-01-29', 1, true],
    ['2026-12-31', 2, true],
    ['2026-10-31', 13, true],
    ['2026-05-15', 0, true],
    ['2026-03-31', -13, true],
    ['2026-01-31 23:45:10', 1, false],
    ['2026-08-31T06:00:00', 1, false],
    ['2026-02-28 12:00:00', 12, false]
];

describe('date arithmetic: the same text on sql.js and PostgreSQL', () => {
    let server: PgTestServer;
    let pg: PostgresEngine;
    let sqlite: RunnerDatabase;

    beforeAll(async () => {
        server = await startServer();
        pg = await openPostgres(server.url);
        sqlite = await openDatabase({ empty: true });
    }, 120_000);
    afterAll(async () => {
        sqlite?.close();
        await pg?.close();
        server?.stop();
    });

    test.each(VALUES)('addMonths(%s, %i)', async (value, months, isDate) => {
        const a = sqlite.scalar(`SELECT ${sqliteDialect.addMonths(`'${value}'`, String(months), isDate)}`);
        const b = (await pg.rows(`SELECT ${postgresDialect.addMonths(`'${value}'`, String(months), isDate)}`))[0][0];
        expect(b).toBe(a);
    });

    test('month-end overflow is SQLite\'s on both: Jan 31 + 1 month = Mar 3 (2026), Mar 2 (2024)', async () => {
        const pgText = async (value: string) => (await pg.rows(`SELECT ${postgresDialect.addMonths(`'${value}'`, '1', true)}`))[0][0];
        expect(await pgText('2026-01-31')).toBe('2026-03-03');
        expect(await pgText('2024-01-31')).toBe('2024-03-02');
    });
});
