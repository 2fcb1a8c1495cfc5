import { SemanticTokensDecoder } from 'langium/lsp';
import { describe, expect, test } from 'vitest';
import { createEditorWorkspace } from '../lsp/workspace.js';

const { services, withDocuments } = createEditorWorkspace();

/** The semantic tokens of a campaign document, as `text:type` pairs in text order. */
async function tokens(text: string): Promise<string[]> {
    return withDocuments([text], async ([document]) => {
        const provider = services.Campaign.lsp.SemanticTokenProvider!;
        const result = await provider.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
        return SemanticTokensDecoder.decode(result, provider.tokenTypes, document).map(t => `${t.text}:${t.tokenType}`);
    });
}

describe('semantic tokens', () => {
    test('`email` is a keyword where it starts a channel and a property where it names a field', async () => {
        const result = await tokens('campaign c {\n  audience a: Customer where email is not empty\n  dedupe d from a by email\n  email m from d {\n    body "x"\n  }\n}');
        expect(result.filter(t => t.startsWith('email:'))).toEqual(['email:property', 'email:property']);
        expect(result).toContain('m:function');
    });

    test('declarations and references are coloured by what they are', async () => {
        const result = await tokens('filter big(min: decimal) on Customer where sum(purchases.amount) >= min\n'
            + 'campaign c {\n  var discount = "20"\n  audience a: Customer where tier = gold and big(3) and lower(country) = $discount\n'
            + '  split s from a {\n    segment vip\n  }\n  union u from s.vip\n}');
        expect(result).toEqual(expect.arrayContaining([
            'big:function', 'min:parameter', 'Customer:type', 'sum:function', 'purchases:property', 'amount:property',
            'c:namespace', 'discount:variable', 'a:function', 'tier:property', 'gold:enumMember', 'lower:function',
            'country:property', '$:variable', 'vip:event', 's:function', 'decimal:type'
        ]));
    });

    test('the schema: entities, fields, links, enums, annotations', async () => {
        const result = await tokens('enum Level { low, high }\nentity Thing table "things" {\n  key id: int\n  order: Level\n  email: string? @email\n  optIn: bool @optin(email)\n  other: Thing by id\n}');
        expect(result).toEqual(expect.arrayContaining([
            'Level:enum', 'low:enumMember', 'Thing:class', 'id:property', 'int:type', 'order:property', 'Level:enum',
            'email:property', '@:decorator', 'email:decorator', 'optin:decorator', 'email:enumMember', 'Thing:type'
        ]));
    });

    test('names inside templates are coloured inside the string', async () => {
        const result = await tokens('campaign c {\n  var d = "1"\n  audience a: Customer\n  email m from a {\n    subject "Hi {{firstName}} {{$d}} {{store.city}}"\n    body "x"\n  }\n}');
        expect(result).toEqual(expect.arrayContaining(['firstName:property', '$d:variable', 'store.city:property']));
    });
});
