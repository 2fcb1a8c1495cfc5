// What every graph edit works with: the document, its text, the campaign, and helpers that turn
// offsets into minimal LSP text edits that leave the surrounding comments and layout alone.
import type { LangiumDocument } from 'langium';
import type { Activity, Campaign, Model } from '../../generated/ast.js';
import type { ApplyGraphEdit, TextEdit } from '../../protocol.js';
import { findActivity, rangeOf } from '../source.js';

export interface EditContext {
    readonly document: LangiumDocument<Model>;
    readonly text: string;
    readonly campaign: Campaign;
}

export type EditResult = ApplyGraphEdit.Result;

export const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'except', 'in', 'is', 'like', 'contains', 'starts', 'exists', 'true', 'false', 'null']);

export function refuse(reason: 'not-found' | 'invalid', message: string): EditResult {
    return { ok: false, reason, message };
}

export function done(edits: TextEdit[], select?: string): EditResult {
    return { ok: true, edits, ...(select !== undefined ? { select } : {}) };
}

export function activityOrRefuse(ctx: EditContext, name: string): Activity | EditResult {
    return findActivity(ctx.campaign, name) ?? refuse('not-found', `No activity '${name}' in campaign '${ctx.campaign.name}'.`);
}

export function isResult(value: unknown): value is EditResult {
    return typeof value === 'object' && value !== null && 'ok' in value;
}

export function replace(ctx: EditContext, start: number, end: number, newText: string): TextEdit {
    return { range: rangeOf(ctx.document, start, end), newText };
}

export function insert(ctx: EditContext, offset: number, newText: string): TextEdit {
    return replace(ctx, offset, offset, newText);
}

export function lineStart(text: string, offset: number): number {
    return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line's text: before its `\n`, or before its `\r\n`. */
export function lineEnd(text: string, offset: number): number {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** The document's line break, so inserted lines match (Windows files keep `\r\n`). */
export function eol(text: string): string {
    return text.includes('\r\n') ? '\r\n' : '\n';
}

export function indentAt(text: string, offset: number): string {
    const start = lineStart(text, offset);
    return /^[ \t]*/.exec(text.slice(start))![0];
}

/** The end of what trails a statement on its line: spaces, an optional `;`, an optional `//` comment. */
function trailerEnd(text: string, end: number): number {
    const m = /^[ \t]*;?[ \t]*(\/\/[^\n]*)?/.exec(text.slice(end))!;
    return end + m[0].length;
}

/** Where to insert a statement after the one that ends at `end`: at the end of its line (after a trailing comment). */
export function afterStatement(text: string, end: number): number {
    const after = trailerEnd(text, end);
    return after >= text.length || text[after] === '\n' || text[after] === '\r' ? lineEnd(text, after) : end;
}

/**
 * Deletes the text of a statement or option between `start` and `end`. On its own line(s) the
 * lines go, with a trailing `;` and comment; inside a line (`{ a; b }`) one separator goes with it.
 */
export function deleteSpan(ctx: EditContext, start: number, end: number): TextEdit {
    const { text } = ctx;
    const ls = lineStart(text, start);
    const after = trailerEnd(text, end);
    const ownLine = /^[ \t]*$/.test(text.slice(ls, start)) && (after >= text.length || text[after] === '\n' || text[after] === '\r');
    if (ownLine) {
        const le = lineEnd(text, after);
        if (le < text.length) return replace(ctx, ls, le + (text[le] === '\r' ? 2 : 1), '');
        const before = ls >= 2 && text[ls - 2] === '\r' ? 2 : 1;
        return replace(ctx, Math.max(0, ls - before), le, '');
    }
    const sep = /^[ \t]*;?[ \t]*/.exec(text.slice(end))![0];
    // Followed by more on the line: take the separator after; last on the line: take the one before.
    if (sep.length > 0 && !/^[\s]*[}]/.test(text.slice(end))) return replace(ctx, start, end + sep.length, '');
    const before = /[ \t]*;?[ \t]*$/.exec(text.slice(ls, start))![0];
    return replace(ctx, start - before.length, end, '');
}
