// The custom LSP protocol of the campaign language server: the graph model and graph edits.
//
// Types and method names only, no imports: the extension, the webview and tests import this file
// without pulling Langium or vscode-jsonrpc. Positions are LSP positions (0-based line and UTF-16
// character), so `Range` and `TextEdit` are structurally the LSP types.

export interface Position {
    readonly line: number;
    readonly character: number;
}

export interface Range {
    readonly start: Position;
    readonly end: Position;
}

export interface TextEdit {
    readonly range: Range;
    readonly newText: string;
}

// ---------------------------------------------------------------- the graph model (DTO)

/** Which colours a node: targeting, flow control, channels, and alerts/ends. */
export type ActivityFamily = 'targeting' | 'flow' | 'channel' | 'end';

/** What kind of named output: `segment vip`, `remainder rest`, `branch x`, `when … -> big`, `duplicates dups`. */
export type OutputKind = 'segment' | 'remainder' | 'branch' | 'case' | 'duplicates';

export interface GraphOutput {
    /** The output's own name (`vip`). */
    readonly name: string;
    /** As written in `from` clauses and run results (`tiers.vip`). */
    readonly ref: string;
    readonly kind: OutputKind;
}

export interface GraphDiagnostic {
    /** 1 error, 2 warning, 3 information, 4 hint (LSP DiagnosticSeverity). */
    readonly severity: 1 | 2 | 3 | 4;
    readonly message: string;
    readonly range: Range;
    readonly code?: string;
}

/** The source text of one part of an activity, for the inspector's forms. */
export interface GraphPart {
    readonly text: string;
    readonly range: Range;
}

export interface GraphNode {
    /** Stable across edits that do not rename: `campaign/activity`. */
    readonly id: string;
    readonly name: string;
    /** The statement's keyword (`audience`, `split`, `email` …). */
    readonly kind: string;
    readonly family: ActivityFamily;
    /** The kind for people (`Build audience`). */
    readonly title: string;
    /** One line of meaning from the source text (`Customer where tier = gold`, `wait 3 days`). */
    readonly summary: string;
    /** The `label "…"` option, when there is one. */
    readonly label?: string;
    /** The entity whose rows flow out of this activity, when known. */
    readonly dimension?: string;
    /** Whether `name` alone is a population others may read (false for split, fork, test, alert, end). */
    readonly hasMainOutput: boolean;
    /** Named outputs in source order. */
    readonly outputs: readonly GraphOutput[];
    readonly disabled: boolean;
    readonly paused: boolean;
    /** Diagnostics whose range lies in this activity's statement. */
    readonly diagnostics: readonly GraphDiagnostic[];
    /**
     * The source text and range of each part, keyed as `SetOption` keys them (`where`, `limit`,
     * `subject`, `body`, `label`, `from` …); a part that is absent has no key.
     */
    readonly parts: Readonly<Record<string, GraphPart>>;
    /** The whole statement and its name, for reveal and rename. */
    readonly range: Range;
    readonly nameRange: Range;
}

export interface GraphEdge {
    /** `source-ref->target#index`, stable while the `from` clause does not change. */
    readonly id: string;
    /** Node id of the producing activity. */
    readonly source: string;
    /** Named output of the source (`vip`), absent for the main output. */
    readonly sourceOutput?: string;
    /** Node id of the reading activity. */
    readonly target: string;
    /** The reference as written (`tiers.vip`), which is also the key of run counts. */
    readonly ref: string;
    /** Where the target reads it: its `from` list, `minus` list or `pass`. */
    readonly role: 'from' | 'minus' | 'pass';
    /** Remainder and duplicates outputs are drawn dashed. */
    readonly dashed: boolean;
    /** The input's range in the target's statement. */
    readonly range: Range;
}

export interface CampaignGraph {
    readonly campaign: string;
    readonly nodes: readonly GraphNode[];
    readonly edges: readonly GraphEdge[];
}

// ---------------------------------------------------------------- graph edits

/** Adds an activity of `kind` with its required parts as placeholders, after `after` (default: the last activity). */
export interface AddActivityEdit {
    readonly op: 'addActivity';
    readonly campaign: string;
    readonly kind: string;
    /** Preferred name; made unique. Default: derived from the kind. */
    readonly name?: string;
    /** Output refs to read from (`tiers.vip`); replaces the template's placeholder input. */
    readonly from?: readonly string[];
    /** Statement to insert after; default: after the first input's producer, else after the last activity. */
    readonly after?: string;
    /** Dropped onto an edge: the target's input `ref` is rewired to read the new activity instead. */
    readonly rewire?: { readonly target: string; readonly ref: string };
}

/** Adds `source` (an output ref, `a` or `a.out`) to `target`'s `from` list. */
export interface ConnectEdit {
    readonly op: 'connect';
    readonly campaign: string;
    readonly source: string;
    readonly target: string;
}

/** Removes input `source` (an output ref) from `target`'s `from` (or `minus`) list. */
export interface DisconnectEdit {
    readonly op: 'disconnect';
    readonly campaign: string;
    readonly source: string;
    readonly target: string;
}

/** Removes an activity's statement (references to it stay and are reported by the validator). */
export interface DeleteActivityEdit {
    readonly op: 'deleteActivity';
    readonly campaign: string;
    readonly name: string;
}

/** Renames an activity and every reference to it. */
export interface RenameActivityEdit {
    readonly op: 'renameActivity';
    readonly campaign: string;
    readonly name: string;
    readonly newName: string;
}

/**
 * Replaces exactly one part of an activity, or inserts it. `value` is source text without the
 * keyword (`tier = gold` for `where`, `100` for `limit`, `"Hi {{firstName}}"` for `subject`);
 * flags (`disabled`, `pause`, `keepEmpty`, `overlap`, `dropUnmatched`) take `''`; `null` removes
 * the part. `segment` addresses a split segment's own parts (`where`, `limit`).
 */
export interface SetOptionEdit {
    readonly op: 'setOption';
    readonly campaign: string;
    readonly activity: string;
    readonly key: string;
    readonly value: string | null;
    readonly segment?: string;
}

/** Appends a starter campaign (one audience) to a document; `campaign` is the preferred name, made unique. */
export interface AddCampaignEdit {
    readonly op: 'addCampaign';
    readonly campaign: string;
}

export type GraphEdit = AddCampaignEdit | AddActivityEdit | ConnectEdit | DisconnectEdit | DeleteActivityEdit | RenameActivityEdit | SetOptionEdit;

// ---------------------------------------------------------------- requests and notifications

/** Server → client, debounced after validation: the graph of `uri` may have changed; pull it with `GetGraph`. */
export namespace GraphChanged {
    export const method = 'campaign/graphChanged' as const;
    export interface Params {
        readonly uri: string;
        readonly version: number;
    }
}

/** Client → server: the graphs of a document (one campaign selected), and whether they are stale. */
export namespace GetGraph {
    export const method = 'campaign/getGraph' as const;
    export interface Params {
        readonly uri: string;
        /** Which campaign to draw; default: the first of the document. */
        readonly campaign?: string;
    }
    export interface Result {
        readonly uri: string;
        /** The version of the text this graph was built from (the last good one when stale). */
        readonly version: number;
        /** The document's version now. */
        readonly currentVersion: number;
        /** Campaign names of the document, in source order. */
        readonly campaigns: readonly string[];
        /** Absent when the document has no campaign (yet). */
        readonly graph?: CampaignGraph;
        /** The text does not parse: `graph` is the last good one; graph edits are refused. */
        readonly stale: boolean;
        /** Counts over the whole document. */
        readonly problems: { readonly errors: number; readonly warnings: number };
    }
}

/** Client → server: turn a graph edit into minimal text edits of the document at `version`. */
export namespace ApplyGraphEdit {
    export const method = 'campaign/applyGraphEdit' as const;
    export interface Params {
        readonly uri: string;
        /** The document version the edit was based on; a different current version is refused. */
        readonly version: number;
        readonly edit: GraphEdit;
    }
    export type Result =
        | {
            readonly ok: true;
            /** Edits of `uri`, non-overlapping, to apply together with `workspace.applyEdit`. */
            readonly edits: readonly TextEdit[];
            /** The activity to select afterwards (a new or renamed one). */
            readonly select?: string;
        }
        | {
            readonly ok: false;
            readonly reason: 'stale-version' | 'parse-errors' | 'not-found' | 'invalid';
            readonly message: string;
        };
}

/**
 * Client → server: what the document's diagnostics would be after a `setOption` edit, without
 * applying it (the inspector's fields show them live while the user types). The server builds the
 * candidate text from the same minimal edits, parses, links and validates it in the workspace, and
 * answers the diagnostics that fall in the edited part (any syntax error counts: the text parsed
 * before the edit).
 */
export namespace CheckGraphEdit {
    export const method = 'campaign/checkGraphEdit' as const;
    export interface Params {
        readonly uri: string;
        readonly version: number;
        readonly edit: SetOptionEdit;
    }
    export type Result =
        | {
            readonly ok: true;
            /** Ranges are in the candidate text. Empty: the value is valid. */
            readonly diagnostics: readonly GraphDiagnostic[];
        }
        | {
            readonly ok: false;
            readonly reason: 'stale-version' | 'parse-errors' | 'not-found' | 'invalid';
            readonly message: string;
        };
}
