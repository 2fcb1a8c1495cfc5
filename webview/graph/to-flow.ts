// CampaignGraph → React Flow nodes and edges (pure): positions from the layout, counts and statuses
// from the last run. Handles: one target handle, one source handle per output (`main` for `a`).
import type { CampaignGraph, GraphEdge, GraphNode } from '../../language/protocol.js';
import type { RunOverlay } from '../protocol.js';
import { nodeHeight, NODE_WIDTH, type ActivityFlowNode, type CountFlowEdge, type XY } from './flow-types.js';

export const MAIN_HANDLE = 'main';

export interface ToFlowInput {
    readonly graph: CampaignGraph;
    readonly positions: ReadonlyMap<string, XY>;
    readonly run?: RunOverlay;
    readonly highlighted?: string;
    readonly stale: boolean;
    readonly selectedNode?: string;
    readonly selectedEdge?: string;
}

export function toFlowNodes(input: ToFlowInput): ActivityFlowNode[] {
    const statuses = new Map(input.run?.activities.map(a => [a.name, a]) ?? []);
    return input.graph.nodes.map(node => {
        const status = statuses.get(node.name);
        return {
            id: node.id,
            type: 'activity',
            position: input.positions.get(node.id) ?? { x: 0, y: 0 },
            width: NODE_WIDTH,
            height: nodeHeight(node),
            selected: input.selectedNode === node.id,
            // React Flow puts this on the focusable node wrapper (keyboard and screen readers).
            ariaLabel: `${node.title} ${node.name}${node.summary ? `: ${node.summary}` : ''}${node.diagnostics.length ? `, ${node.diagnostics.length} problems` : ''}`,
            data: { node, highlighted: input.highlighted === node.id, stale: input.stale, ...(status ? { status } : {}) },
            // On the focusable wrapper, so that the keyboard's context-menu key (Shift+F10) finds it too.
            domAttributes: { 'data-vscode-context': nodeMenuContext(node) } as ActivityFlowNode['domAttributes']
        };
    });
}

export function toFlowEdges(input: ToFlowInput): CountFlowEdge[] {
    const byId = new Map(input.graph.nodes.map(n => [n.id, n]));
    return input.graph.edges.map(edge => {
        const source = byId.get(edge.source);
        const outputs = source ? source.outputs.length + (source.hasMainOutput ? 1 : 0) : 1;
        const count = input.run?.counts[edge.ref];
        return {
            id: edge.id,
            type: 'count',
            source: edge.source,
            target: edge.target,
            sourceHandle: edge.sourceOutput ?? MAIN_HANDLE,
            targetHandle: 'in',
            selected: input.selectedEdge === edge.id,
            domAttributes: { 'data-vscode-context': edgeMenuContext(edge) } as CountFlowEdge['domAttributes'],
            data: {
                edge,
                ...(outputs > 1 && edge.sourceOutput ? { label: edge.sourceOutput } : {}),
                ...(count !== undefined ? { count } : {})
            }
        };
    });
}

/**
 * What VS Code's webview context menu reads (merged with the app root's `uri`, `campaign` and
 * `graphEditable`); the extension contributes the items (package.json `webview/context`).
 */
export function nodeMenuContext(node: GraphNode): string {
    const refs = [...(node.hasMainOutput ? [node.name] : []), ...node.outputs.map(o => o.ref)];
    return JSON.stringify({
        webviewSection: 'activity', activity: node.name, kind: node.kind, refs: refs.join(','),
        activityHasRows: refs.length > 0, activityDisabled: node.disabled, activityPaused: node.paused,
        preventDefaultContextMenuItems: true
    });
}

export function edgeMenuContext(edge: GraphEdge): string {
    return JSON.stringify({ webviewSection: 'transition', ref: edge.ref, edge: edge.id, preventDefaultContextMenuItems: true });
}
