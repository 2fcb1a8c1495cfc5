import type { Campaign } from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { launchesBetween, scheduleOf, type CampaignSchedule } from '../schedule/index.js';
import type { RunnerDatabase } from './database.js';
import { runCampaign } from './run.js';
import type { RunMode, RunOptions, RunResult } from './types.js';

/**
 * `simulate`: every launch of a campaign's schedule between two instants, executed one after the
 * other in virtual time (each run's clock is its launch instant: `now()`, `today()`, incremental
 * windows and message timestamps). Runs are published by default, so that what one launch
 * records (incremental state, saved audiences, the outbox that `exists messages` reads) is what
 * the next launch sees. They are published into the database given, which the caller owns: the
 * command line loads the file into memory and writes nothing back unless asked to (a copy), so a
 * simulation never touches real data by accident.
 *
 * `end … signal` requests are followed when `resolveCampaign` is given: the signalled campaign
 * runs at the same instant, with the signal's parameters, right after the run that sent it.
 */
export interface SimulateOptions {
    from: Date;
    to: Date;
    /** `publish` (default) so that state carries from launch to launch; `test` runs each launch alone. */
    mode?: RunMode;
    /** Values of the campaign's `param`s for every launch. */
    params?: Record<string, string>;
    /** Folder that relative paths of the campaign resolve against (see RunOptions.baseDir). */
    baseDir?: string | ((campaign: Campaign) => string | undefined);
    /** At most this many launches of the campaign (default 1000); more is an error, not a silent cut. */
    maxLaunches?: number;
    /** Finds a signalled campaign by name; without it signals are only reported. */
    resolveCampaign?: (name: string) => Campaign | undefined;
    /** Rows kept per output in each result's previews (default 0: none, simulations are about counts). */
    previewLimit?: number;
    /** Called after each run, as it happens. */
    onLaunch?: (launch: SimulatedLaunch) => void;
}

export interface SimulatedLaunch {
    /** The launch instant (the run's virtual clock). */
    at: Date;
    campaign: string;
    /** For a run started by a signal: the campaign and `end` activity that sent it. */
    signalledBy?: { campaign: string; activity: string };
    result: RunResult;
}

export interface SimulationResult {
    campaign: string;
    schedule: CampaignSchedule;
    launches: SimulatedLaunch[];
}

/** Signals may chain (a signals b signals c); a cycle is cut here. */
const MAX_SIGNAL_DEPTH = 10;

export async function simulateCampaign(
    services: CampaignServices, campaign: Campaign, db: RunnerDatabase, options: SimulateOptions
): Promise<SimulationResult> {
    if (!(options.from.getTime() <= options.to.getTime())) {
        throw new Error(`the simulation ends (${options.to.toISOString()}) before it starts (${options.from.toISOString()})`);
    }
    const schedule = scheduleOf(campaign);
    const max = options.maxLaunches ?? 1000;
    const instants = launchesBetween(schedule, options.from, options.to, max + 1);
    if (instants.length > max) {
        throw new Error(`${campaign.name} launches more than ${max} times between ${options.from.toISOString()} and ${options.to.toISOString()}; `
            + 'shorten the period or raise the limit');
    }
    const launches: SimulatedLaunch[] = [];
    for (const at of instants) {
        const queue: Array<{ campaign: Campaign; params?: Record<string, string>; signalledBy?: SimulatedLaunch['signalledBy']; depth: number }> = [
            { campaign, params: options.params, depth: 0 }
        ];
        while (queue.length > 0) {
            const next = queue.shift()!;
            const run = runOptions(next.campaign, at, next.params, options);
            // Two signals to one campaign at one instant are two runs, not a rerun of the first.
            if (next.signalledBy) run.runId = `${next.campaign.name}@${at.toISOString()}<-${next.signalledBy.campaign}.${next.signalledBy.activity}`;
            const result = await runCampaign(services, next.campaign, db, run);
            const launch: SimulatedLaunch = { at, campaign: next.campaign.name, signalledBy: next.signalledBy, result };
            launches.push(launch);
            options.onLaunch?.(launch);
            if (!options.resolveCampaign || next.depth >= MAX_SIGNAL_DEPTH) continue;
            for (const signal of result.signals) {
                const target = options.resolveCampaign(signal.campaign);
                if (!target) continue;
                const params = Object.fromEntries(Object.entries(signal.params).map(([k, v]) => [k, v === null ? '' : String(v)]));
                queue.push({ campaign: target, params, signalledBy: { campaign: next.campaign.name, activity: signal.from }, depth: next.depth + 1 });
            }
        }
    }
    return { campaign: campaign.name, schedule, launches };
}

function runOptions(campaign: Campaign, at: Date, params: Record<string, string> | undefined, options: SimulateOptions): RunOptions {
    const baseDir = typeof options.baseDir === 'function' ? options.baseDir(campaign) : options.baseDir;
    return {
        mode: options.mode ?? 'publish',
        at,
        params,
        previewLimit: options.previewLimit ?? 0,
        ...(baseDir ? { baseDir } : {})
    };
}
