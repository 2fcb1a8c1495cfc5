// The list of changes beside the compared graphs (extension/compare/change-items.ts) and the edges'
// highlights (edgeStatusesFor), from the real comparison of two texts (compareTexts): every item
// names the nodes it is about by their ids in each side's own graph, renames included.
import { describe, expect, test } from 'vitest';
import { changeItems } from '../../extension/compare/change-items.js';
import { compareTexts } from '../../language/review/compare-texts.js';
import { edgeStatusesFor } from '../../language/review/graph-diff.js';
import { COMPARE_BEFORE as BEFORE, COMPARE_SCHEMA as SCHEMA } from './compare-fixture.js';


// loyal renamed gold; later changed; offer only reformatted; farewell removed; fresh and welcome added.
const AFTER = `${SCHEMA}
campaign c {
  label "Spring"
  audience gold: Customer where tier = "gold"
  wait later from gold for 3 days
  email offer from later {
    subject "Hi"
    body "Hello"
  }
  audience fresh: Customer where tier = "silver"
  email welcome from fresh { subject "Welcome"; body "Hi" }
}
`;

async function compare(before: string, after: string) {
    return compareTexts({ text: before, path: '/work/c.campaign', label: 'HEAD:c.campaign' }, { text: after, path: '/work/c.campaign' });
}

describe('the list of changes of Compare Graph', () => {
    test('one item per fact of the semantic diff, with the nodes of each side', async () => {
        const result = await compare(BEFORE, AFTER);
        const items = changeItems(result.change, result.graph);
        expect(items).toEqual([
            { status: 'changed', text: '~ campaign c', details: ['+ label: "Spring"'], before: [], after: [] },
            { status: 'changed', text: 'renamed audience loyal → gold', details: [], before: ['c/loyal'], after: ['c/gold'] },
            { status: 'added', text: '+ audience fresh', details: [], before: [], after: ['c/fresh'] },
            { status: 'added', text: '+ email welcome', details: [], before: [], after: ['c/welcome'] },
            { status: 'removed', text: '- email farewell', details: [], before: ['c/farewell'], after: [] },
            { status: 'changed', text: '~ wait later', details: ['~ for: 2 days → 3 days'], before: ['c/later'], after: ['c/later'] },
            { status: 'added', text: '+ edge fresh → welcome', details: [], before: [], after: ['c/fresh', 'c/welcome'] },
            { status: 'removed', text: '- edge gold → farewell', details: [], before: ['c/loyal', 'c/farewell'], after: ['c/gold'] }
        ]);
        // Every id is a node of that side's graph.
        const beforeIds = new Set(result.before!.nodes.map(n => n.id));
        const afterIds = new Set(result.after!.nodes.map(n => n.id));
        for (const item of items) {
            expect(item.before.every(id => beforeIds.has(id)), item.text).toBe(true);
            expect(item.after.every(id => afterIds.has(id)), item.text).toBe(true);
        }
    });

    test('reformatting and comments: no items', async () => {
        const reformatted = BEFORE.replace('{ subject "Hi"; body "Hello" }', '{\n    // the same\n    subject "Hi"\n    body "Hello"\n  }');
        const result = await compare(BEFORE, reformatted);
        expect(changeItems(result.change, result.graph)).toEqual([]);
        expect(edgeStatusesFor(result.graph, 'before').size + edgeStatusesFor(result.graph, 'after').size).toBe(0);
    });

    test('a new file: every activity added, every edge coloured, nothing on the base side', async () => {
        const result = await compare('', AFTER);
        const items = changeItems(result.change, result.graph);
        // A whole new campaign is its activities (as `campaign diff` lists it); its edges are all coloured.
        expect(items.map(i => i.text)).toEqual(['+ audience gold', '+ wait later', '+ email offer', '+ audience fresh', '+ email welcome']);
        expect(items.every(i => i.before.length === 0 && i.after.length === 1 && i.status === 'added')).toBe(true);
        expect([...edgeStatusesFor(result.graph, 'after').values()]).toEqual(result.after!.edges.map(() => 'added'));
        expect(edgeStatusesFor(result.graph, 'before').size).toBe(0);
    });
});

describe('edge highlights of each side', () => {
    test('added edges on the working copy, removed ones on the base, by the ids of that side', async () => {
        const result = await compare(BEFORE, AFTER);
        const after = edgeStatusesFor(result.graph, 'after');
        const before = edgeStatusesFor(result.graph, 'before');
        const edge = (graph: typeof result.before, source: string, target: string) =>
            graph!.edges.find(e => e.source === `c/${source}` && e.target === `c/${target}`)!.id;
        expect([...after]).toEqual([[edge(result.after, 'fresh', 'welcome'), 'added']]);
        expect([...before]).toEqual([[edge(result.before, 'loyal', 'farewell'), 'removed']]);
        // The renamed edge loyal → later (now gold → later) is not a change.
        expect(after.has(edge(result.after, 'gold', 'later'))).toBe(false);
        expect(before.has(edge(result.before, 'loyal', 'later'))).toBe(false);
    });
});
