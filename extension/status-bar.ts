// The status bar item with the last run's result (or the run in progress).
import * as vscode from 'vscode';
import type { RunController, RunEvent } from './run/run-controller.js';
import { Commands } from './commands/ids.js';

export class RunStatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('campaignStudio.run', vscode.StatusBarAlignment.Left, 10);
    private readonly subscription: vscode.Disposable;

    constructor(runs: RunController) {
        this.item.name = 'Campaign Run';
        this.item.command = Commands.showRunLog;
        this.subscription = runs.onDidChange(event => this.update(event));
    }

    /** What the item says now (for tests). */
    get text(): string {
        return this.item.text;
    }

    private update(event: RunEvent): void {
        switch (event.kind) {
            case 'started':
                this.show(`$(sync~spin) ${event.campaign}: ${event.mode} run…`, `Running ${event.campaign}`);
                break;
            case 'finished': {
                const { record } = event;
                const activities = record.result.activities;
                const errors = activities.filter(a => a.status === 'error').length;
                const icon = errors > 0 ? '$(error)' : '$(pass)';
                const summary = errors > 0 ? `${errors} failed` : `${activities.length} activities`;
                this.show(`${icon} ${record.campaign}: ${record.mode} run · ${summary} · ${record.ms} ms`,
                    `${record.mode === 'test' ? 'Test run' : 'Published run'} of ${record.campaign} at ${record.finishedAt.toLocaleTimeString()}\n`
                    + `${Object.keys(record.result.counts).length} transitions counted. Click for the run log.`);
                break;
            }
            case 'failed':
                this.show(`$(error) ${event.campaign}: run failed`, event.message);
                break;
            case 'cancelled':
                this.show(`$(circle-slash) ${event.campaign}: run cancelled`, 'The run was cancelled');
                break;
            case 'cleared':
                break;
        }
    }

    private show(text: string, tooltip: string): void {
        this.item.text = text;
        this.item.tooltip = tooltip;
        this.item.show();
    }

    dispose(): void {
        this.subscription.dispose();
        this.item.dispose();
    }
}
