import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';
import type { Entity } from '../../language/generated/ast.js';
import { isEntity } from '../../language/generated/ast.js';
import { openDatabase, runCampaign, type RunnerDatabase } from '../../language/runner/index.js';
import { openPostgres, type PostgresEngine } from '../../language/runner/engines/postgres-engine.js';
import { copySqliteToPostgres } from '../../language/runner/postgres/copy-from-sqlite.js';
// @ts-expect-error a plain ES module shared with the benchmark, without type declarations
import { startPgTestServer } from '../../scripts/pg-test-server.mjs';

/**
 * The engines the runner tests run on: sql.js and a real PostgreSQL server started here on
 * loopback (Debian's package; a missing package fails with the apt-get command, never skips).
 */
export const ENGINES = ['sqljs', 'postgresql'] as const;
export type EngineName = typeof ENGINES[number];

export interface PgTestServer {
    url: string;
    password: string;
    port: number;
    createDatabase(name: string): string;
    stop(): void;
}

export function startServer(): Promise<PgTestServer> {
    return startPgTestServer() as Promise<PgTestServer>;
}

let databases = 0;

/** A fresh database on the server holding a copy of the SQLite file's tables. */
export async function postgresCopyOf(server: PgTestServer, sqliteFile: string, entities: readonly Entity[]): Promise<PostgresEngine> {
    const url = server.createDatabase(`cs_test_${process.pid}_${++databases}`);
    const engine = await openPostgres(url);
    const source = await openDatabase({ path: sqliteFile });
    try {
        await copySqliteToPostgres(source, engine, entities);
    } finally {
        source.close();
    }
    return engine;
}

/** A SQLite file written from an in-memory database (for copying a test fixture to the server). */
export function saveToTemp(db: RunnerDatabase): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-pg-src-')), 'data.sqlite');
    db.saveTo(file);
    return file;
}

export function entitiesOf(documents: Iterable<{ parseResult: { value: unknown } }>): Entity[] {
    const found: Entity[] = [];
    for (const d of documents) {
        const model = d.parseResult.value as { elements?: unknown[] };
        for (const el of model.elements ?? []) if (isEntity(el)) found.push(el);
    }
    return found;
}

/** The counts of a run as the JSON the CLI prints: the comparison between engines is byte for byte. */
export function countsJson(result: { counts: Record<string, number>; excluded: Record<string, unknown> }): string {
    return JSON.stringify({ counts: result.counts, excluded: result.excluded }, undefined, 2);
}

// ---------------------------------------------------------------- the runner tests on both engines

/** `CAMPAIGN_TEST_ENGINES=sqljs,postgresql`: the runner tests' `run()` also runs each campaign on PostgreSQL. */
export function testEngines(): EngineName[] {
    const names = (process.env.CAMPAIGN_TEST_ENGINES ?? 'sqljs').split(',').map(s => s.trim()).filter(Boolean);
    return ENGINES.filter(e => names.includes(e));
}

let shared: Promise<PgTestServer> | undefined;

/** One server per test file that uses it (modules are per file), stopped after the file's tests. */
function sharedServer(): Promise<PgTestServer> {
    shared ??= startServer();
    return shared;
}

if (testEngines().includes('postgresql')) {
    // Registered while the importing test file is collected; the server's watchdog covers a killed worker.
    afterAll(async () => {
        const server = await shared?.catch(() => undefined);
        server?.stop();
        shared = undefined;
    });
}

/**
 * When PostgreSQL is among the test engines: runs the same campaign on a copy of the database on
 * PostgreSQL and fails unless the JSON counts are identical to sql.js's `expected`.
 */
export async function compareOnPostgres(
    services: Parameters<typeof runCampaign>[0], campaign: Parameters<typeof runCampaign>[1],
    db: RunnerDatabase, options: Parameters<typeof runCampaign>[3], expected: Awaited<ReturnType<typeof runCampaign>>
): Promise<void> {
    if (!testEngines().includes('postgresql') || options.mode === 'publish') return;
    const server = await sharedServer();
    const file = saveToTemp(db);
    const model = campaign.$container as { elements?: unknown[] };
    const engine = await postgresCopyOf(server, file, (model.elements ?? []).filter(isEntity));
    try {
        const actual = await runCampaign(services, campaign, engine, options);
        if (countsJson(actual) !== countsJson(expected)) {
            throw new Error(`campaign ${campaign.name}: PostgreSQL counts differ from sql.js\nsql.js: ${countsJson(expected)}\nPostgreSQL: ${countsJson(actual)}`);
        }
    } finally {
        await engine.close();
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
}
