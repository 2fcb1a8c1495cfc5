import { AstUtils, CstUtils, GrammarUtils, type AstNode, type CstNode } from 'langium';
import { isActivity, isInput } from '../generated/ast.js';

/**
 * The review tools compare campaigns by the tokens of each part, never by raw text or positions:
 * whitespace, line breaks, comments and the optional `;` separators are not part of a part, so
 * reformatting and commenting are not changes.
 */
export interface Token {
    readonly text: string;
    /** The token names an activity (a reference in `from`, `pass`, `minus`, or `activity = x`), so a rename maps it. */
    readonly activity?: true;
}

/** Old activity name → new activity name, applied to the activity tokens of the old side. */
export type RenameMap = ReadonlyMap<string, string>;

/** The non-hidden tokens of a CST node, without `;` separators, marking references to activities. */
export function tokensOf(node: CstNode | undefined, activityRefOffsets: ReadonlySet<number> = new Set(),
    skip?: (offset: number) => boolean): Token[] {
    if (!node) return [];
    const tokens: Token[] = [];
    for (const leaf of CstUtils.flattenCst(node)) {
        if (leaf.hidden || leaf.text === ';' || skip?.(leaf.offset)) continue;
        tokens.push(activityRefOffsets.has(leaf.offset) ? { text: leaf.text, activity: true } : { text: leaf.text });
    }
    return tokens;
}

/**
 * Offsets of the tokens under `root` that name an activity: `from`/`minus`/`pass` inputs (linked
 * or not) and bare names that resolve to an activity (`exists messages where activity = vipOffer`).
 */
export function activityReferenceOffsets(root: AstNode): Set<number> {
    const offsets = new Set<number>();
    for (const node of AstUtils.streamAst(root)) {
        for (const info of AstUtils.streamReferences(node)) {
            const reference = info.reference;
            if (!('$refNode' in reference) || !reference.$refNode) continue;
            const namesActivity = (isInput(info.container) && info.property === 'activity') || 'ref' in reference && isActivity(reference.ref);
            if (namesActivity) {
                for (const leaf of CstUtils.flattenCst(reference.$refNode)) offsets.add(leaf.offset);
            }
        }
    }
    return offsets;
}

/** The CST nodes that a property of `node` was parsed from (none when the part is absent). */
export function propertyNodes(node: AstNode, property: string): CstNode[] {
    return GrammarUtils.findNodesForProperty(node.$cstNode, property);
}

// Spacing for display: canonical, so that equal token lists always print the same.
const NO_SPACE_BEFORE = new Set([',', ')', '.', ']', '[', ':', '?', '%']);
const NO_SPACE_AFTER = new Set(['(', '.', '[', '$', '@']);
const OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '(', ',', '->']);

/** Tokens as one line of text, with renamed activities replaced when a rename map is given. */
export function tokenText(tokens: readonly Token[], renames?: RenameMap): string {
    let text = '';
    let previous: string | undefined;
    let beforePrevious: string | undefined;
    for (const token of tokens) {
        const value = token.activity && renames?.has(token.text) ? renames.get(token.text)! : token.text;
        const unaryMinusBefore = previous === '-' && (beforePrevious === undefined || OPERATORS.has(beforePrevious));
        const glued = previous === undefined || NO_SPACE_BEFORE.has(value) || NO_SPACE_AFTER.has(previous) || unaryMinusBefore
            || (value === '(' && previous !== undefined && /^[A-Za-z_]\w*$/.test(previous) && !OPERATOR_WORDS.has(previous));
        text += glued ? value : ` ${value}`;
        beforePrevious = previous;
        previous = value;
    }
    return text;
}

// `in (…)`, `and (…)`: a word that is not a call keeps its space before a parenthesis.
const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'except', 'in', 'where', 'order', 'when', 'exists', 'is', 'like', 'contains', 'with']);

/** Whether two token lists are the same part (after renaming the old side's activity tokens). */
export function sameTokens(oldTokens: readonly Token[], newTokens: readonly Token[], renames?: RenameMap): boolean {
    return tokenText(oldTokens, renames) === tokenText(newTokens);
}
