import type { LangiumDocument } from 'langium';
import { isCampaign, type Campaign, type Model } from '../generated/ast.js';
import { toGraph } from '../graph/to-graph.js';
import { diffGraphs, graphKey, type GraphDiff } from './graph-diff.js';
import { loadVersion, type LoadedVersion, type SourceText } from './load-sources.js';
import { semanticDiff, type CampaignChange, type SemanticDiff, type TransitionCount } from './semantic-diff.js';
import { snapshotOf } from './snapshot.js';
import { testRunCounts } from './test-run.js';

/** Both versions compared: the semantic diff, and per campaign in it the two graphs merged and marked. */
export interface Comparison {
    readonly diff: SemanticDiff;
    readonly graphs: ReadonlyMap<string, GraphDiff>;
    /** Problems that did not stop the comparison (a test run that failed on one side). */
    readonly warnings: readonly string[];
}

export interface CompareOptions {
    /** A SQLite database: test-run every campaign of the diff on both versions and add the counts. */
    readonly database?: string;
    /** Stamped on every change: the workspace compared, when there are several. */
    readonly scope?: string;
}

/** One workspace (project) in both versions. */
export interface WorkspacePair {
    /** Its folder, as shown (`examples/retail`). */
    readonly scope: string;
    readonly before: readonly SourceText[];
    readonly after: readonly SourceText[];
}

/**
 * Compares several workspaces, each on its own (names are global within a workspace only, so two
 * projects may both have a campaign `spring`). Scopes are shown only when there are several.
 */
export async function compareWorkspaces(pairs: readonly WorkspacePair[], options: Omit<CompareOptions, 'scope'> = {}): Promise<Comparison> {
    const errors: string[] = [];
    const results: Comparison[] = [];
    for (const pair of pairs) {
        try {
            results.push(await compareVersions(pair.before, pair.after, { ...options, ...(pairs.length > 1 ? { scope: pair.scope } : {}) }));
        } catch (error) {
            if (!(error instanceof SyntaxErrors)) throw error;
            errors.push(...error.errors);
        }
    }
    if (errors.length > 0) throw new SyntaxErrors(errors);
    return {
        diff: { schema: results.flatMap(r => r.diff.schema), campaigns: results.flatMap(r => r.diff.campaigns) },
        graphs: new Map(results.flatMap(r => [...r.graphs])),
        warnings: results.flatMap(r => r.warnings)
    };
}

/** A version that does not parse cannot be compared: its syntax errors, with locations. */
export class SyntaxErrors extends Error {
    constructor(readonly errors: readonly string[]) {
        super(`cannot compare files with syntax errors:\n${errors.map(e => `  ${e}`).join('\n')}`);
        this.name = 'SyntaxErrors';
    }
}

export async function compareVersions(before: readonly SourceText[], after: readonly SourceText[], options: CompareOptions = {}): Promise<Comparison> {
    const [oldVersion, newVersion] = [await loadVersion(before), await loadVersion(after)];
    const errors = [...oldVersion.syntaxErrors, ...newVersion.syntaxErrors];
    if (errors.length > 0) throw new SyntaxErrors(errors);
    const snapshot = (version: LoadedVersion) =>
        snapshotOf(version.sources.map(s => ({ file: s.source.label, model: s.document.parseResult.value })));
    const unscoped = semanticDiff(snapshot(oldVersion), snapshot(newVersion));
    const scope = options.scope !== undefined ? { scope: options.scope } : {};
    const base = {
        schema: unscoped.schema.map(e => ({ ...scope, ...e })),
        campaigns: unscoped.campaigns.map(c => ({ ...scope, ...c }))
    };

    const warnings: string[] = [];
    const graphs = new Map<string, GraphDiff>();
    const campaigns: CampaignChange[] = [];
    for (const change of base.campaigns) {
        const oldOne = findCampaign(oldVersion, change.name);
        const newOne = findCampaign(newVersion, change.name);
        const renames = new Map(change.activities.renamed.map(r => [r.from, r.to] as const));
        graphs.set(graphKey(change), diffGraphs(
            oldOne && toGraph(oldOne.document, oldOne.campaign),
            newOne && toGraph(newOne.document, newOne.campaign),
            { renames, changed: new Set(change.activities.changed.map(c => c.name)) }
        ));
        if (options.database) {
            const side = async (found: typeof oldOne, label: string) => {
                if (!found) return undefined;
                try {
                    return await testRunCounts(found.version.services.Campaign, found.campaign, options.database!);
                } catch (error) {
                    warnings.push(`test run of the ${label} version of ${change.name} failed: ${error instanceof Error ? error.message : String(error)}`);
                    return undefined;
                }
            };
            const oldCounts = await side(oldOne, 'old');
            const newCounts = await side(newOne, 'new');
            campaigns.push({ ...change, counts: mergeCounts(oldCounts, newCounts, renames) });
        } else {
            campaigns.push(change);
        }
    }
    if (options.database && base.schema.length > 0) {
        // A schema or filter change can move the counts of campaigns whose text did not change:
        // with --db those are listed too, with their counts only.
        for (const { document } of newVersion.sources) {
            for (const campaign of document.parseResult.value.elements.filter(isCampaign)) {
                if (base.campaigns.some(c => c.name === campaign.name)) continue;
                const oldOne = findCampaign(oldVersion, campaign.name);
                if (!oldOne) continue;
                const run = async (version: LoadedVersion, found: Campaign) => {
                    try {
                        return await testRunCounts(version.services.Campaign, found, options.database!);
                    } catch (error) {
                        warnings.push(`test run of ${campaign.name} failed: ${error instanceof Error ? error.message : String(error)}`);
                        return undefined;
                    }
                };
                const counts = mergeCounts(await run(oldVersion, oldOne.campaign), await run(newVersion, campaign), new Map());
                if (counts.some(c => c.old !== c.new)) campaigns.push({ ...scope, ...unchangedCampaign(campaign.name), counts });
            }
        }
    }
    return { diff: { schema: base.schema, campaigns }, graphs, warnings };
}

function unchangedCampaign(name: string): CampaignChange {
    return {
        name, status: 'changed', settings: [],
        activities: { added: [], removed: [], renamed: [], changed: [] },
        outputs: { added: [], removed: [] },
        edges: { added: [], removed: [] }
    };
}

function findCampaign(version: LoadedVersion, name: string): { campaign: Campaign; document: LangiumDocument<Model>; version: LoadedVersion } | undefined {
    for (const { document } of version.sources) {
        const campaign = document.parseResult.value.elements.find((e): e is Campaign => isCampaign(e) && e.name === name);
        if (campaign) return { campaign, document, version };
    }
    return undefined;
}

/** Counts of both runs by output reference, the old side's references renamed; new order first, then old-only ones. */
function mergeCounts(before: Record<string, number> | undefined, after: Record<string, number> | undefined,
    renames: ReadonlyMap<string, string>): TransitionCount[] {
    const mapRef = (ref: string) => {
        const [activity, ...output] = ref.split('.');
        return [renames.get(activity) ?? activity, ...output].join('.');
    };
    const old = new Map(Object.entries(before ?? {}).map(([ref, n]) => [mapRef(ref), n] as const));
    const counts: TransitionCount[] = [];
    for (const [ref, n] of Object.entries(after ?? {})) {
        counts.push({ ref, ...(old.has(ref) ? { old: old.get(ref)! } : {}), new: n });
    }
    for (const [ref, n] of old) {
        if (!(after && ref in after)) counts.push({ ref, old: n });
    }
    return counts;
}
