import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import { expect, test } from 'vitest';
import type { CorpusFile, FuzzJob, FuzzMessage } from './fuzz-worker.js';

/**
 * Bad input must never crash the language services. Mutated copies of the example files and of
 * the spec fixtures go through everything the server offers (parse, link, validate, format,
 * completion, hover, signature help, definition, references, highlight, rename, symbols, folding,
 * semantic tokens, code actions, the graph); no exception may escape, no case may hang, and every
 * diagnostic, edit and symbol must lie inside its document.
 *
 * An error that a service catches and logs itself (Langium logs and returns nothing) fails a case
 * too: the user sees it as a missing hover or an "error occurred during validation".
 *
 * Reproducible: FUZZ_SEED (default below) and FUZZ_CASES choose the run; FUZZ_ONLY=12,345 replays
 * single cases. The services run in a worker thread so that a case that loops forever is stopped
 * by the watchdog and reported with its seed, file and mutations instead of freezing vitest.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20260301);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);
/** Errors that a service caught and logged fail the test too (FUZZ_STRICT=0: only print them). */
const STRICT = process.env.FUZZ_STRICT !== '0';
const ONLY = (process.env.FUZZ_ONLY ?? '').split(',').filter(s => s.trim() !== '').map(Number);
/** A case over this is a failure (a hang, in practice: typical cases take milliseconds). */
const CASE_LIMIT_MS = 5_000;
/** The whole run: the fuzz must stay cheap enough for every `npm test`. */
const RUN_LIMIT_MS = 150_000;

const repo = join(__dirname, '../..');

function corpus(): CorpusFile[] {
    const from = (corpusName: string, folder: string) => readdirSync(join(repo, folder))
        .filter(f => f.endsWith('.campaign'))
        .sort()
        .map(name => ({ corpus: corpusName, name, text: readFileSync(join(repo, folder, name), 'utf8') }));
    return [...from('retail', 'examples/retail'), ...from('spec', 'test/fixtures/spec')];
}

async function bundleWorker(): Promise<string> {
    const outfile = join(tmpdir(), `campaign-fuzz-worker-${process.pid}.cjs`);
    await esbuild.build({
        entryPoints: [join(__dirname, 'fuzz-worker.ts')],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        outfile,
        inject: [join(repo, 'language/polyfills/object-group-by.cjs')],
        sourcemap: 'inline',
        logLevel: 'error'
    });
    return outfile;
}

interface Failure { index: number; file: string; steps: readonly string[]; problems: readonly string[] }

test(`language services survive ${ONLY.length > 0 ? ONLY.length : CASES} mutated files (seed ${SEED})`, async () => {
    const files = corpus();
    expect(files.length).toBeGreaterThan(5);
    const job: FuzzJob = { seed: SEED, cases: CASES, only: ONLY, files };
    const worker = new Worker(await bundleWorker(), { workerData: job, execArgv: ['--enable-source-maps'] });

    const failures: Failure[] = [];
    const loggedErrors = new Map<string, { count: number; example: string; full: string }>();
    const slowest: Array<{ index: number; ms: number }> = [];
    let current: { index: number; file: string; steps: readonly string[] } | undefined;
    let done = 0;
    let clean = 0;
    const started = Date.now();

    await new Promise<void>((resolve, reject) => {
        let watchdog: NodeJS.Timeout | undefined;
        const arm = (ms: number) => {
            clearTimeout(watchdog);
            watchdog = setTimeout(() => {
                void worker.terminate();
                const what = current ? `case ${current.index} (${current.file}: ${current.steps.join('; ')})` : 'setup';
                reject(new Error(`fuzz seed ${SEED}: ${what} ran over ${ms} ms: a hang. Replay: FUZZ_SEED=${SEED} FUZZ_ONLY=${current?.index ?? ''}`));
            }, ms);
        };
        arm(60_000);
        worker.on('message', (message: FuzzMessage) => {
            if (message.type === 'start') {
                current = message;
                arm(CASE_LIMIT_MS);
            } else if (message.type === 'done') {
                done++;
                if (message.parsedCleanly) clean++;
                slowest.push({ index: message.index, ms: message.ms });
                for (const line of message.logged) {
                    const key = line.slice(0, 160);
                    const entry = loggedErrors.get(key) ?? { count: 0, example: `case ${message.index} ${current!.file} [${current!.steps.join('; ')}]`, full: line };
                    entry.count++;
                    loggedErrors.set(key, entry);
                }
                if (STRICT && message.logged.length > 0) {
                    failures.push({ index: message.index, file: current!.file, steps: current!.steps, problems: message.logged.map(l => `logged: ${l}`) });
                }
                if (message.problems.length > 0 || message.ms > CASE_LIMIT_MS) {
                    failures.push({ index: message.index, file: current!.file, steps: current!.steps,
                        problems: message.ms > CASE_LIMIT_MS ? [...message.problems, `took ${Math.round(message.ms)} ms`] : message.problems });
                }
                if (Date.now() - started > RUN_LIMIT_MS) {
                    clearTimeout(watchdog);
                    void worker.terminate();
                    reject(new Error(`fuzz seed ${SEED}: ${done} cases took over ${RUN_LIMIT_MS} ms`));
                }
            } else if (message.type === 'end') {
                clearTimeout(watchdog);
                resolve();
            }
        });
        worker.on('error', error => {
            clearTimeout(watchdog);
            reject(new Error(`fuzz seed ${SEED}: the worker died in case ${current?.index}: ${error.stack ?? error.message}`));
        });
    });
    await worker.terminate();

    slowest.sort((a, b) => b.ms - a.ms);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`fuzz seed ${SEED}: ${done} cases (${clean} without syntax errors) in ${seconds} s; slowest ${slowest.slice(0, 3).map(s => `#${s.index} ${Math.round(s.ms)} ms`).join(', ')}`);
    for (const { count, example, full } of loggedErrors.values()) {
        console.log(`logged by a service ${count}x (first: ${example}):\n    ${full}`);
    }
    const report = failures.slice(0, 15).map(f => `case ${f.index} ${f.file} [${f.steps.join('; ')}]\n    ${f.problems.join('\n    ')}`).join('\n');
    expect(failures.length, `fuzz seed ${SEED}: ${failures.length} failing cases (replay one with FUZZ_SEED=${SEED} FUZZ_ONLY=<case>)\n${report}`).toBe(0);
    expect(done).toBe(ONLY.length > 0 ? ONLY.length : CASES);
    // The mutations must leave a fair share of files parseable, or the later phases are never reached.
    if (ONLY.length === 0) expect(clean).toBeGreaterThan(done / 20);
}, 240_000);
