// setOption: replaces exactly one part's text, inserts it where the grammar wants it, or removes it.
// Head parts (`where`, `keep`, `for` …) sit in the statement; options sit in the block, which is
// created when missing. Only the part's own text changes.
import { GrammarUtils, type AstNode } from 'langium';
import type { SplitSegment } from '../../generated/ast.js';
import type { SetOptionEdit, TextEdit } from '../../protocol.js';
import { findPartSpec, lastPropertyNode, locatePart, partSpecs, type HeadPartSpec, type OptionPartSpec } from '../parts.js';
import { activityOrRefuse, deleteSpan, done, eol, indentAt, insert, isResult, lineEnd, refuse, replace, type EditContext, type EditResult } from './edit-context.js';

const EXCLUSIVE: Readonly<Record<string, string>> = { 'WaitActivity.for': 'until', 'WaitActivity.until': 'for' };

export function setOption(ctx: EditContext, edit: SetOptionEdit): EditResult {
    const activity = activityOrRefuse(ctx, edit.activity);
    if (isResult(activity)) return activity;
    let owner: AstNode = activity;
    if (edit.segment !== undefined) {
        const segment = activity.$type === 'SplitActivity'
            ? activity.options.find((o): o is SplitSegment => o.$type === 'SplitSegment' && o.name === edit.segment)
            : undefined;
        if (!segment) return refuse('not-found', `'${edit.activity}' has no segment '${edit.segment}'.`);
        owner = segment;
    }
    const spec = findPartSpec(owner, edit.key, edit.segment !== undefined);
    if (!spec) {
        const keys = partSpecs(owner, edit.segment !== undefined).map(s => s.key).join(', ');
        return refuse('invalid', `'${edit.key}' is not an option of '${edit.segment ?? edit.activity}' (${keys}).`);
    }
    const value = edit.value?.trim() ?? null;
    if (value !== null && value.length === 0 && !(spec.place === 'option' && spec.flag)) {
        return refuse('invalid', `'${edit.key}' needs a value.`);
    }
    if (value !== null && /[{}]/.test(value.replace(/"(?:[^"\\]|\\.)*"/g, ''))) {
        return refuse('invalid', `A value for '${edit.key}' cannot contain braces.`);
    }
    const text = spec.place === 'option' && spec.flag ? spec.keyword : `${spec.keyword} ${value}`;
    const at = locatePart(owner, spec);
    if (at) {
        if (value === null) {
            if (spec.place === 'head' && spec.required) return refuse('invalid', `'${edit.key}' is required.`);
            return done([spec.place === 'head' ? removeHead(ctx, at.start, at.end) : removeOption(ctx, owner, at.start, at.end)]);
        }
        return done(at.start === at.end ? [] : [replace(ctx, at.start, at.end, text)]);
    }
    if (value === null) return done([]);
    // `wait … for 3 days` or `wait … until <date>`: setting one replaces the other.
    const partner = EXCLUSIVE[`${owner.$type}.${spec.key}`];
    const partnerSpec = partner ? findPartSpec(owner, partner) : undefined;
    const partnerAt = partnerSpec && locatePart(owner, partnerSpec);
    if (partnerAt) return done([replace(ctx, partnerAt.start, partnerAt.end, text)]);
    return done([spec.place === 'head' ? insertHead(ctx, owner, spec, text) : insertOption(ctx, owner, spec, text)]);
}

/** A head part goes with the space before it: ` where x`. */
function removeHead(ctx: EditContext, start: number, end: number): TextEdit {
    const before = /\s*$/.exec(ctx.text.slice(0, start))![0];
    return replace(ctx, start - before.length, end, '');
}

function insertHead(ctx: EditContext, owner: AstNode, spec: HeadPartSpec, text: string): TextEdit {
    for (const anchor of [...spec.after, 'name']) {
        const node = lastPropertyNode(owner, anchor);
        if (node) return insert(ctx, node.end, ` ${text}`);
    }
    return insert(ctx, owner.$cstNode!.end, ` ${text}`);
}

function optionsOf(owner: AstNode): AstNode[] {
    return 'options' in owner ? (owner as unknown as { options: AstNode[] }).options : [];
}

/** The last option leaves with its (single-line) block: ` { keepEmpty }` goes whole. */
function removeOption(ctx: EditContext, owner: AstNode, start: number, end: number): TextEdit {
    if (optionsOf(owner).length === 1) {
        const open = GrammarUtils.findNodeForKeyword(owner.$cstNode, '{');
        const close = GrammarUtils.findNodesForKeyword(owner.$cstNode, '}').pop();
        if (open && close && !ctx.text.slice(open.end, close.offset).includes('\n')) {
            const before = /[ \t]*$/.exec(ctx.text.slice(0, open.offset))![0];
            return replace(ctx, open.offset - before.length, close.end, '');
        }
    }
    return deleteSpan(ctx, start, end);
}

function insertOption(ctx: EditContext, owner: AstNode, _spec: OptionPartSpec, text: string): TextEdit {
    const cst = owner.$cstNode!;
    const open = GrammarUtils.findNodeForKeyword(cst, '{');
    const close = GrammarUtils.findNodesForKeyword(cst, '}').pop();
    if (!open || !close) return insert(ctx, cst.end, ` { ${text} }`);
    const options = optionsOf(owner);
    const last = options[options.length - 1]?.$cstNode;
    if (!last) return replace(ctx, open.offset, close.end, `{ ${text} }`);
    const multiLine = ctx.text.slice(open.end, close.offset).includes('\n');
    if (multiLine && lineEnd(ctx.text, last.end) !== lineEnd(ctx.text, close.offset)) {
        // After the last option's line (and its trailing comment), at the last option's indentation.
        return insert(ctx, lineEnd(ctx.text, last.end), `${eol(ctx.text)}${indentAt(ctx.text, last.offset)}${text}`);
    }
    return insert(ctx, last.end, `; ${text}`);
}
