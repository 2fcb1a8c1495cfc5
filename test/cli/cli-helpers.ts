import { memoryIo } from '../../language/cli/io.js';
import { runCli } from '../../language/cli/run-cli.js';
import { tempProject as tempFolder } from '../temp-project.js';

/** A temporary folder holding the given files (paths relative to it). */
export const tempProject = (files: Record<string, string>): string => tempFolder(files, 'campaign-cli-');

/** Runs `campaign <args>` in-process in `cwd` and returns the exit code and what it printed. */
export async function campaign(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = memoryIo(cwd);
    const code = await runCli(args, io);
    return { code, out: io.out, err: io.err };
}
