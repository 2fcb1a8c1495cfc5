// Campaign: Show Compiled SQL — the plan the runner executes, one statement per activity.
import * as vscode from 'vscode';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { reportError, resolveCampaignTarget } from './target.js';

export function registerShowSql(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.showSql, async (uriArg?: unknown, campaignArg?: unknown): Promise<string | undefined> => {
        const target = await resolveCampaignTarget(uriArg, campaignArg);
        if (!target) return undefined;
        try {
            const compiled = await deps.runs.compiledSql(target.uri, target.campaign);
            if (!compiled) return undefined;
            await deps.documents.show(`${target.campaign}.sql`, compiled.sql, 'sql');
            return compiled.sql;
        } catch (error) {
            reportError(`Compiling ${target.campaign}`, error);
            return undefined;
        }
    });
}
