// The run worker (bundled as dist/run-worker.cjs, started by worker-client.ts with the job as
// workerData): one job per worker, answered with exactly one `result` or `error` message.
import '../../language/polyfills/object-group-by.cjs';
import { parentPort, workerData } from 'node:worker_threads';
import { executeJob } from './worker-jobs.js';
import type { WorkerJob, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('run-worker.cjs runs as a worker thread only');

const send = (message: WorkerMessage) => port.postMessage(message);

executeJob(workerData as WorkerJob, {
    progress: (message, done, total) => send({ type: 'progress', message, done, total }),
    log: message => send({ type: 'log', message })
}).then(
    result => send({ type: 'result', result }),
    (error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) })
);
