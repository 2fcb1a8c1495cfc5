import { campaignHasChanges, type CampaignChange, type ElementChange, type PartChange, type SemanticDiff, type TransitionCount } from './semantic-diff.js';

/**
 * The diff as plain text for a terminal: `+` added, `-` removed, `~` changed, `→` between the old
 * and the new value. One line per fact, so it greps well.
 */
export function formatDiffText(diff: SemanticDiff): string {
    const lines: string[] = [];
    if (diff.schema.length > 0) {
        lines.push('schema');
        for (const element of diff.schema) lines.push(...elementLines(element, '  '));
    }
    for (const campaign of diff.campaigns) lines.push(...campaignLines(campaign));
    lines.push(summaryLine(diff));
    return `${lines.join('\n')}\n`;
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

function elementLines(element: ElementChange, indent: string): string[] {
    const lines = [`${indent}${MARK[element.status]} ${element.kind} ${element.name}${scoped(element)}`];
    for (const change of element.changes) lines.push(`${indent}    ${partLine(change)}`);
    return lines;
}

/** ` in examples/retail` when the comparison spans several workspaces. */
function scoped(change: { scope?: string }): string {
    return change.scope !== undefined ? ` in ${change.scope}` : '';
}

export function partLine(change: PartChange): string {
    if (change.old === undefined) return `+ ${change.part}${change.new ? `: ${change.new}` : ''}`;
    if (change.new === undefined) return `- ${change.part}${change.old ? `: ${change.old}` : ''}`;
    return `~ ${change.part}: ${change.old || '(empty)'} → ${change.new || '(empty)'}`;
}

function campaignLines(campaign: CampaignChange): string[] {
    if (!campaignHasChanges(campaign) && campaign.status === 'changed') {
        // Listed by --db only: the text is the same, the counts moved (a schema or filter change).
        return [`= campaign ${campaign.name}${scoped(campaign)} (text unchanged)`, ...countLines(campaign)];
    }
    const lines = [`${MARK[campaign.status]} campaign ${campaign.name}${scoped(campaign)}`];
    const a = campaign.activities;
    for (const change of campaign.settings) lines.push(`    ${partLine(change)}`);
    for (const r of a.renamed) lines.push(`    renamed ${r.kind} ${r.from} → ${r.to}`);
    for (const x of a.added) lines.push(`    + ${x.kind} ${x.name}`);
    for (const x of a.removed) lines.push(`    - ${x.kind} ${x.name}`);
    for (const x of a.changed) {
        lines.push(`    ~ ${x.kind} ${x.name}${x.renamedFrom ? ` (was ${x.renamedFrom})` : ''}`);
        for (const change of x.changes) lines.push(`        ${partLine(change)}`);
    }
    for (const ref of campaign.outputs.added) lines.push(`    + output ${ref}`);
    for (const ref of campaign.outputs.removed) lines.push(`    - output ${ref}`);
    for (const e of campaign.edges.added) lines.push(`    + edge ${e.from} → ${e.to}${e.role === 'from' ? '' : ` (${e.role})`}`);
    for (const e of campaign.edges.removed) lines.push(`    - edge ${e.from} → ${e.to}${e.role === 'from' ? '' : ` (${e.role})`}`);
    lines.push(...countLines(campaign));
    return lines;
}

function countLines(campaign: CampaignChange): string[] {
    if (!campaign.counts || campaign.counts.length === 0) return [];
    return ['    counts (test run, before → after)',
        ...campaign.counts.map(count => `        ${count.ref}: ${countText(count.old)} → ${countText(count.new)}${deltaText(count)}`)];
}

export function countText(count: number | undefined): string {
    return count === undefined ? '—' : count.toLocaleString('en-US');
}

export function deltaText(count: TransitionCount): string {
    if (count.old === undefined || count.new === undefined || count.old === count.new) return '';
    const delta = count.new - count.old;
    return ` (${delta > 0 ? '+' : '−'}${Math.abs(delta).toLocaleString('en-US')})`;
}

/** One line that sums the diff up, e.g. `1 campaign changed: 1 activity added, 2 changed; schema: 1 entity changed`. */
export function summaryLine(diff: SemanticDiff): string {
    const parts: string[] = [];
    const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
    const campaigns = diff.campaigns;
    if (campaigns.length === 0 && diff.schema.length === 0) return 'no semantic changes';
    const sum = (f: (c: CampaignChange) => number) => campaigns.filter(c => c.status === 'changed').reduce((n, c) => n + f(c), 0);
    const countsOnly = campaigns.filter(c => c.status === 'changed' && !campaignHasChanges(c)).length;
    const activityFacts = [
        [sum(c => c.activities.added.length), 'added'],
        [sum(c => c.activities.removed.length), 'removed'],
        [sum(c => c.activities.renamed.length), 'renamed'],
        [sum(c => c.activities.changed.length), 'changed']
    ] as const;
    const facts = activityFacts.filter(([n]) => n > 0).map(([n, what], i) => i === 0 ? `${plural(n, 'activity', 'activities')} ${what}` : `${n} ${what}`);
    for (const status of ['added', 'removed', 'changed'] as const) {
        const n = campaigns.filter(c => c.status === status).length - (status === 'changed' ? countsOnly : 0);
        if (n > 0) parts.push(`${plural(n, 'campaign')} ${status}${status === 'changed' && facts.length > 0 ? `: ${facts.join(', ')}` : ''}`);
    }
    if (diff.schema.length > 0) {
        const facts: string[] = [];
        for (const kind of ['entity', 'enum', 'filter'] as const) {
            for (const status of ['added', 'removed', 'changed'] as const) {
                const n = diff.schema.filter(e => e.kind === kind && e.status === status).length;
                if (n > 0) facts.push(`${plural(n, kind, kind === 'entity' ? 'entities' : `${kind}s`)} ${status}`);
            }
        }
        parts.push(`schema: ${facts.join(', ')}`);
    }
    if (countsOnly > 0) parts.push(`counts moved in ${plural(countsOnly, 'unchanged campaign')}`);
    return parts.join('; ');
}
