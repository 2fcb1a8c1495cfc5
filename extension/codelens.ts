// CodeLens: "Test run · Graph · SQL" above each campaign; after a run, the counts above each activity.
import * as vscode from 'vscode';
import { locateCampaigns, type LocatedActivity } from './campaign-locator.js';
import type { RunController, RunRecord } from './run/run-controller.js';
import { Commands } from './commands/ids.js';

export class CampaignCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
    private readonly changed = new vscode.EventEmitter<void>();
    private readonly subscription: vscode.Disposable;
    readonly onDidChangeCodeLenses = this.changed.event;
    private refreshTimer: ReturnType<typeof setTimeout> | undefined;

    constructor(private readonly runs: RunController) {
        this.subscription = runs.onDidChange(() => this.changed.fire());
    }

    async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
        const campaigns = await locateCampaigns(document);
        if (token.isCancellationRequested) return [];
        const lenses: vscode.CodeLens[] = [];
        for (const campaign of campaigns) {
            const at = new vscode.Range(campaign.range.start, campaign.range.start);
            const args = [document.uri, campaign.name];
            lenses.push(
                new vscode.CodeLens(at, { title: '$(play) Test run', command: Commands.testRun, arguments: args, tooltip: `Run ${campaign.name} without sending anything` }),
                new vscode.CodeLens(at, { title: 'Graph', command: Commands.openGraph, arguments: args, tooltip: 'Open the graph to the side' }),
                new vscode.CodeLens(at, { title: 'SQL', command: Commands.showSql, arguments: args, tooltip: 'Show the compiled SQL' })
            );
            const record = this.runs.lastRun(document.uri, campaign.name);
            if (!record) continue;
            for (const activity of campaign.activities) {
                const title = activityLensTitle(record, activity);
                if (!title) continue;
                const start = new vscode.Range(activity.range.start, activity.range.start);
                // A split or fork has no main population: preview its first output.
                const ref = activity.name in record.result.counts
                    ? activity.name
                    : Object.keys(record.result.counts).find(r => r.startsWith(`${activity.name}.`)) ?? activity.name;
                lenses.push(new vscode.CodeLens(start, {
                    title,
                    command: Commands.previewRows,
                    arguments: [document.uri, campaign.name, ref],
                    tooltip: `${record.mode === 'test' ? 'Test run' : 'Published run'} at ${record.finishedAt.toLocaleTimeString()}: preview rows`
                }));
            }
        }
        return lenses;
    }

    /**
     * Ask VS Code for the lenses again: the document symbols they come from exist only once the
     * server has built the document (a lens asked for during startup finds none).
     */
    refresh(): void {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.changed.fire(), 50);
    }

    dispose(): void {
        clearTimeout(this.refreshTimer);
        this.subscription.dispose();
        this.changed.dispose();
    }
}

/** `1,834 rows`, `vip 100 · rest 1,734`, `97 messages · 3 excluded`, `skipped`, `error: …`. */
export function activityLensTitle(record: RunRecord, activity: LocatedActivity): string | undefined {
    const { counts, excluded, activities } = record.result;
    const status = activities.find(a => a.name === activity.name);
    if (status?.status === 'error') return `$(error) ${status.message ?? 'failed'}`;
    if (status?.status === 'skipped') return '$(debug-step-over) skipped';
    if (status?.status === 'paused') return '$(debug-pause) paused before this activity';
    const parts: string[] = [];
    const channel = ['email', 'sms', 'push', 'mail'].includes(activity.keyword);
    const main = counts[activity.name];
    if (main !== undefined) parts.push(`${format(main)} ${channel ? plural(main, 'message') : plural(main, 'row')}`);
    const prefix = `${activity.name}.`;
    for (const [ref, count] of Object.entries(counts)) {
        if (ref.startsWith(prefix)) parts.push(`${ref.slice(prefix.length)} ${format(count)}`);
    }
    const exclusions = excluded?.[activity.name];
    if (exclusions) {
        const total = Object.values(exclusions).reduce((a, b) => a + b, 0);
        if (total > 0) parts.push(`${format(total)} excluded`);
    }
    if (parts.length === 0) return status ? `$(check) ${status.status}` : undefined;
    const time = status?.ms !== undefined ? ` (${status.ms} ms)` : '';
    return `$(graph) ${parts.join(' · ')}${time}`;
}

function format(n: number): string {
    return n.toLocaleString('en-US');
}

function plural(n: number, word: string): string {
    return n === 1 ? word : `${word}s`;
}
