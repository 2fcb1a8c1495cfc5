import { TextDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import type { Location, LocationLink, WorkspaceEdit } from 'vscode-languageserver';
import { createEditorWorkspace } from '../lsp/workspace.js';

const { services, withDocuments } = createEditorWorkspace();
const lsp = services.Campaign.lsp;

// Two files: a schema and filter, and a campaign that uses them (and another campaign it signals).
const SCHEMA = 'enum Tier { gold, silver }\nentity Person table "people" {\n  key id: int\n  email: string? @email\n  firstName: string\n  tier: Tier\n  orders: Order[] by person\n}\n'
    + 'entity Order {\n  key id: int\n  personId: int\n  amount: decimal\n  person: Person by personId\n}\n'
    + 'filter vip(min: decimal = 100) on Person where sum(orders.amount) >= min and tier = gold\n';
const CAMPAIGN = 'campaign spring {\n  var discount = "20"\n  audience loyal: Person where vip(200) and firstName != "" and tier = gold\n'
    + '  enrich e from loyal {\n    last = take 2 orders order by amount desc {\n      amount\n    }\n  }\n'
    + '  email offer from e {\n    subject "{{firstName}}, {{$discount}}% off"\n    body "{{#each last}}{{amount}}{{/each}} {{last1_amount}}"\n  }\n'
    + '  end done from offer signal autumn\n}\ncampaign autumn {\n  audience a: Person\n}\n';

/** Renames the name at `at` (the first occurrence of that text in the given document) and returns both texts after the edit. */
async function rename(at: { doc: 0 | 1; text: string; nth?: number }, newName: string): Promise<[string, string] | undefined> {
    return withDocuments([SCHEMA, CAMPAIGN], async documents => {
        const document = documents[at.doc];
        const offset = nthIndex(document.textDocument.getText(), at.text, at.nth ?? 0) + 1;
        const edit = await lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset), newName });
        if (!edit) return undefined;
        return documents.map(d => apply(d.textDocument, edit)) as [string, string];
    }, false);
}

function nthIndex(text: string, search: string, nth: number): number {
    let index = -1;
    for (let i = 0; i <= nth; i++) {
        index = text.indexOf(search, index + 1);
        if (index < 0) throw new Error(`${search} #${nth} not found`);
    }
    return index;
}

function apply(document: TextDocument, edit: WorkspaceEdit): string {
    return TextDocument.applyEdits(document, edit.changes?.[document.uri] ?? []);
}

describe('rename across files', () => {
    test('a field: its declaration, uses in the other file, and the template names that reach it', async () => {
        const [schema, campaign] = (await rename({ doc: 0, text: 'firstName' }, 'givenName'))!;
        expect(schema).toContain('  givenName: string\n');
        expect(campaign).toContain('and givenName != ""');
        expect(campaign).toContain('subject "{{givenName}}, {{$discount}}% off"');
    });

    test('a field used in a take list: `{{amount}}` inside #each and the numbered column are renamed too', async () => {
        const [schema, campaign] = (await rename({ doc: 0, text: 'amount' }, 'total'))!;
        expect(schema).toContain('  total: decimal\n');
        expect(schema).toContain('sum(orders.total)');
        expect(campaign).toContain('take 2 orders order by total desc {\n      total\n    }');
        expect(campaign).toContain('body "{{#each last}}{{total}}{{/each}} {{last1_total}}"');
    });

    test('from a use inside a template', async () => {
        const [schema, campaign] = (await rename({ doc: 1, text: 'firstName}}' }, 'name'))!;
        expect(schema).toContain('  name: string\n');
        expect(campaign).toContain('{{name}}');
    });

    test('an entity', async () => {
        const [schema, campaign] = (await rename({ doc: 0, text: 'Person' }, 'Customer'))!;
        expect(schema).toContain('entity Customer table "people"');
        expect(schema).toContain('person: Customer by personId');
        expect(schema).toContain('on Customer where');
        expect(campaign).toContain('audience loyal: Customer where');
        expect(campaign).toContain('audience a: Customer\n');
    });

    test('an enum and an enum value', async () => {
        const [schema, campaign] = (await rename({ doc: 0, text: 'gold' }, 'platinum'))!;
        expect(schema).toContain('enum Tier { platinum, silver }');
        expect(schema).toContain('tier = platinum\n');
        expect(campaign).toContain('tier = platinum\n');
        const [schema2] = (await rename({ doc: 0, text: 'Tier' }, 'Level'))!;
        expect(schema2).toContain('enum Level {');
        expect(schema2).toContain('tier: Level\n');
    });

    test('a filter, from its call', async () => {
        const [schema, campaign] = (await rename({ doc: 1, text: 'vip(' }, 'bigSpender'))!;
        expect(schema).toContain('filter bigSpender(min: decimal = 100)');
        expect(campaign).toContain('where bigSpender(200)');
    });

    test('an activity: its name and the `from` that read it, nothing in other campaigns', async () => {
        const [, campaign] = (await rename({ doc: 1, text: 'loyal' }, 'faithful'))!;
        expect(campaign).toContain('audience faithful: Person');
        expect(campaign).toContain('enrich e from faithful {');
        expect(campaign).toContain('audience a: Person');
    });

    test('a campaign, from a `signal`', async () => {
        const [, campaign] = (await rename({ doc: 1, text: 'autumn', nth: 0 }, 'fall'))!;
        expect(campaign).toContain('signal fall\n');
        expect(campaign).toContain('campaign fall {');
    });

    test('a campaign variable, also as `{{$…}}`', async () => {
        const [, campaign] = (await rename({ doc: 1, text: 'discount' }, 'rebate'))!;
        expect(campaign).toContain('var rebate = "20"');
        expect(campaign).toContain('{{$rebate}}');
    });

    test('refused: a name already taken in the same scope', async () => {
        expect(await rename({ doc: 0, text: 'firstName' }, 'email')).toBeUndefined();
        expect(await rename({ doc: 0, text: 'Person' }, 'Order')).toBeUndefined();
        expect(await rename({ doc: 0, text: 'Person' }, 'int')).toBeUndefined();
        expect(await rename({ doc: 1, text: 'loyal' }, 'e')).toBeUndefined();
        expect(await rename({ doc: 1, text: 'spring' }, 'autumn')).toBeUndefined();
        // The same name in another scope is fine: `a` is an activity of the other campaign.
        expect(await rename({ doc: 1, text: 'loyal' }, 'a')).toBeDefined();
    });

    test('refused: built-ins and names that are not identifiers or are operator words', async () => {
        expect(await rename({ doc: 0, text: 'int' }, 'integer')).toBeUndefined();
        expect(await rename({ doc: 0, text: 'firstName' }, 'first name')).toBeUndefined();
        expect(await rename({ doc: 0, text: 'firstName' }, 'and')).toBeUndefined();
    });
});

describe('references and definition', () => {
    test('references of a field include the template names, in both files', async () => {
        const locations = await withDocuments([SCHEMA, CAMPAIGN], async ([schema]) => {
            const offset = schema.textDocument.getText().indexOf('firstName') + 1;
            return lsp.ReferencesProvider!.findReferences(schema, {
                textDocument: { uri: schema.uri.toString() }, position: schema.textDocument.positionAt(offset), context: { includeDeclaration: false }
            }) as Location[];
        }, false);
        expect(locations).toHaveLength(2);
        expect(locations.every(l => l.uri.endsWith('doc1.campaign'))).toBe(true);
    });

    test('go to definition from a template name and from a reference in another file', async () => {
        const [fromTemplate, fromCall] = await withDocuments([SCHEMA, CAMPAIGN], async ([, campaign]) => {
            const text = campaign.textDocument.getText();
            const at = (s: string) => ({ textDocument: { uri: campaign.uri.toString() }, position: campaign.textDocument.positionAt(text.indexOf(s) + 2) });
            return [
                await lsp.DefinitionProvider!.getDefinition(campaign, at('{{firstName')) as LocationLink[],
                await lsp.DefinitionProvider!.getDefinition(campaign, at('vip(')) as LocationLink[]
            ];
        }, false);
        expect(fromTemplate[0].targetUri).toMatch(/doc0\.campaign$/);
        expect(fromTemplate[0].targetSelectionRange.start).toEqual({ line: 4, character: 2 });
        expect(fromCall[0].targetUri).toMatch(/doc0\.campaign$/);
        expect(fromCall[0].targetSelectionRange.start).toEqual({ line: 14, character: 7 });
    });
});

// A take list whose numbered columns are used downstream: in expressions of this campaign, in
// templates, and in another campaign that reads the saved audience.
const TAKE = 'campaign spring {\n  audience loyal: Person\n  enrich e from loyal {\n    last = take 2 orders order by amount desc {\n      amount\n    }\n  }\n'
    + '  split s from e {\n    segment big where last1_amount > 100 and last2_amount > 50\n  }\n'
    + '  save keep from s.big as "recent-buyers"\n'
    + '  email offer from s.big {\n    subject "{{last1_amount}}"\n    body "{{#each last}}{{amount}}{{/each}}"\n  }\n}\n'
    + 'campaign later {\n  read r audience "recent-buyers"\n  split t from r {\n    segment x where last1_amount > 10\n  }\n}\n';

/** Renames at the `nth` occurrence of `text` in TAKE (+ `delta` characters) and returns [schema, campaigns] after the edit. */
async function renameTake(text: string, newName: string, delta = 1, nth = 0): Promise<[string, string] | undefined> {
    return withDocuments([SCHEMA, TAKE], async documents => {
        const document = documents[1];
        const offset = nthIndex(TAKE, text, nth) + delta;
        const edit = await lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset), newName });
        if (!edit) return undefined;
        return documents.map(d => apply(d.textDocument, edit)) as [string, string];
    }, false);
}

describe('rename of a take list and its numbered columns', () => {
    const renamedList = (campaigns: string) => {
        expect(campaigns).toContain('    recent = take 2 orders order by amount desc {');
        expect(campaigns).toContain('segment big where recent1_amount > 100 and recent2_amount > 50');
        expect(campaigns).toContain('subject "{{recent1_amount}}"');
        expect(campaigns).toContain('body "{{#each recent}}{{amount}}{{/each}}"');
        // The other campaign reads the columns through the saved audience.
        expect(campaigns).toContain('segment x where recent1_amount > 10');
        expect(campaigns).not.toContain('last');
    };

    test('from its declaration: every numbered column downstream and the templates are rewritten', async () => {
        const [, campaigns] = (await renameTake('last =', 'recent'))!;
        renamedList(campaigns);
    });

    test('from the list part of a numbered column, in an expression of another campaign, or in a template', async () => {
        renamedList((await renameTake('last1_amount > 10', 'recent', 2))![1]);
        renamedList((await renameTake('{{last1_amount', 'recent', 4))![1]);
        renamedList((await renameTake('{{#each last', 'recent', 9))![1]);
    });

    test('from the field part of a numbered column: the field is renamed, and every numbered column with it', async () => {
        const [schema, campaigns] = (await renameTake('last2_amount', 'total', 8))!;
        expect(schema).toContain('  total: decimal\n');
        expect(campaigns).toContain('take 2 orders order by total desc {\n      total\n    }');
        expect(campaigns).toContain('segment big where last1_total > 100 and last2_total > 50');
        expect(campaigns).toContain('subject "{{last1_total}}"');
        expect(campaigns).toContain('body "{{#each last}}{{total}}{{/each}}"');
        expect(campaigns).toContain('segment x where last1_total > 10');
    });

    test('refused: a column name already taken in the same enrich', async () => {
        expect(await withDocuments([SCHEMA, TAKE.replace('    last = take', '    total = sum(orders.amount)\n    last = take')], async documents => {
            const document = documents[1];
            const position = document.textDocument.positionAt(document.textDocument.getText().indexOf('last ='));
            return lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position, newName: 'total' });
        }, false)).toBeUndefined();
    });

    test('prepareRename marks only the part under the cursor', async () => {
        const ranges = await withDocuments([SCHEMA, TAKE], async ([, document]) => {
            const at = (text: string, delta: number) => lsp.RenameProvider!.prepareRename(document, {
                textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(TAKE.indexOf(text) + delta)
            });
            return [await at('last1_amount >', 1), await at('last1_amount >', 5), await at('last1_amount >', 9)]
                .map(r => r && 'start' in r ? document.textDocument.getText(r) : undefined);
        }, false);
        expect(ranges).toEqual(['last', 'last', 'amount']);
    });

    test('find references of the list include the list part of every numbered column; definition from that part', async () => {
        const [references, definition] = await withDocuments([SCHEMA, TAKE], async ([, document]) => {
            const position = document.textDocument.positionAt(TAKE.indexOf('last ='));
            const found = await lsp.ReferencesProvider!.findReferences(document, {
                textDocument: { uri: document.uri.toString() }, position, context: { includeDeclaration: false }
            }) as Location[];
            const texts = found.map(l => `${l.range.start.line}:${document.textDocument.getText(l.range)}`).sort();
            const link = await lsp.DefinitionProvider!.getDefinition(document, {
                textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(TAKE.indexOf('last2_amount') + 2)
            }) as LocationLink[];
            return [texts, link];
        }, false);
        // The segment (two columns), the subject, the #each and the other campaign.
        expect(references).toEqual(['12:last', '13:last', '19:last', '8:last', '8:last']);
        expect(definition[0].targetSelectionRange.start).toEqual({ line: 3, character: 4 });
        expect(definition[0].originSelectionRange?.end.character! - definition[0].originSelectionRange?.start.character!).toBe(4);
    });
});
