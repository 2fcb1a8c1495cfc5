import type { Campaign, Entity, Model } from '../../generated/ast.js';
import type { Dialect } from '../dialect.js';
import type { ParamTable, ParamValue } from '../sql.js';
import type { RunMode } from '../types.js';
import type { SqlType } from './model.js';

/** A compiled expression: SQL text (with parameter markers) and the runner's type of its value. */
export interface Compiled {
    readonly sql: string;
    readonly type: SqlType;
}

/** A row of an entity: directly in the FROM clause (`alias`), or reached through links (`key` only). */
export interface RowRef {
    readonly entity: Entity;
    readonly alias?: string;
    /** SQL of the row's key. */
    readonly key: string;
}

/** What names mean at one point of an expression. */
export interface Scope {
    /** The population's entity row (absent for rows of a loaded file). */
    readonly row?: RowRef;
    /** Columns the worktable row carries (enrichment, file, numbered `take` columns). */
    readonly columns?: { readonly alias: string; readonly names: ReadonlyMap<string, SqlType> };
    /** Parameters of the filter being expanded. */
    readonly filterArgs?: ReadonlyMap<string, Compiled>;
    /** A bare `count` (inside a test: the inbound row count). */
    readonly count?: string;
    /** `SELECT cs_key FROM worktable`: the keys of the population, to compute collections for these rows only. */
    readonly keys?: string;
    /** Whether `keys` reads a keyed worktable (integers, once each, never NULL). */
    readonly keysKeyed?: boolean;
    /** Rows of the built-in `messages` collection (the outbox). */
    readonly messages?: boolean;
    /** The run's clock at this activity, as bound values. */
    readonly now: string;
    readonly today: string;
}

export class CompileContext {
    private aliases = 0;
    /**
     * Entities whose key is their table's INTEGER PRIMARY KEY (found by the runner in the
     * database's schema): each key once, never NULL, an integer. Their populations become keyed
     * worktables.
     */
    keyedEntities: ReadonlySet<string> = new Set();
    /** Worktables created keyed (one integer row per key, no NULL key), so `IN (SELECT key …)` reads their key. */
    readonly keyedTables = new Set<string>();

    constructor(
        readonly dialect: Dialect,
        readonly params: ParamTable,
        readonly campaign: Campaign,
        readonly models: Model[],
        readonly runParams: Readonly<Record<string, string>>,
        readonly runId: string,
        readonly mode: RunMode,
        readonly seed: number
    ) {}

    q(identifier: string): string {
        return this.dialect.quote(identifier);
    }

    bind(value: ParamValue): string {
        return this.params.bind(value);
    }

    alias(prefix = 't'): string {
        return `${prefix}${++this.aliases}`;
    }
}

/** The worktable of an output reference: `cs_wt_a`, `cs_wt_s__vip`. */
export function worktableName(ref: string): string {
    return `cs_wt_${ref.replace('.', '__')}`;
}

/** The key column of every worktable. The `cs_` prefix is the runner's: a user column of that name would clash. */
export const KEY = 'cs_key';
