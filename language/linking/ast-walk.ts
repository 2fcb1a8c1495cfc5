import type { AstNode, MultiReference, Reference, ReferenceInfo } from 'langium';
import { Cancellation, OperationCancelled, interruptAndCheck, isMultiReference, isReference } from 'langium';

/**
 * Every node of the tree under `root`, root first, in exactly the order of Langium's
 * `streamAst` (depth first, properties in key order, `$` properties skipped).
 *
 * Why: the linker and the reference index each walk every node of every document. Langium's
 * lazy streams allocate an iterator state and closures per node; on the benchmark workspace those
 * walks were about a tenth of a full build. A plain loop over an array does the same walk.
 */
export function allNodes(root: AstNode, descend?: (node: AstNode) => boolean): AstNode[] {
    const nodes: AstNode[] = [];
    const stack: AstNode[] = [root];
    while (stack.length > 0) {
        const node = stack.pop()!;
        nodes.push(node);
        // `descend` false leaves the node's subtree out (Langium's `prune()` of the stream).
        if (descend && !descend(node)) continue;
        const children: AstNode[] = [];
        for (const key of Object.keys(node)) {
            if (key.startsWith('$')) continue;
            const value = (node as unknown as Record<string, unknown>)[key];
            if (isNode(value)) children.push(value);
            else if (Array.isArray(value)) {
                for (const element of value) if (isNode(element)) children.push(element);
            }
        }
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    return nodes;
}

/** The cross-references held by `node`, in the order of Langium's `streamReferences`. */
export function forEachReference(node: AstNode, action: (info: ReferenceInfo) => void): void {
    for (const property of Object.keys(node)) {
        if (property.startsWith('$')) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (isReference(value) || isMultiReference(value)) {
            action({ reference: value as Reference | MultiReference, container: node, property });
        } else if (Array.isArray(value)) {
            value.forEach((element, index) => {
                if (isReference(element) || isMultiReference(element)) {
                    action({ reference: element as Reference | MultiReference, container: node, property, index });
                }
            });
        }
    }
}

function isNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as AstNode).$type === 'string';
}

/** How many nodes a walk handles between two chances to yield to the event loop. */
const NODES_PER_YIELD = 128;

/**
 * The cancellation point of a loop over many nodes, to call once per node with its index: it throws
 * Langium's OperationCancelled as soon as the token is cancelled, and every NODES_PER_YIELD nodes it
 * returns Langium's `interruptAndCheck` (which yields when its 10 ms period is over); otherwise it
 * returns undefined and the loop goes on without an `await`.
 *
 * Why: Langium awaits `interruptAndCheck` before every node. Even when nothing is to be done, each
 * such await is an async call and a promise to resolve: on the benchmark workspace (about 100,000
 * nodes, walked by the linker, the reference index and the validator) that was a noticeable part of
 * a build. Without a token (the command line, `CancellationToken.None`) nothing is awaited at all.
 */
export function cancellationPoint(token: Cancellation.CancellationToken): (index: number) => Promise<void> | undefined {
    if (token === Cancellation.CancellationToken.None) return () => undefined;
    return index => {
        if (token.isCancellationRequested) throw OperationCancelled;
        return index % NODES_PER_YIELD === 0 ? interruptAndCheck(token) : undefined;
    };
}
