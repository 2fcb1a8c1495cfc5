import { AstUtils, CstUtils, GrammarAST, GrammarUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, CreateFile, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import {
    isActivity, isCallExpression, isCampaign, isChannelActivity, isComparison, isEverySchedule, isFilter, isIncrementalActivity, isInPredicate,
    isNameReference, isSchedule, isStringLiteral, type Activity, type ChannelActivity, type IncrementalActivity
} from '../generated/ast.js';
import { builtinFunction, isPrimitiveName } from '../builtins.js';
import { isPrimitive, type ValueType } from '../typing/types.js';
import type { CampaignServices } from '../campaign-module.js';
import { Code, type PrecomputedFix } from '../validation/codes.js';
import { fixDate, fixDateTime, fixTime } from '../validation/literals.js';
import { closest } from '../validation/suggestions.js';

type Fix = (document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>) => CodeAction[];

/** What to insert for a missing channel option. */
const OPTION_SNIPPETS: Readonly<Record<string, string>> = {
    subject: 'subject ""', body: 'body ""', title: 'title ""', fields: 'fields id'
};

/**
 * Quick fixes, keyed by the diagnostic's stable code (language/validation/codes.ts): did-you-mean for
 * misspelt names, keywords, units and day names; create a missing filter; add a missing channel
 * option; remove a repeated or misplaced option; pad a malformed date or time; name an output.
 */
export class CampaignCodeActionProvider implements CodeActionProvider {
    protected readonly keywords: string[];
    protected readonly fixes: Record<string, Fix>;

    constructor(protected readonly services: CampaignServices) {
        this.keywords = [...new Set(AstUtils.streamAllContents(services.Grammar).filter(GrammarAST.isKeyword).map(k => k.value).filter(k => /^[a-zA-Z]{2,}$/.test(k)))];
        this.fixes = {
            [Code.UnknownName]: (d, diag, data) => [
                ...this.replaceWithSuggestions(d, diag, data), ...this.createFilter(d, diag, data), ...this.quoteText(d, diag, data), ...this.declareVariable(d, diag, data)
            ],
            [Code.TypeMismatch]: (d, diag) => this.unquoteLiteral(d, diag),
            [Code.ArgumentType]: (d, diag) => this.unquoteLiteral(d, diag),
            [Code.CollectionAsScalar]: (d, diag) => this.aggregateCollection(d, diag),
            [Code.ScheduleRange]: (d, diag) => this.swapRange(d, diag),
            [Code.Annotation]: (d, diag, data) => this.replaceWithSuggestions(d, diag, data),
            [Code.DayName]: (d, diag, data) => this.replaceWithSuggestions(d, diag, data),
            [Code.TimeUnit]: (d, diag, data) => this.replaceWithSuggestions(d, diag, data),
            [Code.TemplateName]: (d, diag, data) => this.replaceWithSuggestions(d, diag, { ...data, suggestions: ((data.suggestions as string[]) ?? []).map(s => data.variable ? '$' + s : s) }),
            [Code.TemplateFile]: (_d, diag, data) => this.fixInTemplateFile(diag, data),
            [Code.TemplateFileMissing]: (_d, diag, data) => this.createTemplateFile(diag, data),
            [Code.EnumValue]: (d, diag, data) => this.enumValue(d, diag, data),
            [Code.DuplicateOption]: (d, diag) => [this.remove(d, diag, 'Remove the repeated option')],
            [Code.OptionNotAllowed]: (d, diag) => [this.remove(d, diag, 'Remove the option')],
            [Code.MissingOption]: (d, diag, data) => this.addOptions(d, diag, data),
            [Code.MalformedLiteral]: (d, diag) => this.padLiteral(d, diag),
            [Code.IncrementalMode]: (d, diag) => this.incrementalMode(d, diag),
            [Code.NoMainOutput]: (d, diag, data) => ((data.outputs as string[]) ?? []).map((o, i) => this.replace(d, diag, diag.range, o, `Read '${o}'`, i === 0)),
            'parsing-error': (d, diag) => this.keyword(d, diag)
        };
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const data = (diagnostic.data ?? {}) as Record<string, unknown>;
            for (const [i, pre] of ((data.fixes as PrecomputedFix[] | undefined) ?? []).entries()) {
                actions.push(this.action(document, diagnostic, pre.title, [...pre.edits], i === 0));
            }
            const fix = this.fixes[String(data.code ?? diagnostic.code)];
            if (!fix) continue;
            try {
                actions.push(...fix(document, diagnostic, data));
            } catch {
                // A fix that cannot be computed is simply not offered.
            }
        }
        return actions;
    }

    protected replaceWithSuggestions(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        const suggestions = (data.suggestions as string[] | undefined) ?? [];
        return suggestions.map((s, i) => this.replace(document, diagnostic, diagnostic.range, s, `Change to '${s}'`, i === 0));
    }

    /** `country = FR`: a bare word compared with text was meant as text: `"FR"`. */
    protected quoteText(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        if (data.containerType !== 'NameReference') return [];
        const reference = AstUtils.getContainerOfType(this.nodeAt(document, diagnostic.range), isNameReference);
        const parent = reference?.$container;
        const other = isComparison(parent) ? (parent.left === reference ? parent.right : parent.left)
            : isInPredicate(parent) && parent.values.includes(reference!) ? parent.operand : undefined;
        if (!reference || !other) return [];
        const type = this.services.typing.ExpressionTyper.typeOf(other);
        if (!isPrimitive(type, 'string')) return [];
        const word = String(data.refText);
        return [this.replace(document, diagnostic, diagnostic.range, JSON.stringify(word), `Write "${word}" (text)`, false)];
    }

    /** `$discont` that no `var`/`param` declares: declare it in the campaign, after its settings. */
    protected declareVariable(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        if (data.containerType !== 'VariableReference') return [];
        const campaign = AstUtils.getContainerOfType(this.nodeAt(document, diagnostic.range), isCampaign);
        const open = campaign?.$cstNode ? GrammarUtils.findNodeForKeyword(campaign.$cstNode, '{') : undefined;
        if (!campaign || !open) return [];
        const name = String(data.refText);
        // After the last setting (var, param, schedule…) or right after the `{`.
        const settings = campaign.members.filter(m => !isActivity(m) && m.$cstNode);
        const after = settings.length > 0 ? settings[settings.length - 1].$cstNode! : open;
        const text = document.textDocument.getText();
        const lineStart = text.lastIndexOf('\n', (settings[0]?.$cstNode ?? open).offset - 1) + 1;
        const sameLine = !text.substring(open.end, campaign.$cstNode!.end).includes('\n');
        const indent = settings.length > 0 ? /^[ \t]*/.exec(text.substring(lineStart))![0] : '  ';
        const position = document.textDocument.positionAt(after.end);
        const newText = sameLine ? ` var ${name} = "";` : `\n${indent}var ${name} = ""`;
        return [this.action(document, diagnostic, `Declare \`var ${name}\` in campaign ${campaign.name}`, [{ range: { start: position, end: position }, newText }], false)];
    }

    /** `loyaltyPoints = "5"`, `birthDate > "1990-01-01"`: a quoted value of the other side's type loses its quotes. */
    protected unquoteLiteral(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const start = document.textDocument.offsetAt(diagnostic.range.start);
        const end = document.textDocument.offsetAt(diagnostic.range.end);
        const typer = this.services.typing.ExpressionTyper;
        // The smallest node that covers the diagnostic: only its literals are candidates.
        let root = this.nodeAt(document, diagnostic.range);
        while (root?.$container && root.$cstNode && root.$cstNode.end < end) root = root.$container;
        if (!root) return [];
        const actions: CodeAction[] = [];
        for (const node of AstUtils.streamAst(root)) {
            const cst = node.$cstNode;
            if (!isStringLiteral(node) || !cst || cst.offset < start || cst.end > end) continue;
            const parent = node.$container;
            let expected: ValueType | undefined;
            if (isComparison(parent)) expected = typer.typeOf(parent.left === node ? parent.right : parent.left);
            else if (isInPredicate(parent)) expected = typer.typeOf(parent.operand);
            else if (isCallExpression(parent)) {
                const index = parent.arguments.indexOf(node);
                const callee = parent.callee?.ref;
                if (isFilter(callee) && callee.params[index]?.type?.ref) expected = typer.typeOfTarget(callee.params[index]);
                else {
                    const info = callee ? builtinFunction(callee.name) : undefined;
                    const param = info?.params[Math.min(index, (info?.params.length ?? 1) - 1)];
                    expected = param && isPrimitiveName(param.type) ? { kind: 'primitive', name: param.type, nullable: false } as ValueType : undefined;
                }
            }
            const literal = expected && expected.kind === 'primitive' ? literalOf(node.value, expected.name) : undefined;
            if (literal) actions.push(this.replace(document, diagnostic, cst.range, literal, `Write ${literal} (${expected!.kind === 'primitive' ? expected!.name : ''}, not text)`, actions.length === 0));
        }
        return actions;
    }

    /** `purchases > 3`: count the rows; `purchases.amount > 3`: sum, largest or smallest of the values. */
    protected aggregateCollection(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const path = document.textDocument.getText(diagnostic.range);
        if (!/^[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*$/.test(path)) return [];
        const aggregates = path.includes('.') ? ['sum', 'max', 'min'] : ['count'];
        return aggregates.map((a, i) => this.replace(document, diagnostic, diagnostic.range, `${a}(${path})`, `Write ${a}(${path})`, i === 0));
    }

    /** `from 2026-04-30 until 2026-03-01`, `between 20:00 and 08:00`: the two swapped. */
    protected swapRange(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const node = this.nodeAt(document, diagnostic.range);
        const schedule = AstUtils.getContainerOfType(node, isSchedule);
        const every = AstUtils.getContainerOfType(node, isEverySchedule);
        const [first, second] = every?.windowStart && every.windowEnd && every.$cstNode
            ? [GrammarUtils.findNodeForProperty(every.$cstNode, 'windowStart'), GrammarUtils.findNodeForProperty(every.$cstNode, 'windowEnd')]
            : schedule?.$cstNode ? [GrammarUtils.findNodeForProperty(schedule.$cstNode, 'start'), GrammarUtils.findNodeForProperty(schedule.$cstNode, 'end')] : [];
        if (!first || !second) return [];
        return [this.action(document, diagnostic, `Swap ${first.text} and ${second.text}`,
            [{ range: first.range, newText: second.text }, { range: second.range, newText: first.text }], true)];
    }

    /** A misspelt name inside a `body file`: the edit goes to the template file, where the name is. */
    protected fixInTemplateFile(diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        const uri = data.uri as string | undefined;
        const range = data.range as Range | undefined;
        if (!uri || !range) return [];
        return ((data.suggestions as string[] | undefined) ?? []).map((s, i) => {
            const name = data.variable ? '$' + s : s;
            return { title: `Change to '${name}' in ${data.file ?? 'the template file'}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0, edit: { changes: { [uri]: [{ range, newText: name }] } } };
        });
    }

    /** `body file "templates/new.html"` that does not exist yet: create it (empty). */
    protected createTemplateFile(diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        const uri = data.uri as string | undefined;
        if (!uri) return [];
        return [{
            title: `Create ${data.file ?? 'the template file'}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true,
            edit: { documentChanges: [CreateFile.create(uri, { ignoreIfExists: true })] }
        }];
    }

    /** `tier = "platinm"` → `"platinum"`. */
    protected enumValue(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        const text = document.textDocument.getText(diagnostic.range).replace(/^"|"$/g, '');
        return closest(text, (data.suggestions as string[]) ?? []).map((s, i) => this.replace(document, diagnostic, diagnostic.range, `"${s}"`, `Change to "${s}"`, i === 0));
    }

    /** An unknown callee: declare a filter of that name at the end of the file, on the rows of the call. */
    protected createFilter(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        if (data.containerType !== 'CallExpression') return [];
        const node = this.nodeAt(document, diagnostic.range);
        const call = AstUtils.getContainerOfType(node, isCallExpression);
        if (!call) return [];
        const population = this.services.typing.Populations.contextOf(call);
        const entity = population?.dimension.kind === 'entity' ? population.dimension.entity.name : undefined;
        if (!entity) return [];
        const name = String(data.refText);
        const params = call.arguments.map((a, i) => `p${i + 1}: ${this.typeName(a)}`);
        const text = document.textDocument.getText();
        const end = document.textDocument.positionAt(text.length);
        const declaration = `${text.endsWith('\n') ? '' : '\n'}\nfilter ${name}${params.length ? `(${params.join(', ')})` : ''} on ${entity} where true\n`;
        return [this.action(document, diagnostic, `Create filter '${name}' on ${entity}`, [{ range: { start: end, end }, newText: declaration }], false)];
    }

    protected typeName(e: AstNode): string {
        const t = this.services.typing.ExpressionTyper.typeOf(e as never);
        return t.kind === 'primitive' ? t.name : t.kind === 'enum' ? t.enum.name : 'string';
    }

    /** Inserts the missing options of a channel in its block (creating the block if needed). */
    protected addOptions(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        const options = ((data.options as string[] | undefined) ?? []).filter(o => OPTION_SNIPPETS[o]);
        const activity = AstUtils.getContainerOfType(this.nodeAt(document, diagnostic.range), isActivity);
        if (options.length === 0 || !isChannelActivity(activity)) return [];
        const snippets = options.map(o => OPTION_SNIPPETS[o]);
        const edit = this.insertInBlock(document, activity, snippets);
        return edit ? [this.action(document, diagnostic, `Add ${options.map(o => `\`${o}\``).join(' and ')}`, [edit], true)] : [];
    }

    protected insertInBlock(document: LangiumDocument, activity: ChannelActivity | Activity, snippets: string[]): TextEdit | undefined {
        const cst = activity.$cstNode;
        if (!cst) return undefined;
        const text = cst.text;
        const end = document.textDocument.positionAt(cst.end);
        if (text.trimEnd().endsWith('}')) {
            // Before the closing brace, after the last option.
            const close = cst.offset + text.lastIndexOf('}');
            const before = document.textDocument.getText().slice(cst.offset, close);
            const multiline = before.includes('\n');
            const indent = multiline ? (/\n([ \t]*)[^\n]*$/.exec(before.trimEnd())?.[1] ?? '    ') : '';
            const trimmedEnd = cst.offset + before.trimEnd().length;
            const position = document.textDocument.positionAt(trimmedEnd);
            const empty = before.trimEnd().endsWith('{');
            const newText = multiline
                ? snippets.map(s => `\n${indent}${s}`).join('')
                : `${empty ? ' ' : '; '}${snippets.join('; ')}`;
            return { range: { start: position, end: position }, newText };
        }
        return { range: { start: end, end }, newText: ` { ${snippets.join('; ')} }` };
    }

    protected remove(document: LangiumDocument, diagnostic: Diagnostic, title: string): CodeAction {
        const text = document.textDocument.getText();
        let start = document.textDocument.offsetAt(diagnostic.range.start);
        let end = document.textDocument.offsetAt(diagnostic.range.end);
        // Take the separator after the option, or else the one before it, and the spaces between.
        const after = /^[ \t]*;/.exec(text.slice(end));
        if (after) end += after[0].length;
        else {
            const before = /;?[ \t]*$/.exec(text.slice(0, start));
            if (before) start -= before[0].length;
        }
        // A whole line: remove the line.
        const lineStart = text.lastIndexOf('\n', start - 1) + 1;
        const lineEnd = text.indexOf('\n', end);
        if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd < 0 ? text.length : lineEnd).trim() === '' && lineEnd >= 0) {
            start = lineStart;
            end = lineEnd + 1;
        } else {
            const spaces = /^[ \t]*/.exec(text.slice(end))![0];
            if (text.slice(0, start).endsWith(' ') || text.slice(0, start).endsWith('{')) end += spaces.length;
        }
        const range = { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) };
        return this.action(document, diagnostic, title, [{ range, newText: '' }], true);
    }

    protected padLiteral(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const text = document.textDocument.getText(diagnostic.range);
        const fixed = text.includes('T') ? fixDateTime(text) : text.includes(':') ? fixTime(text) : fixDate(text);
        return fixed && fixed !== text ? [this.replace(document, diagnostic, diagnostic.range, fixed, `Change to ${fixed}`, true)] : [];
    }

    /** `incremental i: Customer where …` → `… exclude previous`. */
    protected incrementalMode(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const activity = AstUtils.getContainerOfType(this.nodeAt(document, diagnostic.range), isIncrementalActivity) as IncrementalActivity | undefined;
        if (!activity || activity.excludePrevious || activity.since) return [];
        const last = activity.where?.$cstNode ?? activity.entity?.$refNode;
        if (!last) return [];
        const position = document.textDocument.positionAt(last.end);
        return [this.action(document, diagnostic, 'Add `exclude previous`', [{ range: { start: position, end: position }, newText: ' exclude previous' }], true)];
    }

    /** A misspelt keyword where the parser stopped: `audiance` → `audience`. */
    protected keyword(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const word = document.textDocument.getText(diagnostic.range);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(word) || this.keywords.includes(word)) return [];
        return closest(word, this.keywords, 2).map((k, i) => this.replace(document, diagnostic, diagnostic.range, k, `Change to '${k}'`, i === 0));
    }

    protected nodeAt(document: LangiumDocument, range: Range): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start)) : undefined;
        return leaf?.astNode;
    }

    protected replace(document: LangiumDocument, diagnostic: Diagnostic, range: Range, newText: string, title: string, preferred: boolean): CodeAction {
        return this.action(document, diagnostic, title, [{ range, newText }], preferred);
    }

    protected action(document: LangiumDocument, diagnostic: Diagnostic, title: string, edits: TextEdit[], preferred: boolean): CodeAction {
        return {
            title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: preferred,
            edit: { changes: { [document.textDocument.uri]: edits } }
        };
    }
}

/** The text of a quoted value as a literal of a primitive type, when it is one (`"5"` → `5` for an int). */
function literalOf(value: string, type: string): string | undefined {
    const text = value.trim();
    switch (type) {
        case 'int': return /^-?\d+$/.test(text) ? text : undefined;
        case 'decimal': return /^-?\d+(\.\d+)?$/.test(text) ? text : undefined;
        case 'bool': return text === 'true' || text === 'false' ? text : undefined;
        case 'date': return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined;
        case 'datetime': return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? text : undefined;
        case 'time': return /^\d{2}:\d{2}$/.test(text) ? text : undefined;
        default: return undefined;
    }
}
