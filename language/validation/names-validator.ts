import { WorkspaceCache, type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import {
    isActivity, isCampaignParam, isCampaignVar, isEnrichColumn, isEntity, isLoadColumn,
    type Activity, type Annotation, type CampaignAstType, type Campaign, type Entity, type Enum, type Field, type Filter, type Model
} from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { namedOutputs } from '../model/outputs.js';
import { ADDRESS_ANNOTATIONS, isBuiltinNode, linkTarget, safeRef } from '../typing/fields.js';
import { Code, fixes, insertAt, issue } from './codes.js';
import { closest, didYouMean } from './suggestions.js';

/** Namespaces of global names: types (entities, enums, primitives), callables (filters, functions), campaigns. */
const NAMESPACE: Record<string, string> = {
    Entity: 'type', Enum: 'type', PrimitiveType: 'type', Filter: 'callable', BuiltinFunction: 'callable', Campaign: 'campaign'
};

const ANNOTATIONS = [...Object.values(ADDRESS_ANNOTATIONS), 'optin'];

/** Unknown and duplicate names, the data model's rules (§2), built-in declarations outside the library. */
export class NamesValidator {
    protected readonly globals: WorkspaceCache<string, Map<string, number>>;

    constructor(protected readonly services: CampaignServices) {
        this.globals = new WorkspaceCache(services.shared);
    }

    register(): void {
        const checks: ValidationChecks<CampaignAstType> = {
            Model: this.checkModel,
            Entity: this.checkEntity,
            Enum: this.checkEnum,
            Filter: this.checkFilter,
            Campaign: this.checkCampaign,
            Field: this.checkField,
            Annotation: this.checkAnnotation
        };
        this.services.validation.ValidationRegistry.register(checks, this);
    }

    /** How many global declarations share a namespace and name, across the workspace. */
    protected globalCount(type: string, name: string): number {
        const namespace = NAMESPACE[type];
        const counts = this.globals.get(namespace, () => {
            const map = new Map<string, number>();
            for (const d of this.services.shared.workspace.IndexManager.allElements()) {
                if (NAMESPACE[d.type] === namespace) map.set(d.name, (map.get(d.name) ?? 0) + 1);
            }
            return map;
        });
        return counts.get(name) ?? 0;
    }

    protected checkGlobal(node: Entity | Enum | Filter | Campaign, accept: ValidationAcceptor): void {
        if (this.globalCount(node.$type, node.name) > 1) {
            const what = NAMESPACE[node.$type] === 'type' ? 'type' : NAMESPACE[node.$type] === 'callable' ? 'filter or function' : 'campaign';
            accept('error', `Duplicate ${what} name '${node.name}' in the workspace.`, { node, property: 'name', ...issue(Code.DuplicateName) });
        }
    }

    checkModel(model: Model, accept: ValidationAcceptor): void {
        if (isBuiltinNode(model)) return;
        for (const builtin of model.builtins) {
            accept('error', `'${builtin.$type === 'PrimitiveType' ? 'primitive' : 'builtin'}' declarations belong to the built-in library only.`,
                { node: builtin, ...issue(Code.BuiltinDeclaration) });
        }
        const databases = this.allDatabases();
        if (databases > 1) {
            for (const database of model.databases) {
                accept('error', `A workspace has at most one \`database\` (found ${databases}).`, { node: database, ...issue(Code.DatabaseCount) });
            }
        }
    }

    protected allDatabases(): number {
        let count = 0;
        for (const document of this.services.shared.workspace.LangiumDocuments.all) {
            const root = document.parseResult.value as Model;
            count += root.databases?.length ?? 0;
        }
        return count;
    }

    checkEntity(entity: Entity, accept: ValidationAcceptor): void {
        if (isBuiltinNode(entity)) return;
        this.checkGlobal(entity, accept);
        duplicates(entity.fields, accept, 'field or link', entity.name);
        const keys = entity.fields.filter(f => f.isKey);
        if (keys.length === 0) {
            const id = entity.fields.find(f => f.name === 'id' && !f.many) ?? entity.fields.find(f => /id$/i.test(f.name) && !f.many);
            const fix = id && !linkTarget(id) ? insertAt(id.$cstNode?.range.start, 'key ', `Make '${id.name}' the key`) : undefined;
            accept('error', `Entity '${entity.name}' needs exactly one \`key\` field.`, { node: entity, property: 'name', ...issue(Code.KeyCount, fixes(fix)) });
        }
        for (const extra of keys.slice(1)) {
            accept('error', `Entity '${entity.name}' has more than one \`key\` field.`, { node: extra, keyword: 'key', ...issue(Code.KeyCount) });
        }
    }

    checkEnum(e: Enum, accept: ValidationAcceptor): void {
        this.checkGlobal(e, accept);
        duplicates(e.values, accept, 'value', e.name);
    }

    checkFilter(filter: Filter, accept: ValidationAcceptor): void {
        this.checkGlobal(filter, accept);
        duplicates(filter.params, accept, 'parameter', filter.name);
    }

    checkCampaign(campaign: Campaign, accept: ValidationAcceptor): void {
        this.checkGlobal(campaign, accept);
        duplicates(campaign.members.filter(isActivity), accept, 'activity', campaign.name);
        duplicates(campaign.members.filter(m => isCampaignVar(m) || isCampaignParam(m)) as Array<AstNode & { name: string }>, accept, 'variable', campaign.name);
        for (const activity of campaign.members.filter(isActivity)) this.checkActivityNames(activity, accept);
    }

    protected checkActivityNames(activity: Activity, accept: ValidationAcceptor): void {
        duplicates(namedOutputs(activity), accept, 'output', activity.name);
        const options: AstNode[] = 'options' in activity ? activity.options : [];
        duplicates(options.filter(isEnrichColumn), accept, 'column', activity.name);
        duplicates(options.filter(isLoadColumn), accept, 'column', activity.name);
    }

    checkField(field: Field, accept: ValidationAcceptor): void {
        if (isBuiltinNode(field)) return;
        const target = linkTarget(field);
        const type = safeRef(field.type);
        if (!type) return;
        if (field.many && !target) {
            accept('error', `Only links can be to-many: '${type.name}[]' is not an entity.`, { node: field, property: 'many', ...issue(Code.LinkVia) });
        }
        if (field.isKey && (target || field.optional)) {
            accept('error', `A key is a plain, non-nullable value, not ${target ? 'a link' : 'nullable'}.`, { node: field, property: 'name', ...issue(Code.KeyCount) });
        }
        if (!target) {
            if (field.via) accept('error', `Only links have \`by\`: '${field.name}' is a ${type.name}.`, { node: field, property: 'via', ...issue(Code.LinkVia) });
            return;
        }
        const entity = field.$container;
        const via = safeRef(field.via);
        if (!field.via) {
            accept('error', field.many
                ? `A to-many link needs \`by\` and the to-one link of ${target.name} it inverts: \`${field.name}: ${target.name}[] by ${lowerFirst(isEntity(entity) ? entity.name : 'x')}\`.`
                : `A to-one link needs \`by\` and the field holding the key of ${target.name}: \`${field.name}: ${target.name} by ${field.name}Id\`.`,
            { node: field, property: 'type', ...issue(Code.LinkVia) });
            return;
        }
        if (!via) return;
        if (field.many) {
            const back = linkTarget(via);
            if (!back || via.many || back !== entity) {
                accept('error', `\`by ${via.name}\` must name a to-one link of ${target.name} to ${isEntity(entity) ? entity.name : 'this entity'}.`,
                    { node: field, property: 'via', ...issue(Code.LinkVia) });
            }
        } else if (linkTarget(via)) {
            accept('error', `\`by ${via.name}\` must name a plain field of ${isEntity(entity) ? entity.name : 'this entity'} holding the key of ${target.name}, not a link.`,
                { node: field, property: 'via', ...issue(Code.LinkVia) });
        }
    }

    checkAnnotation(annotation: Annotation, accept: ValidationAcceptor): void {
        if (!ANNOTATIONS.includes(annotation.name)) {
            const suggestions = closest(annotation.name, ANNOTATIONS);
            accept('error', `Unknown annotation '@${annotation.name}': use @email, @sms, @push, @mail or @optin(channel).${didYouMean(suggestions.map(s => '@' + s))}`,
                { node: annotation, property: 'name', ...issue(Code.Annotation, { suggestions }) });
            return;
        }
        const field = annotation.$container as Field;
        const type = safeRef(field.type)?.name;
        if (annotation.name === 'optin') {
            if (!annotation.argument || !(annotation.argument in ADDRESS_ANNOTATIONS)) {
                const suggestions = annotation.argument ? closest(annotation.argument, Object.keys(ADDRESS_ANNOTATIONS)) : [];
                accept('error', `@optin names a channel: @optin(email), @optin(sms), @optin(push) or @optin(mail).${didYouMean(suggestions)}`,
                    { node: annotation, property: annotation.argument ? 'argument' : 'name', ...issue(Code.Annotation, { suggestions }) });
            }
            if (type && type !== 'bool') accept('error', `A consent field (@optin) must be bool, not ${type}.`, { node: annotation, ...issue(Code.Annotation) });
            return;
        }
        if (annotation.argument) accept('error', `@${annotation.name} takes no argument.`, { node: annotation, property: 'argument', ...issue(Code.Annotation) });
        if (type && type !== 'string') accept('error', `An address field (@${annotation.name}) must be a string, not ${type}.`, { node: annotation, ...issue(Code.Annotation) });
    }
}

/** Reports every declaration after the first of the same name in one list. */
export function duplicates(nodes: ReadonlyArray<AstNode & { name: string }>, accept: ValidationAcceptor, what: string, owner: string): void {
    const seen = new Set<string>();
    for (const node of nodes) {
        if (seen.has(node.name)) {
            accept('error', `Duplicate ${what} '${node.name}' in ${owner}.`, { node, property: 'name' as never, ...issue(Code.DuplicateName) });
        }
        seen.add(node.name);
    }
}

function lowerFirst(s: string): string {
    return s.charAt(0).toLowerCase() + s.slice(1);
}

