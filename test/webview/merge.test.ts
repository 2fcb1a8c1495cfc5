import { describe, expect, test } from 'vitest';
import { mergeById } from '../../webview/graph/merge.js';
import { toFlowEdges, toFlowNodes } from '../../webview/graph/to-flow.js';
import { graphsOf } from './fixtures.js';

const text = (where: string) => `campaign c {
  audience a: Customer where ${where}
  split s from a { segment vip where tier = "gold"; remainder rest }
  wait w from s.vip for 3 days
  email e from w, s.rest { subject "Hi"; body "x" }
}
`;

async function flow(where: string, extra: Partial<Parameters<typeof toFlowNodes>[0]> = {}) {
    const { graphs } = await graphsOf(text(where), `merge-${Math.random().toString(36).slice(2)}`);
    const graph = graphs[''].graph!;
    const positions = new Map(graph.nodes.map((n, i) => [n.id, { x: i * 300, y: 0 }]));
    const input = { graph, positions, stale: false, ...extra };
    return { nodes: toFlowNodes(input), edges: toFlowEdges(input) };
}

describe('merging a new graph into the flow', () => {
    test('unchanged nodes and edges keep their object identity; a changed one is new', async () => {
        const before = await flow('tier = "gold"');
        const after = await flow('tier = "silver"');
        const merged = mergeById(before.nodes, after.nodes);
        expect(merged[0]).not.toBe(before.nodes[0]);
        expect(merged[0].data.node.summary).toBe('Customer where tier = "silver"');
        // What the wrapper shows follows the data: its ARIA label and its context-menu data.
        expect(merged[0].ariaLabel).toContain('tier = "silver"');
        expect(merged[0].domAttributes).toEqual(after.nodes[0].domAttributes);
        expect(merged.slice(1).every((n, i) => n === before.nodes[i + 1])).toBe(true);
        const edges = mergeById(before.edges, after.edges);
        expect(edges.every((e, i) => e === before.edges[i])).toBe(true);
    });

    test('nothing changed: the very same array comes back', async () => {
        const before = await flow('tier = "gold"');
        const again = await flow('tier = "gold"');
        expect(mergeById(before.nodes, again.nodes)).toBe(before.nodes);
    });

    test('what React Flow measured on the old node is carried over', async () => {
        const before = await flow('tier = "gold"');
        const measured = before.nodes.map(n => ({ ...n, measured: { width: 232, height: 76 } }));
        const after = await flow('tier = "bronze"');
        const merged = mergeById(measured, after.nodes);
        expect(merged[0].measured).toEqual({ width: 232, height: 76 });
        expect(merged[1]).toBe(measured[1]);
    });

    test('run counts label edges; the selection follows the store', async () => {
        const run = { campaign: 'c', mode: 'test' as const, counts: { 's.vip': 12, 's.rest': 0, w: 12 }, activities: [] };
        const { edges, nodes } = await flow('tier = "gold"', { run, selectedNode: 'c/w' });
        expect(edges.find(e => e.data!.edge.ref === 's.vip')!.data).toMatchObject({ count: 12, label: 'vip' });
        expect(edges.find(e => e.data!.edge.ref === 's.rest')!.data).toMatchObject({ count: 0, label: 'rest' });
        expect(edges.find(e => e.data!.edge.ref === 'w')!.data!.label).toBeUndefined();
        expect(nodes.filter(n => n.selected).map(n => n.id)).toEqual(['c/w']);
    });
});
