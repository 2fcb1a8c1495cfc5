// The list of changes beside the compared graphs: the campaign's semantic diff (the lines `campaign
// diff` prints) as items, each naming the nodes it is about in both graphs so that a click can show
// them. Pure (types only, no vscode): tested in test/review/change-items.test.ts.
import type { GraphDiff } from '../../language/review/graph-diff.js';
import type { CampaignChange, EdgeInfo, PartChange } from '../../language/review/semantic-diff.js';
import type { ChangeItem } from '../../webview/compare/compare-protocol.js';

export function changeItems(change: CampaignChange | undefined, diff: GraphDiff): ChangeItem[] {
    if (!change) return [];
    // Names in the semantic diff are the new ones (a removed activity keeps its own); the base's
    // graph has the old ids.
    const beforeIds = new Map<string, string>();
    const afterIds = new Map<string, string>();
    for (const n of diff.nodes) {
        if (n.previous) beforeIds.set(n.node.name, n.previous.id);
        if (n.status !== 'removed') afterIds.set(n.node.name, n.node.id);
    }
    const ids = (names: readonly string[]) => ({
        before: names.flatMap(name => beforeIds.get(name) ?? []),
        after: names.flatMap(name => afterIds.get(name) ?? [])
    });
    const activityOf = (ref: string) => ref.split('.')[0];
    const items: ChangeItem[] = [];
    if (change.settings.length > 0) {
        items.push({ status: 'changed', text: `~ campaign ${change.name}`, details: change.settings.map(partLine), before: [], after: [] });
    }
    const a = change.activities;
    for (const r of a.renamed) items.push({ status: 'changed', text: `renamed ${r.kind} ${r.from} → ${r.to}`, details: [], ...ids([r.to]) });
    for (const x of a.added) items.push({ status: 'added', text: `+ ${x.kind} ${x.name}`, details: [], ...ids([x.name]) });
    for (const x of a.removed) items.push({ status: 'removed', text: `- ${x.kind} ${x.name}`, details: [], ...ids([x.name]) });
    for (const x of a.changed) {
        items.push({
            status: 'changed', text: `~ ${x.kind} ${x.name}${x.renamedFrom ? ` (was ${x.renamedFrom})` : ''}`,
            details: x.changes.map(partLine), ...ids([x.name])
        });
    }
    for (const ref of change.outputs.added) items.push({ status: 'added', text: `+ output ${ref}`, details: [], ...ids([activityOf(ref)]) });
    for (const ref of change.outputs.removed) items.push({ status: 'removed', text: `- output ${ref}`, details: [], ...ids([activityOf(ref)]) });
    const edge = (e: EdgeInfo) => `${e.from} → ${e.to}${e.role === 'from' ? '' : ` (${e.role})`}`;
    for (const e of change.edges.added) items.push({ status: 'added', text: `+ edge ${edge(e)}`, details: [], ...ids([activityOf(e.from), e.to]) });
    for (const e of change.edges.removed) items.push({ status: 'removed', text: `- edge ${edge(e)}`, details: [], ...ids([activityOf(e.from), e.to]) });
    return items;
}

/**
 * A part's change as `campaign diff` prints it (language/review/format-text.ts `partLine`, which
 * is not imported because it would bring the parser into the extension's bundle).
 */
function partLine(change: PartChange): string {
    if (change.old === undefined) return `+ ${change.part}${change.new ? `: ${change.new}` : ''}`;
    if (change.new === undefined) return `- ${change.part}${change.old ? `: ${change.old}` : ''}`;
    return `~ ${change.part}: ${change.old || '(empty)'} → ${change.new || '(empty)'}`;
}
