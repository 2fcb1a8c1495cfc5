/**
 * Where the rows are those of a collection rather than of the population: the `where` of an
 * aggregate (`count(purchases where |)`, `sum(purchases.amount where |)`), a parenthesised `where` of
 * `exists` (`exists purchases where (amount > 1 and |`), and the `where` and `order by` of a `take`.
 * While such a condition is being typed the parser has usually dropped the enclosing node, so the
 * context is read from the text before the cursor; the result is the collection's path as written
 * (`purchases`, `purchases.amount`), resolved by the caller against the population.
 */

const PATH = String.raw`[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*`;
const AGGREGATE_OPEN = new RegExp(String.raw`\b(?:count|sum|avg|min|max|countDistinct)\s*$`);
const AGGREGATE_WHERE = new RegExp(String.raw`^\(\s*(${PATH})\s+where\b`);
const EXISTS_WHERE = new RegExp(String.raw`\bexists\s+(${PATH})\s+where\s*$`);
const TAKE = new RegExp(String.raw`\btake\s+\d+\s+(${PATH})\s+(?:where|order\s+by)\b[^{};]*$`);

/** The collection path whose rows the cursor's condition is about, or undefined for the population's own rows. */
export function collectionPathBefore(text: string): string[] | undefined {
    const opens = openParentheses(text);
    let found: { at: number; path: string } | undefined;
    // From the innermost parenthesis outwards: `count(purchases where lower(|` is still about purchases.
    for (let i = opens.length - 1; i >= 0 && !found; i--) {
        const at = opens[i];
        const before = text.substring(0, at);
        const inside = AGGREGATE_WHERE.exec(text.substring(at));
        if (inside && AGGREGATE_OPEN.test(before)) found = { at, path: inside[1] };
        const exists = EXISTS_WHERE.exec(before);
        if (!found && exists) found = { at, path: exists[1] };
    }
    const take = TAKE.exec(text);
    if (take && (!found || take.index > found.at)) found = { at: take.index, path: take[1] };
    return found ? found.path.split('.').map(s => s.trim()) : undefined;
}

/** Offsets of the `(` not closed before the end of the text, outside strings and comments. */
export function openParentheses(text: string): number[] {
    const open: number[] = [];
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === '"') {
            i++;
            while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        } else if (ch === '/' && text[i + 1] === '/') {
            const end = text.indexOf('\n', i);
            if (end < 0) break;
            i = end;
        } else if (ch === '/' && text[i + 1] === '*') {
            const end = text.indexOf('*/', i + 2);
            if (end < 0) break;
            i = end + 1;
        } else if (ch === '(') {
            open.push(i);
        } else if (ch === ')') {
            open.pop();
        }
    }
    return open;
}
