import { describe, expect, test } from 'vitest';
import { createTestServices } from './test-services.js';

// The parser is recursive descent: absurd nesting used to overflow the stack and crash the server.
describe('text that nests too deeply', () => {
    const { services, parse } = createTestServices();

    test.each([
        ['parentheses', `campaign c { audience a: X where ${'('.repeat(1500)}1${')'.repeat(1500)} = 1 }`],
        ['not', `campaign c { audience a: X where ${'not '.repeat(2000)}x = 1 }`],
        ['unary minus', `campaign c { audience a: X where x = ${'-'.repeat(2000)}1 }`]
    ])('%s: a located error, no exception, and the parser still works afterwards', async (_name, text) => {
        const document = await parse(text);
        const errors = document.parseResult.parserErrors;
        const tooDeep = errors.find(e => e.name === 'NestingTooDeep');
        expect(tooDeep).toBeDefined();
        expect(tooDeep!.token.startOffset).toBeGreaterThan(0);
        expect(tooDeep!.token.startOffset).toBeLessThan(text.length);
        const diagnostics = await services.Campaign.validation.DocumentValidator.validateDocument(document);
        const lines = text.split('\n').length;
        for (const d of diagnostics) expect(d.range.end.line).toBeLessThan(lines);
        expect(diagnostics.some(d => JSON.stringify(d.message).includes('levels deep'))).toBe(true);

        const next = await parse('campaign ok { audience a: X where (x = 1) }');
        expect(next.parseResult.parserErrors).toEqual([]);
    });
});

describe('ordinary nesting', () => {
    const { parse } = createTestServices();
    test('fifty levels of parentheses and a string full of them parse as usual', async () => {
        const text = `campaign c { audience a: X where ${'('.repeat(50)}x = "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("${')'.repeat(50)} }`;
        const document = await parse(text);
        expect(document.parseResult.parserErrors).toEqual([]);
    });
});
