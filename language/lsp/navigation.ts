import { AstUtils, CstUtils, URI, type AstNode, type CstNode, type LangiumDocument, type References } from 'langium';
import { DefaultDefinitionProvider, DefaultReferencesProvider, DefaultRenameProvider } from 'langium/lsp';
import {
    Location, LocationLink, TextEdit, type DefinitionParams, type Range, type ReferenceParams, type RenameParams,
    type TextDocumentPositionParams, type WorkspaceEdit
} from 'vscode-languageserver';
import { BUILTIN_URI } from '../builtins.js';
import type { CampaignServices } from '../campaign-module.js';
import * as ast from '../generated/ast.js';
import { numberedColumnPartAt, numberedColumnReferences } from './take-columns.js';
import { templateNameAt, templateReferencesTo } from './template-references.js';

const LIBRARY = URI.parse(BUILTIN_URI).toString();
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'except', 'in', 'is', 'like', 'contains', 'starts', 'exists', 'true', 'false', 'null']);

function isLibrary(node: AstNode): boolean {
    return AstUtils.getDocument(node).uri.toString() === LIBRARY;
}

/** A name that is only part of a token: inside a template, or the list or field part of a numbered `take` column. */
type PartialName = { readonly range: Range };

/** The declaration a position designates: through a name or reference, or through a `{{name}}` of a template. */
function targetAt(services: CampaignServices, document: LangiumDocument, offset: number): { target: AstNode; source?: CstNode | PartialName } | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findDeclarationNodeAtOffset(root, offset, services.parser.GrammarConfig.nameRegexp);
    if (leaf && !leaf.text.startsWith('"')) {
        const [target] = services.references.References.findDeclarations(leaf);
        if (target && ast.isTakeField(target)) {
            // `lastBuys1_amount`: the list or the field, whichever part the position is on.
            const part = numberedColumnPartAt(target, leaf.text, offset - leaf.offset);
            if (part) {
                const text = document.textDocument;
                return { target: part.target, source: { range: { start: text.positionAt(leaf.offset + part.start), end: text.positionAt(leaf.offset + part.end) } } };
            }
        }
        return target ? { target, source: leaf } : undefined;
    }
    const name = templateNameAt(services, document, offset);
    return name ? { target: name.target, source: name } : undefined;
}

/**
 * Every place that names `target`, with the range of the name only: Langium's references, the
 * names inside templates (strings and body files) and the list or field part of numbered columns.
 */
function occurrences(services: CampaignServices, references: References, target: AstNode, includeDeclaration: boolean): Location[] {
    const locations = references.findReferences(target, { includeDeclaration })
        .map(r => Location.create(r.sourceUri.toString(), r.segment.range)).toArray();
    for (const name of templateReferencesTo(services, target)) locations.push(Location.create(name.uri, name.range));
    for (const part of numberedColumnReferences(services, target)) locations.push(Location.create(part.uri, part.range));
    // One place may be found twice (a template name that is also a column's part): edits must not overlap.
    const seen = new Set<string>();
    return locations.filter(l => {
        const key = `${l.uri}:${l.range.start.line}:${l.range.start.character}:${l.range.end.line}:${l.range.end.character}`;
        return !seen.has(key) && seen.add(key) !== undefined;
    });
}

/**
 * Rename across the workspace's files: every reference Langium knows, plus the names inside `{{ }}`
 * of templates that resolve to the renamed declaration. Built-ins cannot be renamed, and a new name
 * must be an identifier that is not an operator word.
 */
export class CampaignRenameProvider extends DefaultRenameProvider {
    constructor(protected readonly services: CampaignServices) {
        super(services);
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        try {
            if (!IDENTIFIER.test(params.newName) || OPERATOR_WORDS.has(params.newName)) return undefined;
            const found = targetAt(this.services, document, document.textDocument.offsetAt(params.position));
            if (!found || isLibrary(found.target) || this.nameTaken(found.target, params.newName)) return undefined;
            const changes: Record<string, TextEdit[]> = {};
            for (const location of occurrences(this.services, this.references, found.target, true)) {
                (changes[location.uri] ??= []).push(TextEdit.replace(location.range, params.newName));
            }
            return { changes };
        } catch (error) {
            console.error('rename failed', error);
            return undefined;
        }
    }

    /** A rename that would make two declarations of one scope share a name is refused. */
    protected nameTaken(target: AstNode, newName: string): boolean {
        const named = (nodes: readonly AstNode[]) => nodes.some(n => n !== target && (n as { name?: string }).name === newName);
        const container = target.$container;
        if (ast.isActivity(target) && ast.isCampaign(container)) return named(container.members.filter(ast.isActivity));
        if (ast.isField(target) && ast.isEntity(container)) return named(container.fields);
        if (ast.isEnumValue(target) && ast.isEnum(container)) return named(container.values);
        if (ast.isEnrichColumn(target) && ast.isEnrichActivity(container)) return named(container.options.filter(ast.isEnrichColumn));
        if (ast.isLoadColumn(target) && ast.isLoadActivity(container)) return named(container.options.filter(ast.isLoadColumn));
        if (ast.isFilterParam(target) && ast.isFilter(container)) return named(container.params);
        if (ast.isCampaignVar(target) || ast.isCampaignParam(target)) {
            return ast.isCampaign(container) && named(container.members.filter(m => ast.isCampaignVar(m) || ast.isCampaignParam(m)));
        }
        if (ast.isEntity(target) || ast.isEnum(target) || ast.isFilter(target) || ast.isCampaign(target)) {
            const types = ast.isCampaign(target) ? ['Campaign'] : ast.isFilter(target) ? ['Filter'] : ['Entity', 'Enum', 'PrimitiveType'];
            return types.some(type => this.services.shared.workspace.IndexManager.allElements(type).some(d => d.name === newName && d.node !== target));
        }
        return false;
    }

    override prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
        try {
            const offset = document.textDocument.offsetAt(params.position);
            const found = targetAt(this.services, document, offset);
            if (found && isLibrary(found.target)) return undefined;
            if (found?.source && !('offset' in found.source)) return found.source.range;
            return this.renameNodeRange(document, params.position);
        } catch {
            return undefined;
        }
    }
}

/** Find references, including the names inside templates. */
export class CampaignReferencesProvider extends DefaultReferencesProvider {
    constructor(protected readonly services: CampaignServices) {
        super(services);
    }

    override findReferences(document: LangiumDocument, params: ReferenceParams): Location[] {
        try {
            const found = targetAt(this.services, document, document.textDocument.offsetAt(params.position));
            if (!found) return [];
            return occurrences(this.services, this.references, found.target, params.context.includeDeclaration);
        } catch (error) {
            console.error('find references failed', error);
            return [];
        }
    }
}

/** Go to definition, also from a `{{name}}` of a template. */
export class CampaignDefinitionProvider extends DefaultDefinitionProvider {
    constructor(protected readonly services: CampaignServices) {
        super(services);
    }

    override getDefinition(document: LangiumDocument, params: DefinitionParams): LocationLink[] | undefined {
        try {
            const offset = document.textDocument.offsetAt(params.position);
            const found = targetAt(this.services, document, offset);
            // A name inside a template, or the list or field part of a numbered `take` column.
            if (found?.source && !('offset' in found.source)) {
                const target = found.target;
                const targetDocument = AstUtils.getDocument(target);
                const nameNode = this.nameProvider.getNameNode(target) ?? target.$cstNode;
                if (!nameNode || !target.$cstNode) return undefined;
                return [LocationLink.create(targetDocument.uri.toString(), target.$cstNode.range, nameNode.range, found.source.range)];
            }
            return super.getDefinition(document, params) as LocationLink[] | undefined;
        } catch (error) {
            console.error('go to definition failed', error);
            return undefined;
        }
    }
}
