// The run worker (bundled as dist/run-worker.cjs, started as a child process by worker-process.ts,
// which sends it the job as its first message): one job per process, answered with exactly one
// `result` or `error` message, after which the process disconnects and ends.
import '../../language/polyfills/object-group-by.cjs';
import { tuneWasmEngine } from '../../language/runner/wasm-engine-flags.js';
import { executeJob } from './worker-jobs.js';
import type { WorkerJob, WorkerMessage } from './worker-protocol.js';

if (!process.send) throw new Error('run-worker.cjs runs as a child process with an IPC channel only (worker-process.ts)');

// Before sql.js is compiled, as the command line does: this process is ours, the extension host is not.
tuneWasmEngine();

const send = (message: WorkerMessage, then?: () => void) => process.send!(message, undefined, undefined, then);

process.once('message', (job: WorkerJob) => {
    executeJob(job, {
        progress: (message, done, total) => send({ type: 'progress', message, done, total }),
        log: message => send({ type: 'log', message })
    }).then(
        (result): WorkerMessage => ({ type: 'result', result }),
        (error: unknown): WorkerMessage => ({ type: 'error', message: error instanceof Error ? error.message : String(error) })
    ).then(answer => send(answer, () => process.disconnect()));
});
