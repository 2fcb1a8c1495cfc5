// disconnect: removes one input from `target`'s `from` (or `minus`) list with its comma, and the
// `pass` of a join that named it. The only input of a list stays: the statement would not parse.
import { GrammarUtils, type CstNode } from 'langium';
import type { DisconnectEdit, TextEdit } from '../../protocol.js';
import { inputRef } from '../to-graph.js';
import { inputsOf } from './connect.js';
import { activityOrRefuse, done, isResult, refuse, replace, type EditContext, type EditResult } from './edit-context.js';

/** Removes element `index` of a comma list: `, x` after the first element, `x, ` for the first one. */
export function removeListElement(ctx: EditContext, elements: readonly CstNode[], index: number): TextEdit {
    const element = elements[index];
    return index > 0
        ? replace(ctx, elements[index - 1].end, element.end, '')
        : replace(ctx, element.offset, elements[1].offset, '');
}

export function disconnect(ctx: EditContext, edit: DisconnectEdit): EditResult {
    const target = activityOrRefuse(ctx, edit.target);
    if (isResult(target)) return target;
    const inputs = inputsOf(target) ?? [];
    const lists: { property: string; refs: string[] }[] = [{ property: 'inputs', refs: inputs.map(inputRef) }];
    if (target.$type === 'ExcludeActivity') lists.push({ property: 'minus', refs: target.minus.map(m => inputRef(m.input)) });
    const list = lists.find(l => l.refs.includes(edit.source));
    if (!list) return refuse('not-found', `'${edit.target}' does not read '${edit.source}'.`);
    if (list.refs.length === 1) {
        const clause = list.property === 'minus' ? 'minus' : 'from';
        return refuse('invalid', `'${edit.source}' is the only '${clause}' input of '${edit.target}': connect another input first, or delete the activity.`);
    }
    const nodes = GrammarUtils.findNodesForProperty(target.$cstNode, list.property);
    const edits = [removeListElement(ctx, nodes, list.refs.indexOf(edit.source))];
    if (target.$type === 'JoinActivity' && target.pass && inputRef(target.pass) === edit.source) {
        const keyword = GrammarUtils.findNodeForKeyword(target.$cstNode, 'pass');
        const pass = target.pass.$cstNode;
        const inputsEnd = nodes[nodes.length - 1].end;
        if (keyword && pass) edits.push(replace(ctx, inputsEnd, pass.end, ''));
    }
    return done(edits);
}
