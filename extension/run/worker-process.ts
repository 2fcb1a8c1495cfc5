// Starts dist/run-worker.cjs as a child process for one job and turns its messages into callbacks.
// A process rather than a worker thread: the job gets a fresh sql.js heap (WASM in long-lived
// processes leaks, anchors.md pitfall 5), a run that exhausts memory takes down only itself, and the
// engine can be tuned with V8 settings (language/runner/wasm-engine-flags.ts), which are process-wide
// and must not be changed in VS Code's extension host. No `vscode` import: the tests use it as is.
import { fork } from 'node:child_process';
import type { WorkerJob, WorkerMessage } from './worker-protocol.js';

export interface JobProcess {
    /** Stops the job: the process is killed if it still runs. */
    stop(): void;
    /** Settles with the exit code (null when killed) when the process has ended. */
    readonly exited: Promise<number | null>;
}

export interface JobProcessEvents {
    message(message: WorkerMessage): void;
    /** The process ended (or could not start) without having answered. */
    failed(error: Error): void;
}

const STDERR_KEPT = 2_000;

export function startJobProcess(script: string, job: WorkerJob, events: JobProcessEvents): JobProcess {
    const child = fork(script, [], {
        // Not the extension host's own Node options (an inspector port, say).
        execArgv: [],
        // VS Code desktop's execPath is Electron: run it as plain Node.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced'
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_KEPT);
    });
    const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
    let answered = false;
    child.on('message', (message: WorkerMessage) => {
        if (message.type === 'result' || message.type === 'error') answered = true;
        events.message(message);
    });
    child.on('error', error => events.failed(error));
    child.on('exit', (code, signal) => {
        if (answered) return;
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        const detail = stderr.trim() ? `: ${stderr.trim().split('\n').slice(-5).join('\n')}` : '';
        events.failed(new Error(`The run worker stopped (${how}) before answering${detail}`));
    });
    child.send(job);
    return {
        exited,
        stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill();
        }
    };
}
