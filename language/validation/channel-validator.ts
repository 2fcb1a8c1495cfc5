import { type ValidationAcceptor, type ValidationChecks } from 'langium';
import { type CampaignAstType, type ChannelActivity, type FieldsOption } from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { addressField, fieldType, linkTarget, safeRef } from '../typing/fields.js';
import { dimensionName } from '../typing/population.js';
import { isPrimitive, typeToString } from '../typing/types.js';
import { Code, issue } from './codes.js';
import { OPTION_KEYWORDS } from './activity-validator.js';

const COMMON = ['LabelOption', 'DisabledOption', 'PauseOption', 'CategoryOption', 'PerOption', 'AddressOption'];

/** Per channel: the options it accepts and those it requires (language.md §5, Channels). */
export const CHANNEL_OPTIONS: Readonly<Record<string, { allowed: readonly string[]; required: readonly string[] }>> = {
    email: { allowed: [...COMMON, 'SubjectOption', 'BodyOption'], required: ['SubjectOption', 'BodyOption'] },
    sms: { allowed: [...COMMON, 'BodyOption'], required: ['BodyOption'] },
    push: { allowed: [...COMMON, 'TitleOption', 'BodyOption'], required: ['TitleOption', 'BodyOption'] },
    mail: { allowed: [...COMMON, 'FieldsOption'], required: ['FieldsOption'] }
};

/** Channels: options, the address of the rows and `per` (their templates: template-validator.ts). */
export class ChannelValidator {
    constructor(protected readonly services: CampaignServices) {}

    register(): void {
        const checks: ValidationChecks<CampaignAstType> = {
            ChannelActivity: [this.checkOptions, this.checkAddress],
            // Subjects, titles and bodies: template-validator.ts.
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
}

