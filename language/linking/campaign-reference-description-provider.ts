import { Cancellation, DefaultReferenceDescriptionProvider, interruptAndCheck, type LangiumDocument, type ReferenceDescription } from 'langium';
import { allNodes, forEachReference } from './ast-walk.js';

/**
 * Langium's reference index entries (the "index references" build phase), with the same plain walk
 * as CampaignLinker: the same descriptions in the same order, without lazy streams.
 */
export class CampaignReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        for (const node of allNodes(document.parseResult.value)) {
            await interruptAndCheck(cancelToken);
            forEachReference(node, info => {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            });
        }
        return descriptions;
    }
}
