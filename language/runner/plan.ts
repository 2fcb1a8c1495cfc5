import type { Activity, Campaign, Entity } from '../generated/ast.js';
import type { Population } from '../typing/population.js';
import type { Dialect } from './dialect.js';
import type { ParamTable } from './sql.js';

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
}

/** A column that a worktable carries besides the key (enrichment, file and numbered `take` columns). */
export interface WorktableColumn {
    readonly name: string;
}

export interface PlanOutput {
    /** As written in `from` clauses: `a` or `a.out`. */
    readonly ref: string;
    /** The worktable, or the input's worktable for outputs that pass a population on unchanged. */
    readonly table: string;
    readonly entity?: Entity;
    readonly columns: readonly WorktableColumn[];
    readonly population?: Population;
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
