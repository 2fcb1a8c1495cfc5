// The parts of an activity that the inspector edits one at a time, and where each lives in the text:
// in the statement's head (`where …`, `keep 1`, `for 3 days`) or as an option in its block.
import type { AstNode, CstNode } from 'langium';
import { GrammarUtils } from 'langium';
import type { Activity } from '../generated/ast.js';

/** A part written in the head: `<keyword> <property>`, inserted after the first present of `after`. */
export interface HeadPartSpec {
    readonly place: 'head';
    readonly key: string;
    readonly keyword: string;
    readonly property: string;
    /** Properties (or keywords as `'kw'`) after which the part goes, nearest first; the name is the fallback. */
    readonly after: readonly string[];
    readonly required?: boolean;
}

/** A part written as an option node in the block: `<keyword> <value>` or a flag. */
export interface OptionPartSpec {
    readonly place: 'option';
    readonly key: string;
    readonly keyword: string;
    readonly type: string;
    readonly flag?: boolean;
}

export type PartSpec = HeadPartSpec | OptionPartSpec;

const option = (key: string, type: string, flag = false): OptionPartSpec => ({ place: 'option', key, keyword: key, type, flag });
const COMMON = [option('label', 'LabelOption'), option('disabled', 'DisabledOption', true), option('pause', 'PauseOption', true)];
const CHANNEL = [
    option('category', 'CategoryOption'), option('subject', 'SubjectOption'), option('title', 'TitleOption'),
    option('body', 'BodyOption'), option('per', 'PerOption'), option('address', 'AddressOption'), option('fields', 'FieldsOption')
];

const SPECS: Readonly<Record<string, readonly PartSpec[]>> = {
    AudienceActivity: [{ place: 'head', key: 'where', keyword: 'where', property: 'where', after: ['entity'] }, option('keepEmpty', 'KeepEmptyOption', true)],
    IncrementalActivity: [{ place: 'head', key: 'where', keyword: 'where', property: 'where', after: ['entity'] }],
    LoadActivity: [option('maxErrors', 'MaxErrorsOption')],
    SplitActivity: [option('overlap', 'OverlapOption', true)],
    ReconcileActivity: [option('dropUnmatched', 'DropUnmatchedOption', true)],
    DedupeActivity: [
        { place: 'head', key: 'keep', keyword: 'keep', property: 'keep', after: ['by'] },
        { place: 'head', key: 'prefer', keyword: 'prefer', property: 'prefer', after: ['keep', 'by'] }
    ],
    WaitActivity: [
        { place: 'head', key: 'for', keyword: 'for', property: 'duration', after: ['inputs'] },
        { place: 'head', key: 'until', keyword: 'until', property: 'until', after: ['inputs'] }
    ],
    AlertActivity: [
        { place: 'head', key: 'title', keyword: 'title', property: 'title', after: ['inputs'] },
        { place: 'head', key: 'message', keyword: 'message', property: 'message', after: ['title', 'inputs'] }
    ],
    SaveActivity: [{ place: 'head', key: 'as', keyword: 'as', property: 'audience', after: ['inputs'], required: true }],
    JoinActivity: [{ place: 'head', key: 'pass', keyword: 'pass', property: 'pass', after: ['inputs'] }],
    ChannelActivity: CHANNEL
};

const SEGMENT_SPECS: readonly PartSpec[] = [
    { place: 'head', key: 'where', keyword: 'where', property: 'where', after: ['name'] },
    { place: 'head', key: 'limit', keyword: 'limit', property: 'limit', after: ['where', 'name'] }
];

/** The editable parts of an activity (or of a split segment, when `segment` is true). */
export function partSpecs(node: AstNode, segment = false): readonly PartSpec[] {
    if (segment) return SEGMENT_SPECS;
    return [...(SPECS[node.$type] ?? []), ...COMMON];
}

export function findPartSpec(node: AstNode, key: string, segment = false): PartSpec | undefined {
    return partSpecs(node, segment).find(s => s.key === key);
}

/** Where a part is in the text now: the whole part (keyword included) and its value. */
export interface PartLocation {
    readonly start: number;
    readonly end: number;
    readonly value: string;
    /** The option node, for option parts. */
    readonly node?: AstNode;
}

/** The CST node of the last element of a (possibly list) property, if any. */
export function lastPropertyNode(owner: AstNode, property: string): CstNode | undefined {
    const nodes = GrammarUtils.findNodesForProperty(owner.$cstNode, property);
    return nodes[nodes.length - 1];
}

export function locatePart(owner: AstNode, spec: PartSpec): PartLocation | undefined {
    if (spec.place === 'head') {
        const value = lastPropertyNode(owner, spec.property);
        const keyword = GrammarUtils.findNodeForKeyword(owner.$cstNode, spec.keyword);
        if (!value || !keyword) return undefined;
        return { start: keyword.offset, end: value.end, value: value.text };
    }
    const options: readonly AstNode[] = 'options' in owner ? (owner as Activity & { options: AstNode[] }).options : [];
    const node = options.find(o => o.$type === spec.type);
    const cst = node?.$cstNode;
    if (!node || !cst) return undefined;
    const keyword = GrammarUtils.findNodeForKeyword(cst, spec.keyword);
    const valueStart = keyword ? keyword.end : cst.end;
    return { start: cst.offset, end: cst.end, value: cst.text.slice(valueStart - cst.offset).trim(), node };
}
