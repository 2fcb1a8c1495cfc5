import { AstUtils, CstUtils, isLeafCstNode, type AstNode, type LeafCstNode } from 'langium';
import type { IToken } from 'chevrotain';

/**
 * The canonical layout of a `.campaign` text (docs/formatting.md), computed as the whitespace that
 * belongs in each gap between two tokens. Working on gaps rather than on whole lines is what keeps
 * comments, multi-line strings and the author's blank lines intact, and makes the edits minimal.
 */

const INDENT = '  ';

/** A token of the text as the formatter sees it: real tokens and comments, in order. */
export interface LayoutToken {
    readonly text: string;
    readonly offset: number;
    readonly end: number;
    readonly comment?: 'line' | 'block';
    /** The CST leaf of a real token (undefined for comments). */
    readonly leaf?: LeafCstNode;
}

/** One gap to rewrite: the text from `start` to `end` (which may include a dropped `;`) becomes `text`. */
export interface LayoutEdit {
    readonly start: number;
    readonly end: number;
    readonly text: string;
}

export interface LayoutOptions {
    /** Drop the optional `;` separators (the canonical form) or keep them where the author wrote them. */
    readonly dropSemicolons: boolean;
}

/** Node types whose `(` sticks to the word before it: `lower(x)`, `@optin(email)`, `filter f(min: int)`. */
const CALL_LIKE = new Set(['CallExpression', 'Annotation', 'Filter']);
const NO_SPACE_BEFORE = new Set([',', ';', ')', '.', ']', '[', '?', ':']);
const NO_SPACE_AFTER = new Set(['(', '.', '$', '@', '[']);

export function layoutEdits(root: AstNode, text: string, tokens: IToken[], hidden: IToken[], options: LayoutOptions): LayoutEdit[] {
    const stream = layoutTokens(root, tokens, hidden).filter(t => !(options.dropSemicolons && !t.comment && t.text === ';'));
    const statementStarts = new Set<number>();
    const inlineBraces = new Set<number>();
    collectStructure(root, text, statementStarts, inlineBraces);

    const edits: LayoutEdit[] = [];
    const openBlocks: number[] = [];   // offsets of the block `{` still open
    let depth = 0;
    let previous: LayoutToken | undefined;
    for (let i = 0; i <= stream.length; i++) {
        const next = stream[i];
        const start = previous ? previous.end : 0;
        const end = next ? next.offset : text.length;
        const original = text.substring(start, end);
        const newlines = countNewlines(original);
        let gap: string;
        if (!next) {
            gap = previous ? '\n' : '';
        } else if (!previous) {
            gap = '';
        } else if (next.comment) {
            if (newlines === 0 && previous.comment !== 'line') {
                gap = ' ';
            } else {
                const statementLevel = nextRealIsStatementLevel(stream, i, statementStarts, inlineBraces);
                gap = lineBreak(newlines, previous, inlineBraces) + INDENT.repeat(depth + (statementLevel ? 0 : 1));
            }
        } else if (next.text === '}' && !inlineBraces.has(openBlocks[openBlocks.length - 1] ?? -1)) {
            gap = previous.text === '{' && !previous.comment ? '' : '\n' + INDENT.repeat(Math.max(depth - 1, 0));
        } else if (statementStarts.has(next.offset)) {
            gap = lineBreak(newlines, previous, inlineBraces) + INDENT.repeat(depth);
        } else {
            const space = spacing(previous, next, inlineBraces);
            if (previous.comment === 'line' || (newlines > 0 && space === ' ' && next.text !== '{')) {
                gap = '\n' + INDENT.repeat(depth + 1);
            } else {
                gap = space;
            }
        }
        if (gap !== original) edits.push({ start, end, text: gap });
        // Trailing spaces belong to a line comment's token; they are whitespace all the same.
        if (next?.comment === 'line' && next.text !== next.text.trimEnd()) {
            edits.push({ start: next.offset + next.text.trimEnd().length, end: next.end, text: '' });
        }
        if (next && !next.comment) {
            if (next.text === '{') {
                openBlocks.push(next.offset);
                if (!inlineBraces.has(next.offset)) depth++;
            } else if (next.text === '}' && openBlocks.length > 0) {
                const open = openBlocks.pop()!;
                if (!inlineBraces.has(open)) depth = Math.max(depth - 1, 0);
            }
        }
        previous = next;
    }
    return edits;
}

/** Real tokens joined with the comments, in text order, each real token with its CST leaf. */
function layoutTokens(root: AstNode, tokens: IToken[], hidden: IToken[]): LayoutToken[] {
    const leaves = new Map<number, LeafCstNode>();
    if (root.$cstNode) {
        for (const node of CstUtils.streamCst(root.$cstNode)) {
            if (isLeafCstNode(node) && !node.hidden) leaves.set(node.offset, node);
        }
    }
    const result: LayoutToken[] = [
        ...tokens.map(t => ({ text: t.image, offset: t.startOffset, end: t.startOffset + t.image.length, leaf: leaves.get(t.startOffset) })),
        ...hidden.map(t => ({
            text: t.image, offset: t.startOffset, end: t.startOffset + t.image.length,
            comment: t.image.startsWith('//') ? 'line' as const : 'block' as const
        }))
    ];
    return result.sort((a, b) => a.offset - b.offset);
}

/**
 * Where statements start (each goes on its own line) and which braces stay on one line: an enum
 * written on one line stays `{ a, b }`; every other block holds one statement per line.
 */
function collectStructure(root: AstNode, text: string, statementStarts: Set<number>, inlineBraces: Set<number>): void {
    const multilineEnums = new Set<AstNode>();
    for (const node of AstUtils.streamAst(root)) {
        if (node.$type === 'Enum' && node.$cstNode) {
            const open = firstKeyword(node, '{');
            const inside = open ? text.substring(open.end, node.$cstNode.end) : '';
            if (/\n|\/\/|\/\*/.test(inside)) multilineEnums.add(node);
            else if (open) inlineBraces.add(open.offset);
        }
        if (isStatement(node, multilineEnums)) {
            const first = firstLeaf(node);
            if (first) statementStarts.add(first.offset);
        }
    }
}

function isStatement(node: AstNode, multilineEnums: Set<AstNode>): boolean {
    const container = node.$container;
    if (!container) return false;
    switch (node.$containerProperty) {
        case 'elements':
        case 'databases':
        case 'builtins':
        case 'members':
        case 'options':
            return true;
        case 'fields':
            return container.$type === 'Entity' || container.$type === 'Take';
        case 'values':
            return container.$type === 'Enum' && multilineEnums.has(container);
        default:
            return false;
    }
}

function firstLeaf(node: AstNode): LeafCstNode | undefined {
    if (!node.$cstNode) return undefined;
    for (const cst of CstUtils.streamCst(node.$cstNode)) {
        if (isLeafCstNode(cst) && !cst.hidden) return cst;
    }
    return undefined;
}

function firstKeyword(node: AstNode, keyword: string): LeafCstNode | undefined {
    if (!node.$cstNode) return undefined;
    for (const cst of CstUtils.streamCst(node.$cstNode)) {
        if (isLeafCstNode(cst) && !cst.hidden && cst.text === keyword) return cst;
    }
    return undefined;
}

/** The spacing inside a statement: none around `.`, after `(` and before `,`; one space elsewhere. */
function spacing(previous: LayoutToken, next: LayoutToken, inlineBraces: Set<number>): '' | ' ' {
    if (previous.comment) return ' ';
    if (NO_SPACE_BEFORE.has(next.text)) return '';
    if (NO_SPACE_AFTER.has(previous.text)) return '';
    if (previous.text === '-' && previous.leaf?.astNode.$type === 'Negation') return '';
    if (next.text === '(' && next.leaf) {
        const type = next.leaf.astNode.$type;
        if (CALL_LIKE.has(type)) return '';
        if (type === 'Preference' && previous.text !== 'order') return '';
    }
    if (previous.text === '{' && !inlineBraces.has(previous.offset) && next.text === '}') return '';
    return ' ';
}

/** One line break, or two where the author left a blank line — never right after `{`. */
function lineBreak(newlines: number, previous: LayoutToken, inlineBraces: Set<number>): string {
    const afterOpen = !previous.comment && previous.text === '{' && !inlineBraces.has(previous.offset);
    return newlines >= 2 && !afterOpen ? '\n\n' : '\n';
}

/** Newlines in the original gap (a line comment does not include its own line end, so it is counted here). */
function countNewlines(gap: string): number {
    let count = 0;
    for (const ch of gap) if (ch === '\n') count++;
    return count;
}

function nextRealIsStatementLevel(stream: LayoutToken[], index: number, statementStarts: Set<number>, inlineBraces: Set<number>): boolean {
    for (let j = index; j < stream.length; j++) {
        const token = stream[j];
        if (token.comment) continue;
        return statementStarts.has(token.offset) || (token.text === '}' && !isInlineClose(stream, j, inlineBraces));
    }
    return true;
}

function isInlineClose(stream: LayoutToken[], index: number, inlineBraces: Set<number>): boolean {
    let level = 0;
    for (let j = index - 1; j >= 0; j--) {
        const token = stream[j];
        if (token.comment) continue;
        if (token.text === '}') level++;
        else if (token.text === '{') {
            if (level === 0) return inlineBraces.has(token.offset);
            level--;
        }
    }
    return false;
}
