import { summaryLine } from './format-text.js';
import { hasChanges, type SemanticDiff } from './semantic-diff.js';

/** The diff for tools: the semantic diff as it is, with `changed` and the summary line on top. */
export function formatDiffJson(diff: SemanticDiff): string {
    return `${JSON.stringify({ changed: hasChanges(diff), summary: summaryLine(diff), schema: diff.schema, campaigns: diff.campaigns }, undefined, 2)}\n`;
}
