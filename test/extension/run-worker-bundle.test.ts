// The bundled worker (dist/run-worker.cjs, built by `npm test` before vitest) in a real worker
// thread: it must find sql.js's WASM beside itself, answer once, and report errors as messages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';
import type { WorkerJob, WorkerMessage } from '../../extension/run/worker-protocol.js';
import { loadSqlJs } from '../../language/runner/database.js';

const bundle = resolve(__dirname, '../../dist/run-worker.cjs');

function runWorker(job: WorkerJob): Promise<WorkerMessage[]> {
    return new Promise((done, fail) => {
        const messages: WorkerMessage[] = [];
        const worker = new Worker(bundle, { workerData: job });
        worker.on('message', (m: WorkerMessage) => {
            messages.push(m);
            if (m.type === 'result' || m.type === 'error') void worker.terminate().then(() => done(messages));
        });
        worker.on('error', fail);
    });
}

test('the bundled worker imports a schema with the WASM copied into dist/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-worker-'));
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run('CREATE TABLE stores (id INTEGER PRIMARY KEY, city TEXT NOT NULL)');
    writeFileSync(join(dir, 'stores.sqlite'), db.export());
    db.close();
    const messages = await runWorker({ kind: 'importSchema', database: join(dir, 'stores.sqlite') });
    const last = messages.at(-1)!;
    expect(last.type).toBe('result');
    expect((last as { result: { text: string } }).result.text).toMatch(/table "stores"[\s\S]*city: string/);
    expect(messages.some(m => m.type === 'progress')).toBe(true);
});

test('a failing job answers with one error message, not a crash', async () => {
    const messages = await runWorker({ kind: 'importSchema', database: '/nonexistent/x.sqlite' });
    expect(messages.filter(m => m.type === 'error' || m.type === 'result')).toHaveLength(1);
    expect(messages.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('/nonexistent/x.sqlite') });
});
