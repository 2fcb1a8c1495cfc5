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
     * The same descriptions as createDescriptions, computed at once (no cancellation points): for
     * CampaignIndexManager, which asks for them only when the reference index is first read.
     */
    describeReferences(document: LangiumDocument): ReferenceDescription[] {
        const descriptions: ReferenceDescription[] = [];
        for (const info of allReferences(document.parseResult.value)) {
            if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
        }
        return descriptions;
    }

    /**
     * The `targetUri`s (as strings) of the descriptions that are not `local`, without creating the
     * descriptions: all that Langium's `IndexManager.isAffected` reads of them.
     */
    foreignTargets(document: LangiumDocument): Set<string> {
        const targets = new Set<string>();
        const sourceUri = document.uri.toString();
        for (const info of allReferences(document.parseResult.value)) {
            const reference = info.reference;
            // The same conditions as createInfoDescriptions (and createDescriptions' error check).
            if (reference.error || !reference.$refNode) continue;
            const items = isReference(reference) ? [reference.$nodeDescription]
                : isMultiReference(reference) ? reference.items.map(e => e.$nodeDescription) : [];
            for (const item of items) {
                if (!item) continue;
                const target = item.documentUri.toString();
                if (target !== sourceUri) targets.add(target);
            }
        }
        return targets;
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
