import { AstUtils, type LangiumDocument } from 'langium';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { CampaignServices } from '../../campaign-module.js';
import * as ast from '../../generated/ast.js';
import type { Column } from '../../typing/population.js';
import { typeToString } from '../../typing/types.js';
import { entityAtPath } from '../population-paths.js';

/** Where the cursor is in the text: inside a string (with the offset of its opening quote) or a comment. */
export type StringPosition = { start: number } | 'comment' | undefined;

/**
 * Scans the text up to the cursor as the lexer would (strings, line and block comments), so that it
 * also works on an unterminated string, which is exactly what one is typing in a template.
 */
export function stringAt(text: string, offset: number): StringPosition {
    let i = 0;
    while (i < offset) {
        const ch = text[i];
        if (ch === '"') {
            const start = i;
            i++;
            while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
            if (i >= offset) return { start };
            i++;
        } else if (ch === '/' && text[i + 1] === '/') {
            const end = text.indexOf('\n', i);
            if (end < 0 || end >= offset) return 'comment';
            i = end + 1;
        } else if (ch === '/' && text[i + 1] === '*') {
            const end = text.indexOf('*/', i + 2);
            if (end < 0 || end + 2 > offset) return 'comment';
            i = end + 2;
        } else {
            i++;
        }
    }
    return undefined;
}

/**
 * Completion inside `{{ }}` of a subject, title or body: the columns of the population that reaches
 * the channel, fields through to-one links after `link.`, `$variables` of the campaign, `#each` over
 * `take` lists and, inside an `#each`, the fields of the list's items. Elsewhere in a string: nothing.
 */
export function templateCompletions(services: CampaignServices, document: LangiumDocument, string: { start: number }, offset: number): CompletionItem[] {
    const text = document.textDocument.getText();
    const inside = text.substring(string.start + 1, offset);
    const open = inside.lastIndexOf('{{');
    if (open < 0 || inside.indexOf('}}', open) >= 0) return [];
    const tag = inside.substring(open + 2);
    // Only subjects, titles and bodies of channels are templates (`body file "…"` is a path).
    const activity = activityAt(document, string.start);
    if (!ast.isChannelActivity(activity) || !/\b(subject|title|body)\s*$/.test(text.substring(Math.max(0, string.start - 40), string.start))) return [];
    const word = /[A-Za-z0-9_]*$/.exec(tag)![0];
    const range = { start: document.textDocument.positionAt(offset - word.length), end: document.textDocument.positionAt(offset) };
    const item = (label: string, kind: CompletionItemKind, detail: string, newText = label): CompletionItem =>
        ({ label, kind, detail, textEdit: { range, newText }, filterText: label });

    const trimmed = tag.trimStart();
    if (trimmed.startsWith('$')) {
        const campaign = AstUtils.getContainerOfType(activity, ast.isCampaign);
        return (campaign?.members ?? [])
            .filter((m): m is ast.CampaignVar | ast.CampaignParam => ast.isCampaignVar(m) || ast.isCampaignParam(m))
            .map(m => item(m.name, CompletionItemKind.Variable, ast.isCampaignVar(m) ? 'campaign variable' : `parameter: ${m.type?.$refText ?? ''}`));
    }
    const population = services.typing.Populations.inputPopulation(activity);
    if (!population) return [];
    if (trimmed.startsWith('#each')) {
        return [...population.lists.values()].map(l => item(l.name, CompletionItemKind.Field, `list of ${l.count} ${l.entity?.name ?? 'rows'}`));
    }
    if (trimmed.startsWith('/')) return [item('each', CompletionItemKind.Keyword, 'closes {{#each}}', 'each')];

    const path = trimmed.split('.').map(s => s.trim());
    path.pop();
    const each = openEach(inside.substring(0, open));
    let columns: ReadonlyMap<string, Column> = each && population.lists.has(each) ? population.lists.get(each)!.fields : population.columns;
    if (path.length > 0) {
        const entity = entityAtPath(services, columns, path);
        if (!entity) return [];
        columns = services.typing.Populations.ofEntity(entity).columns;
    }
    const items: CompletionItem[] = [];
    for (const column of columns.values()) {
        if (column.type.kind === 'link' && column.type.many) continue;   // a collection is not a value
        items.push(item(column.name, CompletionItemKind.Field, typeToString(column.type)));
    }
    if (path.length === 0) {
        items.push(item('#each', CompletionItemKind.Keyword, 'repeat over a take list', '#each '));
        for (const name of population.lists.keys()) items.push(item(name, CompletionItemKind.Field, 'list (use with #each)'));
    }
    return items;
}

/** The innermost `{{#each x}}` still open in the template text before the cursor. */
function openEach(before: string): string | undefined {
    const stack: string[] = [];
    for (const match of before.matchAll(/\{\{\s*(#each\s+([A-Za-z_][A-Za-z0-9_]*)|\/each)\s*\}\}/g)) {
        if (match[2]) stack.push(match[2]);
        else stack.pop();
    }
    return stack[stack.length - 1];
}

/** The activity whose text holds an offset: the last one starting before it (the string may be unterminated). */
export function activityAt(document: LangiumDocument, offset: number): ast.Activity | undefined {
    let found: ast.Activity | undefined;
    for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
        if (ast.isActivity(node) && node.$cstNode && node.$cstNode.offset <= offset) {
            if (!found || node.$cstNode.offset >= found.$cstNode!.offset) found = node;
        }
    }
    return found;
}
