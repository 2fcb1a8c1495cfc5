import type { SqlValue } from 'sql.js';

/**
 * SQL text with bound parameters. Compiled SQL never contains a literal value: each value is a
 * marker (`\uE000<id>\uE001`) that points into the plan's parameter table, and a dialect renders
 * markers as its own placeholders (`?` or `$n`) in the order they appear, so that dialect
 * functions may reorder or repeat their arguments freely.
 */

export type ParamValue = SqlValue | boolean;

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000(\d+)\uE001/g;

export class ParamTable {
    readonly values: ParamValue[] = [];

    bind(value: ParamValue): string {
        this.values.push(value);
        return `${OPEN}${this.values.length - 1}${CLOSE}`;
    }
}

export interface RenderedSql {
    sql: string;
    params: SqlValue[];
}

/** Replaces markers by placeholders (`placeholder(n)`, n from 1) and collects the values in order. */
export function renderSql(text: string, table: ParamTable, placeholder: (n: number) => string, toValue: (v: ParamValue) => SqlValue): RenderedSql {
    const params: SqlValue[] = [];
    const sql = text.replace(MARKER, (_m, id: string) => {
        params.push(toValue(table.values[Number(id)]));
        return placeholder(params.length);
    });
    return { sql, params };
}

/** Replaces markers by literals, for people reading the SQL (`campaign sql`); never executed. */
export function inlineSql(text: string, table: ParamTable, literal: (v: ParamValue) => string): string {
    return text.replace(MARKER, (_m, id: string) => literal(table.values[Number(id)]));
}

export function containsMarker(text: string): boolean {
    return text.includes(OPEN) || text.includes(CLOSE);
}
