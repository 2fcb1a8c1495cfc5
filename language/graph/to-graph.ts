// AST → CampaignGraph: one node per activity, one edge per input reference. Ids come from names,
// never from positions, so an edit elsewhere in the file leaves them (and the webview's nodes) alone.
import { GrammarUtils, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { Activity, Campaign, Input, Output } from '../generated/ast.js';
import { activityKind, activityKeyword } from '../model/activity-kinds.js';
import { hasMainOutput, namedOutputs } from '../model/outputs.js';
import type { CampaignGraph, GraphDiagnostic, GraphEdge, GraphNode, GraphOutput, GraphPart, OutputKind } from '../protocol.js';
import { inferDimensions, type DimensionOf } from './dimension.js';
import { locatePart, partSpecs } from './parts.js';
import { activitiesOf, rangeOf, rangeWithin } from './source.js';
import { summarize } from './summary.js';

const OUTPUT_KINDS: Readonly<Record<string, OutputKind>> = {
    SplitSegment: 'segment', Remainder: 'remainder', ForkBranch: 'branch', TestCase: 'case', Duplicates: 'duplicates'
};

export function nodeId(campaign: string, activity: string): string {
    return `${campaign}/${activity}`;
}

export function inputRef(input: Input): string {
    return input.output ? `${input.activity.$refText}.${input.output.$refText}` : input.activity.$refText;
}

export interface ToGraphOptions {
    /** The dimension of an activity's population; default: a light inference from the statements. */
    readonly dimensionOf?: DimensionOf;
}

export function toGraph(document: LangiumDocument, campaign: Campaign, options: ToGraphOptions = {}): CampaignGraph {
    const activities = activitiesOf(campaign);
    // By name rather than by resolved reference, so edges show even before (or without) linking.
    const byName = new Map(activities.map(a => [a.name, a] as const));
    const dimensionOf = options.dimensionOf ?? inferDimensions(i => byName.get(i.activity.$refText));
    const diagnostics = document.diagnostics ?? [];
    const nodes = activities.map(a => toNode(document, campaign, a, dimensionOf, diagnostics));
    const edges: GraphEdge[] = [];
    const seen = new Set<string>();
    for (const target of activities) {
        const add = (input: Input, role: GraphEdge['role']) => {
            const source = input.activity.$refText;
            const cst = input.$cstNode;
            const producer = byName.get(source);
            if (!producer || !cst) return;
            const ref = inputRef(input);
            let id = `${ref}->${target.name}:${role}`;
            for (let i = 2; seen.has(id); i++) id = `${ref}->${target.name}:${role}${i}`;
            seen.add(id);
            const output = input.output ? namedOutputs(producer).find(o => o.name === input.output!.$refText) : undefined;
            edges.push({
                id, source: nodeId(campaign.name, source), target: nodeId(campaign.name, target.name), ref, role,
                ...(input.output ? { sourceOutput: input.output.$refText } : {}),
                dashed: output?.$type === 'Remainder' || output?.$type === 'Duplicates',
                range: rangeOf(document, cst.offset, cst.end)
            });
        };
        if ('inputs' in target) target.inputs.forEach(i => add(i, 'from'));
        if (target.$type === 'ExcludeActivity') target.minus.forEach(m => add(m.input, 'minus'));
    }
    return { campaign: campaign.name, nodes, edges };
}

function toNode(document: LangiumDocument, campaign: Campaign, activity: Activity, dimensionOf: DimensionOf, diagnostics: readonly Diagnostic[]): GraphNode {
    const kind = activityKind(activity);
    const cst = activity.$cstNode!;
    const range = rangeOf(document, cst.offset, cst.end);
    const nameNode = GrammarUtils.findNodeForProperty(cst, 'name');
    const options: readonly { $type: string }[] = 'options' in activity ? activity.options : [];
    const label = options.find(o => o.$type === 'LabelOption') as { text?: string } | undefined;
    const dimension = dimensionOf(activity);
    return {
        id: nodeId(campaign.name, activity.name),
        name: activity.name,
        kind: activityKeyword(activity),
        family: kind.family,
        title: kind.title,
        summary: summarize(activity),
        ...(label?.text !== undefined ? { label: label.text } : {}),
        ...(dimension !== undefined ? { dimension } : {}),
        hasMainOutput: hasMainOutput(activity),
        outputs: namedOutputs(activity).map((o: Output): GraphOutput => ({ name: o.name, ref: `${activity.name}.${o.name}`, kind: OUTPUT_KINDS[o.$type] })),
        disabled: options.some(o => o.$type === 'DisabledOption'),
        paused: options.some(o => o.$type === 'PauseOption'),
        diagnostics: diagnostics.filter(d => rangeWithin(d.range, range)).map(toGraphDiagnostic),
        parts: partsOf(document, activity),
        range,
        nameRange: nameNode ? rangeOf(document, nameNode.offset, nameNode.end) : range
    };
}

function partsOf(document: LangiumDocument, activity: Activity): Record<string, GraphPart> {
    const parts: Record<string, GraphPart> = {};
    for (const spec of partSpecs(activity)) {
        const at = locatePart(activity, spec);
        if (at) parts[spec.key] = { text: at.value, range: rangeOf(document, at.start, at.end) };
    }
    const inputs = GrammarUtils.findNodesForProperty(activity.$cstNode, 'inputs');
    if (inputs.length > 0) {
        const start = inputs[0].offset, end = inputs[inputs.length - 1].end;
        parts.from = { text: document.textDocument.getText().slice(start, end), range: rangeOf(document, start, end) };
    }
    if (activity.$type === 'SplitActivity') {
        for (const segment of activity.options) {
            if (segment.$type !== 'SplitSegment') continue;
            for (const spec of partSpecs(segment, true)) {
                const at = locatePart(segment, spec);
                if (at) parts[`${segment.name}.${spec.key}`] = { text: at.value, range: rangeOf(document, at.start, at.end) };
            }
        }
    }
    return parts;
}

function toGraphDiagnostic(d: Diagnostic): GraphDiagnostic {
    return {
        severity: (d.severity ?? 1) as GraphDiagnostic['severity'],
        message: typeof d.message === 'string' ? d.message : d.message.value,
        range: d.range,
        ...(typeof d.code === 'string' ? { code: d.code } : {})
    };
}
