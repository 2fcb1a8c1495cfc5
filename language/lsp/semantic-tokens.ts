import { GrammarUtils, type AstNode, type Reference } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes, type SemanticTokens, type SemanticTokensDelta } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { parseTemplate, type TemplatePart } from '../typing/templates.js';

/**
 * Semantic tokens correct what the TextMate grammar cannot know: keywords are contextual, so `email`
 * as a field, `order` as a column or `count` as a function is a name, not a keyword. Every name gets
 * the colour of what it declares or refers to; `{{…}}` placeholders inside strings are coloured too.
 */
export class CampaignSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void | 'prune' {
        if (ast.isBuiltin(node)) return 'prune';
        try {
            this.highlightCampaignNode(node, acceptor);
        } catch (error) {
            // One node that cannot be coloured (half-typed text) must not cost the whole document its colours.
            console.error('semantic tokens failed on', node.$type, error);
        }
        return undefined;
    }

    protected highlightCampaignNode(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const declaration = declarationToken(node);
        if (declaration) {
            acceptor({ node, property: 'name', type: declaration, modifier: SemanticTokenModifiers.declaration });
        }
        switch (node.$type) {
            case ast.Field.$type: {
                const field = node as ast.Field;
                this.reference(acceptor, field.type);
                this.reference(acceptor, field.via);
                break;
            }
            case ast.Annotation.$type: {
                const annotation = node as ast.Annotation;
                acceptor({ node, keyword: '@', type: SemanticTokenTypes.decorator });
                acceptor({ node, property: 'name', type: SemanticTokenTypes.decorator });
                if (annotation.argument) acceptor({ node, property: 'argument', type: SemanticTokenTypes.enumMember });
                break;
            }
            case ast.Input.$type: {
                const input = node as ast.Input;
                this.reference(acceptor, input.activity);
                this.reference(acceptor, input.output);
                break;
            }
            case ast.NameReference.$type:
                this.reference(acceptor, (node as ast.NameReference).target);
                break;
            case ast.MemberAccess.$type:
                this.reference(acceptor, (node as ast.MemberAccess).member);
                break;
            case ast.CallExpression.$type:
                this.reference(acceptor, (node as ast.CallExpression).callee);
                break;
            case ast.VariableReference.$type:
                acceptor({ node, keyword: '$', type: SemanticTokenTypes.variable });
                this.reference(acceptor, (node as ast.VariableReference).variable);
                break;
            case ast.SignalArgument.$type:
                this.reference(acceptor, (node as ast.SignalArgument).param);
                break;
            case ast.EndActivity.$type:
                this.reference(acceptor, (node as ast.EndActivity).signal);
                break;
            case ast.SubjectOption.$type:
            case ast.TitleOption.$type:
            case ast.BodyOption.$type:
                this.templates(node as ast.SubjectOption | ast.TitleOption | ast.BodyOption, acceptor);
                break;
        }
        // Every other cross-reference of the grammar (entity, via, per, address, take fields…).
        for (const property of REFERENCE_PROPERTIES[node.$type] ?? []) {
            this.reference(acceptor, (node as unknown as Record<string, Reference | undefined>)[property]);
        }
    }

    /** Colours a reference by what it resolves to; an unresolved one is left to the TextMate grammar. */
    protected reference(acceptor: SemanticTokenAcceptor, reference: Reference | undefined): void {
        if (!reference) return;
        let target: AstNode | undefined;
        try {
            target = reference.ref;
        } catch {
            return;
        }
        const type = target ? referenceToken(target) : undefined;
        if (!type || !reference.$refNode) return;
        const modifier = target && ast.isBuiltin(target) ? SemanticTokenModifiers.defaultLibrary : undefined;
        acceptor({ cst: reference.$refNode, type, modifier });
    }

    /**
     * `{{firstName}}`, `{{store.city}}`, `{{$discount}}`: the names inside a template string, and the
     * rest of the string around them as `string` tokens, in document order, so that no two tokens
     * overlap (VS Code drops overlapping tokens and logs a warning).
     */
    protected templates(option: ast.SubjectOption | ast.TitleOption | ast.BodyOption, acceptor: SemanticTokenAcceptor): void {
        if (ast.isBodyOption(option) && option.isFile) return;
        const stringNode = GrammarUtils.findNodeForProperty(option.$cstNode, 'text');
        const document = this.currentDocument;
        if (!stringNode || !document || !stringNode.text.startsWith('"')) return;
        const base = stringNode.offset + 1;   // the template is the string's text inside the quotes
        const names: Array<{ start: number; end: number; type: string }> = [];
        const visit = (parts: readonly TemplatePart[]) => {
            for (const part of parts) {
                if (part.kind === 'value') {
                    if (part.variable) names.push({ start: part.nameStart - 1, end: part.nameEnd, type: SemanticTokenTypes.variable });
                    else names.push({ start: part.nameStart, end: part.nameEnd, type: SemanticTokenTypes.property });
                } else if (part.kind === 'each') {
                    names.push({ start: part.nameStart, end: part.nameEnd, type: SemanticTokenTypes.property });
                    visit(part.body);
                }
            }
        };
        visit(parseTemplate(stringNode.text.slice(1, -1)).parts);
        if (names.length === 0) return;   // a plain string is left to the TextMate grammar
        names.sort((a, b) => a.start - b.start);
        const text = document.textDocument;
        const token = (start: number, end: number, type: string) => {
            if (end > start) acceptor({ range: { start: text.positionAt(start), end: text.positionAt(end) }, type });
        };
        let at = stringNode.offset;   // the opening quote
        for (const name of names) {
            const start = base + name.start;
            if (start < at) continue;   // never overlap, whatever the parser returned
            token(at, start, SemanticTokenTypes.string);
            token(start, base + name.end, name.type);
            at = base + name.end;
        }
        token(at, stringNode.end, SemanticTokenTypes.string);
    }

    /*
     * Langium's provider keeps the document, range and token builder of the request in fields and
     * yields to the event loop while it walks the tree; VS Code asks for a range (the viewport) and
     * the full document at once, and two interleaved requests would push each other's tokens into
     * one builder (duplicated, overlapping tokens). One request at a time.
     */
    protected queue: Promise<unknown> = Promise.resolve();

    protected serialized<T>(request: () => Promise<T>): Promise<T> {
        const result = this.queue.then(request, request);
        this.queue = result.catch(() => undefined);
        return result;
    }

    override semanticHighlight(...args: Parameters<AbstractSemanticTokenProvider['semanticHighlight']>): Promise<SemanticTokens> {
        return this.serialized(() => super.semanticHighlight(...args));
    }

    override semanticHighlightRange(...args: Parameters<AbstractSemanticTokenProvider['semanticHighlightRange']>): Promise<SemanticTokens> {
        return this.serialized(() => super.semanticHighlightRange(...args));
    }

    override semanticHighlightDelta(...args: Parameters<AbstractSemanticTokenProvider['semanticHighlightDelta']>): Promise<SemanticTokens | SemanticTokensDelta> {
        return this.serialized(() => super.semanticHighlightDelta(...args));
    }
}

/** The token type of a declaration's name. */
function declarationToken(node: AstNode): string | undefined {
    if (ast.isActivity(node)) return SemanticTokenTypes.function;
    switch (node.$type) {
        case ast.Entity.$type: return SemanticTokenTypes.class;
        case ast.Enum.$type: return SemanticTokenTypes.enum;
        case ast.EnumValue.$type: return SemanticTokenTypes.enumMember;
        case ast.Field.$type:
        case ast.LoadColumn.$type:
        case ast.EnrichColumn.$type:
            return SemanticTokenTypes.property;
        case ast.Filter.$type: return SemanticTokenTypes.function;
        case ast.FilterParam.$type:
        case ast.CampaignParam.$type:
            return SemanticTokenTypes.parameter;
        case ast.CampaignVar.$type: return SemanticTokenTypes.variable;
        case ast.Campaign.$type: return SemanticTokenTypes.namespace;
        case ast.SplitSegment.$type:
        case ast.Remainder.$type:
        case ast.ForkBranch.$type:
        case ast.TestCase.$type:
        case ast.Duplicates.$type:
            return SemanticTokenTypes.event;
        default: return undefined;
    }
}

/** The token type of a name that refers to `target`. */
function referenceToken(target: AstNode): string | undefined {
    if (ast.isActivity(target)) return SemanticTokenTypes.function;
    switch (target.$type) {
        case ast.PrimitiveType.$type:
        case ast.Entity.$type:
            return SemanticTokenTypes.type;
        case ast.BuiltinFunction.$type:
        case ast.Filter.$type:
            return SemanticTokenTypes.function;
        default:
            return declarationToken(target);
    }
}

/** Cross-reference properties not handled case by case above. */
const REFERENCE_PROPERTIES: Record<string, string[]> = {
    [ast.Filter.$type]: ['entity'],
    [ast.FilterParam.$type]: ['type'],
    [ast.CampaignParam.$type]: ['type'],
    [ast.LoadColumn.$type]: ['type'],
    [ast.AudienceActivity.$type]: ['entity'],
    [ast.IncrementalActivity.$type]: ['entity'],
    [ast.ReconcileActivity.$type]: ['entity'],
    [ast.ChangeActivity.$type]: ['entity', 'via'],
    [ast.MinusInput.$type]: ['via'],
    [ast.TakeField.$type]: ['field'],
    [ast.ReconcileKey.$type]: ['field'],
    [ast.PerOption.$type]: ['link'],
    [ast.AddressOption.$type]: ['field']
};
