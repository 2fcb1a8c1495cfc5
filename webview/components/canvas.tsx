// The React Flow canvas: controlled nodes merged so that unchanged ones keep their identity,
// gestures turned into graph edits, keyboard navigation, fit view on request.
import {
    applyNodeChanges, Background, Controls, MiniMap, ReactFlow, useReactFlow,
    type ColorMode, type Connection, type NodeChange, type OnNodeDrag
} from '@xyflow/react';
import { useCallback, useContext, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { ActivityFlowNode, CountFlowEdge } from '../graph/flow-types.js';
import { mergeById } from '../graph/merge.js';
import { MAIN_HANDLE, toFlowEdges, toFlowNodes } from '../graph/to-flow.js';
import { useStore } from '../state/store.js';
import { ActivityNode } from './activity-node.js';
import { CountEdge } from './count-edge.js';
import { DRAG_TYPE } from './palette.js';
import { StoreContext } from './store-context.js';

const nodeTypes = { activity: ActivityNode };
/** Above this many nodes, fitting the view shows the first ones only. */
const LARGE_FIT = 60;
const edgeTypes = { count: CountEdge };

function useColorMode(): ColorMode {
    const read = (): ColorMode => document.body.classList.contains('vscode-light') || document.body.classList.contains('vscode-high-contrast-light') ? 'light' : 'dark';
    const [mode, setMode] = useState<ColorMode>(read);
    useEffect(() => {
        const observer = new MutationObserver(() => setMode(read()));
        observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
        return () => observer.disconnect();
    }, []);
    return mode;
}

export function Canvas() {
    const store = useContext(StoreContext)!;
    const graph = useStore(store, s => s.graph);
    const positions = useStore(store, s => s.positions);
    const run = useStore(store, s => s.run);
    const highlighted = useStore(store, s => s.highlighted);
    const stale = useStore(store, s => s.stale);
    const selectedNode = useStore(store, s => s.selectedNode);
    const selectedEdge = useStore(store, s => s.selectedEdge);
    const fitRequest = useStore(store, s => s.fitRequest);
    const colorMode = useColorMode();
    const flow = useReactFlow<ActivityFlowNode, CountFlowEdge>();

    const input = useMemo(() => graph && { graph, positions, run, highlighted, stale, selectedNode, selectedEdge },
        [graph, positions, run, highlighted, stale, selectedNode, selectedEdge]);
    const [nodes, setNodes] = useState<ActivityFlowNode[]>([]);
    useEffect(() => setNodes(prev => mergeById(prev, input ? toFlowNodes(input) : [])), [input]);
    const previousEdges = useRef<CountFlowEdge[]>([]);
    const edges = useMemo(() => (previousEdges.current = mergeById(previousEdges.current, input ? toFlowEdges(input) : [])), [input]);

    useEffect(() => {
        if (fitRequest === 0 && nodes.length === 0) return;
        // A large campaign is unreadable when fitted whole: show its start at a readable zoom (the
        // minimap shows the rest), which also keeps the first paint to the nodes in view.
        const large = nodes.length > LARGE_FIT;
        const start = large ? nodes.slice(0, LARGE_FIT).map(n => ({ id: n.id })) : undefined; // the first statements
        const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.15, duration: 0, ...(start ? { nodes: start, minZoom: 0.4 } : {}) }));
        return () => cancelAnimationFrame(frame);
        // Fit once the nodes of the request are in.
    }, [fitRequest, nodes.length > 0]); // eslint-disable-line react-hooks/exhaustive-deps

    const onNodesChange = useCallback((changes: NodeChange<ActivityFlowNode>[]) => {
        // Selection and removal go through the store (and the text); sizes and drags stay local.
        const kept = changes.filter(c => c.type === 'dimensions' || c.type === 'position');
        if (kept.length > 0) setNodes(prev => applyNodeChanges(kept, prev));
    }, []);
    const onNodeDragStop: OnNodeDrag<ActivityFlowNode> = useCallback((_e, node) => store.movedNode(node.id, node.position), [store]);

    const refOf = (nodeId: string, handle: string | null | undefined) => {
        const name = graph?.nodes.find(n => n.id === nodeId)?.name ?? '';
        return handle && handle !== MAIN_HANDLE ? `${name}.${handle}` : name;
    };
    const onConnect = useCallback((c: Connection) => {
        const target = graph?.nodes.find(n => n.id === c.target);
        if (!graph || !target) return;
        void store.edit({ op: 'connect', campaign: graph.campaign, source: refOf(c.source, c.sourceHandle), target: target.name });
    }, [graph, store]); // eslint-disable-line react-hooks/exhaustive-deps

    const onDrop = useCallback((event: DragEvent) => {
        const kind = event.dataTransfer.getData(DRAG_TYPE);
        if (!kind || !graph) return;
        event.preventDefault();
        const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
        const edgeElement = document.elementsFromPoint(event.clientX, event.clientY)
            .map(el => el.closest('[data-edge-id]') ?? el.closest('.react-flow__edge')).find(Boolean);
        const edgeId = edgeElement?.getAttribute('data-edge-id') ?? edgeElement?.getAttribute('data-id');
        const edge = edgeId ? graph.edges.find(e => e.id === edgeId) : undefined;
        const target = edge && graph.nodes.find(n => n.id === edge.target);
        void store.edit(edge && target
            ? { op: 'addActivity', campaign: graph.campaign, kind, from: [edge.ref], rewire: { target: target.name, ref: edge.ref } }
            : { op: 'addActivity', campaign: graph.campaign, kind }, { at });
    }, [graph, flow, store]);

    const onKeyDown = useCallback((event: KeyboardEvent) => {
        const tag = (event.target as HTMLElement).tagName;
        if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
        const s = store.get();
        const mod = event.ctrlKey || event.metaKey;
        if (mod && event.key.toLowerCase() === 'z') { store.host.post({ type: event.shiftKey ? 'redo' : 'undo' }); event.preventDefault(); return; }
        if (mod && event.key.toLowerCase() === 'y') { store.host.post({ type: 'redo' }); event.preventDefault(); return; }
        if (!s.graph) return;
        const current = s.graph.nodes.find(n => n.id === s.selectedNode);
        switch (event.key) {
            case 'ArrowLeft': case 'ArrowRight': case 'ArrowUp': case 'ArrowDown': {
                const next = current ? neighbour(current.id, event.key, s.positions) : s.graph.nodes[0]?.id;
                if (next) store.selectNode(next);
                event.preventDefault();
                break;
            }
            case 'Enter':
                if (current) { store.openInspector(); event.preventDefault(); }
                break;
            case 'F2':
                if (current) { store.set({ inspectorOpen: true, renaming: true }); event.preventDefault(); }
                break;
            case 'Delete': case 'Backspace': {
                const edge = s.graph.edges.find(e => e.id === s.selectedEdge);
                if (edge) {
                    const target = s.graph.nodes.find(n => n.id === edge.target)!;
                    void store.edit({ op: 'disconnect', campaign: s.graph.campaign, source: edge.ref, target: target.name });
                } else if (current) {
                    store.deleteNode(current.id);
                }
                event.preventDefault();
                break;
            }
            case 'Escape':
                store.set({ selectedNode: undefined, selectedEdge: undefined, confirmDelete: undefined });
                break;
        }
    }, [store]);

    return (
        <div className="cs-canvas" data-testid="canvas" tabIndex={0} onKeyDown={onKeyDown} aria-label="Campaign graph"
            onDragOver={e => { if (e.dataTransfer.types.includes(DRAG_TYPE)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } }}
            onDrop={onDrop}>
            <ReactFlow<ActivityFlowNode, CountFlowEdge>
                nodes={nodes}
                edges={edges}
                nodeTypes={nodeTypes}
                edgeTypes={edgeTypes}
                colorMode={colorMode}
                onNodesChange={onNodesChange}
                onNodeDragStop={onNodeDragStop}
                onConnect={onConnect}
                onNodeClick={(_e, node) => store.selectNode(node.id)}
                onNodeDoubleClick={(_e, node) => { store.selectNode(node.id, false); store.set({ inspectorOpen: true, renaming: true }); }}
                onEdgeClick={(_e, edge) => store.selectEdge(edge.id)}
                onPaneClick={() => store.set({ selectedNode: undefined, selectedEdge: undefined })}
                deleteKeyCode={null}
                nodesConnectable={!stale}
                minZoom={0.05}
                onlyRenderVisibleElements={nodes.length > 200}
                proOptions={{ hideAttribution: true }}
            >
                <Background />
                <Controls position="bottom-left" />
                <MiniMap position="bottom-right" pannable zoomable nodeClassName={n => `cs-mini-${(n as ActivityFlowNode).data.node.family}`} />
            </ReactFlow>
        </div>
    );
}

/** The nearest node in the arrow's direction, by centre distance weighted against sideways drift. */
function neighbour(from: string, key: string, positions: ReadonlyMap<string, { x: number; y: number }>): string | undefined {
    const p = positions.get(from);
    if (!p) return undefined;
    const [dx, dy] = key === 'ArrowLeft' ? [-1, 0] : key === 'ArrowRight' ? [1, 0] : key === 'ArrowUp' ? [0, -1] : [0, 1];
    let best: string | undefined, bestScore = Infinity;
    for (const [id, q] of positions) {
        if (id === from) continue;
        const along = (q.x - p.x) * dx + (q.y - p.y) * dy;
        if (along <= 0) continue;
        const across = Math.abs((q.x - p.x) * dy) + Math.abs((q.y - p.y) * dx);
        const score = along + 2 * across;
        if (score < bestScore || (score === bestScore && id < best!)) { best = id; bestScore = score; }
    }
    return best;
}
