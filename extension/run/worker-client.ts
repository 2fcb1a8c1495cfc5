// Runs one job in its own worker process (worker-process.ts) and turns its messages into progress,
// log lines and one result; cancelling stops the process.
import * as vscode from 'vscode';
import { startJobProcess } from './worker-process.js';
import type { JobResults, WorkerJob, WorkerMessage } from './worker-protocol.js';

export class JobCancelled extends Error {
    constructor() {
        super('Cancelled');
        this.name = 'JobCancelled';
    }
}

export interface JobCallbacks {
    progress?(message: string, done?: number, total?: number): void;
    log?(message: string): void;
}

export function workerScript(extensionUri: vscode.Uri): string {
    return vscode.Uri.joinPath(extensionUri, 'dist', 'run-worker.cjs').fsPath;
}

export function runJob<K extends WorkerJob['kind']>(
    script: string,
    job: Extract<WorkerJob, { kind: K }>,
    token: vscode.CancellationToken | undefined,
    callbacks: JobCallbacks = {}
): Promise<JobResults[K]> {
    return new Promise((resolve, reject) => {
        if (token?.isCancellationRequested) {
            reject(new JobCancelled());
            return;
        }
        let settled = false;
        const finish = (action: () => void) => {
            if (settled) return;
            settled = true;
            subscription?.dispose();
            action();
            // The worker has answered or is no longer wanted; whatever it still does is not needed.
            worker.stop();
        };
        const subscription = token?.onCancellationRequested(() => finish(() => reject(new JobCancelled())));
        const worker = startJobProcess(script, job, {
            message(message: WorkerMessage) {
                switch (message.type) {
                    case 'progress': callbacks.progress?.(message.message, message.done, message.total); break;
                    case 'log': callbacks.log?.(message.message); break;
                    case 'result': finish(() => resolve(message.result as JobResults[K])); break;
                    case 'error': finish(() => reject(new Error(message.message))); break;
                }
            },
            failed: error => finish(() => reject(error))
        });
    });
}
