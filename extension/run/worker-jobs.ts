// What the worker does for each kind of job. Free of `vscode` and of worker_threads, so that
// vitest can run the same jobs in-process against real sql.js.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isActivity } from '../../language/generated/ast.js';
import { compileCampaign, openDatabase, planToSql, runCampaign, type RunResult } from '../../language/runner/index.js';
import { isPostgresUrl } from '../../language/runner/postgres/url.js';
import { openServerDatabase } from '../../language/runner/postgres/server-database.js';
import { describeLaunch, nextLaunches, scheduleOf } from '../../language/schedule/index.js';
import { importSchema, openSqliteFile } from '../../language/schema-import/import-schema.js';
import type { RowsPreview, RunActivityStatus, RunOverlay } from '../../webview/protocol.js';
import { upToWorkspace } from './run-up-to.js';
import { loadCampaignForJob, type LoadedCampaign } from './worker-workspace.js';
import type { JobResults, JobWorkspace, WorkerJob } from './worker-protocol.js';

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
        case 'sql': {
            reporter.progress('compiling');
            const loaded = await loadCampaignForJob(job);
            const plan = compileCampaign(loaded.services, loaded.campaign, { mode: 'test', baseDir: path.dirname(job.file) });
            return { campaign: job.campaign, sql: planToSql(plan, job.activity) };
        }
        case 'schedule': {
            const loaded = await loadCampaignForJob(job, false);
            const schedule = scheduleOf(loaded.campaign);
            const launches = nextLaunches(schedule, new Date(), job.count);
            const description = `${schedule.text} (${schedule.zone})${schedule.rule.kind === 'signal' ? ': launched only by a signal' : ''}`;
            return { campaign: job.campaign, description, next: launches.map(d => describeLaunch(d, schedule.zone)) };
        }
        case 'run': {
            if (job.upTo !== undefined && job.mode !== 'test') throw new Error('Only a test run can stop after an activity.');
            const workspace = job.upTo !== undefined ? await upToWorkspace(job, job.upTo) : job;
            const { result } = await run(workspace, job.mode, 0, reporter);
            return toOverlay(result);
        }
        case 'previewRows': {
            const { result } = await run(job, 'test', job.limit, reporter);
            const preview = result.previews[job.ref];
            if (!preview && result.counts[job.ref] === undefined) {
                const known = Object.keys(result.counts).join(', ') || 'none';
                throw new Error(`${job.campaign} has no transition '${job.ref}' (transitions: ${known})`);
            }
            const columns = preview?.columns ?? [];
            return {
                ref: job.ref,
                columns,
                rows: (preview?.rows ?? []).map(row => columns.map(c => row[c])),
                total: result.counts[job.ref] ?? preview?.rows.length ?? 0
            } satisfies RowsPreview;
        }
    }
}

async function run(job: JobWorkspace & { campaign: string }, mode: 'test' | 'publish', previewLimit: number, reporter: JobReporter): Promise<{ loaded: LoadedCampaign; result: RunResult }> {
    reporter.progress('checking the workspace');
    const loaded = await loadCampaignForJob(job);
    const database = databaseOf(job, loaded);
    reporter.progress(`opening ${path.basename(database)}`);
    const db = isPostgresUrl(database) ? await openServerDatabase(database) : await openDatabase({ path: database });
    for (const warning of db.warnings) reporter.log(warning);
    const total = loaded.campaign.members.filter(isActivity).length;
    let done = 0;
    try {
        const result = await runCampaign(loaded.services, loaded.campaign, db, {
            mode,
            previewLimit,
            baseDir: path.dirname(job.file),
            onProgress: (activity, status) => reporter.progress(`${activity}: ${status}`, ++done, total),
            // A published run is saved after every activity that wrote, so a crash loses nothing.
            onCheckpoint: mode === 'publish' ? () => db.saveTo(database) : undefined
        });
        if (mode === 'publish') db.saveTo(database);
        return { loaded, result };
    } finally {
        db.close();
    }
}

/** The setting, else the `database "…"` of the campaign's file, else of another file of the workspace. */
export function databaseOf(job: JobWorkspace, loaded: LoadedCampaign): string {
    if (job.database) {
        if (isPostgresUrl(job.database)) return job.database;
        if (!existsSync(job.database)) throw new Error(`The database of the setting campaignStudio.database does not exist: ${job.database}`);
        return job.database;
    }
    const documents = [loaded.document, ...loaded.documents.filter(d => d !== loaded.document)];
    for (const document of documents) {
        const declared = document.parseResult.value.databases?.[0];
        if (!declared) continue;
        if (isPostgresUrl(declared.path)) return declared.path.trim();
        const file = path.resolve(path.dirname(document.uri.fsPath), declared.path);
        if (!existsSync(file)) {
            const line = (declared.$cstNode?.range.start.line ?? 0) + 1;
            throw new Error(`${path.basename(document.uri.fsPath)}:${line}: database file not found: ${declared.path} (${file})`);
        }
        return file;
    }
    throw new Error('No database: add `database "file.sqlite"` to a .campaign file or set campaignStudio.database.');
}

export function toOverlay(result: RunResult): RunOverlay {
    const activities: RunActivityStatus[] = result.activities.map(a => {
        const failure = result.log.find(l => l.level === 'error' && l.activity === a.name);
        const status: RunActivityStatus['status'] = a.status === 'failed' ? 'error' : a.status === 'disabled' ? 'skipped' : a.status;
        return { name: a.name, status, ms: a.ms, message: failure?.message };
    });
    const samples: Record<string, { to?: string; subject?: string; body: string }> = {};
    for (const [activity, sample] of Object.entries(result.samples)) {
        const body = sample.body ?? (sample.fields ? Object.entries(sample.fields).map(([k, v]) => `${k}: ${String(v)}`).join('\n') : '');
        samples[activity] = { to: sample.address ?? undefined, subject: sample.subject ?? sample.title, body };
    }
    return {
        campaign: result.campaign,
        mode: result.mode,
        counts: result.counts,
        excluded: result.excluded,
        activities,
        samples,
        log: result.log.map(l => `${l.level}${l.activity ? ` ${l.activity}` : ''}: ${l.message}`)
    };
}
