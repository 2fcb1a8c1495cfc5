import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, codeOf, errorsOf, specDir, specFile } from './validation-workspace.js';

describe('every example of language.md validates', () => {
    test('the spec fixtures, loaded as one workspace, have no errors', async () => {
        const names = readdirSync(specDir).filter(f => f.endsWith('.campaign'));
        expect(names).toContain('spring-sale.campaign');
        const { documents } = await buildWorkspace(Object.fromEntries(names.map(n => [n, specFile(n)])));
        for (const [name, document] of documents) {
            expect(errorsOf(document), name).toEqual([]);
        }
        // Warnings are allowed, but only the kinds the examples are expected to have.
        const spring = documents.get('spring-sale.campaign')!;
        const warningCodes = new Set((spring.diagnostics ?? []).filter(d => d.severity === 2).map(codeOf));
        expect([...warningCodes]).toEqual(['unused']);
    });

    test('the built-in library itself has no diagnostics', async () => {
        const { services } = await buildWorkspace({});
        const library = services.shared.workspace.LangiumDocuments.all.find(d => d.uri.scheme === 'builtin')!;
        expect(library.diagnostics ?? []).toEqual([]);
    });

    test('spring-sale without the data model reports its unknown entities', async () => {
        const { documents } = await buildWorkspace({ 'spring-sale.campaign': specFile('spring-sale.campaign') });
        const errors = errorsOf(documents.get('spring-sale.campaign')!);
        expect(errors.some(e => e.includes("[unknown-name]") && e.includes("'Customer'"))).toBe(true);
        // Names inside activities whose entity is unknown are not reported again.
        expect(errors.some(e => e.includes("'country'"))).toBe(false);
    });
});
