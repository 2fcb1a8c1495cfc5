import { describe, expect, test } from 'vitest';
import { createEditorWorkspace } from '../lsp/workspace.js';

const { services, withDocuments, cursor } = createEditorWorkspace();

/** The hover text at the `|` of a campaign file (the schema of language.md §2 in a second document). */
async function hover(textWithCursor: string): Promise<string | undefined> {
    const { text, offset } = cursor(textWithCursor);
    return withDocuments([text], async ([document]) => {
        const result = await services.Campaign.lsp.HoverProvider!.getHoverContent(document, {
            textDocument: { uri: document.uri.toString() },
            position: document.textDocument.positionAt(offset)
        });
        const contents = result?.contents;
        return contents && typeof contents === 'object' && 'value' in contents ? contents.value : undefined;
    });
}

describe('hover', () => {
    test('an activity keyword: what the kind does and the population it works on', async () => {
        const text = await hover('campaign c {\n  audience a: Customer\n  enrich e from a {\n    total = sum(purchases.amount)\n  }\n  de|dupe d from e by email\n}');
        expect(text).toContain('**Deduplication**');
        expect(text).toContain('Rows grouped by the `by` expressions');
        expect(text).toContain('Works on rows of **Customer**');
        expect(text).toMatch(/`total: decimal\??`/);
        expect(text).toContain('`email: string?`');
        expect(text).toMatch(/Links: .*`purchases: Purchase\[\]`/);
    });

    test('an activity name after `from`: its kind and what it passes on', async () => {
        const text = await hover('campaign c {\n  audience loyal: Customer\n  union u from lo|yal\n}');
        expect(text).toContain('**Build audience**');
        expect(text).toContain('rows of **Customer**');
    });

    test('a channel keyword', async () => {
        const text = await hover('campaign c {\n  audience a: Customer\n  em|ail m from a {\n    body "x"\n  }\n}');
        expect(text).toContain('**Email**');
    });

    test('a field: type, nullability, column, annotations', async () => {
        const text = await hover('campaign c {\n  audience a: Customer where em|ail is empty\n}');
        expect(text).toContain('`email: string?`');
        expect(text).toContain('Nullable');
        expect(text).toContain('Column `email` of table `"customers"`'.replace('"customers"', 'customers'));
        expect(text).toContain('`@email`');
        const required = await hover('campaign c {\n  audience a: Customer where first|Name = "x"\n}');
        expect(required).toContain('Not nullable.');
    });

    test('a link says where it leads', async () => {
        expect(await hover('campaign c {\n  audience a: Customer where sto|re.city = "Paris"\n}')).toContain('To-one link to `Store` through `storeId`');
        expect(await hover('campaign c {\n  audience a: Customer where exists purch|ases\n}')).toContain('To-many link to `Purchase`');
    });

    test('a function: signature and documentation', async () => {
        const text = await hover('campaign c {\n  audience a: Customer where low|er(email) = "x"\n}');
        expect(text).toContain('`lower(s: string): string`');
        expect(text).toContain('Lower-case text.');
    });

    test('a filter call: the filter\'s signature', async () => {
        const text = await hover('filter bigSpender(min: decimal = 100) on Customer where sum(purchases.amount) >= min\ncampaign c {\n  audience a: Customer where big|Spender(500)\n}');
        expect(text).toContain('filter bigSpender(min: decimal = 100) on Customer where sum(purchases.amount) >= min');
    });

    test('an enum value and a type', async () => {
        expect(await hover('campaign c {\n  audience a: Customer where tier = go|ld\n}')).toContain('`Tier.gold`');
        expect(await hover('entity X {\n  key id: i|nt\n}')).toContain('A whole number.');
    });

    test('a name inside a template: its type in the population reaching the channel', async () => {
        const text = await hover('campaign c {\n  var discount = "20"\n  audience a: Customer\n  email m from a {\n    subject "Hi {{first|Name}}, {{$discount}}% off in {{store.city}}"\n    body "x"\n  }\n}');
        expect(text).toContain('`firstName: string`');
        const link = await hover('campaign c {\n  audience a: Customer\n  email m from a {\n    subject "{{store.ci|ty}}"\n    body "x"\n  }\n}');
        expect(link).toContain('`store.city: string`');
        const variable = await hover('campaign c {\n  var discount = "20"\n  audience a: Customer\n  email m from a {\n    subject "{{$disc|ount}}"\n    body "x"\n  }\n}');
        expect(variable).toContain('var discount: string');
    });

    test('an output of a split', async () => {
        const text = await hover('campaign c {\n  audience a: Customer\n  split s from a {\n    segment vip where tier = gold\n  }\n  union u from s.v|ip\n}');
        expect(text).toContain('`s.vip`');
        expect(text).toContain('Carries rows of **Customer**');
    });

    test('an option keyword says what it does; the same word as a name does not', async () => {
        expect(await hover('campaign c {\n  audience a: Customer\n  split s from a {\n    segment vip\n    over|lap\n  }\n}')).toContain('Every segment sees all rows');
        expect(await hover('campaign c {\n  se|ed 3\n}')).toContain('reproducible');
        // `label` as a field name is the field, not the option.
        const text = await hover('entity E {\n  key id: int\n  label: string\n}\ncampaign c {\n  audience a: E where la|bel = "x"\n}');
        expect(text).toContain('`label: string`');
    });

    test('nothing on punctuation, whitespace and comments', async () => {
        expect(await hover('campaign c {|\n}')).toBeUndefined();
        expect(await hover('// a com|ment\ncampaign c {}')).toBeUndefined();
    });
});
