import {
    AstUtils, Cancellation, DefaultDocumentValidator, GrammarAST, isCompositeCstNode,
    type AstNode, type CstNode, type DiagnosticInfo, type LangiumDocument, type ReferenceInfo, type ValidationAcceptor, type ValidationCheck, type ValidationOptions
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
    isActivity, isCampaign, isEndActivity, isInput, isMemberAccess, isMinusInput, isNameReference, isReconcileActivity, isTake, isTestCase
} from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { dimensionName } from '../typing/population.js';
import { safeRef } from '../typing/fields.js';
import { allNodes, cancellationPoint, treeNodes } from '../linking/ast-walk.js';
import { Code, issue } from './codes.js';
import { closest, didYouMean } from './suggestions.js';

/**
 * Unknown names, reported with what was expected there and the closest known names (which the
 * quick fix offers). A name whose context is already broken (the input of its activity is unknown,
 * its receiver has no known type) is not reported again.
 *
 * The checks run in one plain walk of the tree (validateAstNodes below).
 */
export class CampaignDocumentValidator extends DefaultDocumentValidator {
    protected readonly campaignServices: CampaignServices;

    constructor(services: CampaignServices) {
        super(services);
        this.campaignServices = services;
    }

    /**
     * Langium's node checks, in the same order (nodes as `streamAst` yields them, each node's checks
     * in registry order), but walked with a plain loop: the checks of a node type are looked up once
     * per document instead of through a new stream per node, and a check is awaited only when it
     * returns a promise (CampaignValidationRegistry's wrappers return nothing for synchronous
     * checks), so a document's checks run without a microtask per node. Cancellation is checked at
     * every node (cancellationPoint).
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        // The profiler wants per-node subtasks: keep Langium's instrumented walk for it.
        if (this.profiler?.isActive('validating')) return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        // Every node, unless a subclass prunes subtrees: then the walk asks it at each node. The full
        // list is the one the linker walked already (treeNodes keeps it per tree).
        const nodes = this.validateSingleNodeOptions === CampaignDocumentValidator.prototype.validateSingleNodeOptions
            ? treeNodes(rootNode)
            : allNodes(rootNode, node => this.validateSingleNodeOptions(node, options).validateChildren);
        const checkpoint = cancellationPoint(cancelToken);
        const checksByType = new Map<string, ValidationCheck[]>();
        for (let i = 0; i < nodes.length; i++) {
            const pending = checkpoint(i);
            if (pending) await pending;
            const node = nodes[i];
            if (!this.validateSingleNodeOptions(node, options).validateNode) continue;
            let checks = checksByType.get(node.$type);
            if (!checks) checksByType.set(node.$type, checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray());
            for (const check of checks) {
                const result = check(node, acceptor, cancelToken);
                if (result) await result;
            }
        }
    }

    /**
     * Langium's diagnostic. For a `property` without an index (or index 0, the first), the range is
     * that of the first CST node of the property, found by a search that stops there
     * (firstNodeForProperty) instead of Langium's, which collects every such node first.
     */
    protected override toDiagnostic<N extends AstNode>(severity: 'error' | 'warning' | 'info' | 'hint', message: string, info: DiagnosticInfo<N, string>): Diagnostic {
        if (!info.range && typeof info.property === 'string' && (info.index ?? 0) <= 0) {
            const cstNode = firstNodeForProperty(info.node.$cstNode, info.property);
            if (cstNode) return super.toDiagnostic(severity, message, { ...info, range: cstNode.range });
        }
        return super.toDiagnostic(severity, message, info);
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        for (const reference of document.references) {
            const error = reference.error;
            if (!error) continue;
            const info = error.info;
            if (error.message.startsWith('An error occurred')) {
                // A crash of the scope provider: keep Langium's message so that it is seen (and fixed).
                diagnostics.push(this.toDiagnostic('error', error.message, { node: info.container, range: reference.$refNode?.range, ...issue(Code.UnknownName) }));
                continue;
            }
            if (this.isFollowUp(info)) continue;
            const name = info.reference.$refText;
            let candidates: string[] = [];
            try {
                candidates = this.campaignServices.references.ScopeProvider.getScope(info).getAllElements().map(d => d.name).toArray();
            } catch {
                candidates = [];
            }
            const suggestions = closest(name, candidates);
            diagnostics.push(this.toDiagnostic('error', this.message(info) + didYouMean(suggestions), {
                node: info.container,
                range: reference.$refNode?.range,
                property: info.property,
                index: info.index,
                ...issue(Code.UnknownName, { refText: name, suggestions, containerType: info.container.$type, property: info.property })
            }));
        }
    }

    protected isFollowUp(info: ReferenceInfo): boolean {
        const node = info.container;
        try {
            if (isMemberAccess(node) && info.property === 'member') {
                return this.campaignServices.typing.ExpressionTyper.typeOf(node.receiver).kind !== 'link';
            }
            if (isNameReference(node)) {
                const activity = AstUtils.getContainerOfType(node, isActivity);
                return activity !== undefined && !AstUtils.getContainerOfType(node, isTestCase)
                    && this.campaignServices.typing.Populations.contextOf(node) === undefined;
            }
            if (isInput(node) && info.property === 'output') return safeRef(node.activity) === undefined;
            const populations = this.campaignServices.typing.Populations;
            const entityRows = (activity: AstNode | undefined) =>
                isActivity(activity) && populations.inputPopulation(activity)?.dimension.kind === 'entity';
            switch (`${node.$type}.${info.property}`) {
                case 'PerOption.link':
                case 'AddressOption.field':
                    return !entityRows(node.$container);
                case 'ChangeActivity.via':
                    return !entityRows(node);
                case 'MinusInput.via':
                    return isMinusInput(node) && populations.ofInput(node.input)?.dimension.kind !== 'entity';
                case 'TakeField.field':
                    return isTake(node.$container) && populations.collectionEntity(node.$container.collection) === undefined;
                case 'ReconcileKey.field':
                    return isReconcileActivity(node.$container) && safeRef(node.$container.entity) === undefined;
                case 'SignalArgument.param':
                    return isEndActivity(node.$container) && safeRef(node.$container.signal) === undefined;
            }
        } catch {
            return false;
        }
        return false;
    }

    protected message(info: ReferenceInfo): string {
        const name = info.reference.$refText;
        const node: AstNode = info.container;
        switch (`${node.$type}.${info.property}`) {
            case 'NameReference.target': {
                const population = this.campaignServices.typing.Populations.contextOf(node);
                return population
                    ? `Unknown name '${name}': not a column of the ${dimensionName(population.dimension)} rows here, a parameter or an enum value.`
                    : `Unknown name '${name}'.`;
            }
            case 'MemberAccess.member': {
                const receiver = isMemberAccess(node) ? this.campaignServices.typing.ExpressionTyper.typeOf(node.receiver) : undefined;
                return receiver?.kind === 'link' ? `${receiver.entity.name} has no field or link '${name}'.` : `Unknown member '${name}'.`;
            }
            case 'Input.activity': {
                const campaign = AstUtils.getContainerOfType(node, isCampaign);
                return `No activity '${name}' in campaign ${campaign?.name ?? ''}.`.replace(' .', '.');
            }
            case 'Input.output': {
                const activity = isInput(node) ? safeRef(node.activity) : undefined;
                return `Activity '${activity?.name}' has no output '${name}'.`;
            }
            case 'VariableReference.variable':
                return `Unknown variable '$${name}': declare it with \`var ${name} = …\` or \`param ${name}: type\` in the campaign.`;
            case 'CallExpression.callee':
                return `Unknown function or filter '${name}'.`;
            case 'SignalArgument.param':
                return `The signalled campaign has no parameter '${name}'.`;
            case 'Field.type':
            case 'FilterParam.type':
            case 'CampaignParam.type':
            case 'LoadColumn.type':
                return `Unknown type '${name}': use int, decimal, string, bool, date, datetime, time, an enum or an entity.`;
            case 'Field.via':
                return `Unknown field '${name}' for \`by\`.`;
            case 'EndActivity.signal':
                return `Unknown campaign '${name}'.`;
            default: {
                const type = this.campaignServices.shared.AstReflection.getReferenceType(info);
                const article = /^[AEIOU]/.test(type) ? 'an' : 'a';
                return `Unknown name '${name}': expected ${article} ${type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}.`;
            }
        }
    }
}

const features = new WeakMap<AstNode, string | null>();

/**
 * The feature of the assignment a grammar element is part of (Langium's
 * `getContainerOfType(grammarSource, isAssignment)?.feature`), kept per element: the grammar does
 * not change, and the walk up its containers is asked for every CST node searched.
 */
function featureOf(element: AstNode | undefined): string | undefined {
    if (!element) return undefined;
    let feature = features.get(element);
    if (feature === undefined) {
        feature = AstUtils.getContainerOfType(element, GrammarAST.isAssignment)?.feature ?? null;
        features.set(element, feature);
    }
    return feature ?? undefined;
}

/**
 * The first CST node that contributes to `property` of the node `root` belongs to: the first of
 * Langium's `findNodesForProperty` (same walk, same test), without collecting the others.
 */
export function firstNodeForProperty(root: CstNode | undefined, property: string): CstNode | undefined {
    if (!root) return undefined;
    const element = root.astNode;
    const search = (node: CstNode, first: boolean): CstNode | undefined => {
        if (!first && featureOf(node.grammarSource) === property) return node;
        if (isCompositeCstNode(node) && node.astNode === element) {
            for (const child of node.content) {
                const found = search(child, false);
                if (found) return found;
            }
        }
        return undefined;
    };
    return search(root, true);
}
