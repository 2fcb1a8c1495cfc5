import { WorkspaceCache, type AstNode, type LangiumDocuments } from 'langium';
import {
    Activity, CallExpression, Campaign, ExistsExpression, Filter, Model, Take,
    isCampaign, isEnrichActivity, isEnrichColumn, isLoadColumn, isMemberAccess, isModel, isSaveActivity, isTakeField,
    type EnrichColumn, type Entity, type Expression, type Input, type LoadActivity, type Output, type SaveActivity
} from '../generated/ast.js';
import { MESSAGES_HOLDER_ENTITY, MESSAGES_LINK } from '../builtins.js';
import type { CampaignServices } from '../campaign-module.js';
import { declaredType, fieldType, hasAnyAddress, safeRef } from './fields.js';
import { commonType, isCollection, withNullable, type ValueType } from './types.js';
import { UpdateCache } from './update-cache.js';
import { nodeTypeTest } from './type-tests.js';

/** A column of a population: an entity field or link, an enrichment column, a file column, a numbered `take` column. */
export interface Column {
    readonly name: string;
    readonly type: ValueType;
    /** Field | EnrichColumn | LoadColumn | TakeField (numbered `take` columns point at their TakeField). */
    readonly source: AstNode;
}

/** What a population's rows are: rows of an entity, or rows of a loaded file (before reconciliation). */
export type Dimension = { kind: 'entity'; entity: Entity } | { kind: 'file'; load: LoadActivity };

/** `lastBuys = take 3 purchases … { amount; productId }`: a list for `{{#each lastBuys}}` in templates. */
export interface TakeList {
    readonly name: string;
    readonly entity: Entity | undefined;
    readonly count: number;
    /** The fields of each item, by their own names (`amount`, `productId`). */
    readonly fields: ReadonlyMap<string, Column>;
    readonly source: EnrichColumn;
}

/** The rows flowing along a transition: a dimension plus the columns that reach that point. */
export interface Population {
    readonly dimension: Dimension;
    readonly columns: Map<string, Column>;
    /** `take` lists added upstream, usable only in templates. */
    readonly lists: Map<string, TakeList>;
}

export function dimensionName(d: Dimension): string {
    return d.kind === 'entity' ? d.entity.name : `file ${d.load.name}`;
}

export function sameDimension(a: Dimension, b: Dimension): boolean {
    return a.kind === 'entity' && b.kind === 'entity' ? a.entity === b.entity : a.kind === 'file' && b.kind === 'file' && a.load === b.load;
}

/** The generated `isX` guards contextOf asks, by type-name sets (type-tests.ts): it runs for every name. */
const IS = {
    exists: nodeTypeTest<ExistsExpression>(ExistsExpression.$type),
    call: nodeTypeTest<CallExpression>(CallExpression.$type),
    take: nodeTypeTest<Take>(Take.$type),
    filter: nodeTypeTest<Filter>(Filter.$type),
    activity: nodeTypeTest<Activity>(Activity.$type),
    campaign: nodeTypeTest<Campaign>(Campaign.$type),
    model: nodeTypeTest<Model>(Model.$type)
};

/**
 * Types populations along a campaign's graph (language.md §5). Results are cached until the workspace
 * changes; a cycle in the graph yields `undefined` (unknown) instead of recursing forever.
 */
export class Populations {
    protected readonly services: CampaignServices;
    protected readonly documents: LangiumDocuments;
    protected readonly cache: UpdateCache<AstNode, Population | undefined>;
    protected readonly inputCache: UpdateCache<AstNode, Population | undefined>;
    protected readonly entityCache: WorkspaceCache<Entity, Population>;
    protected readonly savesCache: WorkspaceCache<string, Map<string, SaveActivity[]>>;

    constructor(services: CampaignServices) {
        this.services = services;
        this.documents = services.shared.workspace.LangiumDocuments;
        this.cache = new UpdateCache(services.shared);
        this.inputCache = new UpdateCache(services.shared);
        this.entityCache = new WorkspaceCache(services.shared);
        this.savesCache = new WorkspaceCache(services.shared);
    }

    /** The population of an activity's main output (for split, fork and test: what each output carries). */
    ofActivity(activity: Activity): Population | undefined {
        return this.guarded(this.cache, activity, () => this.computeOutput(activity));
    }

    /** An output of an activity: its main output, or a named one (`s.vip`, `i.r`). */
    ofOutput(activity: Activity, output?: Output): Population | undefined {
        if (!output) return this.ofActivity(activity);
        return this.guarded(this.cache, output, () => {
            if (output.$type === 'Remainder' && activity.$type === 'IntersectActivity') {
                return this.union(activity.inputs.map(i => this.ofInput(i)));
            }
            // Segments, remainders, branches, test cases and duplicates carry rows of the input.
            return this.firstInput(activity);
        });
    }

    /** What flows through `a` or `a.out` in a `from` clause. */
    ofInput(input: Input): Population | undefined {
        const activity = safeRef(input.activity);
        if (!activity) return undefined;
        if (input.output) {
            const output = safeRef(input.output);
            return output ? this.ofOutput(activity, output) : undefined;
        }
        return this.ofActivity(activity);
    }

    /** The population an activity's own expressions are evaluated against (its `where`, segments, columns…). */
    inputPopulation(activity: Activity): Population | undefined {
        // Guarding the activity itself stops `enrich a from b {x = y}; enrich b from a {y = x}` from
        // resolving a reference that is being resolved (Langium throws on that).
        return this.guarded(this.inputCache, activity, () => {
            switch (activity.$type) {
                case 'AudienceActivity':
                case 'IncrementalActivity': {
                    const entity = safeRef(activity.entity);
                    return entity ? this.ofEntity(entity) : undefined;
                }
                case 'LoadActivity':
                case 'ReadActivity':
                    return undefined;
                case 'JoinActivity':
                    return activity.pass ? this.ofInput(activity.pass) : this.firstInput(activity);
                default:
                    return this.firstInput(activity);
            }
        });
    }

    /** The population a node inside an expression sees: completion, hover, template checking and the runner use it. */
    contextOf(node: AstNode): Population | undefined {
        let child: AstNode = node;
        let parent = node.$container;
        while (parent) {
            const property = child.$containerProperty;
            if (IS.exists(parent) && property === 'where') return this.ofCollection(parent.collection);
            if (IS.call(parent) && property === 'where') return parent.arguments[0] ? this.ofCollection(parent.arguments[0]) : undefined;
            if (IS.take(parent) && property !== 'collection') return this.ofCollection(parent.collection);
            if (IS.filter(parent)) {
                const entity = safeRef(parent.entity);
                return entity ? this.ofEntity(entity) : undefined;
            }
            if (IS.activity(parent)) return this.inputPopulation(parent);
            if (IS.campaign(parent) || IS.model(parent)) return undefined;
            child = parent;
            parent = parent.$container;
        }
        return undefined;
    }

    /** Rows of an entity: its fields and links, plus `messages` when it has an address field. */
    ofEntity(entity: Entity): Population {
        return this.entityCache.get(entity, () => {
            const columns = new Map<string, Column>();
            for (const field of entity.fields) {
                if (!columns.has(field.name)) columns.set(field.name, { name: field.name, type: fieldType(field), source: field });
            }
            const messages = hasAnyAddress(entity) ? this.messagesLink() : undefined;
            if (messages && !columns.has(MESSAGES_LINK)) {
                columns.set(MESSAGES_LINK, { name: MESSAGES_LINK, type: fieldType(messages), source: messages });
            }
            return { dimension: { kind: 'entity', entity }, columns, lists: new Map() };
        });
    }

    /** The rows of the collection a path reaches through its first to-many link (`purchases.product.price` → Purchase). */
    ofCollection(path: Expression): Population | undefined {
        const entity = this.collectionEntity(path);
        return entity ? this.ofEntity(entity) : undefined;
    }

    collectionEntity(path: Expression): Entity | undefined {
        const steps: Expression[] = [];
        let current: Expression | undefined = path;
        while (current) {
            steps.unshift(current);
            current = isMemberAccess(current) ? current.receiver : undefined;
        }
        const typer = this.services.typing.ExpressionTyper;
        for (const step of steps) {
            const t = typer.typeOf(step);
            if (isCollection(t)) return t.entity;
        }
        return undefined;
    }

    /** The built-in `messages` link (declared once in the library, offered on every addressable entity). */
    messagesLink() {
        const holder = this.services.shared.workspace.IndexManager.allElements('Entity')
            .find(d => d.name === MESSAGES_HOLDER_ENTITY)?.node as Entity | undefined;
        return holder?.fields.find(f => f.name === MESSAGES_LINK);
    }

    /** Every audience name saved in the workspace. */
    savedNames(): string[] {
        return [...this.allSaves().keys()];
    }

    /** The `save` activities of the workspace that write a given audience name. */
    savesOf(audience: string): SaveActivity[] {
        return this.allSaves().get(audience) ?? [];
    }

    protected allSaves(): Map<string, SaveActivity[]> {
        return this.savesCache.get('all', () => {
            const saves = new Map<string, SaveActivity[]>();
            for (const document of this.documents.all) {
                const root = document.parseResult.value;
                // Activities are members of campaigns, at a fixed depth: no need to walk expressions.
                for (const element of isModel(root) ? root.elements : []) {
                    if (!isCampaign(element)) continue;
                    for (const member of element.members) {
                        if (isSaveActivity(member) && member.audience !== undefined) saves.set(member.audience, [...(saves.get(member.audience) ?? []), member]);
                    }
                }
            }
            return saves;
        });
    }

    protected computeOutput(activity: Activity): Population | undefined {
        switch (activity.$type) {
            case 'AudienceActivity':
            case 'IncrementalActivity': {
                const entity = safeRef(activity.entity);
                return entity ? this.ofEntity(entity) : undefined;
            }
            case 'ReadActivity': {
                const save = this.savesOf(activity.audience)[0];
                return save ? this.ofActivity(save) : undefined;
            }
            case 'LoadActivity': {
                const columns = new Map<string, Column>();
                for (const option of activity.options) {
                    if (isLoadColumn(option) && !columns.has(option.name)) {
                        columns.set(option.name, { name: option.name, type: declaredType(option.type, false, option.optional), source: option });
                    }
                }
                return { dimension: { kind: 'file', load: activity }, columns, lists: new Map() };
            }
            case 'UnionActivity':
                return this.union(activity.inputs.map(i => this.ofInput(i)));
            case 'JoinActivity':
                return activity.pass ? this.ofInput(activity.pass) : this.firstInput(activity);
            case 'EnrichActivity':
                return this.enrich(activity);
            case 'ReconcileActivity': {
                const entity = safeRef(activity.entity);
                if (!entity) return undefined;
                const base = this.ofEntity(entity);
                const columns = new Map(base.columns);
                const input = this.firstInput(activity);
                if (input?.dimension.kind === 'file') {
                    for (const [name, column] of input.columns) if (!columns.has(name)) columns.set(name, column);
                }
                return { dimension: base.dimension, columns, lists: new Map() };
            }
            case 'ChangeActivity': {
                const entity = safeRef(activity.entity);
                return entity ? this.ofEntity(entity) : undefined;
            }
            default:
                // split, fork, test (each output), intersect, exclude (the first input), dedupe, save,
                // wait, alert, end and the channels pass their first input's population on.
                return this.firstInput(activity);
        }
    }

    protected firstInput(activity: Activity): Population | undefined {
        const inputs = 'inputs' in activity ? activity.inputs : [];
        return inputs[0] ? this.ofInput(inputs[0]) : undefined;
    }

    /** Columns common to all inputs (by name, with a common type); the first input's dimension. */
    protected union(populations: Array<Population | undefined>): Population | undefined {
        const [first, ...rest] = populations;
        if (!first) return undefined;
        const columns = new Map<string, Column>();
        for (const [name, column] of first.columns) {
            let type: ValueType | undefined = column.type;
            for (const other of rest) {
                const o = other?.columns.get(name);
                type = o && type ? commonType(type, o.type) : other ? undefined : type;
                if (!type) break;
            }
            // The same column object when its type is unchanged (columns are read-only): no copy per union.
            if (type) columns.set(name, type === column.type ? column : { ...column, type });
        }
        const lists = new Map([...first.lists].filter(([name]) => rest.every(p => !p || p.lists.has(name))));
        return { dimension: first.dimension, columns, lists };
    }

    protected enrich(activity: Activity): Population | undefined {
        const input = this.firstInput(activity);
        if (!input || !isEnrichActivity(activity)) return input;
        const columns = new Map(input.columns);
        const lists = new Map(input.lists);
        const typer = this.services.typing.ExpressionTyper;
        for (const option of activity.options) {
            if (!isEnrichColumn(option)) continue;
            if (option.value) {
                columns.set(option.name, { name: option.name, type: typer.typeOf(option.value), source: option });
            } else if (option.take) {
                const take = option.take;
                const entity = this.collectionEntity(take.collection);
                const fields = new Map<string, Column>();
                for (const tf of take.fields) {
                    const field = safeRef(tf.field);
                    if (field && !fields.has(field.name)) fields.set(field.name, { name: field.name, type: fieldType(field), source: tf });
                }
                lists.set(option.name, { name: option.name, entity, count: take.count, fields, source: option });
                for (let i = 1; i <= take.count; i++) {
                    for (const [fieldName, column] of fields) {
                        const name = `${option.name}${i}_${fieldName}`;
                        columns.set(name, { name, type: withNullable(column.type, true), source: column.source });
                    }
                }
            }
        }
        return { dimension: input.dimension, columns, lists };
    }

    /** A cached population; `undefined` for one asked for while it is being computed (a cycle). */
    protected guarded<K extends AstNode>(cache: UpdateCache<AstNode, Population | undefined>, key: K, compute: () => Population | undefined): Population | undefined {
        return cache.get(key, compute, undefined);
    }
}

/** Whether a column comes from the row itself (entity fields, file and enrichment columns) rather than a parameter. */
export function isRowColumnSource(node: AstNode): boolean {
    return node.$type === 'Field' || isEnrichColumn(node) || isLoadColumn(node) || isTakeField(node);
}
