// Runs campaigns in the worker with progress and cancellation, and remembers the last result of
// each campaign for the CodeLens counts, the status bar and the graph's overlay.
import * as vscode from 'vscode';
import type { RowsPreview, RunOverlay } from '../../webview/protocol.js';
import { jobWorkspace } from './job-workspace.js';
import { JobCancelled, runJob, workerScript } from './worker-client.js';
import type { JobResults } from './worker-protocol.js';

export type RunMode = 'test' | 'publish';

export interface RunRecord {
    readonly uri: string;
    readonly campaign: string;
    readonly mode: RunMode;
    readonly result: RunOverlay;
    /** Wall time of the whole job, worker start included. */
    readonly ms: number;
    readonly finishedAt: Date;
}

export type RunEvent =
    | { readonly kind: 'started'; readonly uri: string; readonly campaign: string; readonly mode: RunMode }
    | { readonly kind: 'finished'; readonly record: RunRecord }
    | { readonly kind: 'failed'; readonly uri: string; readonly campaign: string; readonly mode: RunMode; readonly message: string }
    | { readonly kind: 'cancelled'; readonly uri: string; readonly campaign: string; readonly mode: RunMode }
    | { readonly kind: 'cleared'; readonly uri: string };

export class RunController implements vscode.Disposable {
    private readonly records = new Map<string, RunRecord>();
    private readonly emitter = new vscode.EventEmitter<RunEvent>();
    private latest: RunRecord | undefined;
    readonly onDidChange = this.emitter.event;

    constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {}

    /** The last finished run of a campaign, or of any campaign. */
    lastRun(uri?: vscode.Uri | string, campaign?: string): RunRecord | undefined {
        if (uri === undefined) return this.latest;
        const key = uri.toString();
        if (campaign !== undefined) return this.records.get(recordKey(key, campaign));
        return [...this.records.values()].filter(r => r.uri === key).sort((a, b) => +b.finishedAt - +a.finishedAt)[0];
    }

    /** Forgets the results of a file: its text changed, so the counts no longer match it. */
    clear(uri: vscode.Uri): void {
        const key = uri.toString();
        let removed = false;
        for (const [k, record] of this.records) {
            if (record.uri === key) {
                this.records.delete(k);
                removed = true;
            }
        }
        if (removed) this.emitter.fire({ kind: 'cleared', uri: key });
    }

    /** Runs in the worker; the progress notification's Cancel (or `cancel`) stops it and resolves undefined. */
    async run(uri: vscode.Uri, campaign: string, mode: RunMode, cancel?: vscode.CancellationToken, upTo?: string): Promise<RunRecord | undefined> {
        requireTrust(mode === 'test' ? 'A test run' : 'A published run');
        const key = uri.toString();
        const started = Date.now();
        this.emitter.fire({ kind: 'started', uri: key, campaign, mode });
        this.log.info(`${mode} run of ${campaign} (${uri.fsPath})`);
        try {
            const result = await this.withProgress(`${mode === 'test' ? 'Test run' : 'Publishing'} of ${campaign}`, (token, report) =>
                runJob(workerScript(this.extensionUri), { kind: 'run', campaign, mode, ...(upTo ? { upTo } : {}), ...jobWorkspace(uri) }, either(token, cancel), {
                    progress: report,
                    log: line => this.log.info(`[${campaign}] ${line}`)
                }));
            const record: RunRecord = { uri: key, campaign, mode, result, ms: Date.now() - started, finishedAt: new Date() };
            this.records.set(recordKey(key, campaign), record);
            this.latest = record;
            this.log.info(`${mode} run of ${campaign} finished in ${record.ms} ms: ${JSON.stringify(result.counts)}`);
            for (const line of result.log ?? []) this.log.info(`[${campaign}] ${line}`);
            this.emitter.fire({ kind: 'finished', record });
            return record;
        } catch (error) {
            if (error instanceof JobCancelled) {
                this.log.info(`${mode} run of ${campaign} cancelled`);
                this.emitter.fire({ kind: 'cancelled', uri: key, campaign, mode });
                return undefined;
            }
            const message = errorMessage(error);
            this.log.error(`${mode} run of ${campaign} failed: ${message}`);
            this.emitter.fire({ kind: 'failed', uri: key, campaign, mode, message });
            throw error;
        }
    }

    async previewRows(uri: vscode.Uri, campaign: string, ref: string, limit = 100): Promise<RowsPreview | undefined> {
        requireTrust('Previewing rows');
        return this.job(`Rows of ${ref}`, { kind: 'previewRows', campaign, ref, limit, ...jobWorkspace(uri) });
    }

    /** The campaign's plan as SQL, or only the steps of one activity. */
    async compiledSql(uri: vscode.Uri, campaign: string, activity?: string): Promise<JobResults['sql'] | undefined> {
        return this.job(`Compiling ${activity ?? campaign}`, { kind: 'sql', campaign, ...(activity ? { activity } : {}), ...jobWorkspace(uri) });
    }

    async schedule(uri: vscode.Uri, campaign: string, count = 10): Promise<JobResults['schedule'] | undefined> {
        return this.job(`Schedule of ${campaign}`, { kind: 'schedule', campaign, count, ...jobWorkspace(uri) });
    }

    async importSchema(database: vscode.Uri): Promise<JobResults['importSchema'] | undefined> {
        requireTrust('Reading a database');
        return this.job(`Reading ${vscode.workspace.asRelativePath(database)}`, { kind: 'importSchema', database: database.fsPath });
    }

    dispose(): void {
        this.emitter.dispose();
    }

    /** A job other than a run: cancellable, logged; undefined when cancelled. */
    private async job<K extends 'previewRows' | 'sql' | 'schedule' | 'importSchema'>(
        title: string,
        job: Parameters<typeof runJob<K>>[1]
    ): Promise<JobResults[K] | undefined> {
        try {
            return await this.withProgress(title, (token, report) =>
                runJob<K>(workerScript(this.extensionUri), job, token, { progress: report, log: line => this.log.info(line) }));
        } catch (error) {
            if (error instanceof JobCancelled) return undefined;
            this.log.error(`${title} failed: ${errorMessage(error)}`);
            throw error;
        }
    }

    private withProgress<T>(title: string, task: (token: vscode.CancellationToken, report: (message: string, done?: number, total?: number) => void) => Promise<T>): Thenable<T> {
        return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
            let reported = 0;
            return task(token, (message, done, total) => {
                // withProgress takes increments; the worker reports absolute steps.
                const percent = done !== undefined && total ? Math.min(100, (done / total) * 100) : undefined;
                const increment = percent !== undefined ? Math.max(0, percent - reported) : undefined;
                if (percent !== undefined) reported = percent;
                progress.report({ message, increment });
            });
        });
    }
}

export class UntrustedWorkspace extends Error {}

/** Running reads and writes databases: only in a trusted workspace (editing works without trust). */
export function requireTrust(what: string): void {
    if (!vscode.workspace.isTrusted) {
        throw new UntrustedWorkspace(`${what} needs a trusted workspace. Use "Workspaces: Manage Workspace Trust" to trust this folder.`);
    }
}

export function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** A token cancelled when either is (the notification's button, or the caller). */
function either(a: vscode.CancellationToken, b: vscode.CancellationToken | undefined): vscode.CancellationToken {
    if (!b) return a;
    const source = new vscode.CancellationTokenSource();
    if (a.isCancellationRequested || b.isCancellationRequested) source.cancel();
    a.onCancellationRequested(() => source.cancel());
    b.onCancellationRequested(() => source.cancel());
    return source.token;
}

function recordKey(uri: string, campaign: string): string {
    return `${uri}#${campaign}`;
}
