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
