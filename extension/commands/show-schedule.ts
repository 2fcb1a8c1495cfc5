// Campaign: Show Schedule — the next launch times of the campaign's schedule.
import * as vscode from 'vscode';
import type { CommandDeps } from './command-deps.js';
import { Commands } from './ids.js';
import { reportError, resolveCampaignTarget } from './target.js';

export function registerShowSchedule(deps: CommandDeps): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.showSchedule, async (uriArg?: unknown, campaignArg?: unknown): Promise<readonly string[] | undefined> => {
        const target = await resolveCampaignTarget(uriArg, campaignArg);
        if (!target) return undefined;
        try {
            const schedule = await deps.runs.schedule(target.uri, target.campaign, 10);
            if (!schedule) return undefined;
            const lines = schedule.next.length > 0
                ? schedule.next.map((time, i) => `${String(i + 1).padStart(2)}. ${time}`)
                : ['(no launch ahead)'];
            const text = `# ${schedule.campaign}\n\n${schedule.description}\n\nNext launches:\n\n${lines.join('\n')}\n`;
            await deps.documents.show(`${target.campaign}-schedule.md`, text, 'markdown');
            return schedule.next;
        } catch (error) {
            reportError(`Schedule of ${target.campaign}`, error);
            return undefined;
        }
    });
}
