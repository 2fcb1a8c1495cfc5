// A tiny sequential step runner that prints TAP-like lines and a plain `N passed, N failed` summary.
// Steps depend on the ones before them, so the first failure skips the rest (reported as failed).
export class Steps {
    constructor(suite, { onFailure } = {}) {
        this.suite = suite;
        this.onFailure = onFailure;
        this.passed = 0;
        this.failed = 0;
        this.stopped = false;
        this.timings = {};
    }

    async step(name, fn) {
        if (this.stopped) {
            this.failed++;
            console.log(`not ok - ${this.suite}: ${name} (not run: an earlier step failed)`);
            return undefined;
        }
        const started = Date.now();
        try {
            const value = await fn();
            const ms = Date.now() - started;
            this.timings[name] = ms;
            this.passed++;
            console.log(`ok - ${this.suite}: ${name} (${ms} ms)`);
            return value;
        } catch (error) {
            this.failed++;
            this.stopped = true;
            console.log(`not ok - ${this.suite}: ${name}\n  ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n  ')}`);
            await this.onFailure?.(name, error);
            return undefined;
        }
    }

    summary() {
        return `${this.passed} passed, ${this.failed} failed`;
    }
}

export function assert(condition, message) {
    if (!condition) throw new Error(message);
}

export async function poll(what, fn, { timeout = 20_000, interval = 200 } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
        try {
            last = await fn();
            if (last) return last;
        } catch (error) {
            last = error;
        }
        if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
        await new Promise(resolve => setTimeout(resolve, interval));
    }
}
