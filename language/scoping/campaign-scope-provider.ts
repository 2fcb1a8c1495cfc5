import {
    AstUtils, DefaultScopeProvider, DocumentState, EMPTY_SCOPE, WorkspaceCache, type AstNode, type ReferenceInfo, type Scope
} from 'langium';
import {
    isActivity, isAddressOption, isCallExpression, isCampaign, isCampaignParam, isCampaignVar, isChangeActivity, isComparison, isEndActivity, isMemberAccess,
    isEntity, isEnum, isFilter, isFilterParam, isInPredicate, isMinusInput, isPerOption, isPreference, isReconcileActivity,
    isSignalArgument, isTake, Filter, TestCase,
    type Activity, type Entity, type Enum, type Expression, type Field, type Input, type NameReference
} from '../generated/ast.js';
import { SENT_MESSAGE_ENTITY } from '../builtins.js';
import type { CampaignServices } from '../campaign-module.js';
import { namedOutputs } from '../model/outputs.js';
import { declaredType, linkTarget, safeRef } from '../typing/fields.js';
import type { ExpressionTyper } from '../typing/expression-typer.js';
import type { Population, Populations } from '../typing/population.js';
import type { ValueType } from '../typing/types.js';
import { nodeTypeTest } from '../typing/type-tests.js';
import { DescriptionCache, FirstLayerScope, LayeredScope, type Candidate } from './layered-scope.js';

/**
 * Scoping of language.md §1 and §3. Entities, enums, filters, campaigns and the built-in library are
 * global (Langium's index); everything else is resolved here against the campaign or the population
 * at that point of the graph.
 */
export class CampaignScopeProvider extends DefaultScopeProvider {
    protected readonly services: CampaignServices;
    protected readonly activityCache: WorkspaceCache<AstNode, ReadonlyMap<string, AstNode>>;
    protected readonly activityScopes: WorkspaceCache<AstNode, Scope>;
    protected readonly columnCache = new WeakMap<Population, ReadonlyMap<string, AstNode>>();
    protected readonly describer: DescriptionCache;

    constructor(services: CampaignServices) {
        super(services);
        this.services = services;
        this.activityCache = new WorkspaceCache(services.shared);
        this.activityScopes = new WorkspaceCache(services.shared);
        this.describer = new DescriptionCache(services.workspace.AstNodeDescriptionProvider);
        // What the index holds changes when documents are indexed: forget it on every update and
        // again once a build has indexed its documents (before it links any of them).
        const forget = () => { this.indexed = undefined; };
        services.shared.workspace.DocumentBuilder.onUpdate(forget);
        services.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, forget);
    }

    /** The index's `count` builtins and enums, read once per build (every test's `count` and every enum-value fallback asked the index). */
    private indexed?: { count: Candidate[]; enums: Enum[] };

    // Looked up on first use (not in the constructor: the typing services depend on this provider),
    // then kept: every reference asks, and a service lookup goes through the injector's proxies.
    private populationsService?: Populations;
    private typerService?: ExpressionTyper;

    protected get populations(): Populations {
        return this.populationsService ??= this.services.typing.Populations;
    }

    protected get typer(): ExpressionTyper {
        return this.typerService ??= this.services.typing.ExpressionTyper;
    }

    override getScope(context: ReferenceInfo): Scope {
        const container = context.container;
        // The two most frequent references first, without building the switch's key string.
        if (context.property === 'target' && container.$type === 'NameReference') return this.nameScope(container as NameReference);
        if (context.property === 'activity' && container.$type === 'Input') return this.activityScope(container);
        switch (`${container.$type}.${context.property}`) {
            case 'Input.activity':
                return this.activityScope(container);
            case 'Input.output': {
                const activity = safeRef((container as Input).activity);
                return activity ? this.layers(() => namedOutputs(activity).map(o => [o.name, o] as Candidate)) : EMPTY_SCOPE;
            }
            case 'NameReference.target':
                return this.nameScope(container as NameReference);
            case 'MemberAccess.member': {
                const receiver = isMemberAccess(container) ? this.typer.typeOf(container.receiver) : undefined;
                return receiver?.kind === 'link' ? this.entityColumns(receiver.entity) : EMPTY_SCOPE;
            }
            case 'Field.via':
                return this.viaScope(container as Field);
            case 'PerOption.link':
            case 'AddressOption.field':
            case 'ChangeActivity.via':
                return this.inputEntityScope(container);
            case 'MinusInput.via': {
                const input = isMinusInput(container) ? this.populations.ofInput(container.input) : undefined;
                return input?.dimension.kind === 'entity' ? this.fieldsOf(input.dimension.entity) : EMPTY_SCOPE;
            }
            case 'TakeField.field': {
                const take = container.$container;
                const entity = isTake(take) ? this.populations.collectionEntity(take.collection) : undefined;
                return entity ? this.fieldsOf(entity) : EMPTY_SCOPE;
            }
            case 'ReconcileKey.field': {
                const reconcile = container.$container;
                const entity = isReconcileActivity(reconcile) ? safeRef(reconcile.entity) : undefined;
                return entity ? this.fieldsOf(entity) : EMPTY_SCOPE;
            }
            case 'SignalArgument.param': {
                const end = container.$container;
                const campaign = isEndActivity(end) ? safeRef(end.signal) : undefined;
                return campaign ? this.layers(() => campaign.members.filter(isCampaignParam).map(p => [p.name, p] as Candidate)) : EMPTY_SCOPE;
            }
            case 'VariableReference.variable': {
                const campaign = AstUtils.getContainerOfType(container, isCampaign);
                return campaign
                    ? this.layers(() => campaign.members.filter(m => isCampaignVar(m) || isCampaignParam(m)).map(m => [(m as { name: string }).name, m] as Candidate))
                    : EMPTY_SCOPE;
            }
            default:
                return super.getScope(context);
        }
    }

    /**
     * A bare name, in order (language.md §3): `count` inside a test; a column of the population at
     * that point; a parameter of the enclosing filter; an enum value of the other operand's enum, then
     * of any enum; an activity of the campaign when the rows are sent messages (`activity = vipOffer`).
     */
    protected nameScope(ref: NameReference): Scope {
        // One walk up for both containers asked about (a NameReference is neither itself).
        let inTest = false;
        let filter: Filter | undefined;
        for (let node: AstNode | undefined = ref.$container; node; node = node.$container) {
            if (!inTest && isTestCaseNode(node)) inTest = true;
            else if (!filter && isFilterNode(node)) filter = node;
        }
        const population = this.populations.contextOf(ref);
        // Most names are columns, the first layer outside tests: looked up without building the layers.
        if (!inTest && population) {
            return new FirstLayerScope(this.describer, this.columnNodes(population), () => this.nameLayers(ref, inTest, filter, population));
        }
        return this.nameLayers(ref, inTest, filter, population);
    }

    /** The layers of nameScope, in order. */
    protected nameLayers(ref: NameReference, inTest: boolean, filter: Filter | undefined, population: Population | undefined): Scope {
        const layers: Array<() => Iterable<Candidate> | ReadonlyMap<string, AstNode>> = [];
        if (inTest) layers.push(() => this.indexedNames().count);
        if (population) {
            layers.push(() => this.columnNodes(population));
            // `take` lists link too, so that using one outside a template gets a precise message.
            layers.push(() => [...population.lists].map(([name, list]) => [name, list.source] as Candidate));
        }
        if (filter) layers.push(() => filter!.params.map(p => [p.name, p] as Candidate));
        layers.push(() => {
            const expected = this.expectedType(ref);
            return expected?.kind === 'enum' ? expected.enum.values.map(v => [v.name, v] as Candidate) : [];
        });
        layers.push(() => this.indexedNames().enums.flatMap(e => e.values.map(v => [v.name, v] as Candidate)));
        if (population?.dimension.kind === 'entity' && population.dimension.entity.name === SENT_MESSAGE_ENTITY) {
            layers.push(() => this.activities(ref));
        }
        return new LayeredScope(this.describer, layers);
    }

    /** The type the other side of a comparison, an `in` list, an argument or a default expects. */
    protected expectedType(ref: NameReference): ValueType | undefined {
        const parent = ref.$container;
        if (isComparison(parent)) return this.typer.typeOf(parent.left === ref ? parent.right : parent.left);
        if (isInPredicate(parent)) {
            if (parent.operand !== ref) return this.typer.typeOf(parent.operand);
            return parent.values[0] ? this.typer.typeOf(parent.values[0]) : undefined;
        }
        if (isCallExpression(parent)) {
            const callee = safeRef(parent.callee);
            const index = parent.arguments.indexOf(ref as Expression);
            const param = isFilter(callee) && index >= 0 ? callee.params[index] : undefined;
            return param ? declaredType(param.type, false, param.optional) : undefined;
        }
        if (isSignalArgument(parent)) {
            const param = safeRef(parent.param);
            return param ? declaredType(param.type, false, param.optional) : undefined;
        }
        if (isFilterParam(parent) || isCampaignParam(parent)) return declaredType(parent.type, false, parent.optional);
        if (isPreference(parent) && parent.expression && parent.expression !== ref) return this.typer.typeOf(parent.expression);
        return undefined;
    }

    /** `by`: for a to-many link, a to-one link of the target; for a to-one link, a field of the same entity. */
    protected viaScope(field: Field): Scope {
        const target = linkTarget(field);
        if (field.many) return target ? this.fieldsOf(target) : EMPTY_SCOPE;
        const entity = field.$container;
        return isEntity(entity) ? this.fieldsOf(entity) : EMPTY_SCOPE;
    }

    /** Fields of the entity of the population reaching a channel option or a `change`. */
    protected inputEntityScope(node: AstNode): Scope {
        const activity: Activity | undefined = isChangeActivity(node) ? node
            : (isPerOption(node) || isAddressOption(node)) ? AstUtils.getContainerOfType(node, isActivity) : undefined;
        const population = activity ? this.populations.inputPopulation(activity) : undefined;
        return population?.dimension.kind === 'entity' ? this.fieldsOf(population.dimension.entity) : EMPTY_SCOPE;
    }

    protected fieldsOf(entity: Entity): Scope {
        return this.layers(() => entity.fields.map(f => [f.name, f] as Candidate));
    }

    /** Fields and links of an entity, plus `messages` when it has an address. */
    protected entityColumns(entity: Entity): Scope {
        return this.layers(() => [...this.populations.ofEntity(entity).columns].map(([name, c]) => [name, c.source] as Candidate));
    }

    /** The scope of `from a`: one per campaign (cached with the activities: every `from` asks). */
    protected activityScope(node: AstNode): Scope {
        const campaign = AstUtils.getContainerOfType(node, isCampaign);
        if (!campaign) return this.layers(() => new Map());
        return this.activityScopes.get(campaign, () => this.layers(() => this.activities(campaign)));
    }

    /** The activities of the campaign around a node, by name (cached: every `from` asks). */
    protected activities(node: AstNode): ReadonlyMap<string, AstNode> {
        const campaign = AstUtils.getContainerOfType(node, isCampaign);
        if (!campaign) return new Map();
        return this.activityCache.get(campaign, () => new Map(activitiesOf(campaign).reverse()));
    }

    /** A population's columns by name → source node (cached per population object). */
    protected columnNodes(population: Population): ReadonlyMap<string, AstNode> {
        let map = this.columnCache.get(population);
        if (!map) {
            map = new Map([...population.columns].map(([name, column]) => [name, column.source]));
            this.columnCache.set(population, map);
        }
        return map;
    }

    protected indexedNames(): { count: Candidate[]; enums: Enum[] } {
        return this.indexed ??= { count: this.builtinFunctions().filter(([name]) => name === 'count'), enums: this.allEnums() };
    }

    protected builtinFunctions(): Candidate[] {
        return this.indexManager.allElements('BuiltinFunction').map(d => [d.name, d.node] as Candidate).filter(([, n]) => n !== undefined).toArray();
    }

    protected allEnums(): Enum[] {
        return this.indexManager.allElements('Enum').map(d => d.node).filter(isEnum).toArray();
    }

    protected layers(...layers: Array<() => Iterable<Candidate> | ReadonlyMap<string, AstNode>>): Scope {
        return new LayeredScope(this.describer, layers);
    }
}

/** isTestCase and isFilter by type-name sets: asked of every container above every name. */
const isTestCaseNode = nodeTypeTest<TestCase>(TestCase.$type);
const isFilterNode = nodeTypeTest<Filter>(Filter.$type);

/** The activities of the campaign around a node. */
function activitiesOf(node: AstNode): Candidate[] {
    const campaign = AstUtils.getContainerOfType(node, isCampaign);
    return campaign ? campaign.members.filter(isActivity).map(a => [a.name, a] as Candidate) : [];
}

