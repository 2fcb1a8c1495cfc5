// The one-line summary of an activity on its graph node, cut from the source text of the parts that
// carry its meaning, so that it reads exactly like the statement (`Customer where tier = gold`).
import type { AstNode } from 'langium';
import { GrammarUtils } from 'langium';
import type { Activity } from '../generated/ast.js';
import { namedOutputs } from '../model/outputs.js';
import { oneLine } from './source.js';

const textOf = (node: AstNode | undefined): string => oneLine(node?.$cstNode?.text ?? '');

/** The head of a statement after its inputs (or name), up to its block: `by email keep 1 prefer max(createdAt)`. */
function headAfter(activity: Activity, property: 'inputs' | 'name'): string {
    const cst = activity.$cstNode;
    if (!cst) return '';
    const nodes = GrammarUtils.findNodesForProperty(cst, property);
    const from = nodes.length > 0 ? nodes[nodes.length - 1].end : cst.offset;
    const brace = GrammarUtils.findNodeForKeyword(cst, '{');
    const to = brace ? brace.offset : cst.end;
    return oneLine(cst.text.slice(from - cst.offset, to - cst.offset));
}

export function summarize(activity: Activity): string {
    switch (activity.$type) {
        case 'AudienceActivity':
        case 'IncrementalActivity':
            return headAfter(activity, 'name').replace(/^:\s*/, '');
        case 'ReadActivity':
        case 'LoadActivity':
        case 'DedupeActivity':
        case 'ExcludeActivity':
        case 'ReconcileActivity':
        case 'ChangeActivity':
        case 'SaveActivity':
        case 'JoinActivity':
        case 'EndActivity':
            return headAfter(activity, activity.$type === 'ReadActivity' || activity.$type === 'LoadActivity' ? 'name' : 'inputs');
        case 'WaitActivity':
            return activity.duration ? `wait ${textOf(activity.duration)}` : activity.until ? `until ${activity.until}` : 'wait';
        case 'AlertActivity':
            return activity.title ?? activity.message ?? '';
        case 'SplitActivity':
        case 'ForkActivity':
        case 'IntersectActivity':
            return namedOutputs(activity).map(o => o.$type === 'Remainder' ? `remainder ${o.name}` : o.name).join(', ');
        case 'TestActivity':
            return activity.options.filter(o => o.$type === 'TestCase')
                .map(c => c.isElse ? `else → ${c.name}` : `${textOf(c.condition)} → ${c.name}`).join('; ');
        case 'UnionActivity':
            return `${activity.inputs.length} inputs`;
        case 'EnrichActivity':
            return activity.options.filter(o => o.$type === 'EnrichColumn').map(c => c.name).join(', ');
        case 'ChannelActivity': {
            const pick = (type: string) => activity.options.find(o => o.$type === type);
            const main = pick('SubjectOption') ?? pick('TitleOption') ?? pick('BodyOption') ?? pick('FieldsOption');
            return main ? textOf(main) : '';
        }
        default:
            return '';
    }
}
