import { isReference, type AstNode, type LangiumDocument } from 'langium';
import { AbstractFormatter, type LangiumServices } from 'langium/lsp';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-protocol';
import { layoutEdits, type LayoutEdit } from './layout.js';

/**
 * The canonical formatter (docs/formatting.md). It plugs into Langium's formatting requests through
 * AbstractFormatter, but computes the layout per gap between tokens (./layout.ts) instead of through
 * node formatters: Langium's node formatters cannot drop the optional `;`, keep the author's blank
 * lines, or place comments predictably, and the output must be idempotent since reviewers diff it.
 *
 * The result is always checked: the formatted text is parsed again and must give the same AST, or no
 * edit is made. Editor options (tab size) are ignored on purpose: the canonical form is two spaces.
 */
export class CampaignFormatter extends AbstractFormatter {
    constructor(protected readonly services: LangiumServices) {
        super();
    }

    protected override format(_node: AstNode): void {
        // Unused: the layout is computed per token gap in doDocumentFormat.
    }

    protected override doDocumentFormat(document: LangiumDocument, _options: FormattingOptions, range?: Range): TextEdit[] {
        const { parseResult, textDocument } = document;
        if (parseResult.lexerErrors.length > 0 || parseResult.parserErrors.length > 0) return [];
        let edits: LayoutEdit[] | undefined;
        try {
            edits = canonicalLayout(this.services, parseResult.value, textDocument.getText());
        } catch (error) {
            // Formatting is never worth a failed request: leave the text as it is.
            console.error('formatting failed', error);
            return [];
        }
        if (!edits) return [];
        const from = range ? textDocument.offsetAt(range.start) : 0;
        const to = range ? textDocument.offsetAt(range.end) : Number.MAX_SAFE_INTEGER;
        return edits
            .filter(edit => edit.start >= from && edit.end <= to)
            .map(edit => ({ range: { start: textDocument.positionAt(edit.start), end: textDocument.positionAt(edit.end) }, newText: edit.text }));
    }
}

/**
 * The gap edits that turn `text` (already parsed into `root`) into its canonical form, or undefined
 * when the text has syntax errors or when no layout keeps its meaning.
 */
export function canonicalLayout(services: LangiumServices, root: AstNode, text: string): LayoutEdit[] | undefined {
    const lexed = services.parser.Lexer.tokenize(text);
    if (lexed.errors.length > 0) return undefined;
    // Without any `;` the layout only changes whitespace: the same tokens in the same order parse to
    // the same tree, so re-lexing is proof enough (and much cheaper than parsing on every save).
    if (!lexed.tokens.some(t => t.image === ';')) {
        const edits = layoutEdits(root, text, lexed.tokens, lexed.hidden, { dropSemicolons: false });
        const relexed = services.parser.Lexer.tokenize(applyEdits(text, edits));
        const same = relexed.errors.length === 0 && relexed.tokens.length === lexed.tokens.length
            && relexed.hidden.map(t => t.image.trimEnd()).join('\n') === lexed.hidden.map(t => t.image.trimEnd()).join('\n')
            && relexed.tokens.every((t, i) => t.image === lexed.tokens[i].image && t.tokenType === lexed.tokens[i].tokenType);
        return same ? edits : undefined;
    }
    // Dropping a `;` could in theory let an optional clause swallow the next statement's first word,
    // so a layout is kept only if the result parses to the same tree; else keep every `;`.
    for (const dropSemicolons of [true, false]) {
        const edits = layoutEdits(root, text, lexed.tokens, lexed.hidden, { dropSemicolons });
        const formatted = applyEdits(text, edits);
        const reparsed = services.parser.LangiumParser.parse(formatted);
        if (reparsed.lexerErrors.length === 0 && reparsed.parserErrors.length === 0 && sameTree(root, reparsed.value)) {
            return edits;
        }
    }
    return undefined;
}

/** The canonical form of a text, or undefined when it does not parse. */
export function formatCampaignText(services: LangiumServices, text: string): string | undefined {
    const parsed = services.parser.LangiumParser.parse(text);
    if (parsed.lexerErrors.length > 0 || parsed.parserErrors.length > 0) return undefined;
    const edits = canonicalLayout(services, parsed.value, text);
    return edits ? applyEdits(text, edits) : undefined;
}

export function applyEdits(text: string, edits: readonly LayoutEdit[]): string {
    let result = '';
    let at = 0;
    for (const edit of edits) {
        result += text.substring(at, edit.start) + edit.text;
        at = edit.end;
    }
    return result + text.substring(at);
}

/** Structural equality of two ASTs: types, values and reference texts; positions are ignored. */
export function sameTree(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (isReference(a) || isReference(b)) {
        return isReference(a) && isReference(b) && a.$refText === b.$refText;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameTree(item, b[i]));
    }
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    if (ra.$type !== rb.$type) return false;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)].filter(k => !k.startsWith('$')));
    for (const key of keys) {
        if (!sameTree(normalizeEmpty(ra[key]), normalizeEmpty(rb[key]))) return false;
    }
    return true;
}

/** Langium initialises absent arrays and booleans; treat `[]`/`false` and a missing property alike. */
function normalizeEmpty(value: unknown): unknown {
    if (Array.isArray(value) && value.length === 0) return undefined;
    if (value === false) return undefined;
    return value;
}
