/**
 * The runner's public types: what a run returns (language.md §7 plus previews, samples, log and
 * signals) and the options a caller passes. Kept in one file so that the command line, the
 * extension and the benchmark read the same shapes.
 */

export type RunMode = 'test' | 'publish';

/** How an activity ended: `done`, `skipped` (an input did not fire, or it is `disabled`), `paused` (test run stopped before it), `failed`. */
export type ActivityStatus = 'done' | 'skipped' | 'disabled' | 'paused' | 'failed';

export interface ActivityResult {
    name: string;
    status: ActivityStatus;
    ms: number;
}

export type Row = Record<string, unknown>;

export interface PreviewTable {
    columns: string[];
    rows: Row[];
}

export interface SampleMessage {
    channel: 'email' | 'sms' | 'push' | 'mail';
    /** The recipient's key (and the secondary row's key with `per`). */
    recipient: unknown;
    secondary?: unknown;
    address: string | null;
    subject?: string;
    title?: string;
    body?: string;
    /** `mail`: the extraction line, by field. */
    fields?: Row;
}

export type LogLevel = 'info' | 'warning' | 'error' | 'alert';

export interface LogEntry {
    level: LogLevel;
    activity?: string;
    message: string;
    /** Structured detail: unmatched counts, rejected CSV lines (line number and reason), alert title. */
    data?: Record<string, unknown>;
}

export interface SignalRequest {
    /** The `end` activity that emitted it. */
    from: string;
    campaign: string;
    params: Record<string, string | number | boolean | null>;
}

export interface RunResult {
    campaign: string;
    mode: RunMode;
    /** Keyed by the output reference as written in `from` clauses; a channel's count is its number of messages. */
    counts: Record<string, number>;
    /** Per channel activity: rows left out, by reason (`noAddress`, `noConsent`). */
    excluded: Record<string, Record<string, number>>;
    activities: ActivityResult[];
    /** Rows per output reference (at most `previewLimit` each). */
    previews: Record<string, PreviewTable>;
    /** One rendered message per channel activity that has recipients. */
    samples: Record<string, SampleMessage>;
    log: LogEntry[];
    signals: SignalRequest[];
    /** Identifies a published run; reruns of a crashed run reuse it. */
    runId?: string;
    /** Files written by the run (mail extraction CSVs), published runs only. */
    files?: string[];
}

export interface RunOptions {
    mode: RunMode;
    /** Values for the campaign's `param`s (text, converted to the declared type). */
    params?: Record<string, string>;
    /** The run's clock: `now()`, `today()`, incremental windows and message timestamps. Default: the wall clock. */
    at?: Date;
    /** Rows kept per output in `previews` (default 20; 0 = none). */
    previewLimit?: number;
    onProgress?: (activity: string, status: string) => void;
    signal?: AbortSignal;
    /** A published run's identity. Default: the unfinished run of this campaign if one exists (a crashed run is resumed), else `campaign@at`. */
    runId?: string;
    /** Folder against which relative paths (`load file`, `body file`, mail extraction) resolve. Default: the campaign document's folder. */
    baseDir?: string;
    /** Text of files by absolute path (the editor's unsaved templates and CSV files), read before the disk; undefined = the disk. Default: the services' overlay. */
    readFile?: (absolutePath: string) => string | undefined;
    /** Published runs: called after each activity that wrote to the database, so the caller can save it (the CLI writes the file atomically). */
    onCheckpoint?: (activity: string) => void | Promise<void>;
}

/** A runner error: names the activity (when there is one) and the cause. */
export class RunnerError extends Error {
    constructor(message: string, readonly activity?: string, cause?: unknown) {
        super(activity ? `${activity}: ${message}` : message, cause === undefined ? undefined : { cause });
        this.name = 'RunnerError';
    }
}
