import { tokenText, type RenameMap } from './normalise.js';
import type { ActivitySnapshot, CampaignSnapshot, ElementSnapshot, InputSnapshot, Parts, Snapshot } from './snapshot.js';

/**
 * The semantic diff of two snapshots: what a reviewer needs to know, in campaign terms. Every
 * value is normalised text (tokens joined canonically), so layout and comments never show up.
 */
export interface SemanticDiff {
    readonly schema: readonly ElementChange[];
    readonly campaigns: readonly CampaignChange[];
}

/** A part that appeared (no `old`), disappeared (no `new`) or changed (both). */
export interface PartChange {
    readonly part: string;
    readonly old?: string;
    readonly new?: string;
}

export type Status = 'added' | 'removed' | 'changed';

export interface ElementChange {
    /** The workspace (project folder) it belongs to, when a comparison spans several. */
    readonly scope?: string;
    readonly kind: 'entity' | 'enum' | 'filter';
    readonly name: string;
    readonly status: Status;
    readonly changes: readonly PartChange[];
}

export interface ActivityInfo {
    readonly name: string;
    readonly kind: string;
}

export interface ActivityChange extends ActivityInfo {
    /** The old name when the activity was renamed as well. */
    readonly renamedFrom?: string;
    readonly changes: readonly PartChange[];
}

export interface EdgeInfo {
    /** The output reference read (`tiers.vip`). */
    readonly from: string;
    /** The reading activity. */
    readonly to: string;
    readonly role: InputSnapshot['role'];
}

/** The row count of one output reference in a test run of each version (absent: no such output, or it did not run). */
export interface TransitionCount {
    readonly ref: string;
    readonly old?: number;
    readonly new?: number;
}

export interface CampaignChange {
    /** The workspace (project folder) it belongs to, when a comparison spans several. */
    readonly scope?: string;
    readonly name: string;
    readonly status: Status;
    readonly settings: readonly PartChange[];
    readonly activities: {
        readonly added: readonly ActivityInfo[];
        readonly removed: readonly ActivityInfo[];
        readonly renamed: ReadonlyArray<{ readonly from: string; readonly to: string; readonly kind: string }>;
        readonly changed: readonly ActivityChange[];
    };
    readonly outputs: { readonly added: readonly string[]; readonly removed: readonly string[] };
    readonly edges: { readonly added: readonly EdgeInfo[]; readonly removed: readonly EdgeInfo[] };
    /** Filled by `diff --db`: every transition's count before and after. */
    readonly counts?: readonly TransitionCount[];
}

export function hasChanges(diff: SemanticDiff): boolean {
    return diff.schema.length > 0 || diff.campaigns.some(c => c.status !== 'changed' || campaignHasChanges(c));
}

/** Whether a campaign entry changed in its text (with `--db`, an entry may carry only counts that moved). */
export function campaignHasChanges(c: CampaignChange): boolean {
    const a = c.activities;
    return c.settings.length + a.added.length + a.removed.length + a.renamed.length + a.changed.length
        + c.outputs.added.length + c.outputs.removed.length + c.edges.added.length + c.edges.removed.length > 0;
}

export function semanticDiff(before: Snapshot, after: Snapshot): SemanticDiff {
    const schema: ElementChange[] = [
        ...elementChanges('entity', before.entities, after.entities),
        ...elementChanges('enum', before.enums, after.enums),
        ...elementChanges('filter', before.filters, after.filters)
    ];
    const campaigns: CampaignChange[] = [];
    for (const [name, next] of after.campaigns) {
        const previous = before.campaigns.get(name);
        const change = previous ? campaignDiff(previous, next) : wholeCampaign(next, 'added');
        if (change.status !== 'changed' || campaignHasChanges(change)) campaigns.push(change);
    }
    for (const [name, previous] of before.campaigns) {
        if (!after.campaigns.has(name)) campaigns.push(wholeCampaign(previous, 'removed'));
    }
    return { schema, campaigns };
}

function elementChanges(kind: ElementChange['kind'], before: ReadonlyMap<string, ElementSnapshot>, after: ReadonlyMap<string, ElementSnapshot>): ElementChange[] {
    const changes: ElementChange[] = [];
    for (const [name, next] of after) {
        const previous = before.get(name);
        if (!previous) {
            changes.push({ kind, name, status: 'added', changes: [] });
            continue;
        }
        const parts = partChanges(previous.parts, next.parts);
        if (parts.length > 0) changes.push({ kind, name, status: 'changed', changes: parts });
    }
    for (const name of before.keys()) {
        if (!after.has(name)) changes.push({ kind, name, status: 'removed', changes: [] });
    }
    return changes;
}

/** Parts of `next` in its order (changed or added), then the parts only `previous` had. */
export function partChanges(previous: Parts, next: Parts, renames?: RenameMap): PartChange[] {
    const changes: PartChange[] = [];
    for (const [part, tokens] of next) {
        const old = previous.get(part);
        const now = tokenText(tokens);
        if (old === undefined) changes.push({ part, new: now });
        else if (tokenText(old, renames) !== now) changes.push({ part, old: tokenText(old, renames), new: now });
    }
    for (const [part, tokens] of previous) {
        if (!next.has(part)) changes.push({ part, old: tokenText(tokens, renames) });
    }
    return changes;
}

function wholeCampaign(campaign: CampaignSnapshot, status: 'added' | 'removed'): CampaignChange {
    const infos = campaign.activities.map(a => ({ name: a.name, kind: a.kind }));
    return {
        name: campaign.name,
        status,
        settings: [],
        activities: { added: status === 'added' ? infos : [], removed: status === 'removed' ? infos : [], renamed: [], changed: [] },
        outputs: { added: [], removed: [] },
        edges: { added: [], removed: [] }
    };
}

function campaignDiff(previous: CampaignSnapshot, next: CampaignSnapshot): CampaignChange {
    const renames = detectRenames(previous.activities, next.activities);
    const oldByNewName = new Map<string, ActivitySnapshot>();
    for (const activity of previous.activities) oldByNewName.set(renames.get(activity.name) ?? activity.name, activity);
    const newNames = new Set(next.activities.map(a => a.name));

    const added: ActivityInfo[] = [];
    const changed: ActivityChange[] = [];
    for (const activity of next.activities) {
        const old = oldByNewName.get(activity.name);
        if (!old) {
            added.push({ name: activity.name, kind: activity.kind });
            continue;
        }
        const changes = activityChanges(old, activity, renames);
        const renamedFrom = old.name !== activity.name ? old.name : undefined;
        if (changes.length > 0) changed.push({ name: activity.name, kind: activity.kind, ...(renamedFrom ? { renamedFrom } : {}), changes });
    }
    const removed = previous.activities
        .filter(a => !newNames.has(renames.get(a.name) ?? a.name))
        .map(a => ({ name: a.name, kind: a.kind }));
    const renamed = previous.activities
        .filter(a => renames.has(a.name))
        .map(a => ({ from: a.name, to: renames.get(a.name)!, kind: a.kind }));

    const oldOutputs = outputRefs(previous.activities, renames);
    const newOutputs = outputRefs(next.activities);
    const oldEdges = edges(previous.activities, renames);
    const newEdges = edges(next.activities);
    const edgeKey = (e: EdgeInfo) => `${e.from}->${e.to}:${e.role}`;
    const newEdgeKeys = new Set(newEdges.map(edgeKey));
    const oldEdgeKeys = new Set(oldEdges.map(edgeKey));

    return {
        name: next.name,
        status: 'changed',
        settings: partChanges(previous.settings, next.settings, renames),
        activities: { added, removed, renamed, changed },
        outputs: {
            added: newOutputs.filter(ref => !oldOutputs.includes(ref)),
            removed: oldOutputs.filter(ref => !newOutputs.includes(ref))
        },
        edges: {
            added: newEdges.filter(e => !oldEdgeKeys.has(edgeKey(e))),
            removed: oldEdges.filter(e => !newEdgeKeys.has(edgeKey(e)))
        }
    };
}

function activityChanges(old: ActivitySnapshot, next: ActivitySnapshot, renames: RenameMap): PartChange[] {
    const changes: PartChange[] = [];
    if (old.kind !== next.kind) changes.push({ part: 'kind', old: old.kind, new: next.kind });
    changes.push(...partChanges(old.parts, next.parts, renames));
    if (old.ordered && next.ordered) {
        // Only the relative order of outputs present in both versions: an added one is reported as added.
        const common = old.outputs.filter(o => next.outputs.includes(o));
        const nextCommon = next.outputs.filter(o => common.includes(o));
        if (common.join(',') !== nextCommon.join(',')) {
            changes.push({ part: next.kind === 'test' ? 'order of cases' : 'order of segments', old: common.join(', '), new: nextCommon.join(', ') });
        }
    }
    return changes;
}

function outputRefs(activities: readonly ActivitySnapshot[], renames?: RenameMap): string[] {
    return activities.flatMap(a => a.outputs.map(o => `${renames?.get(a.name) ?? a.name}.${o}`));
}

function edges(activities: readonly ActivitySnapshot[], renames?: RenameMap): EdgeInfo[] {
    const mapped = (name: string) => renames?.get(name) ?? name;
    return activities.flatMap(a => a.inputs.map(input => ({
        from: input.output ? `${mapped(input.activity)}.${input.output}` : mapped(input.activity),
        to: mapped(a.name),
        role: input.role
    })));
}

/**
 * Renames: an activity that disappeared and one of the same kind that appeared with the same
 * parts (inputs and options, with earlier renames applied, so a renamed chain is found link by
 * link). Failing that, a unique pair of the same kind reading the same inputs (or, with no inputs,
 * the same entity) is a rename with changes.
 */
export function detectRenames(previous: readonly ActivitySnapshot[], next: readonly ActivitySnapshot[]): Map<string, string> {
    const renames = new Map<string, string>();
    const oldNames = new Set(previous.map(a => a.name));
    const newNames = new Set(next.map(a => a.name));
    const signature = (a: ActivitySnapshot, map?: RenameMap) =>
        JSON.stringify([a.kind, ...[...a.parts].map(([key, tokens]) => [key, tokenText(tokens, map)])]);
    const looseSignature = (a: ActivitySnapshot, map?: RenameMap) => {
        const key = a.parts.has('from') ? 'from' : a.parts.has('entity') ? 'entity' : undefined;
        return key ? JSON.stringify([a.kind, key, tokenText(a.parts.get(key)!, map)]) : undefined;
    };
    const pairUp = (sign: (a: ActivitySnapshot, map?: RenameMap) => string | undefined) => {
        let found = false;
        const gone = previous.filter(a => !newNames.has(a.name) && !renames.has(a.name));
        const taken = new Set(renames.values());
        const fresh = next.filter(a => !oldNames.has(a.name) && !taken.has(a.name));
        const oldSigns = gone.map(a => sign(a, renames));
        const newSigns = fresh.map(a => sign(a));
        gone.forEach((activity, i) => {
            const s = oldSigns[i];
            if (s === undefined) return;
            const candidates = fresh.filter((_, j) => newSigns[j] === s);
            const rivals = oldSigns.filter(o => o === s).length;
            if (candidates.length === 1 && rivals === 1) {
                renames.set(activity.name, candidates[0].name);
                found = true;
            }
        });
        return found;
    };
    const strictUntilStable = () => {
        while (pairUp(signature)) { /* each round may reveal renames downstream */ }
    };
    strictUntilStable();
    if (pairUp(looseSignature)) strictUntilStable();
    return renames;
}
