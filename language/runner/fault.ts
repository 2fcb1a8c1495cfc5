/**
 * Fault injection for the exactly-once tests: `CAMPAIGN_RUNNER_FAULT=step:3` makes a published
 * run exit abruptly right after its third writing activity committed (before the file is saved);
 * `finish:N` after the last transaction. `save:N` is read by the command line's checkpoint (it
 * writes half a temporary file, then exits). Nothing happens without the variable.
 */
export function faultPoint(point: 'step' | 'finish' | 'save', n: number): void {
    const spec = process.env.CAMPAIGN_RUNNER_FAULT;
    if (!spec) return;
    const [name, value] = spec.split(':');
    if (name === point && Number(value) === n) {
        process.stderr.write(`fault injected at ${point}:${n}\n`);
        process.exit(86);
    }
}

/**
 * For the lock tests: `CAMPAIGN_RUNNER_HOLD=<file>` makes a published run, once it holds its lock,
 * write that file and wait until the test removes it, so that a second run meets the lock for
 * certain. Nothing happens without the variable.
 */
export async function holdPoint(): Promise<void> {
    const marker = process.env.CAMPAIGN_RUNNER_HOLD;
    if (!marker) return;
    const fs = await import('node:fs');
    // Written beside and renamed into place, so that the test never reads the file half written
    // (it waits for the file to exist, then reads the pid from it).
    const partial = `${marker}.${process.pid}.partial`;
    fs.writeFileSync(partial, String(process.pid));
    fs.renameSync(partial, marker);
    while (fs.existsSync(marker)) await new Promise(resolve => setTimeout(resolve, 25));
}
