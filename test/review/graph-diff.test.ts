// diffGraphs on the graphs the language server would send (toGraph of each version), with no hint
// from the semantic diff: what the extension's "Compare Graph with HEAD" highlights.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findCampaign } from '../../language/graph/source.js';
import { toGraph } from '../../language/graph/to-graph.js';
import { compareTexts } from '../../language/review/compare-texts.js';
import { diffGraphs, mergedGraph, statusesFor } from '../../language/review/graph-diff.js';
import { loadVersion } from '../../language/review/load-sources.js';
import type { CampaignGraph } from '../../language/protocol.js';
import { REVIEW_FIXTURES } from './review-helpers.js';

async function graphOf(path: string): Promise<CampaignGraph> {
    const version = await loadVersion([{ label: path, path, text: readFileSync(path, 'utf8') }]);
    const document = version.sources[0].document;
    return toGraph(document, findCampaign(document.parseResult.value, 'spring')!);
}

async function graphs(fixture: string) {
    return {
        before: await graphOf(join(REVIEW_FIXTURES, fixture, 'old/spring.campaign')),
        after: await graphOf(join(REVIEW_FIXTURES, fixture, 'new/spring.campaign'))
    };
}

const summary = (diff: ReturnType<typeof diffGraphs>) => diff.nodes.map(n => `${n.status} ${n.node.name}${n.renamedFrom ? ` (was ${n.renamedFrom})` : ''}`);

describe('diffGraphs without hints', () => {
    test('a rename is found from the graphs alone, and edges follow it', async () => {
        const { before, after } = await graphs('rename');
        const diff = diffGraphs(before, after);
        expect(summary(diff)).toEqual([
            'changed loyalCustomers (was loyal)', 'unchanged tiers', 'unchanged vipOffer', 'unchanged later', 'unchanged reminder'
        ]);
        expect(diff.edges.every(e => e.status === 'unchanged')).toBe(true);
        expect(diff.edges).toHaveLength(4);
    });

    test('changed options mark exactly the activities that have them', async () => {
        const { before, after } = await graphs('option-change');
        expect(summary(diffGraphs(before, after))).toEqual([
            'changed loyal', 'changed tiers', 'changed vipOffer', 'changed later', 'unchanged reminder'
        ]);
    });

    test('a reformat and reorder changes nothing', async () => {
        const { before, after } = await graphs('reorder-reformat');
        const diff = diffGraphs(before, after);
        expect(diff.nodes.filter(n => n.status !== 'unchanged')).toEqual([]);
        expect(diff.edges.filter(e => e.status !== 'unchanged')).toEqual([]);
    });

    test('a new branch: the new node and edge are added; backwards they are removed, in place', async () => {
        const { before, after } = await graphs('new-branch');
        const forward = diffGraphs(before, after);
        expect(summary(forward)).toEqual([
            'unchanged loyal', 'changed tiers', 'unchanged vipOffer', 'added silverOffer', 'unchanged later', 'unchanged reminder'
        ]);
        expect(forward.edges.filter(e => e.status === 'added').map(e => e.edge.ref)).toEqual(['tiers.silverOnes']);

        const backward = diffGraphs(after, before);
        expect(summary(backward)).toEqual([
            'unchanged loyal', 'changed tiers', 'unchanged vipOffer', 'removed silverOffer', 'unchanged later', 'unchanged reminder'
        ]);
        const removed = backward.edges.filter(e => e.status === 'removed');
        expect(removed.map(e => [e.edge.ref, e.edge.source, e.edge.target])).toEqual([['tiers.silverOnes', 'spring/tiers', 'spring/silverOffer']]);
        // The merged graph has every node and edge of both versions, with unique ids.
        const merged = mergedGraph(backward);
        expect(merged.nodes).toHaveLength(6);
        expect(new Set(merged.edges.map(e => e.id)).size).toBe(merged.edges.length);
    });

    test('statusesFor gives each side of a side-by-side view its own highlights', async () => {
        const { before, after } = await graphs('new-branch');
        const diff = diffGraphs(after, before);
        const left = statusesFor(diff, 'before');
        const right = statusesFor(diff, 'after');
        expect(left.get('spring/silverOffer')).toBe('removed');
        expect(right.has('spring/silverOffer')).toBe(false);
        expect(left.get('spring/tiers')).toBe('changed');
        expect(right.get('spring/tiers')).toBe('changed');
        expect(right.get('spring/loyal')).toBe('unchanged');
    });

    test('a campaign that exists on one side only is all added or all removed', async () => {
        const { after } = await graphs('rename');
        expect(diffGraphs(undefined, after).nodes.every(n => n.status === 'added')).toBe(true);
        const gone = diffGraphs(after, undefined);
        expect(gone.nodes.every(n => n.status === 'removed')).toBe(true);
        expect(gone.edges.every(e => e.status === 'removed')).toBe(true);
    });
});

describe('compareTexts, for the editor\'s Compare Graph with HEAD', () => {
    test('both graphs and the diff, with the semantic diff as hints: reformatting lights nothing up', async () => {
        const read = (fixture: string, side: string) => readFileSync(join(REVIEW_FIXTURES, fixture, side, 'spring.campaign'), 'utf8');
        const path = join(REVIEW_FIXTURES, 'spring.campaign');
        const same = await compareTexts({ text: read('reorder-reformat', 'old'), path }, { text: read('reorder-reformat', 'new'), path });
        expect(same.campaigns).toEqual(['spring']);
        expect(same.change).toBeUndefined();
        expect(same.graph.nodes.every(n => n.status === 'unchanged')).toBe(true);
        expect(same.before?.nodes).toHaveLength(5);
        expect(same.after?.nodes).toHaveLength(5);

        const renamed = await compareTexts({ text: read('rename', 'old'), path, label: 'HEAD:spring.campaign' }, { text: read('rename', 'new'), path });
        expect(summary(renamed.graph)[0]).toBe('changed loyalCustomers (was loyal)');
        expect(renamed.change?.activities.renamed).toEqual([{ from: 'loyal', to: 'loyalCustomers', kind: 'audience' }]);

        const broken = await compareTexts({ text: read('rename', 'old'), path, label: 'HEAD:spring.campaign' }, { text: 'campaign spring {', path });
        expect(broken.syntaxErrors[0]).toMatch(/^.*spring\.campaign:1:\d+ /);
        expect(broken.after?.nodes).toEqual([]);
    });
});
