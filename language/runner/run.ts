import type { Campaign } from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import type { RunnerDatabase } from './database.js';
import type { RunOptions, RunResult } from './types.js';

export async function runCampaign(_services: CampaignServices, _campaign: Campaign, _db: RunnerDatabase, _options: RunOptions): Promise<RunResult> {
    throw new Error('runCampaign: not implemented yet');
}
