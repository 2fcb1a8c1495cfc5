import type { AstNode } from 'langium';

type Linkable = AstNode & Record<string, unknown>;

/**
 * Sets `$container`, `$containerProperty` and `$containerIndex` on the direct children of `node`,
 * exactly as Langium's linkContentToContainer does for one node: every property whose name does not
 * start with `$`, an AST node or an array of them (array items get their index).
 *
 * Why a copy: the stock function takes Object.entries of the node and a forEach closure per array,
 * and the stock parser runs it over the whole finished tree in a second pass. The lean parser
 * calls this once per node when the node is constructed (its children are final by then), with a
 * for-in loop that allocates nothing; the keys are visited in the same (insertion) order.
 */
export function linkChildren(node: Linkable): void {
    for (const name in node) {
        if (name.charCodeAt(0) === 36 /* $ */) continue;
        const value = node[name];
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const item = value[index];
                if (isNode(item)) {
                    item.$container = node;
                    item.$containerProperty = name;
                    item.$containerIndex = index;
                }
            }
        } else if (isNode(value)) {
            value.$container = node;
            value.$containerProperty = name;
        }
    }
}

/** Langium's isAstNode. */
function isNode(value: unknown): value is { $container?: AstNode; $containerProperty?: string; $containerIndex?: number } {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}
