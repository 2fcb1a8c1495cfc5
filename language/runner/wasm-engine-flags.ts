import * as v8 from 'node:v8';

/**
 * V8 settings under which sql.js's SQLite runs faster, for the processes that are ours: the command
 * line (`language/cli/main.ts`), the benchmark and the tests. sql.js is compiled with a low LLVM
 * inlining limit (`-s INLINING_LIMIT=50` in its Makefile), so much of SQLite's hot path is small
 * function calls; V8 can inline WASM functions into each other itself, but in Node 20 (V8 11.3) that
 * is off by default. Measured on the 1M-customer benchmark database (four plain statements, CPU,
 * warm, alternating processes): 3.34–3.45 s by default, 3.05–3.21 s with these flags (about −9 %).
 *
 * They are process-wide and only affect how V8 compiles WebAssembly, so they are not set in a process
 * that is not ours: the VS Code extension host (where the extension's run worker is a thread) keeps
 * its own settings. They take effect for every function V8 compiles after the call, so call this
 * before sql.js is first loaded.
 */
export const WASM_ENGINE_FLAGS: readonly string[] = ['--wasm-inlining', '--wasm-inlining-budget=20000', '--wasm-inlining-max-size=2000'];

let tuned = false;

export function tuneWasmEngine(): void {
    if (tuned) return;
    tuned = true;
    for (const flag of WASM_ENGINE_FLAGS) v8.setFlagsFromString(flag);
}
