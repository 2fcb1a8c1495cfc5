import { CstUtils, type CstNode, type DocumentSegment } from 'langium';

/**
 * A getter for Langium's `toDocumentSegment(node)`, computed on first use and then kept.
 *
 * Why: Langium computes the segment (offset, end and line/column range, which walks the CST) of
 * every described node and of every reference while building. Hardly any of them is ever read
 * (go to definition, find references and rename read a few), and on the benchmark workspace
 * computing them was about a sixth of linking and most of the reference index.
 */
export function lazySegment(node: CstNode | undefined | (() => CstNode | undefined)): () => DocumentSegment | undefined {
    let segment: DocumentSegment | undefined;
    let done = false;
    return () => {
        if (!done) {
            segment = CstUtils.toDocumentSegment(typeof node === 'function' ? node() : node);
            done = true;
        }
        return segment;
    };
}
