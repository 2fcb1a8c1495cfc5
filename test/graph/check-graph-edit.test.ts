// campaign/checkGraphEdit: the inspector's live diagnostics. The candidate text is validated by the
// real services in the real workspace; the answer must be what the editor would show for the
// edited part once the value is applied, and the workspace must not see the candidate.
import { TextDocument } from 'langium';
import { describe, expect, test, vi } from 'vitest';
import { checkGraphEdit } from '../../language/graph/edits/check-graph-edit.js';
import type { SetOptionEdit } from '../../language/protocol.js';
import { createTestServices } from '../language/test-services.js';
import { SAMPLE } from './edit-helper.js';

const { services, parse } = createTestServices();

async function check(value: string | null, extra: Partial<SetOptionEdit> = {}) {
    const document = await parse(SAMPLE, { validation: true });
    const edit: SetOptionEdit = { op: 'setOption', campaign: 'c', activity: 'loyal', key: 'where', value, ...extra };
    const result = await checkGraphEdit(services.Campaign, document, { uri: document.uri.toString(), version: document.textDocument.version, edit });
    return { document, result };
}

/** The editor's diagnostics of the edited text, found by applying the edit for real, within the part. */
async function appliedDiagnostics(value: string) {
    const { document } = await check(value);
    const line = SAMPLE.split('\n').findIndex(l => l.includes('audience loyal'));
    const lineText = SAMPLE.split('\n')[line];
    const start = lineText.indexOf('where');
    const end = lineText.indexOf('   // the best');
    const edited = TextDocument.applyEdits(document.textDocument, [{ range: { start: { line, character: start }, end: { line, character: end } }, newText: `where ${value}` }]);
    const after = await parse(edited, { validation: true });
    return (after.diagnostics ?? []).filter(d => d.range.start.line === line && d.range.start.character >= start).map(d => d.message);
}

describe('checkGraphEdit', () => {
    test('a valid where clause has no diagnostics', async () => {
        const { result } = await check('tier = "silver" or tier = "bronze"');
        expect(result).toEqual({ ok: true, diagnostics: [] });
    });

    test('an unknown column: the same message as the editor, in the part', async () => {
        // The candidate goes through the build states like a real document (Langium warns otherwise).
        const warn = vi.spyOn(console, 'warn');
        const { result } = await check('tierr = "gold"');
        expect(warn).not.toHaveBeenCalled();
        warn.mockRestore();
        expect(result.ok).toBe(true);
        const messages = result.ok ? result.diagnostics.map(d => d.message) : [];
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.join('\n')).toMatch(/tierr/);
        expect(messages).toEqual(await appliedDiagnostics('tierr = "gold"'));
        expect(result.ok && result.diagnostics.every(d => d.severity === 1)).toBe(true);
    });

    test('a type error is reported like the editor does', async () => {
        const { result } = await check('tier + 1 > "x"');
        expect(result.ok && result.diagnostics.length).toBeGreaterThan(0);
        expect(result.ok ? result.diagnostics.map(d => d.message) : []).toEqual(await appliedDiagnostics('tier + 1 > "x"'));
    });

    test('a value that does not parse: the parser\'s diagnostic', async () => {
        const { result } = await check('tier =');
        expect(result.ok).toBe(true);
        const diagnostics = result.ok ? result.diagnostics : [];
        expect(diagnostics.length).toBeGreaterThan(0);
        expect(diagnostics[0].severity).toBe(1);
        // The part of the next statement the parser stumbles on is part of the message.
        expect(diagnostics.map(d => d.message).join('\n')).toMatch(/\S/);
    });

    test('nothing is applied and the workspace does not see the candidate', async () => {
        const { document } = await check('nope = 1');
        expect(document.textDocument.getText()).toBe(SAMPLE);
        const workspaceDocs = services.shared.workspace.LangiumDocuments.all.filter(d => d.uri.toString() === document.uri.toString()).toArray();
        expect(workspaceDocs).toHaveLength(1);
        expect(workspaceDocs[0]).toBe(document);
        expect(workspaceDocs[0].parseResult.value.$document).toBe(document);
    });

    test('a stale version and a parse-broken document are refused; a segment\'s limit is checked too', async () => {
        const document = await parse(SAMPLE, { validation: true });
        const edit: SetOptionEdit = { op: 'setOption', campaign: 'c', activity: 'loyal', key: 'where', value: 'tier = "x"' };
        expect(await checkGraphEdit(services.Campaign, document, { uri: document.uri.toString(), version: document.textDocument.version + 1, edit }))
            .toMatchObject({ ok: false, reason: 'stale-version' });
        const broken = await parse(SAMPLE.replace('keep 1', 'keep'), { validation: true });
        expect(await checkGraphEdit(services.Campaign, broken, { uri: broken.uri.toString(), version: broken.textDocument.version, edit }))
            .toMatchObject({ ok: false, reason: 'parse-errors' });
        const { result } = await check('-5', { activity: 'tiers', segment: 'vip', key: 'limit' });
        expect(result.ok).toBe(true);
        const { result: ok } = await check('10%', { activity: 'tiers', segment: 'vip', key: 'limit' });
        expect(ok).toEqual({ ok: true, diagnostics: [] });
    });
});
