/**
 * Names for imported tables and columns: entities are singular PascalCase (`wishlist_items` ->
 * `WishlistItem`), fields camelCase (`first_name` -> `firstName`). A name that is not a valid
 * identifier, or an operator word, is changed and the original kept in `table "x"` / `column "x"`.
 */

/** The words that can never be names (language.md §1); every other keyword is contextual. */
export const OPERATOR_WORDS: ReadonlySet<string> = new Set([
    'and', 'or', 'not', 'except', 'in', 'is', 'like', 'contains', 'starts', 'exists', 'true', 'false', 'null'
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidName(name: string): boolean {
    return IDENTIFIER.test(name) && !OPERATOR_WORDS.has(name);
}

/** The words of a name: split at non-alphanumerics and at lower-to-upper case changes. */
function words(name: string): string[] {
    return name
        // Accented letters keep their base letter (`été` -> `ete`) instead of splitting the word.
        .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .split(/[^A-Za-z0-9]+/)
        .filter(w => w.length > 0);
}

function capitalize(word: string): string {
    return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** A valid identifier from arbitrary words: a leading digit gets `_`, an operator word gets `_` appended. */
function safe(name: string, fallback: string): string {
    let result = name.length > 0 ? name : fallback;
    if (/^[0-9]/.test(result)) result = `_${result}`;
    if (OPERATOR_WORDS.has(result)) result = `${result}_`;
    return result;
}

export function camelCase(name: string): string {
    return safe(words(name).map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w))).join(''), 'field');
}

export function pascalCase(name: string): string {
    return safe(words(name).map(capitalize).join(''), 'Entity');
}

const IRREGULAR_SINGULARS: Record<string, string> = {
    people: 'person', children: 'child', men: 'man', women: 'woman', mice: 'mouse', geese: 'goose',
    feet: 'foot', teeth: 'tooth', indices: 'index', matrices: 'matrix', vertices: 'vertex',
    analyses: 'analysis', criteria: 'criterion', data: 'data', news: 'news', series: 'series', species: 'species'
};

/** An English singular of the last word of a name, good enough for table names. */
export function singular(word: string): string {
    const lower = word.toLowerCase();
    if (IRREGULAR_SINGULARS[lower]) return matchCase(word, IRREGULAR_SINGULARS[lower]);
    if (/[^aeiou]ies$/.test(lower)) return `${word.slice(0, -3)}${matchCase(word.slice(-3), 'y')}`;
    if (/(ss|sh|ch|x|z)es$/.test(lower)) return word.slice(0, -2);
    if (/(us|ss|is)$/.test(lower)) return word;
    if (/uses$/.test(lower)) return word.slice(0, -2);
    if (lower.endsWith('s') && lower.length > 1) return word.slice(0, -1);
    return word;
}

function matchCase(model: string, text: string): string {
    return model.length > 0 && model[0] === model[0].toUpperCase() && model[0] !== model[0].toLowerCase()
        ? text.charAt(0).toUpperCase() + text.slice(1)
        : text;
}

/** `wishlist_items` -> `WishlistItem`, `People` -> `Person`, `order-lines` -> `OrderLine`. */
export function entityName(table: string): string {
    const parts = words(table);
    if (parts.length === 0) return 'Entity';
    parts[parts.length - 1] = singular(parts[parts.length - 1]);
    return safe(parts.map(capitalize).join(''), 'Entity');
}

/** Makes a name unique among `taken` by appending 2, 3, … and records it. */
export function unique(name: string, taken: Set<string>): string {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) candidate = `${name}${n}`;
    taken.add(candidate);
    return candidate;
}
