import { AstUtils, GrammarAST, GrammarUtils, stream, TextDocument, URI, type AstNode, type AstNodeDescription, type LangiumDocument, type ReferenceInfo, type Stream } from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type NextFeature, type CompletionContext, type CompletionProviderOptions, type CompletionValueItem
} from 'langium/lsp';
import { CompletionItemKind, CompletionList, InsertTextFormat, type CancellationToken, type CompletionParams } from 'vscode-languageserver';
import { BUILTIN_URI, builtinFunction, formatSignature } from '../../builtins.js';
import type { CampaignServices } from '../../campaign-module.js';
import * as ast from '../../generated/ast.js';
import { ACTIVITY_KINDS, activityKind } from '../../model/activity-kinds.js';
import { namedOutputs } from '../../model/outputs.js';
import { safeRef } from '../../typing/fields.js';
import type { Column, Population } from '../../typing/population.js';
import { typeToString } from '../../typing/types.js';
import { activitySnippet } from './snippets.js';
import { collectionPathBefore } from './collection-context.js';
import { stringValueCompletions } from './string-completion.js';
import { stringAt, templateCompletions } from './template-completion.js';
import { wordCompletions } from './word-completion.js';

/**
 * Completion that knows the context: the keywords valid at that point (without the flood of
 * keywords that are only there because any keyword may be a name), activity names after `from`,
 * outputs after `activity.`, the population's columns in expressions and in `{{ }}` of templates,
 * enum values, functions and filters with their signatures, entity names, and a snippet per
 * activity kind.
 */
export class CampaignCompletionProvider extends DefaultCompletionProvider {
    protected readonly services: CampaignServices;

    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['.', '$', '{', '@', '"'] };

    constructor(services: CampaignServices) {
        super(services);
        this.services = services;
    }

    /** The document being completed, for findFeaturesAt (which Langium hands only the text). */
    protected current?: LangiumDocument;

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        this.current = document;
        try {
            const text = document.textDocument.getText();
            const offset = document.textDocument.offsetAt(params.position);
            const inString = stringAt(text, offset);
            if (inString === 'comment') return CompletionList.create([], false);
            if (inString) {
                const values = await stringValueCompletions(this.services, document, inString, offset);
                return CompletionList.create(values ?? templateCompletions(this.services, document, inString, offset), false);
            }
            const list = await super.getCompletion(document, params, cancelToken);
            const word = /[A-Za-z0-9_]*$/.exec(text.substring(0, offset))![0];
            const range = { start: document.textDocument.positionAt(offset - word.length), end: params.position };
            const words = wordCompletions(text.substring(Math.max(0, offset - 200), offset), range);
            if (words.length === 0 || !list) return list;
            const seen = new Set(words.map(w => w.label));
            return CompletionList.create([...words, ...list.items.filter(i => !seen.has(i.label))], list.isIncomplete);
        } catch (error) {
            // A half-typed document must never break the editor; no items is the honest answer.
            console.error('completion failed', error);
            return CompletionList.create([], false);
        }
    }

    /**
     * Langium finds the grammar features at the cursor by parsing the text from the start of the file
     * to the cursor, for each of up to three contexts; in a 500-activity campaign that is most of the
     * latency. Statements do not depend on the statements before them, so the same features come
     * from parsing only the header of the enclosing declaration (`campaign big {`) followed by the
     * statement that holds the cursor. Only the features are computed from this shorter text; items
     * are still built from the real document.
     */
    protected override findFeaturesAt(document: TextDocument, offset: number): NextFeature[] {
        const text = document.getText();
        const prefix = this.statementPrefix(text, offset);
        if (prefix === undefined) return super.findFeaturesAt(document, offset);
        return super.findFeaturesAt(TextDocument.create(document.uri, document.languageId, document.version, prefix), prefix.length);
    }

    /** `<header of the declaration> <statement text up to the cursor>`, or undefined to parse everything. */
    protected statementPrefix(text: string, offset: number): string | undefined {
        const root = this.current?.parseResult.value as ast.Model | undefined;
        if (!root || this.current?.textDocument.getText() !== text) return undefined;
        let declaration: AstNode | undefined;
        for (const node of [...root.databases, ...root.elements]) {
            const cst = node.$cstNode;
            if (cst && cst.offset < offset && (!declaration || cst.offset > declaration.$cstNode!.offset)) declaration = node;
        }
        if (!declaration?.$cstNode) return undefined;
        const open = GrammarUtils.findNodeForKeyword(declaration.$cstNode, '{');
        const statements: AstNode[] = ast.isCampaign(declaration) ? declaration.members : ast.isEntity(declaration) ? declaration.fields : [];
        let statement: AstNode | undefined;
        const before: AstNode[] = [];
        for (const node of statements) {
            const cst = node.$cstNode;
            if (cst && open && cst.offset > open.end && cst.offset < offset) before.push(node);
        }
        // Recovery may cut a half-typed statement in two (`c: Customer by` → a field `c: Customer` and
        // one named `by`): a statement that starts in the middle of a line is not where typing began.
        while (before.length > 0) {
            const candidate = before.pop()!;
            const lineStart = text.lastIndexOf('\n', candidate.$cstNode!.offset - 1) + 1;
            if (/^[\s;{]*$/.test(text.substring(lineStart, candidate.$cstNode!.offset))) {
                statement = candidate;
                break;
            }
        }
        const start = declaration.$cstNode.offset;
        if (!open || !statement?.$cstNode || open.end > offset) return text.substring(start, offset);
        return text.substring(start, open.end) + '\n' + text.substring(statement.$cstNode.offset, offset);
    }

    /** Keywords that appear only as alternatives of the `Name` rule are names, not suggestions. */
    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        if (!super.filterKeyword(context, keyword)) return false;
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
        return rule?.name !== 'Name';
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): void {
        if (!this.filterKeyword(context, keyword)) return;
        const kind = ACTIVITY_KINDS.get(keyword.value);
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
        if (kind && rule && (rule.name === 'ChannelKind' || rule.name.toLowerCase() === `${kind.keyword}activity`)) {
            acceptor(context, {
                label: kind.keyword,
                labelDetails: { description: kind.title },
                kind: CompletionItemKind.Snippet,
                detail: kind.title,
                documentation: { kind: 'markdown', value: kind.doc },
                insertText: activitySnippet(kind.template),
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: '2' + kind.keyword
            });
        }
        acceptor(context, { label: keyword.value, kind: CompletionItemKind.Keyword, detail: 'keyword', sortText: '3' + keyword.value });
    }

    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const container = refInfo.container;
        const describe = (node: AstNode, name: string) => this.services.workspace.AstNodeDescriptionProvider.createDescription(node, name);
        if (refInfo.property === 'variable') {
            // `$…`: the campaign's variables and parameters. (Langium may hand the node before the `$`
            // as the container, which is not a VariableReference, so the scope cannot be asked.)
            const campaign = AstUtils.getContainerOfType(realNode(container), ast.isCampaign);
            return stream((campaign?.members ?? [])
                .filter((m): m is ast.CampaignVar | ast.CampaignParam => (ast.isCampaignVar(m) || ast.isCampaignParam(m)) && !!m.name)
                .map(m => describe(m, m.name)));
        }
        // With nothing typed after the dot (`sum(purchases.|)`), recovery may keep only the receiver
        // or its statement: every `member` is completed as one of a MemberAccess.
        const key = refInfo.property === 'member' ? 'MemberAccess.member' : `${container.$type}.${refInfo.property}`;
        switch (key) {
            case 'Input.activity': {
                const campaign = AstUtils.getContainerOfType(realNode(container), ast.isCampaign);
                const current = AstUtils.getContainerOfType(realNode(container), ast.isActivity);
                if (!campaign) break;
                return stream(campaign.members.filter(ast.isActivity).filter(a => a !== current && a.name).map(a => describe(a, a.name)));
            }
            case 'Input.output': {
                const activity = this.activityBeforeDot(container as ast.Input, context);
                return stream(activity ? namedOutputs(activity).filter(o => o.name).map(o => describe(o, o.name)) : []);
            }
            case 'NameReference.target':
                return this.columnCandidates(container, refInfo, context, describe);
            case 'MemberAccess.member': {
                const entity = this.receiverEntity(container as ast.MemberAccess, context);
                if (entity) {
                    const population = this.services.typing.Populations.ofEntity(entity);
                    return stream([...population.columns.values()].map(c => describe(c.source, c.name)));
                }
                break;
            }
            case 'Field.via':
                return stream(this.viaCandidates(container, context).map(f => describe(f, f.name)));
            case 'MinusInput.via': {
                // `minus p via |`: the to-one links of the removed population's rows.
                const input = (container as ast.MinusInput).input;
                const population = input?.$cstNode ? this.services.typing.Populations.ofInput(input) : undefined;
                if (population) return stream(linkColumns(population, false).map(c => describe(c.source, c.name)));
                break;
            }
        }
        // Fields where only some kinds make sense: `per` a to-many link, `address` a scalar, `via` a link.
        const kind = FIELD_KINDS[`${container.$type}.${refInfo.property}`];
        if (kind) return this.scopeCandidates(refInfo, context).filter(d => fieldKindMatches(d.node, kind));
        return this.scopeCandidates(refInfo, context);
    }

    /**
     * `store: Store by |`: the entity's own values (the local field holding the target's key);
     * `purchases: Purchase[] by |`: the target's to-one links back to this entity. Read from the text,
     * since the field being typed is often not parsed yet.
     */
    protected viaCandidates(container: AstNode, context: CompletionContext): ast.Field[] {
        const entity = AstUtils.getContainerOfType(realNode(container), ast.isEntity);
        const before = context.textDocument.getText().substring(Math.max(0, context.tokenOffset - 200), context.tokenOffset);
        const match = /([A-Za-z_]\w*)\s*:\s*([A-Za-z_]\w*)\s*(\[\s*\])?\s+by\s*$/.exec(before);
        if (!entity || !match) return [];
        const [, name, targetName, many] = match;
        const isLink = (f: ast.Field) => ast.isEntity(safeRef(f.type));
        // Recovery turns the rest of a half-typed line into fields without a type (`by`): not candidates.
        const declared = (f: ast.Field) => !!f.name && f.name !== name && (f.$cstNode?.text.includes(':') ?? false);
        if (!many) return entity.fields.filter(f => declared(f) && !isLink(f));
        const target = this.services.shared.workspace.IndexManager.allElements('Entity').find(d => d.name === targetName)?.node;
        if (!ast.isEntity(target)) return [];
        return target.fields.filter(f => f.name && !f.many && safeRef(f.type) === entity);
    }

    /** What the scope provider offers, without the library's internal entities. */
    protected scopeCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        return super.getReferenceCandidates(refInfo, context)
            .filter(d => !(d.type === 'Entity' && d.documentUri.toString() === LIBRARY_URI));
    }

    /**
     * A bare name in an expression: the columns of the population at that point, then what scoping
     * adds (filter parameters, enum values, the bare `count` of a test). Functions are offered once,
     * as calls.
     */
    protected columnCandidates(container: AstNode, refInfo: ReferenceInfo, context: CompletionContext,
        describe: (node: AstNode, name: string) => AstNodeDescription): Stream<AstNodeDescription> {
        const population = this.collectionFromText(container, context)
            ?? this.populationAt(container, context.offset) ?? this.populationFromText(container, context);
        const result: AstNodeDescription[] = [];
        const seen = new Set<string>();
        for (const column of population?.columns.values() ?? []) {
            seen.add(column.name);
            result.push(describe(column.source, column.name));
        }
        const expected = this.enumValuesExpected(container);
        for (const value of expected.length > 0 ? expected : this.enumValuesFromText(population, context)) {
            if (!seen.has(value.name)) {
                seen.add(value.name);
                result.push(describe(value, value.name));
            }
        }
        const inTest = AstUtils.getContainerOfType(realNode(container), ast.isTestCase) !== undefined;
        for (const d of this.scopeCandidates(refInfo, context)) {
            if (seen.has(d.name)) continue;
            if (d.type === 'BuiltinFunction' && !(inTest && d.name === 'count')) continue;
            // With a population, its columns are the fields, and enum values come only next to an enum.
            if (population && (d.type === 'Field' || d.type === 'EnrichColumn' || d.type === 'LoadColumn' || d.type === 'TakeField' || d.type === 'EnumValue')) continue;
            seen.add(d.name);
            result.push(d);
        }
        return stream(result);
    }

    /**
     * When error recovery dropped the statement being typed (`dedupe d from a by |` before a `}`),
     * its input is read from the text: the `from` of the statement, or the entity of an audience.
     */
    protected populationFromText(container: AstNode, context: CompletionContext): Population | undefined {
        const campaign = AstUtils.getContainerOfType(realNode(container), ast.isCampaign)
            ?? (context.document.parseResult.value as ast.Model).elements.filter(ast.isCampaign)
                .find(c => c.$cstNode && c.$cstNode.offset < context.offset && context.offset <= c.$cstNode.end + 1);
        if (!campaign) return undefined;
        const before = context.textDocument.getText().substring(0, context.offset);
        const starts = [...before.matchAll(STATEMENT_START)];
        const last = starts[starts.length - 1];
        if (!last || last.index === undefined) return undefined;
        const statement = before.substring(last.index);
        const populations = this.services.typing.Populations;
        const from = /\bfrom\s+([A-Za-z_]\w*)(?:\s*\.\s*([A-Za-z_]\w*))?/.exec(statement);
        if (from) {
            const activity = campaign.members.filter(ast.isActivity).find(a => a.name === from[1]);
            if (!activity) return undefined;
            const output = from[2] ? namedOutputs(activity).find(o => o.name === from[2]) : undefined;
            return populations.ofOutput(activity, output);
        }
        const entityName = /^\W*(?:audience|incremental)\s+\w+\s*:\s*([A-Za-z_]\w*)/.exec(statement)?.[1];
        const entity = entityName ? this.services.shared.workspace.IndexManager.allElements('Entity').find(d => d.name === entityName)?.node : undefined;
        return ast.isEntity(entity) ? populations.ofEntity(entity) : undefined;
    }

    /**
     * `count(purchases where |)`, `take 3 purchases order by |`: the rows of the collection, read from
     * the text (see collection-context.ts) and resolved against the rows of the activity or filter.
     */
    protected collectionFromText(container: AstNode, context: CompletionContext): Population | undefined {
        const text = context.textDocument.getText();
        const before = text.substring(0, context.offset);
        const starts = [...before.substring(Math.max(0, before.length - 4000)).matchAll(STATEMENT_START)];
        const last = starts[starts.length - 1];
        const statement = last?.index !== undefined ? before.substring(Math.max(0, before.length - 4000) + last.index) : before.substring(Math.max(0, before.length - 2000));
        const path = collectionPathBefore(statement);
        if (!path) return undefined;
        const populations = this.services.typing.Populations;
        const real = realNode(container);
        const activity = AstUtils.getContainerOfType(real, ast.isActivity);
        const filter = AstUtils.getContainerOfType(real, ast.isFilter);
        const filterEntity = filter ? safeRef(filter.entity) : undefined;
        const base = activity ? populations.inputPopulation(activity)
            : filterEntity ? populations.ofEntity(filterEntity) : this.populationFromText(container, context);
        let columns = base?.columns;
        for (const step of path) {
            const type = columns?.get(step)?.type;
            if (!type || type.kind !== 'link') return undefined;
            if (type.many) return populations.ofEntity(type.entity);
            columns = populations.ofEntity(type.entity).columns;
        }
        return undefined;
    }

    /** `tier = |` as parsed with recovery (no comparison node yet): the path before the operator, typed against the population. */
    protected enumValuesFromText(population: Population | undefined, context: CompletionContext): ast.EnumValue[] {
        if (!population) return [];
        const before = context.textDocument.getText().substring(Math.max(0, context.offset - 300), context.offset);
        const match = /([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*(?:!?=|(?:not\s+)?in\s*\((?:[^()]*,)?)\s*\w*$/.exec(before);
        if (!match) return [];
        let columns = population.columns;
        let type: Column['type'] | undefined;
        for (const step of match[1].split('.').map(s => s.trim())) {
            type = columns.get(step)?.type;
            if (!type) return [];
            if (type.kind === 'link') columns = this.services.typing.Populations.ofEntity(type.entity).columns;
        }
        return type?.kind === 'enum' ? [...type.enum.values] : [];
    }

    /** In `tier = |` or `tier in (|`, the values of the other operand's enum. */
    protected enumValuesExpected(container: AstNode): ast.EnumValue[] {
        let node: AstNode | undefined = container;
        while (node && !ast.isComparison(node) && !ast.isInPredicate(node)) {
            if (ast.isActivity(node) || ast.isCampaign(node)) return [];
            node = node.$container;
        }
        if (!node) return [];
        const other = ast.isComparison(node) ? (node.left === container ? node.right : node.left) : node.operand;
        if (!other || other === container) return [];
        const type = this.services.typing.ExpressionTyper.typeOf(other);
        return type.kind === 'enum' ? [...type.enum.values] : [];
    }

    /** `store.|`: the entity of the receiver, from the typer, or from the path typed before the dot. */
    protected receiverEntity(access: ast.MemberAccess, context: CompletionContext): ast.Entity | undefined {
        const receiver = access.receiver;
        const type = receiver?.$cstNode ? this.services.typing.ExpressionTyper.typeOf(receiver) : undefined;
        if (type?.kind === 'link') return type.entity;
        const before = context.textDocument.getText().substring(0, context.tokenOffset);
        const match = /([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*\.\s*$/.exec(before);
        const population = this.collectionFromText(access, context) ?? this.populationAt(access);
        if (!match || !population) return undefined;
        const path = match[1].split('.').map(s => s.trim());
        let columns = population.columns;
        let entity: ast.Entity | undefined;
        for (const step of path) {
            const t = columns.get(step)?.type;
            if (!t || t.kind !== 'link') return undefined;
            entity = t.entity;
            columns = this.services.typing.Populations.ofEntity(entity).columns;
        }
        return entity;
    }

    /**
     * The population an expression node sees. A node completion made up (no CST yet) is placed by
     * its container; right after the `where` of `exists purchases where` or `count(purchases where`
     * the half-parsed tree may not have the condition yet, so the `where` keyword before the cursor
     * decides that the rows are those of the collection.
     */
    protected populationAt(node: AstNode, offset?: number): Population | undefined {
        const populations = this.services.typing.Populations;
        if (offset !== undefined) {
            for (let n: AstNode | undefined = node; n && !ast.isActivity(n) && !ast.isCampaign(n); n = n.$container) {
                const collection = ast.isExistsExpression(n) ? n.collection : ast.isCallExpression(n) ? n.arguments[0] : undefined;
                if (collection && (keywordBefore(n, 'where', offset) || whereFollows(n, offset))) return populations.ofCollection(collection);
            }
        }
        const found = populations.contextOf(node);
        if (found) return found;
        const real = realNode(node);
        if (ast.isActivity(real)) return populations.inputPopulation(real);
        return real !== node ? populations.contextOf(real) : undefined;
    }

    /** `from tiers.|`: the activity named before the dot, resolved in the campaign (the reference may be half-parsed). */
    protected activityBeforeDot(input: ast.Input, context: CompletionContext): ast.Activity | undefined {
        const linked = safeRef(input.activity);
        if (linked) return linked;
        const before = context.textDocument.getText().substring(0, context.tokenOffset);
        const match = /([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*$/.exec(before);
        const campaign = AstUtils.getContainerOfType(realNode(input), ast.isCampaign);
        return match && campaign ? campaign.members.filter(ast.isActivity).find(a => a.name === match[1]) : undefined;
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const node = description.node;
        try {
            if (ast.isBuiltinFunction(node) || description.type === 'BuiltinFunction') {
                const info = builtinFunction(description.name);
                const call = refInfo.property === 'callee';
                return {
                    ...item,
                    // Columns first, then functions: in a condition one names a field more often than a function.
                    sortText: '1' + description.name,
                    detail: info ? formatSignature(info) : description.name,
                    documentation: info ? { kind: 'markdown', value: info.doc } : undefined,
                    ...(call ? { insertText: `${description.name}($0)`, insertTextFormat: InsertTextFormat.Snippet } : {})
                };
            }
            if (ast.isFilter(node)) {
                const params = node.params.map(p => `${p.name}: ${p.type?.$refText ?? '?'}${p.default ? ' = …' : ''}`).join(', ');
                return {
                    ...item,
                    sortText: '1' + node.name,
                    detail: `filter ${node.name}(${params}) on ${node.entity?.$refText ?? '?'}`,
                    ...(refInfo.property === 'callee' ? { insertText: `${node.name}($0)`, insertTextFormat: InsertTextFormat.Snippet } : {})
                };
            }
            if (ast.isActivity(node)) return { ...item, detail: activityKind(node).title };
            if (node && (ast.isSplitSegment(node) || ast.isRemainder(node) || ast.isForkBranch(node) || ast.isTestCase(node) || ast.isDuplicates(node))) {
                return { ...item, detail: `output (${node.$type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()})` };
            }
            if (node && (ast.isField(node) || ast.isEnrichColumn(node) || ast.isLoadColumn(node) || ast.isTakeField(node))) {
                return { ...item, detail: typeToString(this.services.typing.ExpressionTyper.typeOfTarget(node)) };
            }
            if (ast.isCampaignVar(node)) return { ...item, detail: `var: ${typeToString(this.services.typing.ExpressionTyper.typeOfTarget(node))}` };
            if (ast.isCampaignParam(node)) return { ...item, detail: `param: ${node.type?.$refText ?? '?'}` };
            if (ast.isEnumValue(node)) return { ...item, detail: `${(node.$container as ast.Enum).name} value`, sortText: '0' };
            if (ast.isEntity(node)) return { ...item, detail: node.table ? `entity, table ${node.table}` : 'entity' };
        } catch {
            // Details are a nicety: a node that cannot be typed yet keeps the plain item.
        }
        return item;
    }
}

const LIBRARY_URI = URI.parse(BUILTIN_URI).toString();

/** The start of an activity statement, for reading a half-parsed statement's input from the text. */
const STATEMENT_START = new RegExp(`(?:^|[\\n;{])[ \\t]*(?:${[...ACTIVITY_KINDS.keys()].join('|')})[ \\t]+[A-Za-z_]`, 'g');

type FieldKind = 'toMany' | 'link' | 'scalar';
const FIELD_KINDS: Record<string, FieldKind> = {
    'PerOption.link': 'toMany',
    'AddressOption.field': 'scalar',
    'ChangeActivity.via': 'link'
};

function fieldKindMatches(node: AstNode | undefined, kind: FieldKind): boolean {
    if (!ast.isField(node)) return !node;   // not loaded yet: keep
    const target = safeRef(node.type);
    if (kind === 'scalar') return !ast.isEntity(target);
    if (kind === 'toMany') return ast.isEntity(target) && node.many;
    return ast.isEntity(target);
}

function linkColumns(population: Population, many: boolean | undefined): Column[] {
    return [...population.columns.values()].filter(c => c.type.kind === 'link' && (many === undefined || c.type.many === many));
}

/** Whether a keyword of the node itself (not of a child) lies before the offset. */
function keywordBefore(node: AstNode, keyword: string, offset: number): boolean {
    return GrammarUtils.findNodesForKeyword(node.$cstNode, keyword).some(child => child.offset < offset);
}

/** `exists purchases where |` as parsed with recovery: the `where` after the node is not in its CST. */
function whereFollows(node: AstNode, offset: number): boolean {
    const cst = node.$cstNode;
    if (!cst || cst.end > offset) return false;
    const text = cst.root.fullText.substring(cst.end, offset);
    return /^\s*where\b/.test(text);
}

/** Completion builds synthetic nodes (no CST) for what is not parsed yet; typing needs a real one. */
function realNode(node: AstNode): AstNode {
    let current: AstNode | undefined = node;
    while (current && !current.$cstNode && current.$container) current = current.$container;
    return current ?? node;
}
