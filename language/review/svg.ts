import type { CampaignGraph, GraphEdge } from '../protocol.js';
import { escapeXml } from './escape.js';
import type { GraphStatus } from './graph-diff.js';
import { layoutGraph, type PlacedEdge, type PlacedNode, type Point } from './layout.js';
import { FAMILY_STYLES, NEUTRAL, NODE_METRICS, STATUS_STYLES } from './style.js';
import { fitText } from './text-measure.js';

/**
 * A campaign graph as SVG, drawn like the visual editor's nodes (family stripe, kind, name, one
 * line of summary; output names and counts on the edges), laid out by ELK, without a browser.
 */
export interface SvgOptions {
    /** Row counts by output reference (`tiers.vip`), from a test run: shown on the edges. */
    readonly counts?: Readonly<Record<string, number>>;
    /** Diff highlights by node id; absent or `unchanged` nodes are drawn plainly. */
    readonly statuses?: ReadonlyMap<string, GraphStatus>;
    /** Edge id → status, for diff pictures. */
    readonly edgeStatuses?: ReadonlyMap<string, 'added' | 'removed' | 'unchanged'>;
    /** Add the XML namespace and declaration, for a `.svg` file (not needed inline in HTML). */
    readonly standalone?: boolean;
}

/** The text on an edge: its output name when the source has several, `minus`/`pass` roles, the count. */
export function edgeLabel(edge: GraphEdge, counts?: Readonly<Record<string, number>>): string | undefined {
    const words: string[] = [];
    if (edge.sourceOutput) words.push(edge.sourceOutput);
    if (edge.role !== 'from') words.push(edge.role);
    const count = counts?.[edge.ref];
    if (count !== undefined) words.push(count.toLocaleString('en-US'));
    return words.length > 0 ? words.join(' · ') : undefined;
}

export async function renderSvg(graph: CampaignGraph, options: SvgOptions = {}): Promise<string> {
    const layout = await layoutGraph(graph, { edgeLabel: edge => edgeLabel(edge, options.counts) });
    const width = Math.max(layout.width, 160);
    const height = Math.max(layout.height, 60);
    const title = `Campaign ${graph.campaign}`;
    const out: string[] = [];
    if (options.standalone) out.push('<?xml version="1.0" encoding="UTF-8"?>');
    out.push(`<svg${options.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : ''} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="${escapeXml(NEUTRAL.fontFamily)}" class="campaign-graph">`);
    out.push(`<title>${escapeXml(title)}</title>`);
    out.push('<defs>',
        marker('arrow', NEUTRAL.edge),
        marker('arrow-added', STATUS_STYLES.added.stroke),
        marker('arrow-removed', STATUS_STYLES.removed.stroke),
        '</defs>');
    out.push(`<rect width="${width}" height="${height}" fill="${NEUTRAL.background}"/>`);
    if (graph.nodes.length === 0) {
        out.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" font-size="13" fill="${NEUTRAL.muted}">No activities</text>`);
    }
    out.push('<g class="edges">');
    for (const edge of layout.edges) out.push(edgeSvg(edge, options.edgeStatuses?.get(edge.edge.id), options.counts?.[edge.edge.ref] === 0));
    out.push('</g>');
    out.push('<g class="nodes">');
    for (const node of layout.nodes) out.push(nodeSvg(node, options.statuses?.get(node.node.id)));
    out.push('</g>');
    // Labels last, so no node or edge covers them.
    out.push('<g class="edge-labels">');
    for (const edge of layout.edges) if (edge.label) out.push(edgeLabelSvg(edge, options.counts?.[edge.edge.ref] === 0));
    out.push('</g>');
    out.push('</svg>');
    return `${out.join('\n')}\n`;
}

function marker(id: string, color: string): string {
    return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
}

/** An edge that carried no row in the test run is dimmed, as in the visual editor. */
const DIMMED = ' opacity="0.35"';

function edgeSvg(placed: PlacedEdge, status: 'added' | 'removed' | 'unchanged' | undefined, empty: boolean): string {
    const { edge } = placed;
    const color = status === 'added' || status === 'removed' ? STATUS_STYLES[status].stroke : NEUTRAL.edge;
    const arrow = status === 'added' || status === 'removed' ? `arrow-${status}` : 'arrow';
    const dashed = edge.dashed || status === 'removed';
    const attributes = [
        `class="edge${status && status !== 'unchanged' ? ` ${status}` : ''}"`,
        `data-ref="${escapeXml(edge.ref)}"`,
        `data-source="${escapeXml(edge.source)}"`,
        `data-target="${escapeXml(edge.target)}"`
    ];
    if (empty) attributes.push('data-empty="true"');
    return `<g ${attributes.join(' ')}><path d="${pathData(placed.points)}" fill="none" stroke="${color}" stroke-width="${status === 'added' ? 2 : 1.5}"${dashed ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#${arrow})"${empty ? DIMMED : ''}/></g>`;
}

function pathData(points: readonly Point[]): string {
    return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
}

function edgeLabelSvg(placed: PlacedEdge, empty: boolean): string {
    const label = placed.label!;
    return `<g class="edge-label" data-ref="${escapeXml(placed.edge.ref)}"${empty ? DIMMED : ''}>`
        + `<rect x="${round(label.x)}" y="${round(label.y)}" width="${round(label.width)}" height="${round(label.height)}" rx="9" fill="${NEUTRAL.edgeLabelFill}" stroke="${NEUTRAL.nodeStroke}"/>`
        + `<text x="${round(label.x + label.width / 2)}" y="${round(label.y + label.height / 2 + 4)}" text-anchor="middle" font-size="${NODE_METRICS.edgeLabelSize}" fill="${NEUTRAL.text}">${escapeXml(label.text)}</text>`
        + '</g>';
}

function nodeSvg(placed: PlacedNode, status: GraphStatus | undefined): string {
    const { node, width, height } = placed;
    const family = FAMILY_STYLES[node.family] ?? FAMILY_STYLES.targeting;
    const highlight = status && status !== 'unchanged' ? STATUS_STYLES[status] : undefined;
    const m = NODE_METRICS;
    const textX = m.stripe + m.padding;
    const textWidth = width - textX - m.padding;
    const fill = highlight?.fill ?? NEUTRAL.nodeFill;
    const stroke = highlight?.stroke ?? NEUTRAL.nodeStroke;
    const dashed = node.disabled || highlight?.dashed;
    const textColor = node.disabled ? NEUTRAL.muted : highlight?.text ?? NEUTRAL.text;
    const kindLine = [node.title, node.dimension].filter(Boolean).join(' · ');
    const badge = highlight ? status : node.paused ? 'paused' : node.disabled ? 'disabled' : undefined;
    const tooltip = [`${node.title} ${node.name}`, node.label, node.summary].filter(Boolean).join('\n');
    const attributes = [
        `class="node${highlight ? ` ${status}` : ''}${node.disabled ? ' disabled' : ''}"`,
        `data-id="${escapeXml(node.id)}"`,
        `data-kind="${escapeXml(node.kind)}"`,
        `data-family="${escapeXml(node.family)}"`,
        `transform="translate(${round(placed.x)},${round(placed.y)})"`
    ];
    const lines = [
        `<g ${attributes.join(' ')}>`,
        `<title>${escapeXml(tooltip)}</title>`,
        `<rect width="${width}" height="${height}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${highlight ? 2 : 1}"${dashed ? ' stroke-dasharray="5 3"' : ''}${node.disabled ? ' opacity="0.6"' : ''}/>`,
        `<path d="M6,0 H${m.stripe} V${height} H6 A6,6 0 0 1 0,${height - 6} V6 A6,6 0 0 1 6,0 Z" fill="${family.color}"/>`,
        `<text x="${textX}" y="17" font-size="${m.titleSize}" fill="${family.color}">${escapeXml(fitText(kindLine, textWidth - (badge ? 56 : 0), m.titleSize))}</text>`,
        `<text x="${textX}" y="36" font-size="${m.nameSize}" font-weight="600" fill="${textColor}">${escapeXml(fitText(node.name, textWidth, m.nameSize, true))}</text>`,
        `<text x="${textX}" y="55" font-size="${m.summarySize}" fill="${NEUTRAL.muted}">${escapeXml(fitText(node.summary, textWidth, m.summarySize))}</text>`
    ];
    if (badge) {
        lines.push(`<text x="${width - m.padding}" y="17" text-anchor="end" font-size="10" font-weight="600" fill="${highlight?.stroke ?? NEUTRAL.muted}">${escapeXml(badge)}</text>`);
    }
    lines.push('</g>');
    return lines.join('');
}

function round(n: number): number {
    return Math.round(n * 10) / 10;
}
