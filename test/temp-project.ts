// Temporary folders of files for the tests that run commands on real files (cli, review, run jobs). One
// helper, so every test writes its files the same way: parent folders created, paths relative.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadSqlJs } from '../language/runner/database.js';

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

/** Writes a SQLite database file made by `statements`, run in order on a new sql.js database. */
export async function writeSqlite(file: string, statements: readonly string[]): Promise<void> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    try {
        for (const sql of statements) db.run(sql);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, db.export());
    } finally {
        db.close();
    }
}
