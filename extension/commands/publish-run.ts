// Campaign: Publish Run… — writes messages, saved audiences and incremental state, so it asks first.
import * as vscode from 'vscode';
import type { RunRecord } from '../run/run-controller.js';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { reportError, resolveCampaignTarget } from './target.js';

export function registerPublishRun(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.publishRun, async (uriArg?: unknown, campaignArg?: unknown): Promise<RunRecord | undefined> => {
        const target = await resolveCampaignTarget(uriArg, campaignArg);
        if (!target) return undefined;
        const publish = 'Publish';
        const answer = await vscode.window.showWarningMessage(
            `Publish ${target.campaign}?`,
            {
                modal: true,
                detail: 'A published run writes messages to the outbox, saves audiences and records incremental state in the database. '
                    + 'Each recipient gets at most one message per channel activity per run.'
            },
            publish
        );
        if (answer !== publish) return undefined;
        try {
            const record = await deps.runs.run(target.uri, target.campaign, 'publish');
            if (record) void vscode.window.showInformationMessage(`Published ${target.campaign} in ${record.ms} ms.`);
            return record;
        } catch (error) {
            reportError(`Publishing ${target.campaign}`, error);
            return undefined;
        }
    });
}
