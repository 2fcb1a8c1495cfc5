import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSqlJs, writeAtomically } from '../runner/database.js';
import { generateSampleData, type SampleDataOptions, type SampleDataStats } from './generate.js';

export { generateSampleData, MAX_CUSTOMERS, SAMPLE_AS_OF, type SampleDataOptions, type SampleDataStats } from './generate.js';
export { SAMPLE_TABLE_NAMES } from './schema.js';

/** Generates the dataset in a fresh in-memory sql.js database and returns the file's bytes. */
export async function createSampleDatabase(options: SampleDataOptions = {}): Promise<{ bytes: Uint8Array; stats: SampleDataStats }> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    try {
        const stats = generateSampleData(db, options);
        return { bytes: db.export(), stats };
    } finally {
        db.close();
    }
}

/**
 * Generates the dataset and writes it to `file` atomically (the runner's `writeAtomically`: a
 * temporary file in the same folder, then a rename), so a reader never sees half a database and
 * an interrupted run leaves the old file in place.
 */
export async function writeSampleDatabase(file: string, options: SampleDataOptions = {}): Promise<SampleDataStats> {
    const { bytes, stats } = await createSampleDatabase(options);
    const target = path.resolve(file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeAtomically(target, bytes);
    return stats;
}
