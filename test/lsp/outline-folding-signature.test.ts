import { describe, expect, test } from 'vitest';
import type { DocumentSymbol } from 'vscode-languageserver';
import { createEditorWorkspace } from './workspace.js';

const { services, withDocuments, cursor } = createEditorWorkspace();
const lsp = services.Campaign.lsp;

function tree(symbols: DocumentSymbol[] | undefined): unknown[] {
    return (symbols ?? []).map(s => s.children?.length ? { [`${s.name} (${s.detail ?? ''})`]: tree(s.children) } : `${s.name} (${s.detail ?? ''})`);
}

describe('outline', () => {
    test('entities → fields, campaigns → settings and activities → outputs; no annotations', async () => {
        const text = 'enum Tier { gold, silver }\nentity Customer table "customers" {\n  key id: int\n  email: string? @email\n  store: Store by storeId\n}\n'
            + 'filter f on Customer where id > 1\ncampaign c {\n  label "Spring"\n  var discount = "20"\n  audience a: Customer\n  split s from a {\n    segment vip\n    remainder rest\n  }\n}';
        const symbols = await withDocuments([text], async ([document]) => lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } }), false);
        expect(tree(symbols as DocumentSymbol[])).toEqual([
            { 'Tier ()': ['gold ()', 'silver ()'] },
            { 'Customer (table customers)': ['id (key int)', 'email (string?)', 'store (Store)'] },
            'f (on Customer)',
            { 'c (Spring)': ['discount ()', 'a (Build audience)', { 's (Split)': ['vip ()', 'rest ()'] }] }
        ]);
    });
});

describe('folding', () => {
    test('blocks and multi-line comments fold', async () => {
        const text = '/* a\n   b\n */\nentity X {\n  key id: int\n}\ncampaign c {\n  audience a: X\n  fork f from a {\n    branch x\n  }\n}\n';
        const ranges = await withDocuments([text], async ([document]) => lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } }), false);
        const lines = (ranges ?? []).map(r => `${r.startLine}-${r.endLine}`);
        expect(lines).toEqual(expect.arrayContaining(['0-1', '3-4', '6-10', '8-9']));
    });
});

describe('signature help', () => {
    async function signature(textWithCursor: string) {
        const { text, offset } = cursor(textWithCursor);
        return withDocuments([text], async ([document]) => lsp.SignatureHelp!.provideSignatureHelp(document, {
            textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset)
        }));
    }

    test('a built-in function, with the parameter under the cursor', async () => {
        const help = await signature('campaign c {\n  audience a: Customer where substring(firstName, 1, |3) = "x"\n}');
        expect(help?.signatures[0].label).toBe('substring(s: string, start: int, length: int): string');
        expect(help?.activeParameter).toBe(2);
        const first = await signature('campaign c {\n  audience a: Customer where lower(|email) = "x"\n}');
        expect(first?.activeParameter).toBe(0);
    });

    test('an aggregate, its `where` counted as the last part', async () => {
        const help = await signature('campaign c {\n  audience a: Customer where count(purchases where amount > |50) > 2\n}');
        expect(help?.signatures[0].label).toBe('count(collection: collection [where condition]): int');
        expect(help?.activeParameter).toBe(1);
    });

    test('a filter', async () => {
        const help = await signature('filter big(min: decimal = 100, max: decimal) on Customer where id > min\ncampaign c {\n  audience a: Customer where big(1, |2)\n}');
        expect(help?.signatures[0].label).toBe('big(min: decimal = 100, max: decimal)');
        expect(help?.activeParameter).toBe(1);
    });

    test('while the arguments are typed and the call is not parsed yet', async () => {
        const at = async (text: string) => {
            const help = await signature(text);
            return help ? `${help.signatures[0].label} #${help.activeParameter}` : undefined;
        };
        expect(await at('campaign c {\n  audience a: Customer where substring(email, |\n}')).toBe('substring(s: string, start: int, length: int): string #1');
        expect(await at('campaign c {\n  audience a: Customer where lower(|\n}')).toBe('lower(s: string): string #0');
        expect(await at('campaign c {\n  audience a: Customer where iif(country = "a,b" and lower(email) = "x", |\n}')).toBe('iif(condition: bool, then: any, otherwise: any): any #1');
        expect(await at('campaign c {\n  audience a: Customer where count(purchases where (amount > 1 and |\n}')).toBe('count(collection: collection [where condition]): int #1');
        expect(await at('filter big(min: decimal = 100, max: decimal) on Customer where id > min\ncampaign c {\n  audience a: Customer where big(1, |\n}'))
            .toBe('big(min: decimal = 100, max: decimal) #1');
        // A parenthesised condition is not a call.
        expect(await at('campaign c {\n  audience a: Customer where (country = "FR" or |\n}')).toBeUndefined();
    });

    test('the innermost call wins, and nothing outside calls', async () => {
        const help = await signature('campaign c {\n  audience a: Customer where coalesce(lower(|email), "x") = "y"\n}');
        expect(help?.signatures[0].label).toBe('lower(s: string): string');
        expect(await signature('campaign c {\n  audience a: Customer where em|ail = "y"\n}')).toBeUndefined();
    });
});
