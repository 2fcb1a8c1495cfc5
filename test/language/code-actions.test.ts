import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, codeOf, specFile } from './validation-workspace.js';

const model = specFile('data-model.campaign');

/**
 * Builds `text` (with the data model), finds the one diagnostic with `code`, asks the real code action
 * provider for its fixes, applies the preferred one (or the one titled `title`) and returns the new text.
 */
async function fix(text: string, code: string, title?: string): Promise<{ result: string; titles: string[] }> {
    const { documents, Campaign } = await buildWorkspace({ 'data-model.campaign': model, 'c.campaign': text });
    const document = documents.get('c.campaign')!;
    const diagnostics = (document.diagnostics ?? []).filter(d => codeOf(d) === code);
    expect(diagnostics, `one ${code} in ${JSON.stringify(document.diagnostics?.map(d => d.message))}`).toHaveLength(1);
    const actions = await Campaign.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri }, range: diagnostics[0].range, context: { diagnostics }
    }) as CodeAction[];
    const titles = actions.map(a => a.title);
    const chosen = title ? actions.find(a => a.title === title) : actions.find(a => a.isPreferred) ?? actions[0];
    expect(chosen, `an action among ${titles.join(' | ')}`).toBeDefined();
    const edits = chosen!.edit!.changes![document.textDocument.uri];
    const result = TextDocument.applyEdits(TextDocument.create('x', 'campaign', 0, text), edits);
    return { result, titles };
}

/** The fixed text must build without the diagnostic it fixed. */
async function stillHas(text: string, code: string): Promise<boolean> {
    const { documents } = await buildWorkspace({ 'data-model.campaign': model, 'c.campaign': text });
    return (documents.get('c.campaign')!.diagnostics ?? []).some(d => codeOf(d) === code);
}

describe('quick fixes', () => {
    test.each([
        ['did you mean: a misspelt column', 'campaign c { audience a: Customer where contry = "FR" }', 'unknown-name',
            'campaign c { audience a: Customer where country = "FR" }'],
        ['did you mean: a misspelt entity', 'campaign c { audience a: Custmer }', 'unknown-name', 'campaign c { audience a: Customer }'],
        ['did you mean: a misspelt function', 'campaign c { audience a: Customer where lowr(country) = "fr" }', 'unknown-name',
            'campaign c { audience a: Customer where lower(country) = "fr" }'],
        ['did you mean: a misspelt link member', 'campaign c { audience a: Customer where store.cty = "x" }', 'unknown-name',
            'campaign c { audience a: Customer where store.city = "x" }'],
        ['did you mean: an enum text', 'campaign c { audience a: Customer where tier = "gld" }', 'enum-value',
            'campaign c { audience a: Customer where tier = "gold" }'],
        ['did you mean: a day name', 'campaign c { schedule weekly on mon, thurs at 09:00 }', 'day-name',
            'campaign c { schedule weekly on mon, thu at 09:00 }'],
        ['did you mean: a unit', 'campaign c { audience a: Customer\n wait w from a for 2 dayz\n sms s from w { body "x" } }', 'time-unit',
            'campaign c { audience a: Customer\n wait w from a for 2 days\n sms s from w { body "x" } }'],
        ['did you mean: an annotation', 'entity E { key id: int; e: string? @emial }', 'annotation', 'entity E { key id: int; e: string? @email }'],
        ['did you mean: a template name', 'campaign c { audience a: Customer\n sms s from a { body "Hi {{frstName}}" } }', 'template-name',
            'campaign c { audience a: Customer\n sms s from a { body "Hi {{firstName}}" } }'],
        ['pad a date', 'campaign c { audience a: Customer where birthDate > 1990-1-1 }', 'malformed-literal',
            'campaign c { audience a: Customer where birthDate > 1990-01-01 }'],
        ['remove a repeated option', 'campaign c { audience a: Customer\n sms s from a { body "x"; body "y" } }', 'duplicate-option',
            'campaign c { audience a: Customer\n sms s from a { body "x" } }'],
        ['remove an option the channel does not have', 'campaign c { audience a: Customer\n sms s from a { subject "s"; body "y" } }', 'option-not-allowed',
            'campaign c { audience a: Customer\n sms s from a { body "y" } }'],
        ['add missing channel options in the block', 'campaign c { audience a: Customer\n email m from a { category marketing } }', 'missing-option',
            'campaign c { audience a: Customer\n email m from a { category marketing; subject ""; body "" } }'],
        ['add missing channel options as a block', 'campaign c { audience a: Customer\n push m from a }', 'missing-option',
            'campaign c { audience a: Customer\n push m from a { title ""; body "" } }'],
        ['add exclude previous', 'campaign c { incremental i: Customer where country = "FR" }', 'incremental-mode',
            'campaign c { incremental i: Customer where country = "FR" exclude previous }'],
        ['read a named output', 'campaign c { audience a: Customer\n split s from a { segment vip; remainder rest }\n sms m from s { body "x" } }', 'no-main-output',
            'campaign c { audience a: Customer\n split s from a { segment vip; remainder rest }\n sms m from s.vip { body "x" } }'],
        ['make id the key', 'entity E { id: int; name: string }', 'key-count', 'entity E { key id: int; name: string }'],
        ['run every 15 minutes', 'campaign c { schedule every 5 minutes between 08:00 and 20:00 }', 'frequent-schedule',
            'campaign c { schedule every 15 minutes between 08:00 and 20:00 }'],
        ['exists over a to-one link', 'campaign c { audience a: Customer where exists store }', 'exists-over-to-one',
            'campaign c { audience a: Customer where store is not empty }'],
        ['close a template tag', 'campaign c { audience a: Customer\n sms s from a { body "Hi {{firstName" } }', 'template',
            'campaign c { audience a: Customer\n sms s from a { body "Hi {{firstName}}" } }'],
        ['map a minus input through its link', 'campaign c { audience a: Customer\n audience p: Purchase\n exclude e from a minus p\n sms s from e { body "x" } }', 'minus-via',
            'campaign c { audience a: Customer\n audience p: Purchase\n exclude e from a minus p via customer\n sms s from e { body "x" } }'],
        ['change through the link to the target', 'campaign c { audience p: WishlistItem\n change ch from p to Customer via product\n sms s from ch { body "x" } }', 'change-via',
            'campaign c { audience p: WishlistItem\n change ch from p to Customer via customer\n sms s from ch { body "x" } }'],
        ['read a saved audience by its right name', 'campaign c { audience a: Customer\n save v from a as "vip-2026"\n read r audience "vip-2025"\n sms s from r { body "x" } }', 'read-unknown',
            'campaign c { audience a: Customer\n save v from a as "vip-2026"\n read r audience "vip-2026"\n sms s from r { body "x" } }'],
    ])('%s', async (_name, text, code, expected) => {
        const { result } = await fix(text, code);
        expect(result).toBe(expected);
        expect(await stillHas(result, code)).toBe(false);
    });

    test.each([
        ['write a bare word compared with text as text', 'campaign c { audience a: Customer where country = FR }', 'unknown-name', 'Write "FR" (text)',
            'campaign c { audience a: Customer where country = "FR" }'],
        ['... also in a list', 'campaign c { audience a: Customer where country in ("DE", FR) }', 'unknown-name', 'Write "FR" (text)',
            'campaign c { audience a: Customer where country in ("DE", "FR") }'],
        ['declare an unknown variable (one line)', 'campaign c { audience a: Customer where country = $land }', 'unknown-name', 'Declare `var land` in campaign c',
            'campaign c { var land = ""; audience a: Customer where country = $land }'],
        ['declare an unknown variable after the settings', 'campaign c {\n  seed 3\n  var d = "1"\n  audience a: Customer where country = $land\n}', 'unknown-name',
            'Declare `var land` in campaign c', 'campaign c {\n  seed 3\n  var d = "1"\n  var land = ""\n  audience a: Customer where country = $land\n}'],
        ['a quoted number compared with a number', 'campaign c { audience a: Customer where loyaltyPoints > "5" }', 'type-mismatch', 'Write 5 (int, not text)',
            'campaign c { audience a: Customer where loyaltyPoints > 5 }'],
        ['a quoted date compared with a date', 'campaign c { audience a: Customer where birthDate < "1990-01-01" }', 'type-mismatch', 'Write 1990-01-01 (date, not text)',
            'campaign c { audience a: Customer where birthDate < 1990-01-01 }'],
        ['a quoted number as a function argument', 'campaign c { audience a: Customer where addDays(birthDate, "3") < today() }', 'argument-type', 'Write 3 (int, not text)',
            'campaign c { audience a: Customer where addDays(birthDate, 3) < today() }'],
        ['count a collection compared with a number', 'campaign c { audience a: Customer where purchases > 3 }', 'collection-as-scalar', 'Write count(purchases)',
            'campaign c { audience a: Customer where count(purchases) > 3 }'],
        ['sum the values of a collection', 'campaign c { audience a: Customer where purchases.amount > 3 }', 'collection-as-scalar', 'Write sum(purchases.amount)',
            'campaign c { audience a: Customer where sum(purchases.amount) > 3 }'],
        ['swap the dates of a schedule', 'campaign c { schedule daily at 09:00 from 2026-04-30 until 2026-03-01 }', 'schedule-range', 'Swap 2026-04-30 and 2026-03-01',
            'campaign c { schedule daily at 09:00 from 2026-03-01 until 2026-04-30 }'],
        ['swap the times of a window', 'campaign c { schedule every 30 minutes between 20:00 and 08:00 }', 'schedule-range', 'Swap 20:00 and 08:00',
            'campaign c { schedule every 30 minutes between 08:00 and 20:00 }']
    ])('%s', async (_name, text, code, title, expected) => {
        const { result } = await fix(text, code, title);
        expect(result).toBe(expected);
        expect(await stillHas(result, code)).toBe(false);
    });

    test('a repeated option on its own line goes with its line', async () => {
        const { result } = await fix('campaign c { audience a: Customer\n  sms s from a {\n    body "x"\n    body "y"\n  }\n}', 'duplicate-option');
        expect(result).toBe('campaign c { audience a: Customer\n  sms s from a {\n    body "x"\n  }\n}');
    });

    test('create a missing filter on the rows of the call', async () => {
        const text = 'campaign c { audience a: Customer where isLoyal(3) }';
        const { result, titles } = await fix(text, 'unknown-name', "Create filter 'isLoyal' on Customer");
        expect(titles).toContain("Create filter 'isLoyal' on Customer");
        expect(result).toBe(`${text}\n\nfilter isLoyal(p1: int) on Customer where true\n`);
        expect(await stillHas(result, 'unknown-name')).toBe(false);
    });

    test('a misspelt keyword where the parser stopped', async () => {
        const { documents, Campaign } = await buildWorkspace({ 'data-model.campaign': model, 'c.campaign': 'campaign c { audiance a: Customer }' });
        const document = documents.get('c.campaign')!;
        const diagnostics = (document.diagnostics ?? []).filter(d => document.textDocument.getText(d.range) === 'audiance');
        expect(diagnostics.length).toBeGreaterThan(0);
        const actions = await Campaign.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.textDocument.uri }, range: diagnostics[0].range, context: { diagnostics: [diagnostics[0]] }
        }) as CodeAction[];
        expect(actions.map(a => a.title)).toContain("Change to 'audience'");
    });
});
