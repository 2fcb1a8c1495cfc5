import type { CampaignServices } from '../campaign-module.js';
import type { Campaign } from '../generated/ast.js';

/**
 * The row count of every output of a campaign in a test run against a database file: nothing is
 * written (a test run writes nothing, and the file is opened as a copy in memory). The runner is
 * loaded only when counts are asked for, so render and diff without `--db` never start sql.js.
 */
export async function testRunCounts(services: CampaignServices, campaign: Campaign, databasePath: string): Promise<Record<string, number>> {
    const { openDatabase, runCampaign } = await import('../runner/index.js');
    const db = await openDatabase({ path: databasePath });
    try {
        const result = await runCampaign(services, campaign, db, { mode: 'test', previewLimit: 0 });
        return result.counts;
    } finally {
        db.close();
    }
}
