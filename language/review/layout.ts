import * as elkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { CampaignGraph, GraphEdge, GraphNode } from '../protocol.js';
import { NODE_METRICS } from './style.js';
import { textWidth } from './text-measure.js';

/**
 * The automatic layout of a campaign graph, the visual editor's way: ELK layered, left to right,
 * in the order of the source (so the same text always gives the same picture), computed in Node
 * with ELK's bundled (worker-less) build.
 */
export interface Point {
    readonly x: number;
    readonly y: number;
}

export interface PlacedNode {
    readonly node: GraphNode;
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
}

export interface PlacedLabel {
    readonly text: string;
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
}

export interface PlacedEdge {
    readonly edge: GraphEdge;
    /** From the source's right side to the target's left side, bends included. */
    readonly points: readonly Point[];
    readonly label?: PlacedLabel;
}

export interface GraphLayout {
    readonly width: number;
    readonly height: number;
    readonly nodes: readonly PlacedNode[];
    readonly edges: readonly PlacedEdge[];
}

export interface LayoutOptions {
    /** The label of an edge (output name, count), or none. */
    readonly edgeLabel?: (edge: GraphEdge) => string | undefined;
    /** `RIGHT` (default, left to right) or `DOWN`. */
    readonly direction?: 'RIGHT' | 'DOWN';
}

const MARGIN = 24;
const LABEL_PADDING_X = 6;
const LABEL_HEIGHT = 18;

export async function layoutGraph(graph: CampaignGraph, options: LayoutOptions = {}): Promise<GraphLayout> {
    const nodeIds = new Set(graph.nodes.map(n => n.id));
    // An edge to or from a node that is not drawn (a broken reference) has nowhere to go.
    const edges = graph.edges.filter(e => nodeIds.has(e.source) && nodeIds.has(e.target));
    const labels = new Map(edges.map(e => [e.id, options.edgeLabel?.(e)] as const));
    const root: ElkNode = {
        id: '__root',
        layoutOptions: {
            'elk.algorithm': 'layered',
            'elk.direction': options.direction ?? 'RIGHT',
            'elk.edgeRouting': 'ORTHOGONAL',
            // The visual editor's options (webview/graph/layout.ts): same spacing, same tie-breaking.
            'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
            'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
            'elk.randomSeed': '1',
            'elk.layered.spacing.nodeNodeBetweenLayers': '72',
            'elk.spacing.nodeNode': '28',
            'elk.spacing.edgeLabel': '4',
            'elk.layered.spacing.edgeNodeBetweenLayers': '24',
            'elk.edgeLabels.inline': 'true',
            'elk.padding': `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`
        },
        children: graph.nodes.map(node => ({ id: node.id, width: NODE_METRICS.width, height: NODE_METRICS.height })),
        edges: edges.map((edge): ElkExtendedEdge => {
            const text = labels.get(edge.id);
            return {
                id: edge.id,
                sources: [edge.source],
                targets: [edge.target],
                ...(text ? { labels: [{ text, width: labelWidth(text), height: LABEL_HEIGHT }] } : {})
            };
        })
    };
    const laid = await createElk().layout(root);
    const byId = new Map(graph.nodes.map(n => [n.id, n] as const));
    const edgeById = new Map(edges.map(e => [e.id, e] as const));
    const nodes: PlacedNode[] = (laid.children ?? []).map(child => ({
        node: byId.get(child.id)!,
        x: child.x ?? 0,
        y: child.y ?? 0,
        width: child.width ?? NODE_METRICS.width,
        height: child.height ?? NODE_METRICS.height
    }));
    const placedEdges: PlacedEdge[] = (laid.edges ?? []).map(e => {
        const edge = edgeById.get(e.id)!;
        const points = (e.sections ?? []).flatMap(s => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
        const label = e.labels?.[0];
        return {
            edge,
            points,
            ...(label?.text ? { label: { text: label.text, x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } } : {})
        };
    });
    return { width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), nodes, edges: placedEdges };
}

/** ELK's bundled build is CommonJS: its constructor is the default export or the module itself, by loader. */
function createElk(): ELK {
    const exported = elkModule as unknown as { default?: unknown };
    const Constructor = (typeof exported.default === 'function' ? exported.default : exported) as new () => ELK;
    return new Constructor();
}

function labelWidth(text: string): number {
    return Math.ceil(textWidth(text, NODE_METRICS.edgeLabelSize) + 2 * LABEL_PADDING_X);
}
