// The graphs of open documents, as the language server serves them. While a document does not
// parse, the last good graph is served marked stale (langium-sprotty's shouldUpdateDiagram idea), so
// the picture does not fall apart while someone is typing.
import type { LangiumDocument, LangiumSharedCoreServices } from 'langium';
import { URI } from 'langium';
import type { Model } from '../generated/ast.js';
import type { CampaignGraph, GetGraph } from '../protocol.js';
import { dimensionName, type Populations } from '../typing/population.js';
import { inferDimensions, type DimensionOf } from './dimension.js';
import { campaignsOf, findCampaign, hasParseErrors } from './source.js';
import { toGraph } from './to-graph.js';

interface GoodState {
    readonly version: number;
    readonly campaigns: readonly string[];
    readonly graphs: Map<string, CampaignGraph>;
}

export class GraphModel {
    private readonly lastGood = new Map<string, GoodState>();

    constructor(
        private readonly shared: LangiumSharedCoreServices,
        /** Supplies the typing service's dimensions per document, when there is one. */
        private readonly dimensions?: (document: LangiumDocument) => DimensionOf | undefined
    ) {}

    /** The graph of `uri` (a campaign of it), or undefined when the document is not known. */
    getGraph(params: GetGraph.Params): GetGraph.Result | undefined {
        const documents = this.shared.workspace.LangiumDocuments;
        const uri = URI.parse(params.uri);
        if (!documents.hasDocument(uri)) return undefined;
        const document = documents.getDocument(uri)! as LangiumDocument<Model>;
        const currentVersion = document.textDocument.version;
        const problems = countProblems(document);
        const key = uri.toString();
        if (!hasParseErrors(document)) {
            const state = this.refresh(document);
            const campaign = params.campaign ?? state.campaigns[0];
            const graph = campaign !== undefined ? state.graphs.get(campaign) : undefined;
            return { uri: params.uri, version: currentVersion, currentVersion, campaigns: state.campaigns, stale: false, problems, ...(graph ? { graph } : {}) };
        }
        const good = this.lastGood.get(key);
        if (good) {
            const campaign = params.campaign ?? good.campaigns[0];
            const graph = campaign !== undefined ? good.graphs.get(campaign) : undefined;
            return { uri: params.uri, version: good.version, currentVersion, campaigns: good.campaigns, stale: true, problems, ...(graph ? { graph } : {}) };
        }
        // Never parsed: draw what the recovered AST has, marked stale.
        const model = document.parseResult.value;
        const campaigns = campaignsOf(model).map(c => c.name);
        const campaign = findCampaign(model, params.campaign);
        const graph = campaign ? toGraph(document, campaign, this.options(document)) : undefined;
        return { uri: params.uri, version: currentVersion, currentVersion, campaigns, stale: true, problems, ...(graph ? { graph } : {}) };
    }

    /** Records a document that parses as the last good state, with the graphs of all its campaigns. */
    refresh(document: LangiumDocument<Model>): GoodState {
        const key = document.uri.toString();
        const version = document.textDocument.version;
        const existing = this.lastGood.get(key);
        if (existing && existing.version === version && !this.dirty.has(key)) return existing;
        const campaigns = campaignsOf(document.parseResult.value);
        const options = this.options(document);
        const graphs = new Map(campaigns.map(c => [c.name, toGraph(document, c, options)] as const));
        const state: GoodState = { version, campaigns: campaigns.map(c => c.name), graphs };
        this.lastGood.set(key, state);
        this.dirty.delete(key);
        return state;
    }

    /** Marks a document's graphs as out of date (diagnostics changed after validation). */
    invalidate(uri: string): void {
        this.dirty.add(uri);
    }

    forget(uri: string): void {
        this.lastGood.delete(uri);
        this.dirty.delete(uri);
    }

    private readonly dirty = new Set<string>();

    private options(document: LangiumDocument) {
        const dimensionOf = this.dimensions?.(document) ?? this.typedDimensions(document);
        return dimensionOf ? { dimensionOf } : {};
    }

    /** Dimensions from the typing service (`services.typing.Populations`), the light inference where it has none. */
    private typedDimensions(document: LangiumDocument): DimensionOf | undefined {
        const services = this.shared.ServiceRegistry.getServices(document.uri) as { typing?: { Populations?: Populations } };
        const populations = services.typing?.Populations;
        if (!populations) return undefined;
        const fallback = inferDimensions();
        return activity => {
            try {
                const population = populations.ofActivity(activity);
                if (population) return dimensionName(population.dimension);
            } catch {
                // A half-linked document: the inference below still has something to show.
            }
            return fallback(activity);
        };
    }
}

function countProblems(document: LangiumDocument): GetGraph.Result['problems'] {
    const diagnostics = document.diagnostics ?? [];
    return {
        errors: diagnostics.filter(d => (d.severity ?? 1) === 1).length,
        warnings: diagnostics.filter(d => d.severity === 2).length
    };
}
