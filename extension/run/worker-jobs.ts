// What the worker does for each kind of job. Free of `vscode` and of worker_threads, so that
// vitest can run the same jobs in-process against real sql.js.
import { importSchema, openSqliteFile } from '../../language/schema-import/import-schema.js';
import type { JobResults, WorkerJob } from './worker-protocol.js';

export interface JobReporter {
    progress(message: string, done?: number, total?: number): void;
    log(message: string): void;
}

export async function executeJob(job: WorkerJob, reporter: JobReporter): Promise<JobResults[keyof JobResults]> {
    switch (job.kind) {
        case 'importSchema': {
            reporter.progress('reading tables');
            const db = await openSqliteFile(job.database);
            try {
                return { database: job.database, text: importSchema(db) };
            } finally {
                db.close();
            }
        }
        default:
            throw new Error(`The runner does not support '${job.kind}' jobs in this build.`);
    }
}
