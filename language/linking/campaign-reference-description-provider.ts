import { Cancellation, DefaultReferenceDescriptionProvider, type LangiumDocument, type ReferenceDescription } from 'langium';
import { allNodes, cancellationPoint, forEachReference } from './ast-walk.js';

/**
 * Langium's reference index entries (the "index references" build phase), with the same plain walk
 * as CampaignLinker: the same descriptions in the same order, without lazy streams
 * or an await per node.
 */
export class CampaignReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const nodes = allNodes(document.parseResult.value);
        const checkpoint = cancellationPoint(cancelToken);
        for (let i = 0; i < nodes.length; i++) {
            const pending = checkpoint(i);
            if (pending) await pending;
            forEachReference(nodes[i], info => {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            });
        }
        return descriptions;
    }
}
