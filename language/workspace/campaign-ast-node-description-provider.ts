import { AstUtils, DefaultAstNodeDescriptionProvider, type AstNode, type AstNodeDescription, type LangiumDocument } from 'langium';
import { lazySegment } from './lazy-segments.js';

/**
 * Langium's node descriptions (what a scope offers and a reference points at), with the same
 * values, but the two document segments (`nameSegment`, `selectionSegment`) and the node's path are
 * computed when first read rather than for every description (lazy-segments.ts).
 */
export class CampaignAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        name ??= this.nameProvider.getName(node);
        const locator = this.astNodeLocator;
        if (!name) throw new Error(`Node at path ${locator.getAstNodePath(node)} has no name.`);
        // The path too is computed when first read: a reference's target is found through `node`,
        // and the path is read only by the reference index (find references, rename) and when a
        // description without its node is loaded.
        let path: string | undefined;
        // Finding the name's CST node searches the node's CST: only when the segment is read.
        const nameSegment = lazySegment(() => this.nameProvider.getNameNode(node) ?? node.$cstNode);
        const selectionSegment = lazySegment(node.$cstNode);
        return {
            node,
            name,
            get nameSegment() {
                return nameSegment();
            },
            get selectionSegment() {
                return selectionSegment();
            },
            type: node.$type,
            documentUri: doc.uri,
            get path() {
                return path ??= locator.getAstNodePath(node);
            }
        };
    }
}
