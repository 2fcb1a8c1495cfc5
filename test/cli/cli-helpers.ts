import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { memoryIo } from '../../language/cli/io.js';
import { runCli } from '../../language/cli/run-cli.js';

/** A temporary folder holding the given files (paths relative to it). */
export function tempProject(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'campaign-cli-'));
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
    }
    return root;
}

/** Runs `campaign <args>` in-process in `cwd` and returns the exit code and what it printed. */
export async function campaign(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = memoryIo(cwd);
    const code = await runCli(args, io);
    return { code, out: io.out, err: io.err };
}
