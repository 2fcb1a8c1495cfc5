import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createEditorWorkspace } from './workspace.js';

const { services, withDocuments } = createEditorWorkspace();
const lsp = services.Campaign.lsp;
const SOURCE = readFileSync(join(__dirname, '../fixtures/spec/spring-sale.campaign'), 'utf8');
const TOKENS = ['{', '}', '(', ')', '.', ',', '"', '{{', '}}', 'where', 'from', 'email', ':', '=', '$', '@', '//', '/*', '-', '10%', '2026-01-01'];

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
    let state = seed;
    return () => {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        return state / 0x7fffffff;
    };
}

function mutate(text: string, next: () => number): string {
    let result = text;
    const edits = 1 + Math.floor(next() * 4);
    for (let i = 0; i < edits; i++) {
        const at = Math.floor(next() * result.length);
        const kind = next();
        if (kind < 0.35) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 12));
        else if (kind < 0.7) result = result.slice(0, at) + TOKENS[Math.floor(next() * TOKENS.length)] + result.slice(at);
        else result = result.slice(0, at) + result.slice(at, at + 20) + result.slice(at);
    }
    return result;
}

describe('editor features survive any text', () => {
    test('completion, hover, signature help, rename, references, definition, symbols, folding, semantic tokens, formatting', async () => {
        const next = random(42);
        for (let round = 0; round < 40; round++) {
            const text = mutate(SOURCE, next);
            await withDocuments([text], async ([document]) => {
                const uri = document.uri.toString();
                const textDocument = { uri };
                for (let probe = 0; probe < 4; probe++) {
                    const position = document.textDocument.positionAt(Math.floor(next() * (text.length + 1)));
                    const context = `round ${round}, ${JSON.stringify(position)}`;
                    await expect(Promise.resolve(lsp.CompletionProvider!.getCompletion(document, { textDocument, position })), context).resolves.toBeDefined();
                    await Promise.resolve(lsp.HoverProvider!.getHoverContent(document, { textDocument, position }));
                    await Promise.resolve(lsp.SignatureHelp!.provideSignatureHelp(document, { textDocument, position }));
                    await Promise.resolve(lsp.RenameProvider!.rename(document, { textDocument, position, newName: 'renamed' }));
                    await Promise.resolve(lsp.RenameProvider!.prepareRename(document, { textDocument, position }));
                    await Promise.resolve(lsp.ReferencesProvider!.findReferences(document, { textDocument, position, context: { includeDeclaration: true } }));
                    await Promise.resolve(lsp.DefinitionProvider!.getDefinition(document, { textDocument, position }));
                }
                await Promise.resolve(lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument }));
                await Promise.resolve(lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument }));
                const tokens = await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument });
                expect(tokens.data.length % 5).toBe(0);
                const edits = await Promise.resolve(lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 2, insertSpaces: true } }));
                // A document with syntax errors is never reformatted.
                if (document.parseResult.parserErrors.length + document.parseResult.lexerErrors.length > 0) expect(edits).toEqual([]);
            });
        }
    }, 240_000);
});
