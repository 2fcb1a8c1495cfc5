import { describe, expect, test } from 'vitest';
import { buildWorkspace, specFile } from './validation-workspace.js';

/** A small deterministic generator (mulberry32), so that a failure can be replayed from its seed. */
function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const TOKENS = ['{', '}', '(', ')', ',', '.', ';', ':', '=', '"', '{{', '}}', 'from', 'where', 'exists', 'not', 'sum(', 'take 2', ' ', '\n',
    'split', 'union', 'via', 'per', 'a', 'email', '$', '2026-1-1', '09:00', '10%', 'segment', 'remainder', 'tiers.', '->', 'else'];

function mutate(text: string, next: () => number): string {
    let out = text;
    const edits = 1 + Math.floor(next() * 4);
    for (let i = 0; i < edits; i++) {
        const at = Math.floor(next() * out.length);
        const kind = next();
        if (kind < 0.35) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 8));
        else if (kind < 0.7) out = out.slice(0, at) + TOKENS[Math.floor(next() * TOKENS.length)] + out.slice(at);
        else {
            const length = Math.floor(next() * 30);
            out = out.slice(0, at) + out.slice(at, at + length) + out.slice(at);
        }
    }
    return out;
}

describe('scoping, typing and validation survive any text', () => {
    const model = specFile('data-model.campaign');
    const spring = specFile('spring-sale.campaign');
    const CASES = Number(process.env.FUZZ_CASES ?? 150);

    test(`${CASES} mutations of spring-sale: no exception, no validator crash, every range inside its document`, async () => {
        const next = random(20261130);
        for (let i = 0; i < CASES; i++) {
            const text = mutate(spring, next);
            const started = performance.now();
            const { documents } = await buildWorkspace({ 'data-model.campaign': model, 'c.campaign': text });
            const document = documents.get('c.campaign')!;
            const crashes = (document.diagnostics ?? []).filter(d => String(d.message).startsWith('An error occurred'));
            expect(crashes.map(d => d.message), `case ${i}:\n${text}`).toEqual([]);
            const end = document.textDocument.positionAt(text.length);
            for (const d of document.diagnostics ?? []) {
                const inside = d.range.start.line <= end.line && d.range.end.line <= end.line && d.range.start.line >= 0;
                expect(inside, `case ${i}: ${d.message}`).toBe(true);
            }
            expect(performance.now() - started, `case ${i} took too long`).toBeLessThan(5000);
        }
    }, 300_000);

    test(`${CASES / 3} mutations of the data model under an intact campaign`, async () => {
        const next = random(42);
        for (let i = 0; i < CASES / 3; i++) {
            const text = mutate(model, next);
            const { documents } = await buildWorkspace({ 'data-model.campaign': text, 'c.campaign': spring });
            for (const document of documents.values()) {
                const crashes = (document.diagnostics ?? []).filter(d => String(d.message).startsWith('An error occurred'));
                expect(crashes.map(d => d.message), `case ${i}:\n${text}`).toEqual([]);
            }
        }
    }, 300_000);
});
