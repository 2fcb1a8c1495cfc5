import { AstUtils, CstUtils, EmptyFileSystemProvider, GrammarAST, type AstNode, type LangiumDocument } from 'langium';
import { AstNodeHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { builtinFunction, formatSignature, PRIMITIVE_TYPES, isPrimitiveName } from '../builtins.js';
import type { CampaignServices } from '../campaign-module.js';
import * as ast from '../generated/ast.js';
import { activityKind } from '../model/activity-kinds.js';
import { outputRef } from '../model/outputs.js';
import { dimensionName, type Population } from '../typing/population.js';
import { parseTemplate, type TemplateEach, type TemplatePart, type TemplateValue } from '../typing/templates.js';
import { typeToString } from '../typing/types.js';
import { activityAt, stringAt } from './completion/template-completion.js';
import { entityAtPath } from './population-paths.js';
import { ANNOTATION_DOCS, KEYWORD_DOCS, KEYWORD_DOCS_IN } from './keyword-docs.js';
import { describeLaunch, nextLaunches, scheduleOf, ScheduleError } from '../schedule/index.js';
import { templateFileUri } from '../typing/template-files.js';
import { DateTime } from 'luxon';

const MAX_COLUMNS = 40;

/**
 * Hover: what an activity kind does and the population it works on (dimension and columns), a
 * field's type and nullability, a function's signature and documentation, a filter's signature,
 * and the type of a name inside a `{{ }}` template.
 */
export class CampaignHoverProvider extends AstNodeHoverProvider {
    protected readonly services: CampaignServices;

    constructor(services: CampaignServices) {
        super(services);
        this.services = services;
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        try {
            const value = this.hoverText(document, document.textDocument.offsetAt(params.position));
            return value ? { contents: { kind: 'markdown', value } } : undefined;
        } catch (error) {
            console.error('hover failed', error);
            return undefined;
        }
    }

    protected hoverText(document: LangiumDocument, offset: number): string | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf || leaf.hidden) return undefined;
        const text = document.textDocument.getText();
        const node = leaf.astNode;
        // Any word of a schedule: the schedule in words and its next launches.
        const schedule = AstUtils.getContainerOfType(node, ast.isSchedule);
        if (schedule) return this.scheduleHover(schedule);
        if (leaf.text.startsWith('"')) {
            const named = stringHover(this.services, document, node, leaf.text);
            if (named) return named;
        }
        const inString = stringAt(text, offset);
        if (inString && inString !== 'comment') return this.templateHover(document, inString.start, offset);
        if (ast.isAnnotation(node)) return annotationHover(node);
        if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(leaf.text)) return dateHover(leaf.text);

        // A name (a keyword may be one: `email` as a field) shows what it declares or refers to.
        const contents: string[] = [];
        for (const target of this.references.findDeclarations(leaf)) {
            const content = this.getAstNodeHoverContent(target);
            if (content) contents.push(content);
        }
        if (contents.length > 0) return contents.join('\n\n---\n\n');
        // The keyword that starts an activity: what the kind does and what it works on.
        const activity = leaf.astNode;
        if (ast.isActivity(activity) && firstLeafOffset(activity) === leaf.offset) return this.activityHover(activity);
        // Any other keyword used as a keyword (not as a name): what the option or setting means.
        // (Operators of infix rules are not keywords of the grammar, but have their own entries.)
        const doc = KEYWORD_DOCS_IN[`${node.$type}.${leaf.text}`] ?? (GrammarAST.isKeyword(leaf.grammarSource) ? KEYWORD_DOCS[leaf.text] : undefined);
        return doc ? `${code(leaf.text)}\n\n${doc}` : undefined;
    }

    /** `schedule weekly on mon at 09:00`: the rule as written, its zone and its next launches (or why there are none). */
    protected scheduleHover(node: ast.Schedule): string {
        const campaign = AstUtils.getContainerOfType(node, ast.isCampaign);
        const head = `**Schedule** ${code((node.$cstNode?.text ?? 'schedule').replace(/\s+/g, ' '))}`;
        if (!campaign) return head;
        let schedule;
        try {
            schedule = scheduleOf(campaign);
        } catch (error) {
            return `${head}\n\n${error instanceof ScheduleError ? `Cannot be computed: ${error.message}.` : 'Cannot be computed.'}`;
        }
        const lines = [`${head}, in ${code(schedule.zone)}`];
        if (schedule.rule.kind === 'signal') {
            // The `end … signal <this campaign>` activities of the workspace.
            const senders: string[] = [];
            for (const reference of this.services.references.References.findReferences(campaign, { includeDeclaration: false })) {
                const root = this.services.shared.workspace.LangiumDocuments.getDocument(reference.sourceUri)?.parseResult.value;
                const end = root && AstUtils.getContainerOfType(this.services.workspace.AstNodeLocator.getAstNode(root, reference.sourcePath), ast.isEndActivity);
                if (end) senders.push(`${AstUtils.getContainerOfType(end, ast.isCampaign)?.name ?? '?'}.${end.name}`);
            }
            lines.push(senders.length > 0
                ? `Runs when started by ${senders.map(code).join(', ')}.`
                : 'Runs only when an `end … signal ' + campaign.name + '` of another campaign starts it; none does yet.');
            return lines.join('\n\n');
        }
        const next = nextLaunches(schedule, new Date(), NEXT_LAUNCHES);
        lines.push(next.length > 0
            ? `Next launches: ${next.map(d => code(describeLaunch(d, schedule.zone))).join(', ')}${next.length === NEXT_LAUNCHES ? ', …' : ''}`
            : 'No launches left: the schedule has ended.');
        return lines.join('\n\n');
    }

    protected override getAstNodeHoverContent(node: AstNode): string | undefined {
        if (ast.isActivity(node)) return this.activityHover(node);
        if (ast.isField(node)) return fieldHover(node);
        if (ast.isBuiltinFunction(node)) {
            const info = builtinFunction(node.name);
            return info ? `${code(formatSignature(info))}\n\n${info.doc}` : code(node.name);
        }
        if (ast.isFilter(node)) {
            const params = node.params.map(p => `${p.name}: ${p.type?.$refText ?? '?'}${p.optional ? '?' : ''}${p.default?.$cstNode ? ` = ${p.default.$cstNode.text}` : ''}`);
            const where = node.where?.$cstNode ? ` where ${node.where.$cstNode.text}` : '';
            return `${code(`filter ${node.name}(${params.join(', ')}) on ${node.entity?.$refText ?? '?'}${where}`)}\n\nReusable filter.`;
        }
        if (ast.isFilterParam(node)) return `${code(`${node.name}: ${node.type?.$refText ?? '?'}${node.optional ? '?' : ''}`)}\n\nParameter of filter \`${(node.$container as ast.Filter).name}\`.`;
        if (ast.isEntity(node)) return entityHover(node);
        if (ast.isEnum(node)) return `${code(`enum ${node.name}`)}\n\nValues: ${node.values.map(v => code(v.name)).join(', ')}`;
        if (ast.isEnumValue(node)) return `${code(`${(node.$container as ast.Enum).name}.${node.name}`)}\n\nA value of enum \`${(node.$container as ast.Enum).name}\`.`;
        if (ast.isPrimitiveType(node)) {
            return `${code(node.name)}\n\n${isPrimitiveName(node.name) ? PRIMITIVE_TYPES[node.name] : ''}`;
        }
        if (ast.isCampaignVar(node)) {
            return `${code(`var ${node.name}: ${typeToString(this.services.typing.ExpressionTyper.typeOfTarget(node))}`)}\n\nCampaign variable, \`$${node.name}\` in expressions and templates.`;
        }
        if (ast.isCampaignParam(node)) {
            return `${code(`param ${node.name}: ${node.type?.$refText ?? '?'}${node.optional ? '?' : ''}`)}\n\nSignal parameter, \`$${node.name}\`; set by \`end … signal … with\`.`;
        }
        if (ast.isEnrichColumn(node) || ast.isLoadColumn(node) || ast.isTakeField(node)) {
            const name = ast.isTakeField(node) ? node.field?.$refText ?? '' : node.name;
            const type = typeToString(this.services.typing.ExpressionTyper.typeOfTarget(node));
            const origin = ast.isEnrichColumn(node) ? 'Enrichment column' : ast.isLoadColumn(node) ? 'File column' : 'Field of a `take` list';
            return `${code(`${name}: ${type}`)}\n\n${origin}.`;
        }
        if (ast.isCampaign(node)) return `${code(`campaign ${node.name}`)}`;
        if (isOutput(node)) {
            const activity = AstUtils.getContainerOfType(node, ast.isActivity);
            if (!activity) return undefined;
            const population = this.services.typing.Populations.ofOutput(activity, node);
            return `${code(outputRef(activity, node))}\n\nOutput of ${activityKind(activity).title.toLowerCase()} \`${activity.name}\`.${populationText(population, 'Carries')}`;
        }
        return undefined;
    }

    protected activityHover(activity: ast.Activity): string {
        const kind = activityKind(activity);
        const populations = this.services.typing.Populations;
        const input = populations.inputPopulation(activity);
        const output = populations.ofActivity(activity);
        let text = `**${kind.title}** ${code(`${kind.keyword} ${activity.name ?? ''}`)}\n\n${kind.doc}`;
        text += populationText(input, 'Works on');
        if (output && (!input || output.columns.size !== input.columns.size || output.dimension !== input.dimension)) {
            text += populationText(output, 'Passes on');
        }
        return text;
    }

    /** `{{firstName}}`, `{{store.city}}`, `{{$discount}}`: the name under the cursor and its type. */
    protected templateHover(document: LangiumDocument, stringStart: number, offset: number): string | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findLeafNodeAtOffset(root, stringStart) : undefined;
        if (!leaf || !leaf.text.startsWith('"')) return undefined;
        const relative = offset - stringStart - 1;
        const hit = findTemplatePart(parseTemplate(leaf.text.slice(1, -1)).parts, relative);
        const activity = activityAt(document, stringStart);
        if (!hit || !ast.isChannelActivity(activity)) return undefined;
        if (hit.kind === 'value' && hit.variable) {
            const campaign = AstUtils.getContainerOfType(activity, ast.isCampaign);
            const variable = campaign?.members.find(m => (ast.isCampaignVar(m) || ast.isCampaignParam(m)) && m.name === hit.path[0]);
            return variable ? this.getAstNodeHoverContent(variable) : undefined;
        }
        const population = this.services.typing.Populations.inputPopulation(activity);
        if (!population) return undefined;
        if (hit.kind === 'each') {
            const list = population.lists.get(hit.name);
            return list ? `${code(hit.name)}: list of up to ${list.count} ${list.entity?.name ?? 'rows'}, with ${[...list.fields.keys()].map(code).join(', ')}` : undefined;
        }
        const parent = hit.path.slice(0, -1);
        const last = hit.path[hit.path.length - 1];
        const columns = parent.length === 0 ? population.columns
            : (() => {
                const entity = entityAtPath(this.services, population.columns, parent);
                return entity ? this.services.typing.Populations.ofEntity(entity).columns : undefined;
            })();
        const column = columns?.get(last);
        return column ? `${code(`${hit.path.join('.')}: ${typeToString(column.type)}`)}\n\n${column.type.nullable ? 'May be empty (NULL renders as nothing).' : 'Never empty.'}` : undefined;
    }
}

const NEXT_LAUNCHES = 5;

/** `@email`, `@optin(sms)`: what the annotation does. */
function annotationHover(node: ast.Annotation): string | undefined {
    const doc = ANNOTATION_DOCS[node.name];
    const written = node.argument ? `@${node.name}(${node.argument})` : `@${node.name}`;
    return doc ? `${code(written)}\n\n${doc}${node.argument && node.name === 'optin' ? ` (here: ${node.argument})` : ''}` : undefined;
}

/** A date or date-time literal, with its day of the week. */
function dateHover(value: string): string | undefined {
    const parsed = DateTime.fromISO(value, { zone: 'UTC' });
    return parsed.isValid ? `${code(value)}\n\n${parsed.setLocale('en-US').toFormat(value.includes('T') ? 'cccc d LLLL yyyy, HH:mm' : 'cccc d LLLL yyyy')}` : undefined;
}

/**
 * Strings that name something: a `body file`, `load … file` or `database` path (where it resolves
 * and whether it exists), a saved audience (who saves and who reads it), a time zone.
 */
function stringHover(services: CampaignServices, document: LangiumDocument, node: AstNode, text: string): string | undefined {
    const value = text.startsWith('"') ? text.slice(1, -1) : text;
    const fileSystem = services.shared.workspace.FileSystemProvider;
    const pathHover = (what: string) => {
        const uri = templateFileUri(document, value);
        if (!uri) return `${code(value)}\n\n${what}, relative to this campaign file (not saved yet).`;
        // Without a file system (the browser) nothing can be said about the file.
        let exists: boolean | undefined;
        try {
            exists = fileSystem instanceof EmptyFileSystemProvider ? undefined : fileSystem.existsSync(uri);
        } catch {
            exists = undefined;
        }
        const where = uri.scheme === 'file' ? uri.fsPath : uri.toString();
        return `${code(value)}\n\n${what}: ${code(where)}${exists === false ? ' — **not found**' : ''}`;
    };
    if (ast.isBodyOption(node) && node.isFile) return pathHover('Template file');
    if (ast.isLoadActivity(node)) return pathHover('CSV file');
    if (ast.isDatabase(node) && !/^postgres(ql)?:/.test(value)) return pathHover('Database');
    if (ast.isReadActivity(node) || ast.isSaveActivity(node)) {
        const saves: string[] = [];
        const reads: string[] = [];
        for (const doc of services.shared.workspace.LangiumDocuments.all) {
            const root = doc.parseResult.value;
            for (const element of ast.isModel(root) ? root.elements : []) {
                if (!ast.isCampaign(element)) continue;
                for (const member of element.members) {
                    if (ast.isSaveActivity(member) && member.audience === value) saves.push(`${element.name}.${member.name}`);
                    if (ast.isReadActivity(member) && member.audience === value) reads.push(`${element.name}.${member.name}`);
                }
            }
        }
        const lines = [`${code(value)}: saved audience`];
        lines.push(saves.length > 0 ? `Saved by ${saves.map(code).join(', ')}.` : 'No `save … as` of the workspace writes it.');
        if (reads.length > 0) lines.push(`Read by ${reads.map(code).join(', ')}.`);
        return lines.join('\n\n');
    }
    if (ast.isCampaignTimezone(node)) {
        const now = DateTime.now().setZone(value);
        return now.isValid ? `${code(value)}\n\nTime zone of the schedule, now UTC${now.toFormat('ZZ')}.` : `${code(value)}\n\nNot a known time zone.`;
    }
    return undefined;
}

function firstLeafOffset(node: AstNode): number | undefined {
    if (!node.$cstNode) return undefined;
    for (const cst of CstUtils.streamCst(node.$cstNode)) {
        if (!('content' in cst) && !cst.hidden) return cst.offset;
    }
    return undefined;
}

function isOutput(node: AstNode): node is ast.Output {
    return ast.isSplitSegment(node) || ast.isRemainder(node) || ast.isForkBranch(node) || ast.isTestCase(node) || ast.isDuplicates(node);
}

function fieldHover(field: ast.Field): string {
    const type = `${field.type?.$refText ?? '?'}${field.many ? '[]' : ''}${field.optional ? '?' : ''}`;
    const lines = [code(`${field.isKey ? 'key ' : ''}${field.name}: ${type}`)];
    const target = field.type?.ref;
    if (ast.isEntity(target)) {
        lines.push(field.many
            ? `To-many link to \`${target.name}\`, the inverse of \`${target.name}.${field.via?.$refText ?? '?'}\`. Use it in \`exists\`, aggregates and \`take\`.`
            : `To-one link to \`${target.name}\` through \`${field.via?.$refText ?? '?'}\`; empty when no row matches.`);
    } else {
        lines.push(field.isKey ? 'The key of the entity.' : field.optional ? 'Nullable: may be empty.' : 'Not nullable.');
    }
    const container = field.$container;
    if (ast.isEntity(container)) lines.push(`Column \`${field.column ?? field.name}\` of table \`${container.table ?? container.name}\`.`);
    const annotations = field.annotations.map(a => a.argument ? `@${a.name}(${a.argument})` : `@${a.name}`);
    if (annotations.length > 0) lines.push(annotations.map(code).join(' '));
    return lines.join('\n\n');
}

function entityHover(entity: ast.Entity): string {
    const key = entity.fields.find(f => f.isKey);
    const links = entity.fields.filter(f => ast.isEntity(f.type?.ref));
    const channels = entity.fields.flatMap(f => f.annotations.filter(a => ['email', 'sms', 'push', 'mail'].includes(a.name)).map(a => a.name));
    const lines = [code(`entity ${entity.name}`), `Table \`${entity.table ?? entity.name}\`, key \`${key?.name ?? '(none)'}\`, ${entity.fields.length - links.length} fields, ${links.length} links.`];
    if (channels.length > 0) lines.push(`Addressable by ${channels.map(code).join(', ')}.`);
    return lines.join('\n\n');
}

function populationText(population: Population | undefined, verb: string): string {
    if (!population) return '';
    const columns = [...population.columns.values()].filter(c => !(c.type.kind === 'link'));
    const links = [...population.columns.values()].filter(c => c.type.kind === 'link');
    const shown = columns.slice(0, MAX_COLUMNS).map(c => `\`${c.name}: ${typeToString(c.type)}\``);
    const more = columns.length > MAX_COLUMNS ? ` … (${columns.length - MAX_COLUMNS} more)` : '';
    let text = `\n\n${verb} rows of **${dimensionName(population.dimension)}**, ${columns.length} columns: ${shown.join(', ')}${more}`;
    if (links.length > 0) text += `\n\nLinks: ${links.map(c => `\`${c.name}: ${typeToString(c.type)}\``).join(', ')}`;
    if (population.lists.size > 0) text += `\n\nLists: ${[...population.lists.keys()].map(code).join(', ')}`;
    return text;
}

function findTemplatePart(parts: readonly TemplatePart[], offset: number): TemplateValue | TemplateEach | undefined {
    for (const part of parts) {
        if (part.kind === 'text' || offset < part.start || offset >= part.end) continue;
        // Inside an `each` block but past its opening tag: the part is in the body.
        if (part.kind === 'each' && offset > part.nameEnd + 2) return findTemplatePart(part.body, offset);
        return part;
    }
    return undefined;
}

function code(text: string): string {
    return '`' + text.replace(/`/g, '\'') + '`';
}
