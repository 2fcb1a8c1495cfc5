import { AstUtils, GrammarUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import {
    isCampaign, isCampaignParam, isCampaignVar,
    type BodyOption, type Campaign, type CampaignAstType, type ChannelActivity, type Entity, type SubjectOption, type TitleOption
} from '../generated/ast.js';
import type { CampaignServices } from '../campaign-module.js';
import { fieldType, findField, linkTarget, safeRef } from '../typing/fields.js';
import { dimensionName, type Population } from '../typing/population.js';
import { positionIn, readTemplateFile } from '../typing/template-files.js';
import { parseTemplate, type TemplatePart } from '../typing/templates.js';
import { typeToString, type ValueType } from '../typing/types.js';
import { Code, fixes, insertAt, issue } from './codes.js';
import { closest, didYouMean } from './suggestions.js';

/** A problem found in a template, at offsets of the template's text. */
interface TemplateProblem {
    readonly message: string;
    readonly start: number;
    readonly end: number;
    readonly suggestions?: string[];
    /** `{{$name}}`: suggestions are variables. */
    readonly variable?: boolean;
}

/**
 * Templates of channels (language.md §5, Channels): subjects, titles and bodies, inline or read from
 * a `body file "…"`. Every `{{name}}` must reach the channel: a column, a path through to-one links,
 * a `$variable`, a `take` list. Inline templates are marked where the name is; a file's problems
 * are marked on the `file "…"` string, saying which line of the file and what is wrong.
 */
export class TemplateValidator {
    constructor(protected readonly services: CampaignServices) {}

    register(): void {
        const checks: ValidationChecks<CampaignAstType> = {
            SubjectOption: this.checkTemplate,
            TitleOption: this.checkTemplate,
            BodyOption: this.checkTemplate
        };
        this.services.validation.ValidationRegistry.register(checks, this);
    }

    checkTemplate(option: SubjectOption | TitleOption | BodyOption, accept: ValidationAcceptor): void {
        if (option.$type === 'BodyOption' && option.isFile) {
            this.checkTemplateFile(option, accept);
            return;
        }
        const cst = GrammarUtils.findNodeForProperty(option.$cstNode, 'text');
        if (!cst) return;
        const document = AstUtils.getDocument(option).textDocument;
        const raw = cst.text.slice(1, -1);
        const base = cst.offset + 1;
        const range = (start: number, end: number): Range => ({ start: document.positionAt(base + start), end: document.positionAt(base + end) });
        this.check(option, raw, (problem, kind) => {
            if (kind === 'syntax') {
                // An unclosed `{{` or `{{#each}}` is closed at the end of the text.
                const close = problem.message.startsWith('Unclosed') ? '}}' : problem.message.includes('is not closed') ? '{{/each}}' : undefined;
                const fix = close ? insertAt(range(raw.length, raw.length).start, close, `Add \`${close}\``) : undefined;
                accept('error', problem.message, { node: option, range: range(problem.start, problem.end), ...issue(Code.Template, fixes(fix)) });
            } else {
                accept('error', problem.message, {
                    node: option, range: range(problem.start, problem.end),
                    ...issue(Code.TemplateName, { suggestions: problem.suggestions ?? [], ...(problem.variable ? { variable: true } : {}) })
                });
            }
        });
    }

    /**
     * `body file "templates/vip.html"`: the file is read (relative to the campaign file) and checked
     * like an inline body; each problem is reported on the string as `path:line:col: message`, with
     * the place in the file as related information (VS Code links to it).
     */
    checkTemplateFile(option: BodyOption, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(option);
        const file = readTemplateFile(this.services.shared.workspace.FileSystemProvider, document, option);
        if (!file.ok) {
            const where = file.uri ? ` (${file.uri.scheme === 'file' ? file.uri.fsPath : file.uri.toString()})` : '';
            const message = file.missing
                ? `Template file '${option.text}' not found${where}: create it, or correct the path (relative to this campaign file).`
                : `Template file '${option.text}' could not be read: ${file.reason}${where}; its names are not checked.`;
            // Without a file system (the browser, in-memory tests) nothing is wrong with the campaign: information only.
            accept(file.missing ? 'error' : file.noFileSystem ? 'info' : 'warning', message, {
                node: option, property: 'text',
                ...issue(Code.TemplateFileMissing, { file: option.text, ...(file.uri && file.missing ? { uri: file.uri.toString() } : {}) })
            });
            return;
        }
        this.check(option, file.text, problem => {
            const start = positionIn(file.text, problem.start);
            const end = positionIn(file.text, problem.end);
            accept('error', `${option.text}:${start.line + 1}:${start.character + 1}: ${problem.message}`, {
                node: option, property: 'text',
                relatedInformation: [{ location: { uri: file.uri.toString(), range: { start, end } }, message: problem.message }],
                ...issue(Code.TemplateFile, {
                    file: option.text, uri: file.uri.toString(), line: start.line + 1, column: start.character + 1, range: { start, end },
                    suggestions: problem.suggestions ?? [], ...(problem.variable ? { variable: true } : {})
                })
            });
        });
    }

    /** Parses a template and reports its syntax errors, then every name that does not reach the channel. */
    protected check(option: SubjectOption | TitleOption | BodyOption, text: string, report: (problem: TemplateProblem, kind: 'syntax' | 'name') => void): void {
        const parsed = parseTemplate(text);
        for (const e of parsed.errors) report(e, 'syntax');
        const channel = option.$container;
        const population = this.services.typing.Populations.inputPopulation(channel);
        if (!population) return;
        for (const problem of this.checkNames(parsed.parts, channel, population)) report(problem, 'name');
    }

    protected checkNames(parts: readonly TemplatePart[], channel: ChannelActivity, population: Population): TemplateProblem[] {
        const problems: TemplateProblem[] = [];
        const campaign = AstUtils.getContainerOfType(channel, isCampaign);
        const variables = campaign ? variablesOf(campaign) : [];
        const perLink = channel.options.find(o => o.$type === 'PerOption');
        const perField = perLink ? safeRef(perLink.link) : undefined;
        const walk = (parts: readonly TemplatePart[], item: Map<string, ValueType> | undefined) => {
            for (const part of parts) {
                if (part.kind === 'text') continue;
                if (part.kind === 'each') {
                    const list = population.lists.get(part.name);
                    if (!list) {
                        const suggestions = closest(part.name, population.lists.keys());
                        problems.push({
                            message: `'${part.name}' is not a list here: \`{{#each}}\` goes over a \`take\` column added upstream.${didYouMean(suggestions)}`,
                            start: part.nameStart, end: part.nameEnd, suggestions
                        });
                        // The names inside depend on the list: one error is enough.
                    } else {
                        walk(part.body, new Map([...list.fields].map(([n, c]) => [n, c.type])));
                    }
                    continue;
                }
                if (part.variable) {
                    if (!variables.includes(part.path[0])) {
                        const suggestions = closest(part.path[0], variables);
                        problems.push({
                            message: `Unknown variable '$${part.path[0]}' in the template.${didYouMean(suggestions.map(s => '$' + s))}`,
                            start: part.nameStart - 1, end: part.nameEnd, suggestions, variable: true
                        });
                    }
                    continue;
                }
                const problem = this.resolvePath(part.path, population, item, perField ? { name: perField.name, entity: linkTarget(perField) } : undefined);
                if (problem) {
                    problems.push({
                        message: problem.message, suggestions: problem.suggestions,
                        start: part.nameStart + problem.offset, end: part.nameStart + problem.offset + problem.length
                    });
                }
            }
        };
        walk(parts, undefined);
        return problems;
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

/**
 * The `var` and `param` names of a campaign, computed once per campaign node (a campaign of 500
 * activities has many templates; an edit re-parses the campaign, so a node's list never goes stale).
 */
const VARIABLES = new WeakMap<Campaign, string[]>();

function variablesOf(campaign: Campaign): string[] {
    let names = VARIABLES.get(campaign);
    if (!names) {
        names = campaign.members.filter(m => isCampaignVar(m) || isCampaignParam(m)).map(m => (m as { name: string }).name);
        VARIABLES.set(campaign, names);
    }
    return names;
}
