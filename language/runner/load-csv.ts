import { parse } from 'csv-parse/sync';
import type { SqlValue } from 'sql.js';
import type { LoadDetail } from './plan.js';
import { normaliseDate, normaliseDateTime } from './compiler/expressions.js';
import { RunnerError } from './types.js';

/**
 * `load … file` (language.md §5): a CSV with a header, typed as declared. A line whose values do
 * not fit (a number that is not one, an empty value in a non-nullable column, an unknown enum
 * value, a wrong number of fields, a broken quote) is rejected and counted; more than `maxErrors`
 * rejected lines fail the activity. Parsing uses csv-parse (RFC 4180 quoting, BOM, CRLF).
 */
export interface LoadedRows {
    rows: SqlValue[][];
    rejected: Array<{ line: number; reason: string }>;
}

export function parseCsvRows(text: string, detail: LoadDetail): LoadedRows {
    const rejected: Array<{ line: number; reason: string }> = [];
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
        records = parse(text, {
            bom: true,
            info: true,
            relax_column_count: true,
            skip_empty_lines: true,
            skip_records_with_error: true,
            on_skip: (error: { message: string; lines?: number } | undefined) => {
                rejected.push({ line: error?.lines ?? 0, reason: error?.message ?? 'malformed line' });
                return undefined;
            }
        }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    } catch (error) {
        throw new RunnerError(`malformed CSV: ${(error as Error).message}`);
    }
    if (records.length === 0) throw new RunnerError(`the file is empty: a CSV needs a header line`);
    const header = records[0].record.map(h => h.trim());
    const indexes = detail.columns.map(c => {
        const i = header.indexOf(c.header);
        if (i < 0) throw new RunnerError(`the file has no column "${c.header}" (its header: ${header.map(h => `"${h}"`).join(', ')})`);
        return i;
    });
    const rows: SqlValue[][] = [];
    for (const { record, info } of records.slice(1)) {
        if (record.length !== header.length) {
            rejected.push({ line: info.lines, reason: `${record.length} fields where the header has ${header.length}` });
            continue;
        }
        const values: SqlValue[] = [info.lines];
        let reason: string | undefined;
        for (let c = 0; c < detail.columns.length && !reason; c++) {
            const column = detail.columns[c];
            const raw = record[indexes[c]];
            const converted = convert(raw, column);
            if (typeof converted === 'object' && converted !== null && 'error' in converted) reason = `${column.header}: ${converted.error}`;
            else values.push(converted as SqlValue);
        }
        if (reason) rejected.push({ line: info.lines, reason });
        else rows.push(values);
    }
    rejected.sort((a, b) => a.line - b.line);
    return { rows, rejected };
}

function convert(raw: string, column: LoadDetail['columns'][number]): SqlValue | { error: string } {
    const text = raw.trim();
    if (text === '') return column.optional || column.type === 'string' ? (column.type === 'string' && !column.optional ? '' : null) : { error: 'empty value' };
    switch (column.type) {
        case 'int':
            return /^[+-]?\d+$/.test(text) ? Number(text) : { error: `'${raw}' is not a whole number` };
        case 'decimal':
            return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : { error: `'${raw}' is not a number` };
        case 'bool': {
            const t = text.toLowerCase();
            if (['true', '1', 'yes'].includes(t)) return 1;
            if (['false', '0', 'no'].includes(t)) return 0;
            return { error: `'${raw}' is not true or false` };
        }
        case 'date':
            try { return normaliseDate(text); } catch { return { error: `'${raw}' is not a date (YYYY-MM-DD)` }; }
        case 'datetime':
            try { return normaliseDateTime(text); } catch { return { error: `'${raw}' is not a date-time` }; }
        case 'enum':
            return column.enumValues && !column.enumValues.includes(text) ? { error: `'${raw}' is not one of ${column.enumValues.join(', ')}` } : text;
        default:
            return raw;
    }
}
