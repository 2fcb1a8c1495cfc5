import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isEntity, type Entity } from '../../language/generated/ast.js';
import { runCampaign, type RunResult } from '../../language/runner/index.js';
import type { PostgresEngine } from '../../language/runner/engines/postgres-engine.js';
import { AT, campaignOf } from '../runner/retail-fixture.js';
import { SAMPLES, spreadDatabase } from '../runner/seeded-order-fixture.js';
import { postgresCopyOf, saveToTemp, startServer, type PgTestServer } from './engines.js';

/**
 * Seeded samples of integer keys (compiler/seeded-order.ts, SQL arithmetic instead of md5) take
 * the same rows on sql.js and on a real PostgreSQL server started here: every sample kind
 * (limit P% with and without a condition, a condition with a subquery, limit N, prefer random),
 * over keys that are negative or beyond 2^31 (the high part of the hash and bigint arithmetic).
 * The other agreement tests compare counts; this one compares the rows themselves.
 */
describe('seeded samples of integer keys: the same rows on sql.js and PostgreSQL', () => {
    let server: PgTestServer;
    let pg: PostgresEngine;
    let sqlite: RunResult;
    let postgres: RunResult;

    beforeAll(async () => {
        server = await startServer();
        const { db } = await spreadDatabase(true);
        const file = saveToTemp(db);
        const { services, campaign } = await campaignOf(SAMPLES);
        const entities = ((campaign.$container as { elements: unknown[] }).elements).filter(isEntity) as Entity[];
        const options = { mode: 'test' as const, at: AT, previewLimit: 2000 };
        sqlite = await runCampaign(services.Campaign, campaign, db, options);
        db.close();
        pg = await postgresCopyOf(server, file, entities);
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
        postgres = await runCampaign(services.Campaign, campaign, pg, options);
    }, 300_000);
    afterAll(async () => {
        await pg?.close();
        server?.stop();
    });

    const keys = (result: RunResult, ref: string) => result.previews[ref].rows.map(r => String(r.id));

    test.each(['s.p', 's.q', 's.r', 's.t', 's.rest', 'd', 'd.dups'])('%s', ref => {
        expect(sqlite.counts[ref]).toBeGreaterThan(0);
        expect(postgres.counts[ref]).toBe(sqlite.counts[ref]);
        // Every row of the output is in its preview (at most 2,000 rows of 1,500 customers).
        expect(keys(sqlite, ref).length).toBe(sqlite.counts[ref]);
        expect(keys(postgres, ref)).toEqual(keys(sqlite, ref));
    });
});
