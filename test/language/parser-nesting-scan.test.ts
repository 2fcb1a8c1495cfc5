import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAX_NESTING, tooDeepOffset } from '../../language/parser/guarded-parser.js';
import { caseSeed, mutate, prng } from '../fuzz/mutate.js';

/**
 * The nesting guard's scan (language/parser/guarded-parser.ts) reads characters instead of matching
 * a regular expression; it must find the same offset as the regular-expression version it
 * replaced, which is kept here as the reference.
 */
function referenceTooDeepOffset(input: string): number | undefined {
    const tokens = /"(?:\\.|[^"\\])*"?|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[()]|-|[A-Za-z_0-9.$:]+|\S/g;
    let parens = 0;
    let prefixRun = 0;
    for (let match = tokens.exec(input); match; match = tokens.exec(input)) {
        const token = match[0];
        if (token === '(') parens++;
        else if (token === ')') parens = Math.max(0, parens - 1);
        else if (token === 'not' || token === '-') prefixRun++;
        else if (token.startsWith('"') || token.startsWith('//') || token.startsWith('/*')) continue;
        else prefixRun = 0;
        if (token !== ')' && parens + prefixRun > MAX_NESTING) return match.index;
    }
    return undefined;
}

const repo = join(__dirname, '../..');
const texts = ['examples/retail', 'test/fixtures/spec'].flatMap(folder => readdirSync(join(repo, folder))
    .filter(f => f.endsWith('.campaign')).map(f => readFileSync(join(repo, folder, f), 'utf8')));

/** Texts around the limit, in every lexical context the scan distinguishes. */
const deep = (open: string, n: number, close = '') => open.repeat(n) + 'x' + close.repeat(n);
const edges = [
    deep('(', MAX_NESTING), deep('(', MAX_NESTING + 1), deep('(', MAX_NESTING + 1, ')'), deep('not ', MAX_NESTING + 1),
    deep('-', MAX_NESTING + 1), deep('- ', MAX_NESTING), deep('(not ', 40), deep('(- ', 33), deep('(nota ', 70), deep('(not.', 70),
    `${'('.repeat(60)} "((((((\\" ((((" ${'('.repeat(10)}`, `${'('.repeat(60)} // ((((((((\n ${'('.repeat(10)}`,
    `${'('.repeat(60)} /* (((((((( */ ${'('.repeat(10)}`, `${'('.repeat(60)} /* ((((((((`, `${'('.repeat(60)} "((((\\\n((((((((`,
    `${'('.repeat(60)}"\\\u2028((((((((`, `${'('.repeat(60)}\u00a0\u2003\ufeff((((((((`, `${'('.repeat(64)}/(`, `${'('.repeat(64)}/`,
    `${'('.repeat(60)} // ((((\r(((((((((`, `${'('.repeat(60)}\u0085((((((`, 'not '.repeat(30) + '('.repeat(40), '', '"', '/*', '//'
];

describe('the nesting guard scan', () => {
    test('finds what the regular expression found, on the edge cases', () => {
        const found = edges.map(tooDeepOffset);
        expect(found).toEqual(edges.map(referenceTooDeepOffset));
        // The edge cases do reach the limit, so the comparison is not between two undefineds only.
        expect(found.filter(offset => offset !== undefined).length).toBeGreaterThan(10);
    });

    test('finds what the regular expression found, on the examples and 1,500 mutations of them', () => {
        expect(texts.map(tooDeepOffset)).toEqual(texts.map(referenceTooDeepOffset));
        const SEED = 7071;
        for (let index = 0; index < 1500; index++) {
            const base = texts[index % texts.length];
            // Every third case is made deep first, so that mutations land around the limit.
            const start = index % 3 === 0 ? base.replace(/where /, `where ${'(not -'.repeat(22)}`) : base;
            const mutated = mutate(start, prng(caseSeed(SEED, index)), 1 + (index % 8)).text;
            expect(tooDeepOffset(mutated), `case ${index}`).toBe(referenceTooDeepOffset(mutated));
        }
    });
});
