import type { AstNode } from 'langium';
import type { Activity, Output } from '../generated/ast.js';

const OUTPUT_TYPES = new Set(['SplitSegment', 'Remainder', 'ForkBranch', 'TestCase', 'Duplicates']);

export function isOutputNode(node: AstNode): node is Output {
    return OUTPUT_TYPES.has(node.$type);
}

/**
 * The named outputs of an activity (`s.vip`, `f.x`, `t.big`, `d.dups`, `i.r`), in source order.
 * An activity's main output (`a` alone) is not listed: every activity has one, except split, fork
 * and test, whose populations flow only through their named outputs.
 */
export function namedOutputs(activity: Activity): Output[] {
    const options: readonly AstNode[] = 'options' in activity ? activity.options : [];
    return options.filter(isOutputNode);
}

/** Whether `a` alone (without `.output`) is a population that others may read. */
export function hasMainOutput(activity: Activity): boolean {
    return activity.$type !== 'SplitActivity' && activity.$type !== 'ForkActivity' && activity.$type !== 'TestActivity'
        && activity.$type !== 'AlertActivity' && activity.$type !== 'EndActivity';
}

/** The output reference as written in `from` clauses and in run results: `a` or `a.out`. */
export function outputRef(activity: Activity, output?: Output): string {
    return output ? `${activity.name}.${output.name}` : activity.name;
}
