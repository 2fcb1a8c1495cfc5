import ELK from 'elkjs';
import { describe, expect, test } from 'vitest';
import type { CampaignGraph } from '../../language/protocol.js';
import { nodeHeight, NODE_WIDTH } from '../../webview/graph/flow-types.js';
import { elkLayout, placeNew, simpleLayout, type ElkLike } from '../../webview/graph/layout.js';
import { bigCampaign, graphsOf } from './fixtures.js';

// elkjs' Node entry runs the same ELK code as the browser worker, in-process.
const elk = new (ELK as unknown as new () => ElkLike)();

async function graphOf(text: string): Promise<CampaignGraph> {
    return (await graphsOf(text, `layout-${Math.random().toString(36).slice(2)}`)).graphs[''].graph!;
}

function overlapping(graph: CampaignGraph, positions: Map<string, { x: number; y: number }>): string[] {
    const boxes = graph.nodes.map(n => ({ id: n.id, ...positions.get(n.id)!, w: NODE_WIDTH, h: nodeHeight(n) }));
    const hits: string[] = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) hits.push(`${a.id}/${b.id}`);
    }
    return hits;
}

describe('layout', () => {
    test('ELK is deterministic, left to right, without overlaps', async () => {
        const graph = await graphOf(bigCampaign(40));
        const one = await elkLayout(elk, graph, 'LR');
        const two = await elkLayout(elk, graph, 'LR');
        expect([...two]).toEqual([...one]);
        expect(overlapping(graph, one)).toEqual([]);
        const a = one.get('big/a0')!, s = one.get('big/s0')!, e = one.get('big/e0')!;
        expect(a.x).toBeLessThan(s.x);
        expect(s.x).toBeLessThan(e.x);
        const tb = await elkLayout(elk, graph, 'TB');
        expect(tb.get('big/a0')!.y).toBeLessThan(tb.get('big/s0')!.y);
    });

    test('adding an activity moves no other node and puts it beside its input', async () => {
        const text = bigCampaign(20);
        const before = await graphOf(text);
        const positions = await elkLayout(elk, before, 'LR');
        const after = await graphOf(text.replace('  wait w0 from d0', '  wait extra from s0.vip for 1 day\n  wait w0 from d0'));
        const placed = placeNew(after, positions, 'LR');
        for (const [id, p] of positions) expect(placed.get(id)).toEqual(p);
        const extra = placed.get('big/extra')!, source = positions.get('big/s0')!;
        expect(extra.x).toBeGreaterThan(source.x);
        expect(extra.x - source.x).toBeLessThan(2 * NODE_WIDTH);
        expect(overlapping(after, placed)).toEqual([]);
        expect(placeNew(after, positions, 'LR')).toEqual(placed);
    });

    test('removed nodes lose their position; the simple fallback layout has no overlaps', async () => {
        const graph = await graphOf(bigCampaign(30));
        const positions = simpleLayout(graph, 'LR');
        expect(overlapping(graph, positions)).toEqual([]);
        const smaller = await graphOf(bigCampaign(25));
        expect(placeNew(smaller, positions, 'LR').size).toBe(smaller.nodes.length);
    });
});
