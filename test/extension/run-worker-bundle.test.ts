// The bundled worker (dist/run-worker.cjs, built by `npm test` before vitest) in a real child
// process started as the extension starts it (worker-process.ts): it must find sql.js's WASM beside
// itself, answer once, report errors as messages, and end by itself once it has answered.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { startJobProcess } from '../../extension/run/worker-process.js';
import type { WorkerJob, WorkerMessage } from '../../extension/run/worker-protocol.js';
import { loadSqlJs } from '../../language/runner/database.js';

const bundle = resolve(__dirname, '../../dist/run-worker.cjs');

/** The job's messages, once the process has answered and then ended by itself (exit code 0). */
async function runWorker(job: WorkerJob): Promise<WorkerMessage[]> {
    const messages: WorkerMessage[] = [];
    let worker: ReturnType<typeof startJobProcess> | undefined;
    await new Promise<void>((done, fail) => {
        worker = startJobProcess(bundle, job, {
            message(m) {
                messages.push(m);
                if (m.type === 'result' || m.type === 'error') done();
            },
            failed: fail
        });
    });
    expect(await worker!.exited).toBe(0);
    return messages;
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

test('a worker that dies before answering is reported with its exit, not left hanging', async () => {
    // A script that exits at once stands in for a run that crashes (out of memory, say).
    const dir = mkdtempSync(join(tmpdir(), 'run-worker-'));
    const script = join(dir, 'dies.cjs');
    writeFileSync(script, "process.stderr.write('boom: the engine crashed\\n'); process.exit(3);");
    const error = await new Promise<Error>((done, fail) => {
        startJobProcess(script, { kind: 'importSchema', database: 'x' }, { message: () => fail(new Error('no message expected')), failed: done });
    });
    expect(error.message).toMatch(/exit code 3/);
    expect(error.message).toContain('boom: the engine crashed');
});
