/**
 * Message templates (language.md §5, Channels): `{{field}}`, `{{store.city}}`, `{{$var}}` and
 * `{{#each list}}…{{/each}}`. A small parser of its own so that the validator (which checks every
 * name against the population reaching the channel) and the runner (which renders) read templates
 * the same way. Offsets are relative to the text given, so the validator maps them into the string.
 */

export interface TemplateText {
    readonly kind: 'text';
    readonly text: string;
    readonly start: number;
    readonly end: number;
}

/** `{{a.b}}` (path ["a", "b"]) or `{{$v}}` (variable, path ["v"]). */
export interface TemplateValue {
    readonly kind: 'value';
    readonly path: readonly string[];
    readonly variable: boolean;
    /** The whole tag, braces included. */
    readonly start: number;
    readonly end: number;
    /** The name inside the tag, without spaces or `$`. */
    readonly nameStart: number;
    readonly nameEnd: number;
}

export interface TemplateEach {
    readonly kind: 'each';
    readonly name: string;
    readonly body: readonly TemplatePart[];
    readonly start: number;
    readonly end: number;
    readonly nameStart: number;
    readonly nameEnd: number;
}

export type TemplatePart = TemplateText | TemplateValue | TemplateEach;

export interface TemplateError {
    readonly message: string;
    readonly start: number;
    readonly end: number;
}

export interface ParsedTemplate {
    readonly parts: readonly TemplatePart[];
    readonly errors: readonly TemplateError[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseTemplate(text: string): ParsedTemplate {
    const errors: TemplateError[] = [];
    // A stack of open `each` blocks; the bottom entry is the template itself.
    const stack: Array<{ parts: TemplatePart[]; name: string; start: number; nameStart: number; nameEnd: number }> = [
        { parts: [], name: '', start: 0, nameStart: 0, nameEnd: 0 }
    ];
    let pos = 0;
    while (pos < text.length) {
        const open = text.indexOf('{{', pos);
        const top = stack[stack.length - 1];
        if (open < 0) {
            top.parts.push({ kind: 'text', text: text.slice(pos), start: pos, end: text.length });
            break;
        }
        if (open > pos) top.parts.push({ kind: 'text', text: text.slice(pos, open), start: pos, end: open });
        const close = text.indexOf('}}', open + 2);
        if (close < 0) {
            errors.push({ message: 'Unclosed `{{`: add `}}`.', start: open, end: text.length });
            break;
        }
        const end = close + 2;
        const rawInner = text.slice(open + 2, close);
        const lead = rawInner.length - rawInner.trimStart().length;
        const inner = rawInner.trim();
        const innerStart = open + 2 + lead;
        if (inner.startsWith('#each')) {
            const name = inner.slice(5).trim();
            const nameStart = innerStart + inner.indexOf(name, 5);
            if (!NAME.test(name)) {
                errors.push({ message: '`{{#each}}` needs the name of a list: `{{#each lastBuys}}`.', start: open, end });
            }
            stack.push({ parts: [], name, start: open, nameStart, nameEnd: nameStart + name.length });
        } else if (inner.startsWith('/each')) {
            if (stack.length === 1) {
                errors.push({ message: '`{{/each}}` without a matching `{{#each}}`.', start: open, end });
            } else {
                const block = stack.pop()!;
                stack[stack.length - 1].parts.push({
                    kind: 'each', name: block.name, body: block.parts, start: block.start, end, nameStart: block.nameStart, nameEnd: block.nameEnd
                });
            }
        } else {
            const variable = inner.startsWith('$');
            const name = variable ? inner.slice(1) : inner;
            const path = name.split('.');
            const nameStart = innerStart + (variable ? 1 : 0);
            if (!path.every(p => NAME.test(p)) || (variable && path.length > 1)) {
                errors.push({
                    message: inner.length === 0 ? 'Empty `{{}}`: name a field, a column or a `$variable`.'
                        : `\`{{${inner}}}\` is not a name: write \`{{field}}\`, \`{{link.field}}\` or \`{{$variable}}\`.`,
                    start: open, end
                });
            } else {
                top.parts.push({ kind: 'value', path, variable, start: open, end, nameStart, nameEnd: nameStart + name.length });
            }
        }
        pos = end;
    }
    while (stack.length > 1) {
        const block = stack.pop()!;
        errors.push({ message: `\`{{#each ${block.name}}}\` is not closed: add \`{{/each}}\`.`, start: block.start, end: block.nameEnd + 2 });
        stack[stack.length - 1].parts.push({
            kind: 'each', name: block.name, body: block.parts, start: block.start, end: text.length, nameStart: block.nameStart, nameEnd: block.nameEnd
        });
    }
    return { parts: stack[0].parts, errors };
}

/** Values for rendering: a row (or a list item) and the campaign's variables. */
export interface TemplateScope {
    /** The value of a path of the row (`["store", "city"]`), or undefined when there is none. */
    value(path: readonly string[]): unknown;
    variable(name: string): unknown;
    /** The items of a `take` list, each a scope of its own. */
    list(name: string): readonly TemplateScope[];
}

/** Renders parsed parts; NULL renders as empty text. With `html`, values are escaped (HTML bodies). */
export function renderTemplate(parts: readonly TemplatePart[], scope: TemplateScope, options: { html?: boolean } = {}): string {
    let out = '';
    for (const part of parts) {
        if (part.kind === 'text') out += part.text;
        else if (part.kind === 'value') {
            const v = part.variable ? scope.variable(part.path[0]) : scope.value(part.path);
            const s = v === null || v === undefined ? '' : String(v);
            out += options.html ? escapeHtml(s) : s;
        } else {
            for (const item of scope.list(part.name)) out += renderTemplate(part.body, item, options);
        }
    }
    return out;
}

export function escapeHtml(s: string): string {
    return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!);
}
