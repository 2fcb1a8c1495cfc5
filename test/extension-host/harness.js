// A mocha-style harness for the extension host (test-electron's `run()` contract): `test(name, fn)`
// in order, a line per test, a plain `N passed, N failed` summary, and a rejection when any failed.
'use strict';

const tests = [];

function test(name, fn, { timeout = 30_000 } = {}) {
    tests.push({ name, fn, timeout });
}

async function runAll(suite) {
    let passed = 0;
    let failed = 0;
    for (const t of tests) {
        const started = Date.now();
        let timer;
        try {
            await Promise.race([
                t.fn(),
                new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${t.timeout} ms`)), t.timeout); })
            ]);
            passed++;
            console.log(`ok - ${suite}: ${t.name} (${Date.now() - started} ms)`);
        } catch (error) {
            failed++;
            console.log(`not ok - ${suite}: ${t.name}\n  ${String(error && error.stack || error).split('\n').slice(0, 5).join('\n  ')}`);
        } finally {
            clearTimeout(timer);
        }
    }
    console.log(`${suite}: ${passed} passed, ${failed} failed`);
    if (failed > 0) throw new Error(`${failed} extension-host test(s) failed`);
}

function assert(condition, message) {
    if (!condition) throw new Error(message);
}

function assertEqual(actual, expected, what) {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Polls until `fn` returns something truthy (no fixed sleeps: lsp-sample's advice). */
async function waitFor(what, fn, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
        try {
            last = await fn();
            if (last) return last;
        } catch (error) {
            last = error;
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

module.exports = { test, runAll, assert, assertEqual, waitFor };
