// addActivity: a new statement of a kind, from the kind's template (language/model/activity-kinds.ts)
// with a fresh unique name, the given inputs, and the other required parts as placeholders the
// validator points at. It goes after the statement that feeds it (or after `after`, or last).
import { GrammarUtils } from 'langium';
import type { Activity, Entity } from '../../generated/ast.js';
import { ACTIVITY_KINDS } from '../../model/activity-kinds.js';
import type { AddActivityEdit, TextEdit } from '../../protocol.js';
import { activitiesOf, findActivity } from '../source.js';
import { inputRef } from '../to-graph.js';
import { checkSourceRef, inputsOf } from './connect.js';
import { afterStatement, done, eol, indentAt, insert, isResult, lineStart, OPERATOR_WORDS, refuse, replace, type EditContext, type EditResult } from './edit-context.js';

export function freshName(ctx: EditContext, base: string): string {
    const taken = new Set(activitiesOf(ctx.campaign).map(a => a.name));
    if (!taken.has(base) && !OPERATOR_WORDS.has(base)) return base;
    const stem = base.replace(/\d+$/, '');
    for (let i = 1; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

/** The statement text: the template with the name, the inputs and placeholders filled in. */
export function statementText(ctx: EditContext, kind: string, name: string, from: readonly string[]): string {
    let template = ACTIVITY_KINDS.get(kind)!.template;
    if (from.length > 0 && template.includes(' from ')) {
        if (kind === 'exclude') {
            template = template.replace(/from \$\{input\}/, `from ${from[0]}`);
            if (from.length > 1) template = template.replace(/minus \$\{other\}/, `minus ${from.slice(1).join(', ')}`);
        } else {
            template = template.replace(/from \$\{[^}]+\}(, \$\{[^}]+\})*/, `from ${from.join(', ')}`);
        }
    }
    const entity = ctx.document.parseResult.value.elements.find((e): e is Entity => e.$type === 'Entity')?.name;
    return template.replace(/\$\{([^}]+)\}/g, (_, placeholder: string) =>
        placeholder === 'name' ? name : placeholder === 'Entity' && entity ? entity : placeholder);
}

export function addActivity(ctx: EditContext, edit: AddActivityEdit): EditResult {
    if (!ACTIVITY_KINDS.has(edit.kind)) return refuse('invalid', `Unknown activity kind '${edit.kind}'.`);
    if (edit.name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(edit.name)) return refuse('invalid', `'${edit.name}' is not a valid name.`);
    const from = edit.from ?? [];
    for (const ref of from) {
        const producer = checkSourceRef(ctx, ref);
        if (isResult(producer)) return producer;
    }
    let anchor: Activity | undefined;
    if (edit.after !== undefined) {
        anchor = findActivity(ctx.campaign, edit.after);
        if (!anchor) return refuse('not-found', `No activity '${edit.after}' in campaign '${ctx.campaign.name}'.`);
    } else if (from.length > 0) {
        anchor = findActivity(ctx.campaign, from[0].split('.')[0]);
    }
    const activities = activitiesOf(ctx.campaign);
    anchor ??= activities[activities.length - 1];
    const name = freshName(ctx, edit.name ?? `${edit.kind}1`);
    const statement = statementText(ctx, edit.kind, name, from);
    const edits: TextEdit[] = [];
    const { text } = ctx;
    const nl = eol(text);
    if (anchor) {
        const at = afterStatement(text, anchor.$cstNode!.end);
        edits.push(insert(ctx, at, `${nl}${indentAt(text, anchor.$cstNode!.offset)}${statement}`));
    } else {
        const campaignCst = ctx.campaign.$cstNode!;
        const close = GrammarUtils.findNodesForKeyword(campaignCst, '}').pop()!;
        const closeLine = lineStart(text, close.offset);
        const member = ctx.campaign.members[ctx.campaign.members.length - 1]?.$cstNode;
        const indent = member ? indentAt(text, member.offset) : `${indentAt(text, campaignCst.offset)}  `;
        edits.push(/^[ \t]*$/.test(text.slice(closeLine, close.offset))
            ? insert(ctx, closeLine, `${indent}${statement}${nl}`)
            : insert(ctx, close.offset, `${nl}${indent}${statement}${nl}`));
    }
    if (edit.rewire) {
        const target = findActivity(ctx.campaign, edit.rewire.target);
        const input = target && (inputsOf(target) ?? []).find(i => inputRef(i) === edit.rewire!.ref);
        if (!input?.$cstNode) return refuse('not-found', `'${edit.rewire.target}' does not read '${edit.rewire.ref}'.`);
        edits.push(replace(ctx, input.$cstNode.offset, input.$cstNode.end, name));
    }
    return done(edits, name);
}
