import { graphKey, mergedGraph, type GraphDiff } from './graph-diff.js';
import { renderMermaid } from './mermaid.js';
import { countText, deltaText, summaryLine } from './format-text.js';
import { campaignHasChanges, type CampaignChange, type ElementChange, type PartChange, type SemanticDiff } from './semantic-diff.js';

/** The first line of every comment, so a CI job can find its previous comment and update it. */
export const COMMENT_MARKER = '<!-- campaign-review -->';

/**
 * The diff as a pull-request comment: a summary, then per campaign a list of what changed and a
 * Mermaid graph with added, removed and changed activities coloured, then the schema changes.
 */
export function formatDiffMarkdown(diff: SemanticDiff, graphs: ReadonlyMap<string, GraphDiff> = new Map(), limit = COMMENT_LIMIT): string {
    const full = markdown(diff, graphs);
    if (full.length <= limit) return full;
    // Too long for one GitHub comment: first the graphs go, then the list is cut at a line.
    const withoutGraphs = markdown(diff, new Map(), '_The graphs are left out: the comment would be too long._');
    if (withoutGraphs.length <= limit) return withoutGraphs;
    const note = '\n\n_… cut here: the diff is too long for one comment. Run `campaign diff` locally for all of it._\n';
    const cut = withoutGraphs.slice(0, limit - note.length);
    return `${cut.slice(0, cut.lastIndexOf('\n'))}${note}`;
}

/** GitHub refuses comments over 65,536 characters; leave room for what CI may add. */
export const COMMENT_LIMIT = 60_000;

function markdown(diff: SemanticDiff, graphs: ReadonlyMap<string, GraphDiff>, note?: string): string {
    const out: string[] = [COMMENT_MARKER, '## Campaign changes', '', `**${summaryLine(diff)}**`, ''];
    if (note) out.push(note, '');
    for (const campaign of diff.campaigns) out.push(...campaignSection(campaign, graphs.get(graphKey(campaign))));
    if (diff.schema.length > 0) {
        out.push('### Schema', '');
        for (const element of diff.schema) out.push(...elementItems(element));
        out.push('');
    }
    return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

const VERB = { added: 'added', removed: 'removed', changed: 'changed' } as const;

function campaignSection(campaign: CampaignChange, graph: GraphDiff | undefined): string[] {
    const countsOnly = campaign.status === 'changed' && !campaignHasChanges(campaign);
    const where = campaign.scope !== undefined ? ` in ${code(campaign.scope)}` : '';
    const out = [`### Campaign ${code(campaign.name)}${where} (${countsOnly ? 'text unchanged, counts moved' : VERB[campaign.status]})`, ''];
    const a = campaign.activities;
    for (const change of campaign.settings) out.push(`- ${partItem(change, 'setting ')}`);
    for (const r of a.renamed) out.push(`- renamed ${r.kind} ${code(r.from)} → ${code(r.to)}`);
    for (const x of a.added) out.push(`- added ${x.kind} ${code(x.name)}`);
    for (const x of a.removed) out.push(`- removed ${x.kind} ${code(x.name)}`);
    for (const x of a.changed) {
        out.push(`- changed ${x.kind} ${code(x.name)}${x.renamedFrom ? ` (was ${code(x.renamedFrom)})` : ''}`);
        for (const change of x.changes) out.push(`  - ${partItem(change)}`);
    }
    if (campaign.outputs.added.length > 0) out.push(`- outputs added: ${campaign.outputs.added.map(code).join(', ')}`);
    if (campaign.outputs.removed.length > 0) out.push(`- outputs removed: ${campaign.outputs.removed.map(code).join(', ')}`);
    if (campaign.edges.added.length > 0) out.push(`- edges added: ${campaign.edges.added.map(e => `${code(e.from)} → ${code(e.to)}`).join(', ')}`);
    if (campaign.edges.removed.length > 0) out.push(`- edges removed: ${campaign.edges.removed.map(e => `${code(e.from)} → ${code(e.to)}`).join(', ')}`);
    out.push('');
    if (graph && graph.nodes.length > 0) {
        const statuses = new Map(graph.nodes.map(n => [n.node.id, n.status] as const));
        const edgeStatuses = new Map(graph.edges.map(e => [e.edge.id, e.status] as const));
        const renamedFrom = new Map(graph.nodes.filter(n => n.renamedFrom).map(n => [n.node.id, n.renamedFrom!] as const));
        out.push('```mermaid', renderMermaid(mergedGraph(graph), { statuses, edgeStatuses, renamedFrom }).trimEnd(), '```', '');
        out.push('<sub>green: added · yellow: changed · red, dashed: removed</sub>', '');
    }
    if (campaign.counts && campaign.counts.length > 0) {
        out.push('<details><summary>Counts of a test run, before → after</summary>', '', '| transition | before | after | change |', '| --- | ---: | ---: | ---: |');
        for (const count of campaign.counts) {
            out.push(`| ${code(count.ref)} | ${countText(count.old)} | ${countText(count.new)} | ${deltaText(count).replace(/^ \((.*)\)$/, '$1')} |`);
        }
        out.push('', '</details>', '');
    }
    return out;
}

function elementItems(element: ElementChange): string[] {
    const out = [`- ${VERB[element.status]} ${element.kind} ${code(element.name)}${element.scope !== undefined ? ` in ${code(element.scope)}` : ''}`];
    for (const change of element.changes) out.push(`  - ${partItem(change)}`);
    return out;
}

function partItem(change: PartChange, noun = ''): string {
    if (change.old === undefined) return `added ${noun}${code(change.part)}${change.new ? `: ${code(change.new)}` : ''}`;
    if (change.new === undefined) return `removed ${noun}${code(change.part)}${change.old ? `: ${code(change.old)}` : ''}`;
    return `${noun}${code(change.part)}: ${change.old ? code(change.old) : '(empty)'} → ${change.new ? code(change.new) : '(empty)'}`;
}

/** An inline code span that survives backticks and pipes in the text (markdown tables split on `|`). */
function code(text: string): string {
    const fence = text.includes('`') ? '``' : '`';
    const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
    return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}
