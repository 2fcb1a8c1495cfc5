// Temporary folders of files for the tests that run commands on real files (cli, review). One
// helper, so every test writes its files the same way: parent folders created, paths relative.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `files` (paths relative to `root`, parent folders created) into `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
    }
}

/** A new temporary folder holding `files`; `prefix` names it, so a leftover folder says which test made it. */
export function tempProject(files: Record<string, string>, prefix = 'campaign-test-'): string {
    const root = mkdtempSync(join(tmpdir(), prefix));
    writeFiles(root, files);
    return root;
}
