import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file's content all at once: writes a temporary file beside it and renames it over the
 * original, so that an interrupted write never leaves half a file. Keeps the file's mode.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
    let mode: number | undefined;
    try {
        mode = statSync(path).mode;
    } catch {
        mode = undefined; // a new file
    }
    try {
        writeFileSync(temporary, content);
        if (mode !== undefined) chmodSync(temporary, mode);
        renameSync(temporary, path);
    } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
    }
}
