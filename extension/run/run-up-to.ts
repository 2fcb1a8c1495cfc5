// "Run up to here" (the graph's context menu): a test run that stops after one activity. The runner
// already stops a test run before a paused activity (`pause`), so the job pauses every activity that
// is not this one or one of its ancestors — in the text the worker reads, never in the user's file —
// with the same minimal edits the inspector's Pause flag makes.
import { TextDocument } from 'langium';
import { setOption } from '../../language/graph/edits/set-option.js';
import { activitiesOf, findActivity } from '../../language/graph/source.js';
import { nodeId, toGraph } from '../../language/graph/to-graph.js';
import type { TextEdit } from '../../language/protocol.js';
import type { JobWorkspace } from './worker-protocol.js';
import { loadCampaignForJob } from './worker-workspace.js';

/** The workspace of the job with the campaign's file changed so that the run stops after `activity`. */
export async function upToWorkspace<J extends JobWorkspace & { campaign: string }>(job: J, activity: string): Promise<J> {
    const { document, campaign } = await loadCampaignForJob(job);
    if (!findActivity(campaign, activity)) throw new Error(`${campaign.name} has no activity '${activity}'.`);
    const graph = toGraph(document, campaign);
    const keep = new Set([nodeId(campaign.name, activity)]);
    // Ancestors: walk the edges backwards until nothing new is reached.
    for (let grew = true; grew;) {
        grew = false;
        for (const edge of graph.edges) {
            if (keep.has(edge.target) && !keep.has(edge.source)) { keep.add(edge.source); grew = true; }
        }
    }
    const text = document.textDocument.getText();
    const edits: TextEdit[] = [];
    for (const other of activitiesOf(campaign)) {
        if (keep.has(nodeId(campaign.name, other.name))) continue;
        const result = setOption({ document, text, campaign }, { op: 'setOption', campaign: campaign.name, activity: other.name, key: 'pause', value: '' });
        if (result.ok) edits.push(...result.edits);
    }
    const paused = TextDocument.applyEdits(document.textDocument, edits);
    return { ...job, overrides: { ...job.overrides, [document.uri.fsPath]: paused } };
}
