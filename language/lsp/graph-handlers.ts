// Registers the graph protocol (language/protocol.ts) on the LSP connection: `campaign/getGraph`,
// `campaign/applyGraphEdit`, `campaign/checkGraphEdit`, and the debounced `campaign/graphChanged` notification after each
// validation ("notify, then pull", as LikeC4 and Langium's railroad preview do).
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumServices, LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { ResponseError } from 'vscode-languageserver';
import type { Model } from '../generated/ast.js';
import { applyGraphEdit } from '../graph/edits/apply-graph-edit.js';
import { checkGraphEdit } from '../graph/edits/check-graph-edit.js';
import { Funnel } from '../graph/funnel.js';
import { GraphModel } from '../graph/graph-model.js';
import { ApplyGraphEdit, CheckGraphEdit, GetGraph, GraphChanged } from '../protocol.js';

/**
 * How long the graphChanged notification waits for typing to pause. Validation already runs per
 * keystroke (cancelled by the next one); this only batches the notifications, so it can be short.
 */
export const GRAPH_QUIET_MS = 50;

export interface GraphHandlerOptions {
    readonly quietMs?: number;
    readonly maxMs?: number;
}

/** Wires the graph requests; returns the model (for tests) and a disposer. */
export function registerGraphHandlers(connection: Connection, shared: LangiumSharedServices, options: GraphHandlerOptions = {}) {
    const model = new GraphModel(shared);
    // User files only: the built-in library document (builtin:///…) has no graph to show.
    const isCampaign = (document: LangiumDocument) => document.uri.scheme !== 'builtin' && document.uri.path.endsWith('.campaign');

    const funnel = new Funnel<string, number>(entries => {
        for (const [uri, version] of entries) {
            void connection.sendNotification(GraphChanged.method, { uri, version } satisfies GraphChanged.Params);
        }
    }, options.quietMs ?? GRAPH_QUIET_MS, options.maxMs ?? 400);

    const builder = shared.workspace.DocumentBuilder;
    const validated = builder.onBuildPhase(DocumentState.Validated, documents => {
        for (const document of documents) {
            if (!isCampaign(document)) continue;
            const uri = document.uri.toString();
            model.invalidate(uri);
            funnel.push(uri, document.textDocument.version);
        }
    });
    const updated = builder.onUpdate((_changed, deleted) => deleted.forEach(uri => model.forget(uri.toString())));

    connection.onRequest(GetGraph.method, async (params: GetGraph.Params): Promise<GetGraph.Result> => {
        const uri = URI.parse(params.uri);
        if (!shared.workspace.LangiumDocuments.hasDocument(uri)) throw new ResponseError(-32602, `Unknown document ${params.uri}`);
        // A document that is never validated (a build that keeps being cancelled) must not hang the view.
        await within(2_000, builder.waitUntil(DocumentState.Validated, uri));
        const result = model.getGraph(params);
        if (!result) throw new ResponseError(-32602, `Unknown document ${params.uri}`);
        return result;
    });

    /**
     * Runs a graph edit request on its linked document; an unknown document and a failure (a bug in
     * one operation must not take the server down) become an answer the client shows.
     */
    const onDocument = async <R>(params: { readonly uri: string }, failed: string,
        run: (services: LangiumServices, document: LangiumDocument<Model>) => Promise<R>): Promise<R | EditFailure> => {
        const uri = URI.parse(params.uri);
        const documents = shared.workspace.LangiumDocuments;
        if (!documents.hasDocument(uri)) return { ok: false, reason: 'not-found', message: `Unknown document ${params.uri}` };
        await within(2_000, builder.waitUntil(DocumentState.Linked, uri));
        const document = documents.getDocument(uri)! as LangiumDocument<Model>;
        const services = shared.ServiceRegistry.getServices(uri) as LangiumServices;
        try {
            return await run(services, document);
        } catch (error) {
            return { ok: false, reason: 'invalid', message: `${failed}: ${error instanceof Error ? error.message : String(error)}` };
        }
    };

    connection.onRequest(ApplyGraphEdit.method, (params: ApplyGraphEdit.Params): Promise<ApplyGraphEdit.Result> =>
        onDocument(params, 'The graph edit failed', (services, document) => applyGraphEdit(services, document, params)));

    // The inspector's live diagnostics: validates the text a setOption edit would give, applies nothing.
    connection.onRequest(CheckGraphEdit.method, (params: CheckGraphEdit.Params): Promise<CheckGraphEdit.Result> =>
        onDocument(params, 'The check failed', (services, document) => checkGraphEdit(services, document, params)));

    return {
        model,
        dispose() {
            funnel.dispose();
            validated.dispose();
            updated.dispose();
        }
    };
}

/** The failure answer both edit requests share. */
type EditFailure = { readonly ok: false; readonly reason: 'not-found' | 'invalid'; readonly message: string };

/** Waits for `promise` at most `ms` milliseconds; its failure counts as done (the caller checks state itself). */
function within(ms: number, promise: Promise<unknown>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([
        promise.then(() => undefined, () => undefined),
        new Promise<void>(resolve => { timer = setTimeout(resolve, ms); })
    ]).finally(() => clearTimeout(timer));
}
