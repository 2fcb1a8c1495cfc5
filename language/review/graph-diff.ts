// Two graphs of one campaign → one graph whose nodes and edges are marked added, removed, changed
// or unchanged. Pure (types only), so the extension's "Compare Graph with HEAD" can run it on the
// two graphs the language server returns, and the markdown diff draws its Mermaid graph from it.
import type { CampaignGraph, GraphEdge, GraphNode } from '../protocol.js';
import type { DiffStatus } from './style.js';

export type GraphStatus = DiffStatus | 'unchanged';

export interface NodeDiff {
    readonly status: GraphStatus;
    /** The new node; for a removed node, the old one. */
    readonly node: GraphNode;
    /** The old node, when there is one (removed, changed, unchanged). */
    readonly previous?: GraphNode;
    /** The old name of a renamed node. */
    readonly renamedFrom?: string;
}

export interface EdgeDiff {
    readonly status: 'added' | 'removed' | 'unchanged';
    /** The new edge; for a removed edge, the old one with its ends mapped to the new node ids. */
    readonly edge: GraphEdge;
    /** A removed edge's id in the old graph (its `edge.id` is made unique for the merged graph). */
    readonly previousId?: string;
}

export interface GraphDiff {
    readonly campaign: string;
    /** New nodes in their order, each removed node after the node that preceded it in the old graph. */
    readonly nodes: readonly NodeDiff[];
    readonly edges: readonly EdgeDiff[];
}

export interface GraphDiffHints {
    /** Old activity name → new name (from the semantic diff, which sees the whole statements). */
    readonly renames?: ReadonlyMap<string, string>;
    /** Names (new) of the activities that changed; when given, it replaces the graph's own comparison. */
    readonly changed?: ReadonlySet<string>;
}

export function diffGraphs(before: CampaignGraph | undefined, after: CampaignGraph | undefined, hints: GraphDiffHints = {}): GraphDiff {
    const campaign = after?.campaign ?? before?.campaign ?? '';
    const oldNodes = before?.nodes ?? [];
    const newNodes = after?.nodes ?? [];
    const renames = new Map(hints.renames ?? detectGraphRenames(oldNodes, newNodes));
    const newName = (name: string) => renames.get(name) ?? name;
    const idOf = (name: string) => `${campaign}/${name}`;
    const oldByNewName = new Map(oldNodes.map(n => [newName(n.name), n] as const));
    const newNames = new Set(newNodes.map(n => n.name));

    const nodes: NodeDiff[] = [];
    for (const node of newNodes) {
        const previous = oldByNewName.get(node.name);
        if (!previous) {
            nodes.push({ status: 'added', node });
            continue;
        }
        const changed = hints.changed ? hints.changed.has(node.name) : fingerprint(previous, renames) !== fingerprint(node);
        const renamedFrom = previous.name !== node.name ? previous.name : undefined;
        nodes.push({ status: changed || renamedFrom ? 'changed' : 'unchanged', node, previous, ...(renamedFrom ? { renamedFrom } : {}) });
    }
    // Removed nodes go after their old predecessor, so the drawing keeps them near where they were.
    oldNodes.forEach((node, index) => {
        if (newNames.has(newName(node.name))) return;
        const removed: NodeDiff = { status: 'removed', node: { ...node, id: idOf(node.name) }, previous: node };
        const before = oldNodes.slice(0, index).reverse().find(n => newNames.has(newName(n.name)));
        const at = before ? nodes.findIndex(n => n.node.name === newName(before.name)) + 1 : 0;
        nodes.splice(at, 0, removed);
    });

    const mapRef = (ref: string) => {
        const [activity, ...output] = ref.split('.');
        return [newName(activity), ...output].join('.');
    };
    const mapId = (id: string) => idOf(newName(id.slice(campaign.length + 1)));
    const key = (e: GraphEdge) => `${e.ref}->${e.target}:${e.role}`;
    const oldEdges = (before?.edges ?? []).map(e => ({ ...e, ref: mapRef(e.ref), source: mapId(e.source), target: mapId(e.target) }));
    const oldKeys = new Set(oldEdges.map(key));
    const newEdges = after?.edges ?? [];
    const newKeys = new Set(newEdges.map(key));
    const edges: EdgeDiff[] = [
        ...newEdges.map(edge => ({ status: oldKeys.has(key(edge)) ? 'unchanged' as const : 'added' as const, edge })),
        ...oldEdges.filter(e => !newKeys.has(key(e))).map(edge => ({ status: 'removed' as const, edge: { ...edge, id: `removed:${edge.id}` }, previousId: edge.id }))
    ];
    return { campaign, nodes, edges };
}

/** The key of a campaign's graph diff when several workspaces are compared at once. */
export function graphKey(change: { readonly scope?: string; readonly name: string }): string {
    return change.scope === undefined ? change.name : `${change.scope}\u0000${change.name}`;
}

/** Node id → status, for highlighting one side of a side-by-side comparison (`before` or `after`). */
export function statusesFor(diff: GraphDiff, side: 'before' | 'after'): Map<string, GraphStatus> {
    const statuses = new Map<string, GraphStatus>();
    for (const n of diff.nodes) {
        if (side === 'after' && n.status !== 'removed') statuses.set(n.node.id, n.status);
        if (side === 'before' && n.previous) statuses.set(n.previous.id, n.status);
    }
    return statuses;
}

/**
 * Edge id → status for one side: the working copy's added edges, the base's removed ones (by their
 * ids in that side's own graph); every other edge of the side is unchanged and left out.
 */
export function edgeStatusesFor(diff: GraphDiff, side: 'before' | 'after'): Map<string, 'added' | 'removed'> {
    const statuses = new Map<string, 'added' | 'removed'>();
    for (const e of diff.edges) {
        if (side === 'after' && e.status === 'added') statuses.set(e.edge.id, 'added');
        if (side === 'before' && e.status === 'removed' && e.previousId) statuses.set(e.previousId, 'removed');
    }
    return statuses;
}

/** A graph with every node and edge of both versions, for drawing one picture of the diff. */
export function mergedGraph(diff: GraphDiff): CampaignGraph {
    return { campaign: diff.campaign, nodes: diff.nodes.map(n => n.node), edges: diff.edges.map(e => e.edge) };
}

/**
 * What of a node the graph shows and a reviewer cares about: kind, label, flags, outputs and the
 * tokens of each part (the graph keeps raw source text; the semantic diff compares the parser's
 * tokens and should be preferred when both texts are at hand).
 */
function fingerprint(node: GraphNode, renames?: ReadonlyMap<string, string>): string {
    const mapWord = (text: string) => renames && renames.size > 0
        ? text.replace(/[A-Za-z_][A-Za-z0-9_]*/g, word => renames.get(word) ?? word)
        : text;
    const parts = Object.keys(node.parts).sort().map(k => [k, mapWord(roughTokens(node.parts[k].text))]);
    return JSON.stringify([node.kind, node.label ?? null, node.disabled, node.paused, node.outputs.map(o => o.name), parts]);
}

/**
 * A part's source text as rough tokens joined by one space: strings whole, words, and every other
 * character alone; comments and `;` dropped. Equal for texts that differ only in layout.
 */
function roughTokens(text: string): string {
    const tokens = text.match(/"(?:\\.|[^"\\])*"|\/\/[^\n\r]*|\/\*[\s\S]*?\*\/|\w+|\S/g) ?? [];
    return tokens.filter(t => !t.startsWith('//') && !t.startsWith('/*') && t !== ';').join(' ');
}

/** Renames seen from the graphs alone: a unique disappeared/appeared pair of the same kind and parts. */
function detectGraphRenames(oldNodes: readonly GraphNode[], newNodes: readonly GraphNode[]): Map<string, string> {
    const renames = new Map<string, string>();
    const oldNames = new Set(oldNodes.map(n => n.name));
    const newNames = new Set(newNodes.map(n => n.name));
    for (let progress = true; progress;) {
        progress = false;
        const gone = oldNodes.filter(n => !newNames.has(n.name) && !renames.has(n.name));
        const taken = new Set(renames.values());
        const fresh = newNodes.filter(n => !oldNames.has(n.name) && !taken.has(n.name));
        for (const node of gone) {
            const print = fingerprint(node, renames);
            const matches = fresh.filter(n => fingerprint(n) === print);
            const rivals = gone.filter(n => fingerprint(n, renames) === print);
            if (matches.length === 1 && rivals.length === 1 && !renames.has(node.name)) {
                renames.set(node.name, matches[0].name);
                progress = true;
            }
        }
    }
    return renames;
}
