import type { Activity, Campaign, Entity } from '../generated/ast.js';
import type { SqlType } from './compiler/model.js';
import type { Dialect } from './dialect.js';
import type { ParamTable } from './sql.js';
import type { FileReader } from './compile.js';

/**
 * A compiled campaign: one step per activity, in an order where every input comes first. Each
 * step holds the SQL that materialises its worktables (the dimension key `cs_key` plus the
 * columns added upstream); values are bound parameters in the plan's table.
 */
export interface CampaignPlan {
    readonly campaign: string;
    readonly dialect: Dialect;
    readonly params: ParamTable;
    readonly steps: PlanStep[];
    /** The run's identity (`campaign@at` unless given), bound into the statements that record state. */
    readonly runId: string;
    readonly at: Date;
    readonly node: Campaign;
    /** Folder of relative paths (`load file`, `body file`, mail extractions). */
    readonly baseDir: string;
    /** The editor's texts of files, read before the disk (CompileOptions.readFile). */
    readonly readFile?: FileReader;
}

/** A column that a worktable carries besides the key (enrichment, file and numbered `take` columns). */
export interface WorktableColumn {
    readonly name: string;
    readonly type: SqlType;
}

/** A `take N` list carried for templates: its numbered columns are `name{i}_{field}`. */
export interface TakeListInfo {
    readonly name: string;
    readonly count: number;
    readonly fields: readonly string[];
}

export interface PlanOutput {
    /** As written in `from` clauses: `a` or `a.out`. */
    readonly ref: string;
    /** The worktable, or the input's worktable for outputs that pass a population on unchanged. */
    readonly table: string;
    readonly entity?: Entity;
    readonly columns: readonly WorktableColumn[];
    readonly lists: readonly TakeListInfo[];
    /** An empty result still fires (false only for an audience without `keepEmpty`, and `skipEmpty` segments). */
    readonly fireWhenEmpty: boolean;
}

export type StepKind = 'sql' | 'load' | 'test' | 'channel' | 'alert' | 'end' | 'pass';

export interface PlanStep {
    readonly activity: string;
    readonly keyword: string;
    readonly node: Activity;
    /** Output references read, in the order of the `from` clause (exclude: `from` first, then `minus`). */
    readonly inputs: string[];
    /** How inputs must have fired: all (join), the first (exclude), any (the rest). */
    readonly fires: 'all' | 'first' | 'any';
    readonly outputs: PlanOutput[];
    /** Statements that build the worktables, in order. */
    readonly sql: string[];
    /** Statements that record state in a published run only (saved audiences, incremental state). */
    readonly publishSql: string[];
    readonly disabled: boolean;
    readonly pause: boolean;
    /** The branch's virtual clock at this activity (waits move it forward). */
    readonly clock: Date;
    readonly kind: StepKind;
    /** Kind-specific details that the executor needs. */
    readonly detail?: unknown;
}

/** `load`: the CSV is read and inserted at run time. */
export interface LoadDetail {
    readonly path: string;
    readonly columns: ReadonlyArray<{ readonly name: string; readonly type: SqlType; readonly header: string; readonly optional: boolean; readonly enumValues?: readonly string[] }>;
    readonly maxErrors: number;
    readonly table: string;
}

/** `test`: one query picks the index of the first matching case (-1: none). */
export interface TestDetail {
    readonly chooseSql: string;
    readonly outputs: readonly string[];
}

export interface AlertDetail {
    readonly title?: string;
    readonly message?: string;
}

export interface EndDetail {
    readonly signal?: string;
    /** `SELECT arg1, arg2…` evaluated once; names in order. */
    readonly argsSql?: string;
    readonly argNames: readonly string[];
}

/** Counts reported in the log after a step (unmatched rows of reconcile and change). */
export interface CountDetail {
    readonly unmatchedSql?: string;
    /** The first unmatched rows: the input's key, then one column per match value (`m0`, `m1`…). */
    readonly unmatchedRowsSql?: string;
    /** What the key is called in the log: `line` for a file's rows, else the input entity's key field. */
    readonly unmatchedKey?: string;
    /** The match values' names (reconcile: the entity fields matched), in the order of the `m` columns. */
    readonly unmatchedValues?: readonly string[];
}

export interface TemplateSource {
    readonly text: string;
    readonly isFile: boolean;
}

export interface ChannelDetail {
    readonly channel: 'email' | 'sms' | 'push' | 'mail';
    readonly category: 'marketing' | 'transactional';
    readonly entity: string;
    readonly candidates: string;
    readonly subject?: TemplateSource;
    readonly title?: TemplateSource;
    readonly body?: TemplateSource;
    /** Rows to message: cs_key, cs_secondary, cs_address, carried columns, and one `cs_t<n>` per template path. */
    readonly messagesSql: string;
    /** Template path (`store.city`) → column of `messagesSql`. */
    readonly pathColumns: ReadonlyMap<string, string>;
    /** `SELECT` of every `$variable` the templates use, in the order of `variableNames`. */
    readonly variablesSql?: string;
    readonly variableNames: readonly string[];
    readonly lists: readonly TakeListInfo[];
    /** `mail`: the extraction's header and the column of each field. */
    readonly mailFields: ReadonlyArray<{ readonly header: string; readonly column: string }>;
    /** One row, in one scan of the candidates: messages, rows without an address, rows without consent. */
    readonly countsSql: string;
}
