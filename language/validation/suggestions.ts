import { distance } from 'fastest-levenshtein';

/**
 * The known names closest to a misspelt one, best first: at most `limit`, within an edit distance
 * that grows with the name's length (one typo for short names, about a third of the letters for long ones).
 * Case differences count as half an edit, so `Country` → `country` always wins.
 */
export function closest(name: string | undefined, candidates: Iterable<string>, limit = 3): string[] {
    // A name missing from a broken statement has no neighbours.
    if (!name) return [];
    // A name missing from a recovered AST (after a syntax error) has no neighbours.
    if (typeof name !== 'string' || name.length === 0) return [];
    const max = Math.max(1, Math.round(name.length / 3));
    const scored: Array<[string, number]> = [];
    for (const candidate of new Set(candidates)) {
        if (typeof candidate !== 'string' || candidate.length === 0 || candidate === name) continue;
        const d = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : distance(name.toLowerCase(), candidate.toLowerCase()) + 0.1;
        if (d <= max + 0.1) scored.push([candidate, d]);
    }
    return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([c]) => c);
}

export function didYouMean(suggestions: readonly string[]): string {
    if (suggestions.length === 0) return '';
    return ` Did you mean ${suggestions.map(s => `'${s}'`).join(' or ')}?`;
}
