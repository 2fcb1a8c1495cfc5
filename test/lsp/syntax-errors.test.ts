import { describe, expect, test } from 'vitest';
import { createTestServices } from '../language/test-services.js';

const { parse } = createTestServices();

async function messages(text: string): Promise<string[]> {
    const document = await parse(text);
    return document.parseResult.parserErrors.map(e => e.message);
}

describe('syntax errors a person can read', () => {
    test('a missing condition says an expression is expected, not 117 alternatives', async () => {
        const [first] = await messages('campaign c { audience a: C where }');
        expect(first).toBe('Expected an expression but found `}`.');
    });

    test('an unknown word in a campaign names the activities and settings', async () => {
        const [first] = await messages('campaign c { bogus x from a }');
        expect(first).toMatch(/^Expected an activity \(e\.g\. `audience`, `split`, `email`\) or a campaign setting .* or `}` but found `bogus`\.$/);
    });

    test('inside a block, the options of that activity', async () => {
        expect((await messages('campaign c { split s from a { foo } }'))[0]).toContain('`segment`, `remainder`, `overlap`');
        expect((await messages('campaign c { union u from a { foo } }'))[0]).toBe('Expected an option (`label`, `disabled`, `pause` …) or `}` but found `foo`.');
        expect((await messages('entity E { 1 }'))[0]).toContain('a field (`name: type`)');
    });

    test('a missing name where keywords could serve as names says "a name"', async () => {
        expect((await messages('entity E { a: }'))[0]).toBe('Expected a name but found `}`.');
    });

    test('a single expected token is shown as written', async () => {
        expect((await messages('campaign c { audience a C }'))[0]).toBe('Expected `:` but found `C`.');
    });

    test('stray text at top level lists the declarations', async () => {
        expect((await messages('campaign c { } }'))[0]).toBe('Expected a declaration (`entity`, `enum`, `filter`, `campaign` or `database`) but found `}`.');
    });

    test('the end of the file is named as such', async () => {
        expect((await messages('campaign c {'))[0]).toMatch(/but found the end of the file\.$/);
    });

    test('an operator without a right-hand side', async () => {
        expect((await messages('campaign c { audience a: C where x = 1 + }'))[0]).toBe('Expected an expression after `+`: an operator needs a value on each side.');
    });

    test('lexer errors: an unterminated string, a stray character', async () => {
        const lexer = async (text: string) => (await parse(text)).parseResult.lexerErrors.map(e => e.message);
        expect(await lexer('campaign c { sms s from a { body "Hi } }')).toEqual(['Unterminated string: add the closing `"` (inside a string, write `\\"` for a quote).']);
        expect(await lexer('campaign c { seed 1 # }')).toEqual(['Unexpected character `#`.']);
    });

    test('no message lists more than a handful of alternatives', async () => {
        const inputs = ['campaign c { audience a: C where x = }', 'campaign c { schedule }', 'campaign c { split s from { } }',
            'enum { }', 'filter f( on C', 'campaign c { email e from a { subject } }', 'campaign c { test t from a { when -> } }'];
        for (const input of inputs) {
            for (const message of await messages(input)) {
                expect(message.length, `${input}: ${message}`).toBeLessThan(300);
                expect(message).not.toMatch(/\d+\. \[/);
            }
        }
    });
});
