import { AstUtils, GrammarUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import {
    isCampaign, isCampaignParam, isCampaignVar,
    type BodyOption, type CampaignAstType, type ChannelActivity, type Entity, type FieldsOption, type SubjectOption, type TitleOption
} from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { addressField, fieldType, findField, linkTarget, safeRef } from '../typing/fields.js';
import { dimensionName, type Population } from '../typing/population.js';
import { parseTemplate, type TemplatePart } from '../typing/templates.js';
import { isPrimitive, typeToString, type ValueType } from '../typing/types.js';
import { Code, fixes, insertAt, issue } from './codes.js';
import { OPTION_KEYWORDS } from './activity-validator.js';
import { closest, didYouMean } from './suggestions.js';

const COMMON = ['LabelOption', 'DisabledOption', 'PauseOption', 'CategoryOption', 'PerOption', 'AddressOption'];

/** Per channel: the options it accepts and those it requires (language.md §5, Channels). */
export const CHANNEL_OPTIONS: Readonly<Record<string, { allowed: readonly string[]; required: readonly string[] }>> = {
    email: { allowed: [...COMMON, 'SubjectOption', 'BodyOption'], required: ['SubjectOption', 'BodyOption'] },
    sms: { allowed: [...COMMON, 'BodyOption'], required: ['BodyOption'] },
    push: { allowed: [...COMMON, 'TitleOption', 'BodyOption'], required: ['TitleOption', 'BodyOption'] },
    mail: { allowed: [...COMMON, 'FieldsOption'], required: ['FieldsOption'] }
};

/** Channels: options, the address of the rows, `per`, and every name in the templates. */
export class ChannelValidator {
    constructor(protected readonly services: CampaignServices) {}

    register(): void {
        const checks: ValidationChecks<CampaignAstType> = {
            ChannelActivity: [this.checkOptions, this.checkAddress],
            SubjectOption: this.checkTemplate,
            TitleOption: this.checkTemplate,
            BodyOption: this.checkTemplate,
            FieldsOption: this.checkFields
        };
        this.services.validation.ValidationRegistry.register(checks, this);
    }

    checkOptions(channel: ChannelActivity, accept: ValidationAcceptor): void {
        const spec = CHANNEL_OPTIONS[channel.channel];
        if (!spec) return;
        for (const option of channel.options) {
            if (!spec.allowed.includes(option.$type)) {
                accept('error', `An ${channel.channel} activity has no \`${OPTION_KEYWORDS[option.$type]}\`.`, { node: option, ...issue(Code.OptionNotAllowed) });
            }
        }
        const missing = spec.required.filter(r => !channel.options.some(o => o.$type === r)).map(r => OPTION_KEYWORDS[r]);
        if (missing.length > 0) {
            accept('error', `An ${channel.channel} needs ${missing.map(m => `\`${m}\``).join(' and ')}.`,
                { node: channel, property: 'name', ...issue(Code.MissingOption, { options: missing }) });
        }
    }

    checkAddress(channel: ChannelActivity, accept: ValidationAcceptor): void {
        const population = this.services.typing.Populations.inputPopulation(channel);
        if (!population) return;
        if (population.dimension.kind !== 'entity') {
            accept('error', `A channel sends to entity rows with an address; ${dimensionName(population.dimension)} rows must be reconciled to an entity first.`,
                { node: channel, property: 'name', ...issue(Code.NoAddress) });
            return;
        }
        const entity = population.dimension.entity;
        const address = channel.options.find(o => o.$type === 'AddressOption');
        const per = channel.options.find(o => o.$type === 'PerOption');
        if (address) {
            const field = safeRef(address.field);
            if (field && !isPrimitive(fieldType(field), 'string')) {
                accept('error', `An address is text; '${field.name}' is ${typeToString(fieldType(field))}.`, { node: address, property: 'field', ...issue(Code.AddressField) });
            }
        } else if (!addressField(entity, channel.channel)) {
            accept('error', `${entity.name} has no @${channel.channel} field to send to: annotate one (\`email: string? @${channel.channel}\`) or name it with \`address\`.`,
                { node: channel, property: 'name', ...issue(Code.NoAddress, { entity: entity.name }) });
        }
        if (per) {
            const link = safeRef(per.link);
            if (link && !(linkTarget(link) && link.many)) {
                accept('error', `\`per\` needs a to-many link of ${entity.name} (one message per linked row); '${link.name}' is ${typeToString(fieldType(link))}.`,
                    { node: per, property: 'link', ...issue(Code.PerLink) });
            }
        }
    }

    /** `fields a, b, store.city`: each a value of the rows (a link is not a column of a CSV). */
    checkFields(option: FieldsOption, accept: ValidationAcceptor): void {
        const typer = this.services.typing.ExpressionTyper;
        for (const field of option.fields) {
            const t = typer.typeOf(field);
            if (t.kind === 'link' && !t.many) {
                accept('error', `'${field.$cstNode?.text}' is a link, not a value: name one of its fields (${field.$cstNode?.text}.${t.entity.fields.find(f => !linkTarget(f))?.name ?? 'id'}).`,
                    { node: field, ...issue(Code.TypeMismatch) });
            }
        }
    }

    /** Every `{{name}}` must reach the channel: a column, a path through to-one links, a `$variable`, a `take` list. */
    checkTemplate(option: SubjectOption | TitleOption | BodyOption, accept: ValidationAcceptor): void {
        if (option.$type === 'BodyOption' && option.isFile) return;
        const channel = option.$container;
        const cst = GrammarUtils.findNodeForProperty(option.$cstNode, 'text');
        if (!cst) return;
        const document = AstUtils.getDocument(option).textDocument;
        const raw = cst.text.slice(1, -1);
        const base = cst.offset + 1;
        const range = (start: number, end: number) => ({ start: document.positionAt(base + start), end: document.positionAt(base + end) });
        const parsed = parseTemplate(raw);
        for (const e of parsed.errors) {
            // An unclosed `{{` or `{{#each}}` is closed at the end of the text.
            const close = e.message.startsWith('Unclosed') ? '}}' : e.message.includes('is not closed') ? '{{/each}}' : undefined;
            const fix = close ? insertAt(range(raw.length, raw.length).start, close, `Add \`${close}\``) : undefined;
            accept('error', e.message, { node: option, range: range(e.start, e.end), ...issue(Code.Template, fixes(fix)) });
        }
        const population = this.services.typing.Populations.inputPopulation(channel);
        if (!population) return;
        const campaign = AstUtils.getContainerOfType(option, isCampaign);
        const variables = campaign ? campaign.members.filter(m => isCampaignVar(m) || isCampaignParam(m)).map(m => (m as { name: string }).name) : [];
        const perLink = channel.options.find(o => o.$type === 'PerOption');
        const perField = perLink ? safeRef(perLink.link) : undefined;
        const walk = (parts: readonly TemplatePart[], item: Map<string, ValueType> | undefined) => {
            for (const part of parts) {
                if (part.kind === 'text') continue;
                if (part.kind === 'each') {
                    const list = population.lists.get(part.name);
                    if (!list) {
                        const suggestions = closest(part.name, population.lists.keys());
                        accept('error', `'${part.name}' is not a list here: \`{{#each}}\` goes over a \`take\` column added upstream.${didYouMean(suggestions)}`,
                            { node: option, range: range(part.nameStart, part.nameEnd), ...issue(Code.TemplateName, { suggestions }) });
                        // The names inside depend on the list: one error is enough.
                    } else {
                        walk(part.body, new Map([...list.fields].map(([n, c]) => [n, c.type])));
                    }
                    continue;
                }
                if (part.variable) {
                    if (!variables.includes(part.path[0])) {
                        const suggestions = closest(part.path[0], variables);
                        accept('error', `Unknown variable '$${part.path[0]}' in the template.${didYouMean(suggestions.map(s => '$' + s))}`,
                            { node: option, range: range(part.nameStart - 1, part.nameEnd), ...issue(Code.TemplateName, { suggestions, variable: true }) });
                    }
                    continue;
                }
                const problem = this.resolvePath(part.path, population, item, perField ? { name: perField.name, entity: linkTarget(perField) } : undefined);
                if (problem) {
                    accept('error', problem.message, { node: option, range: range(part.nameStart + problem.offset, part.nameStart + problem.offset + problem.length), ...issue(Code.TemplateName, { suggestions: problem.suggestions }) });
                }
            }
        };
        walk(parsed.parts, undefined);
    }

    /** Resolves `a.b.c` in a template; returns the problem at the failing segment, if any. */
    protected resolvePath(path: readonly string[], population: Population, item: Map<string, ValueType> | undefined, per: { name: string; entity?: Entity } | undefined):
        { message: string; offset: number; length: number; suggestions: string[] } | undefined {
        const [head, ...rest] = path;
        let type: ValueType | undefined = item?.get(head);
        if (!type && per && head === per.name && per.entity) type = { kind: 'link', entity: per.entity, many: false, nullable: false };
        if (!type) type = population.columns.get(head)?.type;
        if (!type) {
            if (population.lists.has(head)) {
                return { message: `'${head}' is a list: write \`{{#each ${head}}}…{{/each}}\`.`, offset: 0, length: head.length, suggestions: [] };
            }
            const names = [...(item?.keys() ?? []), ...population.columns.keys(), ...(per ? [per.name] : [])];
            const suggestions = closest(head, names);
            return { message: `Unknown name '${head}' in the template: not a column of the ${dimensionName(population.dimension)} rows reaching this channel.${didYouMean(suggestions)}`, offset: 0, length: head.length, suggestions };
        }
        let offset = head.length + 1;
        let previous = head;
        for (const segment of rest) {
            if (type.kind !== 'link') {
                return { message: `'${previous}' is ${typeToString(type)}: it has no fields.`, offset, length: segment.length, suggestions: [] };
            }
            if (type.many) {
                return { message: `'${previous}' is a collection: a template can show its rows only through a \`take\` list.`, offset: offset - previous.length - 1, length: previous.length, suggestions: [] };
            }
            const field = findField(type.entity, segment);
            if (!field) {
                const suggestions = closest(segment, type.entity.fields.map(f => f.name));
                return { message: `${type.entity.name} has no field '${segment}'.${didYouMean(suggestions)}`, offset, length: segment.length, suggestions };
            }
            type = fieldType(field);
            offset += segment.length + 1;
            previous = segment;
        }
        if (type.kind === 'link') {
            return { message: `'${path.join('.')}' is a link, not a value: name one of its fields.`, offset: 0, length: path.join('.').length, suggestions: [] };
        }
        return undefined;
    }
}

