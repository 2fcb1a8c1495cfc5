import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWorkspace, type Workspace } from '../../language/cli/workspace.js';
import { openDatabase, runCampaign } from '../../language/runner/index.js';
import { createSampleDatabase } from '../../language/sample-data/index.js';

/**
 * Every campaign of examples/retail runs (test mode) on generated sample data: each activity ends
 * done, skipped, disabled or paused (never failed), every count is a whole number, and the
 * database file is byte-identical afterwards.
 */
const examples = resolve(__dirname, '../../examples/retail');
let workspace: Workspace;
let dbFile: string;

beforeAll(async () => {
    workspace = await loadWorkspace([examples]);
    const { bytes } = await createSampleDatabase({ customers: 1500, seed: 3 });
    dbFile = join(mkdtempSync(join(tmpdir(), 'cs-examples-')), 'retail.sqlite');
    writeFileSync(dbFile, bytes);
}, 120_000);

describe('examples/retail on sample data', () => {
    test('every campaign runs to the end and writes nothing', async () => {
        const campaigns = workspace.campaigns();
        expect(campaigns.length).toBeGreaterThanOrEqual(3);
        const sha = () => createHash('sha256').update(readFileSync(dbFile)).digest('hex');
        const before = sha();
        for (const { campaign, document } of campaigns) {
            const db = await openDatabase({ path: dbFile });
            try {
                const result = await runCampaign(workspace.services.Campaign, campaign, db, {
                    mode: 'test', at: new Date('2026-03-02T09:00:00Z'), previewLimit: 2,
                    baseDir: dirname(workspace.pathOf(document))
                });
                expect(result.campaign).toBe(campaign.name);
                for (const a of result.activities) expect(['done', 'skipped', 'disabled', 'paused'], `${campaign.name}.${a.name}`).toContain(a.status);
                for (const [ref, n] of Object.entries(result.counts)) expect(Number.isInteger(n) && n >= 0, `${campaign.name} ${ref}`).toBe(true);
                expect(result.activities.some(a => a.status === 'done')).toBe(true);
            } finally {
                db.close();
            }
        }
        expect(sha()).toBe(before);
    }, 300_000);
});
