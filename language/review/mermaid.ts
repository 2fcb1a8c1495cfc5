import type { CampaignGraph, GraphNode } from '../protocol.js';
import type { GraphStatus } from './graph-diff.js';
import { FAMILY_STYLES, NEUTRAL, STATUS_STYLES } from './style.js';
import { edgeLabel } from './svg.js';

/**
 * A campaign graph as a Mermaid flowchart (`flowchart LR`), which GitHub renders in markdown:
 * one node per activity with its kind, name and summary, edges labelled with output names (and
 * counts), classes per family, and — for a diff — per status.
 */
export interface MermaidOptions {
    readonly counts?: Readonly<Record<string, number>>;
    readonly statuses?: ReadonlyMap<string, GraphStatus>;
    readonly edgeStatuses?: ReadonlyMap<string, 'added' | 'removed' | 'unchanged'>;
    /** Node id → old name, shown as `(was old)`. */
    readonly renamedFrom?: ReadonlyMap<string, string>;
}

const SUMMARY_LIMIT = 48;

/** Mermaid class per family: `end` is a Mermaid keyword, so no class may be called that. */
export const FAMILY_CLASSES: Readonly<Record<string, string>> = { targeting: 'targeting', flow: 'flow', channel: 'channel', end: 'ending' };

export function renderMermaid(graph: CampaignGraph, options: MermaidOptions = {}): string {
    const ids = mermaidIds(graph.nodes);
    const lines = ['flowchart LR'];
    for (const node of graph.nodes) lines.push(`    ${ids.get(node.id)}["${nodeLabel(node, options.renamedFrom?.get(node.id))}"]`);
    const linkStyles: string[] = [];
    let index = 0;
    for (const edge of graph.edges) {
        const source = ids.get(edge.source);
        const target = ids.get(edge.target);
        if (!source || !target) continue;
        const status = options.edgeStatuses?.get(edge.id);
        const label = edgeLabel(edge, options.counts);
        const arrow = edge.dashed || status === 'removed' ? '-.->' : status === 'added' ? '==>' : '-->';
        lines.push(`    ${source} ${arrow}${label ? `|"${escapeMermaid(label)}"|` : ''} ${target}`);
        if (status === 'added' || status === 'removed') {
            linkStyles.push(`    linkStyle ${index} stroke:${STATUS_STYLES[status].stroke},stroke-width:2px`);
        }
        index++;
    }
    lines.push(...linkStyles);
    for (const [family, style] of Object.entries(FAMILY_STYLES)) {
        lines.push(`    classDef ${FAMILY_CLASSES[family]} fill:${style.tint},stroke:${style.color},color:${NEUTRAL.text}`);
    }
    if (options.statuses) {
        for (const [status, style] of Object.entries(STATUS_STYLES)) {
            lines.push(`    classDef ${status} fill:${style.fill},stroke:${style.stroke},stroke-width:2px,color:${style.text}${style.dashed ? ',stroke-dasharray:5 3' : ''}`);
        }
    }
    // One `class` line per class, listing its nodes: short, and stable in node order.
    const byClass = new Map<string, string[]>();
    for (const node of graph.nodes) {
        const status = options.statuses?.get(node.id);
        const cls = status && status !== 'unchanged' ? status : FAMILY_CLASSES[node.family] ?? 'targeting';
        byClass.set(cls, [...byClass.get(cls) ?? [], ids.get(node.id)!]);
    }
    for (const [cls, members] of byClass) lines.push(`    class ${members.join(',')} ${cls}`);
    return `${lines.join('\n')}\n`;
}

/**
 * Mermaid ids from activity names: `a_` + the name (an activity may be called `end` or `graph`,
 * words Mermaid reserves), made unique; characters outside [A-Za-z0-9_] are replaced.
 */
export function mermaidIds(nodes: readonly GraphNode[]): Map<string, string> {
    const ids = new Map<string, string>();
    const used = new Set<string>();
    for (const node of nodes) {
        const base = `a_${node.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
        let id = base;
        for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
        used.add(id);
        ids.set(node.id, id);
    }
    return ids;
}

function nodeLabel(node: GraphNode, renamedFrom: string | undefined): string {
    const summary = node.summary.length > SUMMARY_LIMIT ? `${node.summary.slice(0, SUMMARY_LIMIT - 1).trimEnd()}…` : node.summary;
    const name = `<b>${escapeMermaid(node.name)}</b>${renamedFrom ? ` (was ${escapeMermaid(renamedFrom)})` : ''}`;
    const flags = [node.disabled ? 'disabled' : '', node.paused ? 'paused' : ''].filter(Boolean).join(', ');
    return [`${escapeMermaid(node.title)}${flags ? ` (${flags})` : ''}`, name, summary ? escapeMermaid(summary) : '']
        .filter(Boolean).join('<br/>');
}

/**
 * Text inside a quoted Mermaid label: Mermaid's entity codes for the characters that would end the
 * label or open markup (`#` first, since the codes use it).
 */
export function escapeMermaid(text: string): string {
    return text
        .replace(/#/g, '#35;')
        .replace(/"/g, '#quot;')
        .replace(/</g, '#lt;')
        .replace(/>/g, '#gt;')
        .replace(/[\r\n]+/g, ' ');
}
