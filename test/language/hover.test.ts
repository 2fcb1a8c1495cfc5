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

describe('hover on the rest of the language', () => {
    test('any word of a schedule: the rule, its zone and its next launches', async () => {
        const text = await hover('campaign c {\n  timezone "Europe/Paris"\n  schedule weekly on mon, th|u at 09:00 from 2030-03-04 until 2030-04-30\n}');
        expect(text).toContain('**Schedule** `schedule weekly on mon, thu at 09:00 from 2030-03-04 until 2030-04-30`, in `Europe/Paris`');
        expect(text).toContain('Next launches: `Mon 2030-03-04 09:00 +01:00`, `Thu 2030-03-07 09:00 +01:00`, `Mon 2030-03-11 09:00 +01:00`, `Thu 2030-03-14 09:00 +01:00`, `Mon 2030-03-18 09:00 +01:00`, …');
        expect(await hover('campaign c {\n  schedule once at 2020-01-0|1T09:00\n}')).toContain('No launches left');
        expect(await hover('campaign c {\n  schedule daily at 2|5:00\n}')).toMatch(/Cannot be computed: .*25:00/);
    });

    test('`on signal`: the campaigns whose `end … signal` start it', async () => {
        const text = await hover('campaign later {\n  schedule on sig|nal\n}\ncampaign first {\n  audience a: Customer\n  end done from a signal later\n}');
        expect(text).toContain('Runs when started by `first.done`.');
    });

    test('annotations, and words whose meaning depends on the place', async () => {
        expect(await hover('entity E {\n  key id: int\n  mail: string? @em|ail\n}')).toContain('The address the `email` channel sends to.');
        expect(await hover('entity E {\n  key id: int\n  ok: bool @opt|in(sms)\n}')).toMatch(/Consent: .*\(here: sms\)/);
        expect(await hover('entity E {\n  key id: int\n  sid: int\n  s: Store b|y sid\n}')).toContain('A to-one link names the local field');
        expect(await hover('campaign c {\n  audience a: Customer\n  dedupe d from a b|y email\n}')).toContain('The expressions rows are grouped by');
        expect(await hover('campaign c {\n  audience a: Customer\n  dedupe d from a by email prefer ma|x(createdAt)\n}')).toContain('keep the rows with the largest');
        expect(await hover('campaign c {\n  incremental i: Customer where true exclude prev|ious for 30 days\n}')).toContain('only rows this activity did not return');
        expect(await hover('campaign c {\n  audience a: Customer where country = "FR" o|r tier = gold\n}')).toContain('At least one condition holds.');
        expect(await hover('campaign c {\n  audience a: Customer\n  wait w from a until 2026-03-0|1T09:00\n}')).toContain('Sunday 1 March 2026, 09:00');
    });

    test('strings that name something: saved audiences and files', async () => {
        const saved = await hover('campaign c {\n  audience a: Customer\n  save s from a as "vip"\n  read r audience "v|ip"\n}');
        expect(saved).toContain('Saved by `c.s`.');
        expect(saved).toContain('Read by `c.r`.');
        const file = await hover('campaign c {\n  audience a: Customer\n  email m from a {\n    subject "x"\n    body file "templates/v|ip.html"\n  }\n}');
        // In-memory documents (file:///wsN/doc1.campaign): the path is resolved, existence is unknown without a file system.
        expect(file).toMatch(/Template file: `\/ws\d+\/templates\/vip\.html`$/);
    });
});
