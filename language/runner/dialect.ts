import type { SqlValue } from 'sql.js';
import type { ParamValue } from './sql.js';

/** Comparison operators as SQL spells them, for `Dialect.compareStoredDate`. */
export type StoredDateOperator = '<' | '<=' | '>' | '>=' | '=' | '<>';

/**
 * Everything the compiler needs to know about a SQL engine. The compiler builds plain SQL text
 * from these pieces and never writes engine-specific syntax itself, so that a server engine
 * (PostgreSQL) runs the same plan. Arguments and results are SQL expression texts (which may
 * contain parameter markers); values are always bound, never inlined.
 */
export interface Dialect {
    readonly name: string;

    // ---- names and values
    /** A quoted identifier; embedded quotes are doubled, so any name is safe. */
    quote(identifier: string): string;
    /** The placeholder of the n-th bound parameter (from 1). */
    placeholder(n: number): string;
    /** How a bound value is passed to the driver (booleans, for instance). */
    toValue(value: ParamValue): SqlValue;
    /** A literal for display only (`campaign sql`); never executed. */
    displayLiteral(value: ParamValue): string;
    /** Statements run once per connection before a run (case-sensitive `like`, …). */
    sessionSetup(): string[];

    // ---- tables
    /** Creates a worktable from a query. Worktables are temporary: never written back. */
    createTableAs(table: string, select: string): string;
    /**
     * Optional: a worktable stored by its key (the first column), for a select that yields each
     * key once, never NULL, always an integer; `IN (SELECT key …)` then reads the table itself
     * instead of building an index per statement. Dialects without it use `createTableAs`.
     */
    createKeyedTable?(table: string, columns: readonly string[], select: string): string[];
    dropTable(table: string): string;
    /** An index on a worktable (temporary tables computed for a statement). */
    createIndex(name: string, table: string, columns: string[]): string;
    /** `INSERT … SELECT` that skips rows violating a unique constraint (exactly-once writes). */
    insertIgnore(table: string, columns: string[], select: string): string;
    /** `INSERT … SELECT … ON CONFLICT (conflict) DO UPDATE SET` each update column to the new value. */
    upsertSelect(table: string, columns: string[], select: string, conflict: string[], update: string[]): string;
    /** `INSERT … VALUES … ON CONFLICT (conflict) DO UPDATE SET update columns`. */
    upsert(table: string, columns: string[], values: string[], conflict: string[], update: string[]): string;
    /** Column types for runner tables. */
    readonly types: { integer: string; real: string; text: string; key: string };

    // ---- expressions
    /** Boolean constants as the engine compares them. */
    readonly trueValue: string;
    readonly falseValue: string;
    /** A condition's value as a non-null boolean (two-valued logic: NULL becomes false). */
    truth(condition: string): string;
    /** Decimal division (int / int is not truncated). */
    divide(a: string, b: string): string;
    concat(a: string, b: string): string;
    /** Case-sensitive `like` (language.md §3). */
    like(value: string, pattern: string): string;
    contains(value: string, part: string): string;
    startsWith(value: string, prefix: string): string;
    /** Text that is NULL or "". */
    isEmptyText(value: string): string;
    /** A deterministic pseudo-random number in [0, 1) for a row key and a seed (seeded samples). */
    seededRandom(key: string, seed: string): string;
    /** Normalised date (`YYYY-MM-DD`) and date-time (`YYYY-MM-DD HH:MM:SS`) of a stored value. */
    date(value: string): string;
    datetime(value: string): string;
    /**
     * Optional: `exact` (a stored date field read through `date()` / `datetime()`, compared with a
     * row-independent `bound`) rewritten to compare the stored text by ranges, calling the date
     * function only near the bound; the same value as `exact` for every ISO value. Dialects
     * without it (PostgreSQL) keep `exact`. See compiler/date-ranges.ts.
     */
    compareStoredDate?(stored: string, operator: StoredDateOperator, bound: string, exact: string): string;
    addDays(value: string, days: string, isDate: boolean): string;
    addMonths(value: string, months: string, isDate: boolean): string;
    addSeconds(value: string, seconds: string): string;
    daysDiff(a: string, b: string): string;
    yearsBetween(birth: string, now: string): string;
    datePart(part: 'year' | 'month' | 'day' | 'weekday', value: string): string;
    /** Functions that exist under other names or shapes; `name` is the language's. */
    call(name: string, args: string[]): string;
    /** `count(*)`-style aggregate over a subquery's rows; empty `sum` is 0 as `count` is. */
    aggregate(name: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'countDistinct', value: string | undefined): string;
    /** Row numbering within partitions, for split limits and dedupe. */
    rowNumber(partitionBy: string[], orderBy: string[]): string;
    /**
     * An entity key as the runner tables store keys (`types.key`), to compare it with their key
     * columns (`recipient_key`, `item_key`): unchanged on SQLite, text on PostgreSQL.
     */
    asKey(value: string): string;
    /** Integer floor of a number (percent limits are rounded down). */
    floor(value: string): string;
}
