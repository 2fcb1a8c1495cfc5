// connect: `source` (an output ref) becomes one more input of `target`: `, source` after its last
// input. An exclusion that has its `from` already reads the new input in its `minus` list.
import { GrammarUtils } from 'langium';
import type { Activity, Input } from '../../generated/ast.js';
import { hasMainOutput, namedOutputs } from '../../model/outputs.js';
import type { ConnectEdit } from '../../protocol.js';
import { findActivity } from '../source.js';
import { inputRef } from '../to-graph.js';
import { activityOrRefuse, done, insert, isResult, refuse, type EditContext, type EditResult } from './edit-context.js';

/** Checks that `ref` names a population of the campaign: `a` with a main output, or `a.out`. */
export function checkSourceRef(ctx: EditContext, ref: string): Activity | EditResult {
    const [name, output] = ref.split('.');
    const producer = findActivity(ctx.campaign, name);
    if (!producer) return refuse('not-found', `No activity '${name}' in campaign '${ctx.campaign.name}'.`);
    const outputs = namedOutputs(producer);
    if (output !== undefined && !outputs.some(o => o.name === output)) {
        return refuse('not-found', `'${name}' has no output '${output}'.`);
    }
    if (output === undefined && !hasMainOutput(producer)) {
        const refs = outputs.map(o => `${name}.${o.name}`).join(', ');
        return refuse('invalid', `'${name}' passes its rows only through its named outputs${refs ? ` (${refs})` : ''}.`);
    }
    return producer;
}

export function inputsOf(activity: Activity): readonly Input[] | undefined {
    return 'inputs' in activity ? activity.inputs : undefined;
}

export function connect(ctx: EditContext, edit: ConnectEdit): EditResult {
    const producer = checkSourceRef(ctx, edit.source);
    if (isResult(producer)) return producer;
    const target = activityOrRefuse(ctx, edit.target);
    if (isResult(target)) return target;
    const inputs = inputsOf(target);
    if (!inputs) return refuse('invalid', `'${target.name}' (${target.$type.replace(/Activity$/, '').toLowerCase()}) reads no input.`);
    if (producer === target) return refuse('invalid', `'${target.name}' cannot read its own output.`);
    const minus = target.$type === 'ExcludeActivity' ? target.minus.map(m => m.input) : [];
    if ([...inputs, ...minus].some(i => inputRef(i) === edit.source)) {
        return refuse('invalid', `'${target.name}' already reads '${edit.source}'.`);
    }
    const property = target.$type === 'ExcludeActivity' && inputs.length > 0 ? 'minus' : 'inputs';
    const nodes = GrammarUtils.findNodesForProperty(target.$cstNode, property);
    const last = nodes[nodes.length - 1];
    if (!last) return refuse('invalid', `'${target.name}' has no input list to extend.`);
    return done([insert(ctx, last.end, `, ${edit.source}`)]);
}
