import { readFileSync } from 'node:fs';
import type { Database } from 'sql.js';
import { loadSqlJs } from '../runner/database.js';

export { loadSqlJs };

/** Opens a SQLite file in memory with the runner's sql.js (nothing is written back). */
export async function openSqliteFile(path: string): Promise<Database> {
    const bytes = readFileSync(path);
    // sql.js opens anything and fails later with "file is not a database"; say it plainly up front.
    if (!bytes.subarray(0, 16).toString('latin1').startsWith('SQLite format 3') && bytes.length > 0) {
        throw new Error(`${path} is not a SQLite database`);
    }
    const SQL = await loadSqlJs();
    return new SQL.Database(bytes);
}
