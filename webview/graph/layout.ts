// Layout: ELK layered (left to right or top to bottom) for a whole graph, and incremental placement
// for nodes that appear later, so that adding one activity moves nothing else (XState #135, LikeC4
// #2027). Both are deterministic: the same graph gives the same positions.
import type { CampaignGraph } from '../../language/protocol.js';
import { nodeHeight, NODE_WIDTH, type XY } from './flow-types.js';

export type Direction = 'LR' | 'TB';

const GAP_LAYERS = 72;
const GAP_NODES = 28;

/** The part of elkjs' API we use (elk-api with a worker in the browser, elkjs' main in Node). */
export interface ElkLike {
    layout(graph: ElkGraph): Promise<ElkGraph>;
}

export interface ElkGraph {
    id: string;
    layoutOptions?: Record<string, string>;
    children?: { id: string; width?: number; height?: number; x?: number; y?: number }[];
    edges?: { id: string; sources: string[]; targets: string[] }[];
}

export function toElkGraph(graph: CampaignGraph, direction: Direction): ElkGraph {
    const ids = new Set(graph.nodes.map(n => n.id));
    return {
        id: 'root',
        layoutOptions: {
            'elk.algorithm': 'layered',
            'elk.direction': direction === 'LR' ? 'RIGHT' : 'DOWN',
            'elk.spacing.nodeNode': String(GAP_NODES),
            'elk.layered.spacing.nodeNodeBetweenLayers': String(GAP_LAYERS),
            // Source order decides ties, so the picture follows the text and does not shuffle.
            'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
            'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
            'elk.randomSeed': '1',
            // React Flow draws its own edges, so ELK's routes are not used: the cheapest routing does.
            'elk.edgeRouting': 'POLYLINE',
            // Hundreds of activities: fewer crossing-minimisation sweeps and a linear node placement.
            ...(graph.nodes.length > 150 ? { 'elk.layered.thoroughness': '2', 'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS' } : {})
        },
        children: graph.nodes.map(n => ({ id: n.id, width: NODE_WIDTH, height: nodeHeight(n) })),
        edges: graph.edges.filter(e => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
            .map(e => ({ id: e.id, sources: [e.source], targets: [e.target] }))
    };
}

export async function elkLayout(elk: ElkLike, graph: CampaignGraph, direction: Direction): Promise<Map<string, XY>> {
    const result = await elk.layout(toElkGraph(graph, direction));
    return new Map((result.children ?? []).map(c => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}

/** A plain layered layout (longest path, source order within a layer), used when ELK cannot run. */
export function simpleLayout(graph: CampaignGraph, direction: Direction): Map<string, XY> {
    const preds = new Map<string, string[]>(graph.nodes.map(n => [n.id, []]));
    for (const e of graph.edges) preds.get(e.target)?.push(e.source);
    const layer = new Map<string, number>();
    const visiting = new Set<string>();
    const depth = (id: string): number => {
        const known = layer.get(id);
        if (known !== undefined) return known;
        if (visiting.has(id)) return 0;
        visiting.add(id);
        const d = Math.max(-1, ...(preds.get(id) ?? []).filter(p => preds.has(p)).map(depth)) + 1;
        visiting.delete(id);
        layer.set(id, d);
        return d;
    };
    const offsets = new Map<number, number>();
    const positions = new Map<string, XY>();
    for (const node of graph.nodes) {
        const d = depth(node.id);
        const along = d * ((direction === 'LR' ? NODE_WIDTH : 120) + GAP_LAYERS);
        const across = offsets.get(d) ?? 0;
        offsets.set(d, across + (direction === 'LR' ? nodeHeight(node) : NODE_WIDTH) + GAP_NODES);
        positions.set(node.id, direction === 'LR' ? { x: along, y: across } : { x: across, y: along });
    }
    return positions;
}

/**
 * Keeps every known position and places each node that has none next to its neighbours: after its
 * first placed input (or before its first placed reader), moved across the flow until it overlaps
 * nothing. Nodes that are gone lose their position.
 */
export function placeNew(graph: CampaignGraph, known: ReadonlyMap<string, XY>, direction: Direction): Map<string, XY> {
    const positions = new Map<string, XY>();
    const sizes = new Map(graph.nodes.map(n => [n.id, { w: NODE_WIDTH, h: nodeHeight(n) }]));
    for (const n of graph.nodes) {
        const p = known.get(n.id);
        if (p) positions.set(n.id, p);
    }
    const lr = direction === 'LR';
    const overlaps = (id: string, at: XY) => {
        const s = sizes.get(id)!;
        for (const [other, p] of positions) {
            if (other === id) continue;
            const o = sizes.get(other)!;
            if (at.x < p.x + o.w + GAP_NODES / 2 && p.x < at.x + s.w + GAP_NODES / 2 && at.y < p.y + o.h + GAP_NODES / 2 && p.y < at.y + s.h + GAP_NODES / 2) return true;
        }
        return false;
    };
    for (const node of graph.nodes) {
        if (positions.has(node.id)) continue;
        const size = sizes.get(node.id)!;
        const input = graph.edges.find(e => e.target === node.id && positions.has(e.source));
        const reader = graph.edges.find(e => e.source === node.id && positions.has(e.target));
        let at: XY;
        if (input) {
            const p = positions.get(input.source)!, s = sizes.get(input.source)!;
            at = lr ? { x: p.x + s.w + GAP_LAYERS, y: p.y } : { x: p.x, y: p.y + s.h + GAP_LAYERS };
        } else if (reader) {
            const p = positions.get(reader.target)!;
            at = lr ? { x: p.x - size.w - GAP_LAYERS, y: p.y } : { x: p.x, y: p.y - size.h - GAP_LAYERS };
        } else {
            // Unconnected: below (or right of) everything, at the start of the flow.
            let edge = 0;
            for (const [id, p] of positions) edge = Math.max(edge, lr ? p.y + sizes.get(id)!.h : p.x + sizes.get(id)!.w);
            at = lr ? { x: 0, y: positions.size ? edge + GAP_NODES : 0 } : { x: positions.size ? edge + GAP_NODES : 0, y: 0 };
        }
        while (overlaps(node.id, at)) at = lr ? { x: at.x, y: at.y + size.h / 2 + GAP_NODES / 2 } : { x: at.x + size.w / 2 + GAP_NODES / 2, y: at.y };
        positions.set(node.id, at);
    }
    return positions;
}
