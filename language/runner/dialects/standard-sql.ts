// The parts of a dialect that standard SQL already says the same way on SQLite and PostgreSQL:
// each dialect spells out only where the engines differ and falls back to these.
import type { Dialect } from '../dialect.js';

/** Built-in functions that need no engine-specific spelling. */
export function standardCall(name: string, args: string[]): string {
    switch (name) {
        case 'iif': return `(CASE WHEN ${args[0]} THEN ${args[1]} ELSE ${args[2]} END)`;
        case 'coalesce': return args.length === 1 ? args[0] : `coalesce(${args.join(', ')})`;
        default: return `${name}(${args.join(', ')})`;
    }
}

/** Aggregates: `sum` of nothing is 0 (language.md §3), `countDistinct` is `count(DISTINCT …)`. */
export const standardAggregate: Dialect['aggregate'] = (name, value) => {
    switch (name) {
        case 'count': return 'count(*)';
        case 'sum': return `coalesce(sum(${value}), 0)`;
        case 'countDistinct': return `count(DISTINCT ${value})`;
        default: return `${name}(${value})`;
    }
};

export const standardRowNumber: Dialect['rowNumber'] = (partitionBy, orderBy) =>
    `row_number() OVER (${partitionBy.length > 0 ? `PARTITION BY ${partitionBy.join(', ')} ` : ''}ORDER BY ${orderBy.join(', ')})`;
