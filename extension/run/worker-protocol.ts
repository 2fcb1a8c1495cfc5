// Messages between the extension host and the run worker (dist/run-worker.cjs). The worker
// parses the workspace with its own Langium services and drives sql.js, so a long run never
// blocks the extension host; cancelling kills the worker process.
import type { RowsPreview, RunOverlay } from '../../webview/protocol.js';

/** What every job needs to see the campaign as the editor does. */
export interface JobWorkspace {
    /** Folders whose `.campaign` files form the workspace (VS Code's folder of the file). */
    readonly roots: readonly string[];
    /** The file the campaign is in (absolute path). */
    readonly file: string;
    /** Text of open documents with unsaved changes, by absolute path: runs see what the editor shows. */
    readonly overrides: Readonly<Record<string, string>>;
    /** Unsaved text of the other open files under the roots (templates, CSV data files), by absolute path: runs read them before the disk. */
    readonly files?: Readonly<Record<string, string>>;
    /** The `campaignStudio.database` setting resolved to an absolute path, if set. */
    readonly database?: string;
}

export type WorkerJob =
    | ({ readonly kind: 'run'; readonly campaign: string; readonly mode: 'test' | 'publish'; /** Test runs: stop after this activity. */ readonly upTo?: string } & JobWorkspace)
    | ({ readonly kind: 'previewRows'; readonly campaign: string; readonly ref: string; readonly limit: number } & JobWorkspace)
    | ({ readonly kind: 'sql'; readonly campaign: string; readonly activity?: string } & JobWorkspace)
    | ({ readonly kind: 'schedule'; readonly campaign: string; readonly count: number } & JobWorkspace)
    | { readonly kind: 'importSchema'; readonly database: string };

export interface JobResults {
    run: RunOverlay;
    previewRows: RowsPreview;
    sql: { readonly campaign: string; readonly sql: string };
    schedule: { readonly campaign: string; readonly description: string; readonly next: readonly string[] };
    importSchema: { readonly database: string; readonly text: string };
}

export type WorkerMessage =
    | { readonly type: 'progress'; readonly message: string; readonly done?: number; readonly total?: number }
    | { readonly type: 'log'; readonly message: string }
    | { readonly type: 'result'; readonly result: JobResults[keyof JobResults] }
    | { readonly type: 'error'; readonly message: string };
