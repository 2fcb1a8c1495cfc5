import { AstUtils, GrammarUtils, URI, type AstNode, type LangiumDocument } from 'langium';
import { BUILTIN_URI } from '../builtins.js';
import type { CampaignServices } from '../campaign-module.js';
import * as ast from '../generated/ast.js';
import { safeRef } from '../typing/fields.js';
import type { Column } from '../typing/population.js';
import { parseTemplate, type TemplatePart } from '../typing/templates.js';

/**
 * The names inside `{{ }}` of message templates, resolved as the validator resolves them: against the
 * population reaching the channel (columns, to-one links, `take` lists and their fields) and the
 * campaign's variables. Rename, find references and go to definition use it, so that renaming
 * `firstName` also rewrites `{{firstName}}`.
 */
export interface TemplateName {
    readonly document: LangiumDocument;
    /** Offsets in the document of the name (not the braces or the `$`). */
    readonly start: number;
    readonly end: number;
    /** What the name resolves to: a Field, EnrichColumn, LoadColumn, TakeField, CampaignVar or CampaignParam. */
    readonly target: AstNode;
    /** For a numbered `take` column (`lastBuys1_amount`), only the field's part is the name of the target. */
    readonly partial?: boolean;
}

const LIBRARY = URI.parse(BUILTIN_URI).toString();

/** Every resolved template name of the workspace (or of one document). */
export function templateNames(services: CampaignServices, only?: LangiumDocument): TemplateName[] {
    const result: TemplateName[] = [];
    const documents = only ? [only] : services.shared.workspace.LangiumDocuments.all.toArray();
    for (const document of documents) {
        if (document.uri.toString() === LIBRARY) continue;
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            if (!ast.isChannelActivity(node)) continue;
            try {
                collectChannel(services, document, node, result);
            } catch {
                // A channel that cannot be typed (a half-written campaign) has no resolvable names.
            }
        }
    }
    return result;
}

/** The template names that resolve to `target`. */
export function templateReferencesTo(services: CampaignServices, target: AstNode): TemplateName[] {
    return templateNames(services).filter(name => name.target === target || (ast.isTakeField(name.target) && safeRef(name.target.field) === target));
}

/** The template name at an offset of a document, if any. */
export function templateNameAt(services: CampaignServices, document: LangiumDocument, offset: number): TemplateName | undefined {
    return templateNames(services, document).find(name => name.start <= offset && offset <= name.end);
}

function collectChannel(services: CampaignServices, document: LangiumDocument, channel: ast.ChannelActivity, result: TemplateName[]): void {
    const population = services.typing.Populations.inputPopulation(channel);
    const campaign = AstUtils.getContainerOfType(channel, ast.isCampaign);
    const variables = new Map<string, AstNode>();
    for (const member of campaign?.members ?? []) {
        if (ast.isCampaignVar(member) || ast.isCampaignParam(member)) variables.set(member.name, member);
    }
    for (const option of channel.options) {
        if (!(ast.isSubjectOption(option) || ast.isTitleOption(option) || ast.isBodyOption(option))) continue;
        if (ast.isBodyOption(option) && option.isFile) continue;
        const string = GrammarUtils.findNodeForProperty(option.$cstNode, 'text');
        if (!string || !string.text.startsWith('"')) continue;
        const base = string.offset + 1;
        const visit = (parts: readonly TemplatePart[], columns: ReadonlyMap<string, Column> | undefined) => {
            for (const part of parts) {
                if (part.kind === 'value' && part.variable) {
                    const variable = variables.get(part.path[0]);
                    if (variable) result.push({ document, start: base + part.nameStart, end: base + part.nameEnd, target: variable });
                } else if (part.kind === 'value') {
                    let current = columns;
                    let at = base + part.nameStart;
                    for (const segment of part.path) {
                        const column = current?.get(segment);
                        if (!column) break;
                        result.push(nameOf(document, at, segment, column));
                        at += segment.length + 1;
                        current = column.type.kind === 'link' ? services.typing.Populations.ofEntity(column.type.entity).columns : undefined;
                    }
                } else if (part.kind === 'each') {
                    const list = population?.lists.get(part.name);
                    if (list) result.push({ document, start: base + part.nameStart, end: base + part.nameEnd, target: list.source });
                    visit(part.body, list?.fields);
                }
            }
        };
        visit(parseTemplate(string.text.slice(1, -1)).parts, population?.columns);
    }
}

function nameOf(document: LangiumDocument, start: number, segment: string, column: Column): TemplateName {
    const source = column.source;
    // `lastBuys1_amount` names the take field `amount`: only its suffix is that field's name.
    if (ast.isTakeField(source)) {
        const field = source.field?.$refText ?? '';
        if (field && segment !== field && segment.endsWith('_' + field)) {
            return { document, start: start + segment.length - field.length, end: start + segment.length, target: source, partial: true };
        }
    }
    return { document, start, end: start + segment.length, target: source };
}
