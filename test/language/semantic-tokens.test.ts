import { setInterruptionPeriod } from 'langium';
import { SemanticTokensDecoder } from 'langium/lsp';
import { describe, expect, test } from 'vitest';
import type { SemanticTokens } from 'vscode-languageserver';
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

/** The tokens of LSP data as [line, character, length], and the places where one starts before the previous one ends or goes back. */
function problems(data: SemanticTokens['data']): string[] {
    const found: string[] = [];
    let line = 0;
    let character = 0;
    let previousEnd = 0;
    for (let i = 0; i < data.length; i += 5) {
        if (i > 0 && data[i] === 0 && character + data[i + 1] < previousEnd) found.push(`${line}:${character + data[i + 1]} overlaps`);
        character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
        line += data[i];
        if (data[i + 2] <= 0) found.push(`${line}:${character} empty`);
        previousEnd = character + data[i + 2];
    }
    return found;
}

const TEMPLATES = 'campaign c {\n  var d = "1"\n  audience a: Customer\n  enrich e from a {\n    last = take 2 purchases order by amount desc {\n      amount\n    }\n  }\n'
    + '  email m from e {\n    subject "Hi {{firstName}}, {{$d}}% in {{store.city}}"\n'
    + '    body "Dear {{firstName}},\n{{#each last}}{{amount}} {{/each}}\nand {{ last1_amount }} \\"quoted\\""\n  }\n}';

describe('semantic tokens of templates', () => {
    test('the string is split around the names: sorted, non-overlapping, covering the string', async () => {
        const { data, decoded, text } = await withDocuments([TEMPLATES], async ([document]) => {
            const provider = services.Campaign.lsp.SemanticTokenProvider!;
            const result = await provider.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
            return { data: result.data, decoded: SemanticTokensDecoder.decode(result, provider.tokenTypes, document), text: document.textDocument.getText() };
        });
        expect(problems(data)).toEqual([]);
        // Offsets strictly increase and tokens never overlap.
        for (let i = 1; i < decoded.length; i++) {
            expect(decoded[i].offset).toBeGreaterThanOrEqual(decoded[i - 1].offset + decoded[i - 1].text.length);
        }
        const subject = text.indexOf('"Hi');
        const subjectTokens = decoded.filter(t => t.offset >= subject && t.offset < text.indexOf('\n', subject));
        expect(subjectTokens.map(t => `${t.text}:${t.tokenType}`)).toEqual([
            '"Hi {{:string', 'firstName:property', '}}, {{:string', '$d:variable', '}}% in {{:string', 'store.city:property', '}}":string'
        ]);
        // The body spans three lines: its pieces, line by line, are the whole string.
        const body = text.indexOf('"Dear');
        const bodyEnd = text.indexOf('\\""', body) + 3;
        const bodyTokens = decoded.filter(t => t.offset >= body && t.offset < bodyEnd);
        expect(bodyTokens.map(t => t.text).join('')).toBe(text.slice(body, bodyEnd).replace(/\n/g, ''));
        expect(bodyTokens.filter(t => t.tokenType !== 'string').map(t => `${t.text}:${t.tokenType}`))
            .toEqual(['firstName:property', 'last:property', 'amount:property', 'last1_amount:property']);
    });

    test('a full and a range request at the same time do not mix their tokens', async () => {
        const campaign = TEMPLATES.replace(/\n}$/, '\n' + Array.from({ length: 60 }, (_, i) => `  wait w${i} from ${i ? `w${i - 1}` : 'm'} for 1 day`).join('\n') + '\n}');
        // Yield to the event loop at every node, as a long document does after 10 ms.
        setInterruptionPeriod(0);
        try {
            await withDocuments([campaign], async ([document]) => {
                const provider = services.Campaign.lsp.SemanticTokenProvider!;
                const uri = { uri: document.uri.toString() };
                const alone = await provider.semanticHighlight(document, { textDocument: uri });
                const range = { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } };
                const [full, part] = await Promise.all([
                    provider.semanticHighlight(document, { textDocument: uri }),
                    provider.semanticHighlightRange(document, { textDocument: uri, range })
                ]);
                expect(problems(full.data)).toEqual([]);
                expect(full.data).toEqual(alone.data);
                const decoded = SemanticTokensDecoder.decode(part, provider.tokenTypes, document);
                expect(decoded.length).toBeGreaterThan(5);
                expect(decoded.every(t => document.textDocument.positionAt(t.offset).line <= 12)).toBe(true);
            });
        } finally {
            setInterruptionPeriod(10);
        }
    });
});
