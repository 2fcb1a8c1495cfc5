import type { SqlValue } from 'sql.js';
import type { CampaignServices } from '../../campaign-module.js';
import type { SqlType } from '../compiler/model.js';
import type { Dialect } from '../dialect.js';
import type { CampaignPlan } from '../plan.js';
import type { RunMode } from '../types.js';

export type Row = Record<string, SqlValue>;

/** A column of an empty worktable; the type matters to typed engines (PostgreSQL), not to SQLite. */
export interface EmptyColumn {
    readonly name: string;
    readonly type?: SqlType;
}

/**
 * What `runCampaign` needs from a database, asynchronous so that a server (PostgreSQL) drives the
 * same run as the embedded sql.js. SQL uses `?` placeholders; each engine renders them its way.
 */
export interface RunnerEngine {
    readonly dialect: Dialect;
    /** Warnings raised while opening. */
    readonly warnings: string[];
    exec(sql: string, params?: SqlValue[]): Promise<void>;
    /** Rows of one query as objects. */
    all(sql: string, params?: SqlValue[]): Promise<Row[]>;
    /** Rows of one query as arrays, in column order. */
    rows(sql: string, params?: SqlValue[]): Promise<SqlValue[][]>;
    /** The same statement for each row of values (bulk loads). */
    insertRows(sql: string, rows: SqlValue[][]): Promise<void>;
    /** Every row of a query, in order, without holding them all at once when the engine can. */
    each(sql: string, params: SqlValue[], onRow: (row: Row) => Promise<void> | void): Promise<void>;
    /** A unit of work: committed as a whole or not at all. */
    transaction(body: () => Promise<void>): Promise<void>;
    /** Creates an empty worktable, if missing (an input of a skipped branch). */
    createEmptyTable(table: string, columns: readonly EmptyColumn[]): Promise<void>;
    /** Temporary tables of this connection whose names start with the prefix. */
    tempTables(prefix: string): Promise<string[]>;
    /** Checks that the tables and columns the plan uses exist (and hold the declared types). */
    checkSchema(plan: CampaignPlan, services: CampaignServices): Promise<void>;
    /** Called before anything runs and after everything (also on failure). */
    beginRun?(mode: RunMode): Promise<void>;
    endRun?(): Promise<void>;
}

export function isRunnerEngine(value: unknown): value is RunnerEngine {
    return typeof value === 'object' && value !== null && 'dialect' in value && 'transaction' in value && 'each' in value;
}
