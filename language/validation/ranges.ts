import type { AstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';

/**
 * The source range of an expression. Langium's infix rules give every node rebuilt by precedence the
 * CST node of the whole chain (in `y * 2 + 3 = 4`, `y * 2` reports `y * 2 + 3`), so binary nodes are
 * measured from their operands; parentheses around an operand are not included.
 */
export function rangeOf(node: AstNode): Range | undefined {
    if (node.$type === 'ArithmeticExpression' || node.$type === 'LogicalExpression') {
        const { left, right } = node as unknown as { left?: AstNode; right?: AstNode };
        const start = left ? rangeOf(left) : undefined;
        const end = right ? rangeOf(right) : undefined;
        if (start && end) return { start: start.start, end: end.end };
    }
    return node.$cstNode?.range;
}
