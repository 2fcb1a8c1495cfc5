// The LSP request behind the editor's "Compare Graph with HEAD" (and with any revision). Types and
// the method name only, no imports but types, so the extension and the webview can import it
// without pulling Langium.
import type { CampaignGraph } from '../protocol.js';
import type { GraphDiff } from './graph-diff.js';
import type { CampaignChange } from './semantic-diff.js';

/**
 * Client → server: compare the document's current text with an older text of the same file (the
 * client reads it through the built-in git extension: `repository.show(ref, path)`).
 */
export namespace CompareGraph {
    export const method = 'campaign/compareGraph' as const;
    export interface Params {
        /** The open document (its current text is the new side). */
        readonly uri: string;
        /** The file's text at the base revision; `''` when the file did not exist there. */
        readonly baseText: string;
        /** How to name the base in messages, e.g. `HEAD` or `origin/main`. */
        readonly baseLabel?: string;
        /** Which campaign; default: the first of the current text. */
        readonly campaign?: string;
    }
    /** What `compareTexts` returns (language/review/compare-texts.ts), sent as it is. */
    export type Result = TextComparison;
}

/**
 * Two texts of one file compared: both graphs of one campaign and the diff that marks them.
 * Declared here, with types only, for the extension and the webview; `compareTexts` builds it.
 */
export interface TextComparison {
    /** Campaign names of the current text (of the base when the current has none), for a picker. */
    readonly campaigns: readonly string[];
    readonly campaign?: string;
    /** The campaign's graph at the base revision (absent: it did not exist there). */
    readonly before?: CampaignGraph;
    /** Its graph now (absent: it was removed). */
    readonly after?: CampaignGraph;
    /** Every node and edge of both, marked added, removed, changed or unchanged. */
    readonly graph: GraphDiff;
    /** The campaign's semantic changes, for a list beside the graphs; absent when it did not change. */
    readonly change?: CampaignChange;
    /** Syntax errors of either text (`label:line:column message`); the graphs then show what parsed. */
    readonly syntaxErrors: readonly string[];
}
