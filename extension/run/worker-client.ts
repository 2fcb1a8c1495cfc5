// Starts one worker per job (a fresh sql.js heap every time: WASM in long-lived processes leaks,
// anchors.md pitfall 5) and turns its messages into progress, log lines and one result.
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
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
        const worker = new Worker(script, { workerData: job, stdout: false, stderr: false });
        let settled = false;
        const finish = (action: () => void) => {
            if (settled) return;
            settled = true;
            subscription?.dispose();
            action();
            // The worker has answered; whatever it still does is not needed.
            void worker.terminate();
        };
        const subscription = token?.onCancellationRequested(() => finish(() => reject(new JobCancelled())));
        worker.on('message', (message: WorkerMessage) => {
            switch (message.type) {
                case 'progress': callbacks.progress?.(message.message, message.done, message.total); break;
                case 'log': callbacks.log?.(message.message); break;
                case 'result': finish(() => resolve(message.result as JobResults[K])); break;
                case 'error': finish(() => reject(new Error(message.message))); break;
            }
        });
        worker.on('error', error => finish(() => reject(error)));
        worker.on('exit', code => finish(() => reject(new Error(`The run worker stopped (exit code ${code}) before answering.`))));
    });
}
