import { toGraph } from '../graph/to-graph.js';
import { campaignsOf } from '../graph/source.js';
import type { TextComparison } from './compare-protocol.js';
import { diffGraphs } from './graph-diff.js';
import { loadVersion, type LoadedVersion } from './load-sources.js';
import { semanticDiff } from './semantic-diff.js';
import { snapshotOf } from './snapshot.js';

// The result type is declared once, with the request, in compare-protocol.ts (types only there).
export type { TextComparison } from './compare-protocol.js';

export interface TextVersion {
    readonly text: string;
    /** The file's path (both versions share it), so that relative paths and the label are right. */
    readonly path: string;
    /** Shown in errors (`HEAD:spring.campaign`). */
    readonly label?: string;
}

/**
 * What "Compare Graph with HEAD" needs, from two texts of one file (the base revision's, from the
 * git extension, and the editor's): both graphs of one campaign, and the diff that marks them,
 * with the semantic diff's renames and changes as hints (so layout and comments never light up a
 * node). Meant for a language-server request; each text is parsed in services of its own.
 */
export async function compareTexts(before: TextVersion, after: TextVersion, campaign?: string): Promise<TextComparison> {
    const oldVersion = await loadVersion([{ label: before.label ?? before.path, path: before.path, text: before.text }]);
    const newVersion = await loadVersion([{ label: after.label ?? after.path, path: after.path, text: after.text }]);
    const names = (version: LoadedVersion) => campaignsOf(version.sources[0].document.parseResult.value).map(c => c.name);
    const campaigns = names(newVersion).length > 0 ? names(newVersion) : names(oldVersion);
    const name = campaign ?? campaigns[0];
    const graphOf = (version: LoadedVersion) => {
        const document = version.sources[0].document;
        const found = campaignsOf(document.parseResult.value).find(c => c.name === name);
        return found ? toGraph(document, found) : undefined;
    };
    const beforeGraph = graphOf(oldVersion);
    const afterGraph = graphOf(newVersion);
    const snapshot = (version: LoadedVersion) => snapshotOf([{ file: version.sources[0].source.label, model: version.sources[0].document.parseResult.value }]);
    const change = semanticDiff(snapshot(oldVersion), snapshot(newVersion)).campaigns.find(c => c.name === name);
    const hints = change
        ? { renames: new Map(change.activities.renamed.map(r => [r.from, r.to] as const)), changed: new Set(change.activities.changed.map(c => c.name)) }
        : { renames: new Map<string, string>(), changed: new Set<string>() };
    return {
        campaigns,
        ...(name !== undefined ? { campaign: name } : {}),
        ...(beforeGraph ? { before: beforeGraph } : {}),
        ...(afterGraph ? { after: afterGraph } : {}),
        graph: diffGraphs(beforeGraph, afterGraph, hints),
        ...(change ? { change } : {}),
        syntaxErrors: [...oldVersion.syntaxErrors, ...newVersion.syntaxErrors]
    };
}
