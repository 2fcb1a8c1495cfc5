import {
    AstUtils, Cancellation, DefaultIndexManager, stream, UriUtils,
    type AstNode, type LangiumDocument, type ReferenceDescription, type Stream, type URI
} from 'langium';
import { CampaignReferenceDescriptionProvider } from '../linking/campaign-reference-description-provider.js';

/** A document's entry of the reference index, computed when first read. */
interface LazyReferences {
    descriptions?: ReferenceDescription[];
    foreign?: Set<string>;
    readonly document: LangiumDocument;
    /** Absent for another language's documents, whose descriptions are computed at once. */
    readonly provider?: CampaignReferenceDescriptionProvider;
}

/**
 * Langium's index manager, with a reference index ("index references" build phase) whose entries are
 * computed when first read instead of for every document of every build: the descriptions when
 * find references or rename asks (findAllReferences), and for `isAffected` (asked for every
 * document at each change) only the set of other documents the references point into.
 *
 * Why it gives the same answers: an entry is computed from the document's linked references, and
 * Langium removes the entry (removeReferences) whenever those change: `resetToState` below the
 * IndexedReferences state unlinks and removes together, and a deleted document is removed. Between
 * linking and that removal the links do not change, so computing later reads what computing at once
 * would have read. The entries stay in the order the documents were indexed, as Langium's map.
 */
export class CampaignIndexManager extends DefaultIndexManager {
    protected readonly lazyReferences = new Map<string, LazyReferences>();

    override async updateReferences(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const provider = this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider;
        if (!(provider instanceof CampaignReferenceDescriptionProvider)) {
            // Another language's provider: Langium's eager entry, kept in the same order.
            const descriptions = await provider.createDescriptions(document, cancelToken);
            this.lazyReferences.set(document.uri.toString(), { descriptions, document });
            return;
        }
        const uri = document.uri.toString();
        // Langium's Map.set keeps an existing key's place: so does this.
        this.lazyReferences.set(uri, { document, provider });
    }

    override removeReferences(uri: URI): void {
        super.removeReferences(uri);
        this.lazyReferences.delete(uri.toString());
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        const entry = this.lazyReferences.get(document.uri.toString());
        if (!entry) return false;
        if (!entry.provider) {
            return (entry.descriptions ?? []).some(ref => !ref.local && changedUris.has(ref.targetUri.toString()));
        }
        const foreign = entry.foreign ??= entry.provider.foreignTargets(entry.document);
        for (const uri of changedUris) if (foreign.has(uri)) return true;
        return false;
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        const targetDocUri = AstUtils.getDocument(targetNode).uri;
        const result: ReferenceDescription[] = [];
        for (const entry of this.lazyReferences.values()) {
            for (const description of this.descriptionsOf(entry)) {
                if (UriUtils.equals(description.targetUri, targetDocUri) && description.targetPath === astNodePath) result.push(description);
            }
        }
        return stream(result);
    }

    protected descriptionsOf(entry: LazyReferences): ReferenceDescription[] {
        return entry.descriptions ??= entry.provider?.describeReferences(entry.document) ?? [];
    }
}
