import {
    AstUtils, Cancellation, DefaultReferenceDescriptionProvider, isMultiReference, isReference, UriUtils,
    type AstNodeDescription, type LangiumDocument, type ReferenceDescription, type ReferenceInfo
} from 'langium';
import { lazySegment } from '../workspace/lazy-segments.js';
import { allReferences, cancellationPoint } from './ast-walk.js';

/**
 * Langium's reference index entries (the "index references" build phase), with the same plain walk
 * as CampaignLinker: the same descriptions in the same order, without lazy streams
 * or an await per node.
 */
export class CampaignReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const references = allReferences(document.parseResult.value);
        const checkpoint = cancellationPoint(cancelToken);
        for (let i = 0; i < references.length; i++) {
            const pending = checkpoint(i);
            if (pending) await pending;
            const info = references[i];
            if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
        }
        return descriptions;
    }

    /**
     * Langium's descriptions of one reference, with the same values, but the path of the node that
     * holds it and the segment of its text are computed when first read (find references, rename),
     * not for each of the workspace's references (lazy-segments.ts).
     */
    protected override createInfoDescriptions(refInfo: ReferenceInfo): ReferenceDescription[] {
        const reference = refInfo.reference;
        if (reference.error || !reference.$refNode) return [];
        let items: AstNodeDescription[] = [];
        if (isReference(reference) && reference.$nodeDescription) items = [reference.$nodeDescription];
        else if (isMultiReference(reference)) items = reference.items.map(e => e.$nodeDescription).filter(e => e !== undefined);
        if (items.length === 0) return [];
        const sourceUri = AstUtils.getDocument(refInfo.container).uri;
        const container = refInfo.container;
        const locator = this.nodeLocator;
        let sourcePath: string | undefined;
        const segment = lazySegment(reference.$refNode);
        return items.map(item => ({
            sourceUri,
            get sourcePath() {
                return sourcePath ??= locator.getAstNodePath(container);
            },
            targetUri: item.documentUri,
            targetPath: item.path,
            get segment() {
                return segment()!;
            },
            local: UriUtils.equals(item.documentUri, sourceUri)
        }));
    }
}
