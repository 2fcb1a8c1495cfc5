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
        // The children go onto the stack in order, then that stretch is reversed, so that the first
        // child is popped first (no array per node).
        const first = stack.length;
        for (const key in node) {
            if (key.charCodeAt(0) === 36 /* $ */) continue;
            const value = (node as unknown as Record<string, unknown>)[key];
            if (isNode(value)) stack.push(value);
            else if (Array.isArray(value)) {
                for (let i = 0; i < value.length; i++) if (isNode(value[i])) stack.push(value[i]);
            }
        }
        for (let i = first, j = stack.length - 1; i < j; i++, j--) {
            const swap = stack[i];
            stack[i] = stack[j];
            stack[j] = swap;
        }
    }
    return nodes;
}

const nodesOf = new WeakMap<AstNode, readonly AstNode[]>();
const referencesOf = new WeakMap<AstNode, readonly ReferenceInfo[]>();

/**
 * `allNodes(root)` computed once per tree: the linker (through allReferences) and the validator both
 * walk every node of every document. The tree does not change once parsed (a new text is a new
 * tree), so the list stays right; it goes away with the tree.
 */
export function treeNodes(root: AstNode): readonly AstNode[] {
    let nodes = nodesOf.get(root);
    if (!nodes) nodes = walkTree(root).nodes;
    return nodes;
}

/**
 * Every cross-reference of the tree under `root`, in the order of Langium's walk (`streamAst`, then
 * `streamReferences` of each node), computed once per tree.
 *
 * Why: the linker and the reference index both want exactly this list, for every document of each
 * build, and a document that is only relinked (another file changed) keeps its tree. The tree does
 * not change once parsed (a new text is a new tree), so the list stays right; it goes away with it.
 */
export function allReferences(root: AstNode): readonly ReferenceInfo[] {
    return referencesOf.get(root) ?? walkTree(root).references;
}

/**
 * One walk for both lists (kept per tree): a node's properties are read once, for its children
 * (allNodes' order) and for its references (forEachReference's order), which the node's turn in
 * the walk lists right after it.
 */
function walkTree(root: AstNode): { nodes: AstNode[]; references: ReferenceInfo[] } {
    const nodes: AstNode[] = [];
    const references: ReferenceInfo[] = [];
    const stack: AstNode[] = [root];
    while (stack.length > 0) {
        const node = stack.pop()!;
        nodes.push(node);
        const first = stack.length;
        for (const key in node) {
            if (key.charCodeAt(0) === 36 /* $ */) continue;
            const value = (node as unknown as Record<string, unknown>)[key];
            if (typeof value !== 'object' || value === null) continue;
            if (Array.isArray(value)) {
                for (let i = 0; i < value.length; i++) {
                    const element: unknown = value[i];
                    if (isNode(element)) stack.push(element);
                    else if (isReference(element) || isMultiReference(element)) {
                        references.push({ reference: element as Reference | MultiReference, container: node, property: key, index: i });
                    }
                }
            } else if (isNode(value)) stack.push(value);
            else if (isReference(value) || isMultiReference(value)) {
                references.push({ reference: value as Reference | MultiReference, container: node, property: key });
            }
        }
        for (let i = first, j = stack.length - 1; i < j; i++, j--) {
            const swap = stack[i];
            stack[i] = stack[j];
            stack[j] = swap;
        }
    }
    nodesOf.set(root, nodes);
    referencesOf.set(root, references);
    return { nodes, references };
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
