import {
    isCampaignParam, isCampaignVar,
    type Campaign, type CampaignParam, type CampaignVar, type Expression
} from '../../generated/ast.js';
import type { Dialect, StoredDateOperator } from '../dialect.js';
import type { Compiled } from './context.js';
import { safe } from './model.js';

/**
 * Comparisons of a stored date or date-time field with a bound that is the same for every row
 * (`purchasedAt >= daysAgo(365)`). Read through `datetime()` on every row, such a comparison costs
 * more than the scan itself; the dialect may instead compare the stored text by ranges and call
 * `datetime()` only near the bound (`Dialect.compareStoredDate`, README "Decisions: Dates").
 * Only row-independent bounds qualify: SQLite computes their range ends once per statement.
 */

/** The stored column of a date or date-time field read on this row (`e."purchasedAt"`). */
const storedColumns = new WeakMap<Compiled, string>();

/** Remembers that `value` is a field of the row read through `date()` / `datetime()` of `column`. */
export function markStoredDate(value: Compiled, column: string): Compiled {
    storedColumns.set(value, column);
    return value;
}

/** The stored column behind a compiled field value (kept through a date-to-date-time coercion). */
export function storedDateColumn(value: Compiled): string | undefined {
    return storedColumns.get(value);
}

/** Values of filter arguments that are row-independent (`recent(daysAgo(30))`). */
const independentValues = new WeakSet<Compiled>();

/** Remembers that a compiled value (a filter's argument) is the same on every row. */
export function markRowIndependent(value: Compiled): Compiled {
    independentValues.add(value);
    return value;
}

export function isRowIndependent(value: Compiled): boolean {
    return independentValues.has(value);
}

/** The language's comparison operator as the dialect's, with the sides swapped when the field is on the right. */
function operatorFor(operator: string, fieldOnLeft: boolean): StoredDateOperator | undefined {
    const sql = operator === '!=' ? '<>' : operator;
    if (fieldOnLeft) return isOperator(sql) ? sql : undefined;
    const swapped: Record<string, StoredDateOperator> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' };
    return swapped[sql];
}

function isOperator(op: string): op is StoredDateOperator {
    return ['<', '<=', '>', '>=', '=', '<>'].includes(op);
}

/**
 * `left operator right` through the dialect's range comparison, when one side is a stored date
 * field of the row and the other a row-independent date or date-time; undefined otherwise.
 * `exact` is the comparison as compiled (`datetime(x) >= bound`), which the range form keeps for
 * the rows near the bound and for values that are not ISO text.
 */
export function storedDateComparison(
    dialect: Dialect, campaign: Campaign, operator: string,
    left: { e: Expression; c: Compiled }, right: { e: Expression; c: Compiled }, exact: string
): string | undefined {
    if (!dialect.compareStoredDate) return undefined;
    for (const [field, bound, fieldOnLeft] of [[left, right, true], [right, left, false]] as const) {
        const column = storedDateColumn(field.c);
        if (!column || field.c.type !== bound.c.type || (bound.c.type !== 'date' && bound.c.type !== 'datetime')) continue;
        if (!independentValues.has(bound.c) && !rowIndependent(bound.e, campaign)) continue;
        const op = operatorFor(operator, fieldOnLeft);
        if (!op) return undefined;
        return dialect.compareStoredDate(column, op, bound.c.sql, exact);
    }
    return undefined;
}

/** Calls whose value depends only on their arguments and the run's clock. */
const CLOCK_CALLS = new Set(['now', 'today', 'daysAgo', 'monthsAgo', 'yearsAgo', 'addDays', 'addMonths']);

/**
 * True when an expression has the same value on every row: literals, `$` variables and
 * parameters, the clock, and date arithmetic on those. Anything else (a field, a filter argument,
 * an aggregate, a user's filter) is not.
 */
export function rowIndependent(e: Expression, campaign: Campaign, depth = 0): boolean {
    // A variable defined through itself is an error elsewhere; here it is simply not independent.
    if (depth > 32) return false;
    switch (e.$type) {
        case 'IntLiteral': case 'DecimalLiteral': case 'StringLiteral': case 'BoolLiteral': case 'NullLiteral':
        case 'DateLiteral': case 'DateTimeLiteral': case 'TimeLiteral':
            return true;
        case 'Negation':
            return rowIndependent(e.operand, campaign, depth + 1);
        case 'ArithmeticExpression':
            return rowIndependent(e.left, campaign, depth + 1) && rowIndependent(e.right, campaign, depth + 1);
        case 'VariableReference': {
            const name = e.variable.$refText;
            const ref = safe(() => e.variable.ref);
            const member = (isCampaignVar(ref) || isCampaignParam(ref)) ? ref
                : campaign.members.find((m): m is CampaignVar | CampaignParam => (isCampaignVar(m) || isCampaignParam(m)) && m.name === name);
            if (!member) return false;
            if (isCampaignVar(member)) return rowIndependent(member.value, campaign, depth + 1);
            return !member.default || rowIndependent(member.default, campaign, depth + 1);
        }
        case 'CallExpression':
            return CLOCK_CALLS.has(e.callee.$refText) && e.arguments.every(a => rowIndependent(a, campaign, depth + 1));
        default:
            return false;
    }
}
