/**
 * Seeded text mutations for the fuzz test: deletes, inserts and duplicates of characters, tokens
 * and lines, the kinds of damage an editor sees while somebody types. Everything is a pure function
 * of the seed, so a failing case is reproduced from the printed seed and case number alone.
 */

/** mulberry32: a small, fast PRNG with a 32-bit state. */
export function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** The seed of one case, so that any case can be replayed without running the ones before it. */
export function caseSeed(seed: number, index: number): number {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
}

export interface Token {
    readonly start: number;
    readonly end: number;
}

/** A rough tokenizer: strings, comments, words, numbers with their date/time/percent tails, punctuation. */
export function roughTokens(text: string): Token[] {
    const pattern = /"(?:\\.|[^"\\])*"?|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|\{\{|\}\}|->|!=|<=|>=|\d[\d\-:T.%]*|[A-Za-z_$@][A-Za-z0-9_]*|\S/g;
    const tokens: Token[] = [];
    for (const match of text.matchAll(pattern)) tokens.push({ start: match.index, end: match.index + match[0].length });
    return tokens;
}

/** Fragments worth inserting: keywords in odd places, operators, unbalanced brackets, literals, non-ASCII. */
const FRAGMENTS = [
    'campaign', 'entity', 'audience', 'from', 'where', 'split', 'segment', 'limit', 'email', 'subject', 'body',
    'exists', 'not', 'and', 'or', 'except', 'in', 'is', 'empty', 'starts', 'with', 'like', 'contains', 'true', 'null',
    'schedule', 'monthly', 'on', 'last', 'day', 'every', 'between', 'key', 'table', 'column', 'by', 'via', 'per',
    'count(', 'sum(', 'max(', ')', '(', '{', '}', '[', ']', ',', ';', ':', '.', '->', '$', '@', '=', '!=', '<', '>=',
    '+', '-', '*', '/', '%', '"', '"{{', '}}"', '{{#each x}}', '{{/each}}', '"\\', '\\"', '//', '/*', '*/',
    '0', '-3', '49.99', '10%', '2026-02-30', '1990-1-1', '2026-03-01T25:99', '99:99', '12.5%', '3 days',
    '\n', '\t', ' ', '\r\n', '\u0000', '\ufeff', 'é', '日本', '\u{1F600}', 'a'.repeat(300)
];

export interface Mutated {
    readonly text: string;
    /** What was done, for the failure report. */
    readonly steps: readonly string[];
}

export function mutate(original: string, random: () => number, count: number): Mutated {
    let text = original;
    const steps: string[] = [];
    const int = (n: number) => Math.floor(random() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)];
    for (let i = 0; i < count; i++) {
        const tokens = roughTokens(text);
        const kind = int(10);
        const at = int(text.length + 1);
        const describe = (what: string, offset: number) => steps.push(`${what} at ${offset}`);
        if (kind === 0 && text.length > 0) {
            const length = 1 + int(8);
            describe(`delete ${JSON.stringify(text.slice(at, at + length))}`, at);
            text = text.slice(0, at) + text.slice(at + length);
        } else if (kind === 1) {
            const char = String.fromCharCode(32 + int(95));
            describe(`insert ${JSON.stringify(char)}`, at);
            text = text.slice(0, at) + char + text.slice(at);
        } else if (kind === 2 && text.length > 0) {
            const length = 1 + int(20);
            const span = text.slice(at, at + length);
            describe(`duplicate ${JSON.stringify(span)}`, at);
            text = text.slice(0, at) + span + text.slice(at);
        } else if (kind === 3 && tokens.length > 0) {
            const t = pick(tokens);
            describe(`delete token ${JSON.stringify(text.slice(t.start, t.end))}`, t.start);
            text = text.slice(0, t.start) + text.slice(t.end);
        } else if (kind === 4 && tokens.length > 0) {
            const t = pick(tokens);
            describe(`duplicate token ${JSON.stringify(text.slice(t.start, t.end))}`, t.end);
            text = `${text.slice(0, t.end)} ${text.slice(t.start, t.end)}${text.slice(t.end)}`;
        } else if (kind === 5 && tokens.length > 0) {
            const t = pick(tokens);
            const fragment = pick(FRAGMENTS);
            describe(`insert fragment ${JSON.stringify(fragment)}`, t.start);
            text = `${text.slice(0, t.start)}${fragment} ${text.slice(t.start)}`;
        } else if (kind === 6 && tokens.length > 1) {
            const a = pick(tokens);
            const b = pick(tokens);
            const [first, second] = a.start <= b.start ? [a, b] : [b, a];
            if (first.end <= second.start) {
                describe(`swap ${JSON.stringify(text.slice(first.start, first.end))} and ${JSON.stringify(text.slice(second.start, second.end))}`, first.start);
                text = text.slice(0, first.start) + text.slice(second.start, second.end) + text.slice(first.end, second.start)
                    + text.slice(first.start, first.end) + text.slice(second.end);
            }
        } else if (kind === 7) {
            describe('truncate', at);
            text = text.slice(0, at);
        } else if (kind === 8) {
            const lines = text.split('\n');
            const line = int(lines.length);
            describe(`duplicate line ${line + 1}`, at);
            lines.splice(line, 0, lines[line]);
            text = lines.join('\n');
        } else {
            const fragment = pick(FRAGMENTS);
            describe(`insert fragment ${JSON.stringify(fragment)}`, at);
            text = text.slice(0, at) + fragment + text.slice(at);
        }
    }
    return { text, steps };
}
