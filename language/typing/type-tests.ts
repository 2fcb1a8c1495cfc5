import type { AstNode } from 'langium';
import { reflection } from '../generated/ast.js';

/**
 * `isX(node)` of the generated AST for a node: whether its `$type` is X or one of X's subtypes,
 * looked up in a set of type names made once, instead of the reflection's `isInstance` (a call
 * chain and two nested lookups). For AST nodes the answer is the same: `isInstance` is
 * `isSubtype(node.$type, X)`, and `getAllSubTypes(X)` lists every type that is a subtype of X.
 *
 * Why: `Populations.contextOf` and the name scope walk up from every name in an expression, asking
 * each container what it is.
 */
export function nodeTypeTest<T extends AstNode>(type: string): (node: AstNode) => node is T {
    const types = new Set(reflection.getAllSubTypes(type));
    return (node: AstNode): node is T => types.has(node.$type);
}
