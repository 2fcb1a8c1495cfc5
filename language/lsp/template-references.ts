import { AstUtils, GrammarUtils, URI, type AstNode, type LangiumDocument } from 'langium';
import type { Range } from 'vscode-languageserver';
import { BUILTIN_URI } from '../builtins.js';
import type { CampaignServices } from '../campaign-module.js';
import * as ast from '../generated/ast.js';
import { safeRef } from '../typing/fields.js';
import type { Column } from '../typing/population.js';
import { positionIn, readTemplateFile } from '../typing/template-files.js';
import { parseTemplate, type TemplatePart } from '../typing/templates.js';
import { numberedColumnParts } from './take-columns.js';

/**
 * The names inside `{{ }}` of message templates, resolved as the validator resolves them: against the
 * population reaching the channel (columns, to-one links, `take` lists and their fields) and the
 * campaign's variables. Rename, find references and go to definition use it, so that renaming
 * `firstName` also rewrites `{{firstName}}`.
 */
export interface TemplateName {
    /** The campaign document of the channel (for a `body file`, the campaign that reads it). */
    readonly document: LangiumDocument;
    /** Where the name is: the campaign document, or the template file of a `body file`. */
    readonly uri: string;
    readonly range: Range;
    /** Offsets of the name (not the braces or the `$`) in the campaign document; undefined inside a body file. */
    readonly start?: number;
    readonly end?: number;
    /** What the name resolves to: a Field, EnrichColumn, LoadColumn, TakeField, CampaignVar or CampaignParam. */
    readonly target: AstNode;
    /** For a numbered `take` column (`lastBuys1_amount`), only the list's or the field's part is the name of the target. */
    readonly partial?: boolean;
}

const LIBRARY = URI.parse(BUILTIN_URI).toString();

/** Every resolved template name of the workspace (or of one document). */
export function templateNames(services: CampaignServices, only?: LangiumDocument): TemplateName[] {
    // The names at an offset of one document are never in a body file: those are read only for the workspace.
    const files = only === undefined;
    const result: TemplateName[] = [];
    const documents = only ? [only] : services.shared.workspace.LangiumDocuments.all.toArray();
    for (const document of documents) {
        if (document.uri.toString() === LIBRARY) continue;
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            if (!ast.isChannelActivity(node)) continue;
            try {
                collectChannel(services, document, node, files, result);
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
    return templateNames(services, document).find(name => name.start !== undefined && name.end !== undefined && name.start <= offset && offset <= name.end);
}

function collectChannel(services: CampaignServices, document: LangiumDocument, channel: ast.ChannelActivity, files: boolean, result: TemplateName[]): void {
    const population = services.typing.Populations.inputPopulation(channel);
    const campaign = AstUtils.getContainerOfType(channel, ast.isCampaign);
    const variables = new Map<string, AstNode>();
    for (const member of campaign?.members ?? []) {
        if (ast.isCampaignVar(member) || ast.isCampaignParam(member)) variables.set(member.name, member);
    }
    for (const option of channel.options) {
        if (!(ast.isSubjectOption(option) || ast.isTitleOption(option) || ast.isBodyOption(option))) continue;
        let text: string;
        let at: (start: number, end: number) => Pick<TemplateName, 'uri' | 'range' | 'start' | 'end'>;
        if (ast.isBodyOption(option) && option.isFile) {
            if (!files) continue;
            // The names of a body file are renamed in that file.
            const file = readTemplateFile(services.shared.workspace.FileSystemProvider, document, option);
            if (!file.ok) continue;
            text = file.text;
            const uri = file.uri.toString();
            at = (start, end) => ({ uri, range: { start: positionIn(text, start), end: positionIn(text, end) } });
        } else {
            const string = GrammarUtils.findNodeForProperty(option.$cstNode, 'text');
            if (!string || !string.text.startsWith('"')) continue;
            text = string.text.slice(1, -1);
            const base = string.offset + 1;
            const uri = document.uri.toString();
            at = (start, end) => ({
                uri, start: base + start, end: base + end,
                range: { start: document.textDocument.positionAt(base + start), end: document.textDocument.positionAt(base + end) }
            });
        }
        const visit = (parts: readonly TemplatePart[], columns: ReadonlyMap<string, Column> | undefined) => {
            for (const part of parts) {
                if (part.kind === 'value' && part.variable) {
                    const variable = variables.get(part.path[0]);
                    if (variable) result.push({ document, ...at(part.nameStart, part.nameEnd), target: variable });
                } else if (part.kind === 'value') {
                    let current = columns;
                    let offset = part.nameStart;
                    for (const segment of part.path) {
                        const column = current?.get(segment);
                        if (!column) break;
                        for (const name of namesOf(segment, column)) {
                            result.push({ document, ...at(offset + name.start, offset + name.end), target: name.target, partial: name.partial });
                        }
                        offset += segment.length + 1;
                        current = column.type.kind === 'link' ? services.typing.Populations.ofEntity(column.type.entity).columns : undefined;
                    }
                } else if (part.kind === 'each') {
                    const list = population?.lists.get(part.name);
                    if (list) result.push({ document, ...at(part.nameStart, part.nameEnd), target: list.source });
                    visit(part.body, list?.fields);
                }
            }
        };
        visit(parseTemplate(text).parts, population?.columns);
    }
}

/**
 * The names a column's name is made of: itself, or for a numbered `take` column (`lastBuys1_amount`)
 * the list's part (`lastBuys`, the EnrichColumn) and the field's part (`amount`, the TakeField).
 */
function namesOf(segment: string, column: Column): Array<{ start: number; end: number; target: AstNode; partial?: boolean }> {
    const source = column.source;
    const parts = ast.isTakeField(source) ? numberedColumnParts(source, segment) : undefined;
    if (!parts) return [{ start: 0, end: segment.length, target: source }];
    return [
        { start: parts.list.start, end: parts.list.end, target: parts.list.target, partial: true },
        { start: parts.field.start, end: parts.field.end, target: source, partial: true }
    ];
}
