// Campaign: Test Run — every targeting and flow activity, counts on every transition, nothing written.
import * as vscode from 'vscode';
import type { RunRecord } from '../run/run-controller.js';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { reportError, resolveCampaignTarget } from './target.js';

export function registerTestRun(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.testRun, async (uriArg?: unknown, campaignArg?: unknown): Promise<RunRecord | undefined> => {
        const target = await resolveCampaignTarget(uriArg, campaignArg);
        if (!target) return undefined;
        try {
            return await deps.runs.run(target.uri, target.campaign, 'test');
        } catch (error) {
            reportError(`Test run of ${target.campaign}`, error);
            return undefined;
        }
    });
}
