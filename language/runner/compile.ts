import type { Campaign } from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import type { Dialect } from './dialect.js';
import type { CampaignPlan } from './plan.js';
import type { RunMode } from './types.js';

export interface CompileOptions {
    dialect?: Dialect;
    mode?: RunMode;
    params?: Record<string, string>;
    at?: Date;
    runId?: string;
    /** Only this activity's step (and what it needs) — for `campaign sql --activity`. */
    activity?: string;
}

export function compileCampaign(_services: CampaignServices, _campaign: Campaign, _options: CompileOptions = {}): CampaignPlan {
    throw new Error('compileCampaign: not implemented yet');
}

export function planToSql(_plan: CampaignPlan): string {
    throw new Error('planToSql: not implemented yet');
}
