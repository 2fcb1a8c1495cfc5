import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver';
import { CampaignCompletionProvider } from '../../language/lsp/completion/campaign-completion-provider.js';
import { createEditorWorkspace } from '../lsp/workspace.js';

const { services, withDocuments, cursor } = createEditorWorkspace();

/** Completion at the `|` of a campaign file, with the schema of language.md §2 in a second document. */
async function complete(textWithCursor: string): Promise<CompletionItem[]> {
    const { text, offset } = cursor(textWithCursor);
    return withDocuments([text], async ([document]) => {
        const list = await services.Campaign.lsp.CompletionProvider!.getCompletion(document, {
            textDocument: { uri: document.uri.toString() },
            position: document.textDocument.positionAt(offset)
        });
        return list?.items ?? [];
    });
}

const labels = (items: CompletionItem[]) => items.map(i => i.label);

describe('keywords', () => {
    test('at the start of a file: the declarations, not every word that may be a name', async () => {
        const items = labels(await complete('|'));
        expect(items).toEqual(expect.arrayContaining(['entity', 'enum', 'filter', 'campaign', 'database']));
        expect(items).not.toContain('keepEmpty');
        expect(items.length).toBeLessThan(15);
    });

    test('in a campaign: activity keywords and settings, each activity also as a snippet', async () => {
        const items = await complete('campaign c {\n  |\n}');
        expect(labels(items)).toEqual(expect.arrayContaining(['audience', 'split', 'email', 'schedule', 'label', 'var']));
        const snippet = items.find(i => i.label === 'split' && i.kind === 15 /* Snippet */);
        expect(snippet?.insertText).toBe('split ${1:name} from ${2:input} {\n\tsegment ${3:segment} where ${4:condition}\n\tremainder rest\n}$0');
        expect(snippet?.detail).toBe('Split');
        // `read x audience` is not where the audience activity starts: one snippet for `audience`.
        expect(items.filter(i => i.label === 'audience' && i.kind === 15)).toHaveLength(1);
    });

    test('a half-typed keyword is completed', async () => {
        const items = await complete('campaign c {\n  audience a: Customer\n  ded|\n}');
        expect(items.filter(i => i.label === 'dedupe').map(i => i.kind).sort()).toEqual([14, 15]);   // keyword and snippet
    });

    test('after an audience entity: `where` and the option block, no names', async () => {
        const items = labels(await complete('campaign c {\n  audience a: Customer |\n}'));
        expect(items).toContain('where');
        expect(items).not.toContain('gold');
    });
});

describe('references', () => {
    test('activity names after `from`, from this campaign only, not the activity itself', async () => {
        const items = await complete('campaign c {\n  audience loyal: Customer\n  audience other: Customer\n  union u from |\n}\ncampaign d {\n  audience elsewhere: Customer\n}');
        expect(labels(items)).toEqual(expect.arrayContaining(['loyal', 'other']));
        expect(labels(items)).not.toContain('elsewhere');
        expect(labels(items)).not.toContain('u');
        expect(items.find(i => i.label === 'loyal')?.detail).toBe('Build audience');
    });

    test('outputs after `activity.`', async () => {
        const items = labels(await complete('campaign c {\n  audience a: Customer\n  split s from a {\n    segment vip where tier = gold\n    remainder rest\n  }\n  union u from s.|\n}'));
        expect(items).toEqual(['vip', 'rest']);
    });

    test('entity names after `audience a:`, without the library\'s internal entities', async () => {
        const items = labels(await complete('campaign c {\n  audience a: |\n}'));
        expect(items).toEqual(expect.arrayContaining(['Customer', 'Purchase', 'Store']));
        expect(items).not.toContain('AnyRecipient');
    });

    test('the population\'s fields and links in a condition, with their types', async () => {
        const items = await complete('campaign c {\n  audience a: Customer where |\n}');
        expect(labels(items)).toEqual(expect.arrayContaining(['email', 'country', 'tier', 'store', 'purchases']));
        expect(items.find(i => i.label === 'email')?.detail).toBe('string?');
        expect(items.find(i => i.label === 'purchases')?.detail).toBe('Purchase[]');
        // Fields of another entity are not in this population.
        expect(labels(items)).not.toContain('amount');
    });

    test('functions with their signatures, inserted as calls', async () => {
        const items = await complete('campaign c {\n  audience a: Customer where |\n}');
        const lower = items.find(i => i.label === 'lower');
        expect(lower?.detail).toBe('lower(s: string): string');
        expect(lower?.insertText).toBe('lower($0)');
        expect(items.find(i => i.label === 'sum')?.detail).toBe('sum(values: number [where condition]): same');
        // Sorted after the population's columns.
        expect(lower!.sortText! > items.find(i => i.label === 'email')!.sortText!).toBe(true);
    });

    test('filters with their signatures', async () => {
        const items = await complete('filter bigSpender(min: decimal = 100) on Customer where sum(purchases.amount) >= min\ncampaign c {\n  audience a: Customer where |\n}');
        expect(items.find(i => i.label === 'bigSpender')?.detail).toBe('filter bigSpender(min: decimal = …) on Customer');
    });

    test('fields through a link after `store.`', async () => {
        const items = labels(await complete('campaign c {\n  audience a: Customer where store.|\n}'));
        expect(items).toEqual(expect.arrayContaining(['name', 'city']));
        expect(items).not.toContain('email');
    });

    test('fields of the collection inside `exists … where`', async () => {
        const items = labels(await complete('campaign c {\n  audience a: Customer where exists purchases where |\n}'));
        expect(items).toEqual(expect.arrayContaining(['amount', 'purchasedAt', 'product']));
    });

    test('enum values where an enum is compared', async () => {
        const items = await complete('campaign c {\n  audience a: Customer where tier = |\n}');
        expect(labels(items)).toEqual(expect.arrayContaining(['gold', 'silver', 'bronze']));
        expect(items.find(i => i.label === 'gold')?.detail).toBe('Tier value');
        expect(labels(await complete('campaign c {\n  audience a: Customer where tier in (gold, |)\n}'))).toEqual(expect.arrayContaining(['silver', 'bronze']));
        // Not where no enum is compared.
        expect(labels(await complete('campaign c {\n  audience a: Customer where country = |\n}'))).not.toContain('gold');
    });

    test('enrichment columns downstream', async () => {
        const items = labels(await complete('campaign c {\n  audience a: Customer\n  enrich e from a {\n    total = sum(purchases.amount)\n  }\n  split s from e {\n    segment big where |\n  }\n}'));
        expect(items).toEqual(expect.arrayContaining(['total', 'email']));
    });
});

describe('fields where only some kinds fit', () => {
    test('`per` offers to-many links, `address` scalar fields, `change … via` links', async () => {
        expect(labels(await complete('campaign c {\n  audience a: Customer\n  email m from a {\n    per |\n  }\n}'))).toEqual(['purchases', 'wishlist']);
        const address = labels(await complete('campaign c {\n  audience a: Customer\n  email m from a {\n    address |\n  }\n}'));
        expect(address).toContain('email');
        expect(address).not.toContain('store');
        expect(labels(await complete('campaign c {\n  audience a: Purchase\n  change ch from a to Customer via |\n}'))).toEqual(['customer', 'product']);
    });

    test('`minus p via` offers the links of the removed population', async () => {
        expect(labels(await complete('campaign c {\n  audience b: Purchase\n  audience a: Customer\n  exclude e from a minus b via |\n}'))).toEqual(['customer', 'product']);
    });

    test('a statement the parser could not keep still gets the columns of its `from`', async () => {
        const items = labels(await complete('campaign c {\n  audience a: Customer\n  enrich e from a {\n    total = sum(purchases.amount)\n  }\n  dedupe d from e by |\n}'));
        expect(items).toEqual(expect.arrayContaining(['email', 'total']));
        expect(items).not.toContain('gold');
    });
});

describe('rows of a collection while its condition is typed', () => {
    const purchase = ['id', 'customerId', 'productId', 'amount', 'purchasedAt', 'customer', 'product'];

    test('after `purchases.` in an aggregate: the collection\'s fields, also with nothing typed yet', async () => {
        for (const text of [
            'campaign c {\n  audience a: Customer where sum(purchases.|)\n}',
            'campaign c {\n  audience a: Customer where sum(purchases.amount) > 1 and countDistinct(purchases.|\n}',
            'campaign c {\n  audience a: Customer\n  enrich e from a { t = avg(purchases.|) }\n}'
        ]) {
            expect(labels(await complete(text)), text).toEqual(purchase);
        }
    });

    test('in the `where` of an aggregate, of a parenthesised `exists … where` and of a `take`: the collection\'s rows', async () => {
        for (const text of [
            'campaign c {\n  audience a: Customer where count(purchases where |)\n}',
            'campaign c {\n  audience a: Customer where count(purchases where amount > 1 and |)\n}',
            'campaign c {\n  audience a: Customer where sum(purchases.amount where lower(|)) > 1\n}',
            'campaign c {\n  audience a: Customer where exists purchases where (amount > 1 and |)\n}',
            'campaign c {\n  audience a: Customer\n  enrich e from a { l = take 3 purchases where | }\n}',
            'campaign c {\n  audience a: Customer\n  enrich e from a { l = take 3 purchases order by | }\n}'
        ]) {
            const items = labels(await complete(text));
            expect(items, text).toEqual(expect.arrayContaining(purchase));
            expect(items, text).not.toContain('email');
        }
        // Through a link of the collection's rows.
        expect(labels(await complete('campaign c {\n  audience a: Customer where count(purchases where product.|)\n}'))).toEqual(['id', 'name', 'category', 'price']);
        // After the aggregate is closed, the customer's own fields again.
        expect(labels(await complete('campaign c {\n  audience a: Customer where count(purchases where amount > 1) > 2 and |\n}'))).toContain('email');
    });
});

describe('names in strings and links', () => {
    test('`read x audience "` offers the audiences saved in the workspace', async () => {
        const items = await complete('campaign c {\n  audience a: Customer\n  save s from a as "vip-2026"\n  read r audience "|"\n}\ncampaign d {\n  audience b: Store\n  save t from b as "stores"\n}');
        expect(items.map(i => `${i.label} (${i.detail})`).sort()).toEqual(['stores (saved by d.t)', 'vip-2026 (saved by c.s)']);
    });

    test('`by` of a to-one link offers the entity\'s own values, of a to-many link the target\'s links back', async () => {
        expect(labels(await complete('entity E {\n  key id: int\n  cid: int\n  c: Customer by |\n}'))).toEqual(['id', 'cid']);
        const schema = 'entity Order2 {\n  key id: int\n  shopId: int\n  shop: Shop by shopId\n  other: Customer by shopId\n}\n';
        expect(labels(await complete(schema + 'entity Shop {\n  key id: int\n  orders: Order2[] by |\n}'))).toEqual(['shop']);
        // Purchase has no link to E: nothing fits.
        expect(labels(await complete('entity E {\n  key id: int\n  ps: Purchase[] by |\n}'))).toEqual([]);
    });
});

describe('words the grammar reads as names', () => {
    test('annotation names after `@`, channels in `@optin(`', async () => {
        expect(labels(await complete('entity X {\n  key id: int\n  mail: string? @|\n}'))).toEqual(expect.arrayContaining(['email', 'sms', 'push', 'mail', 'optin']));
        expect(labels(await complete('entity X {\n  key id: int\n  ok: bool @optin(|)\n}'))).toEqual(['email', 'sms', 'push', 'mail']);
    });

    test('day names and units in schedules and waits', async () => {
        expect(labels(await complete('campaign c {\n  schedule weekly on mon, |\n}')).slice(0, 7)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
        expect(labels(await complete('campaign c {\n  schedule every 30 |\n}'))).toContain('minutes');
        expect(labels(await complete('campaign c {\n  audience a: Customer\n  wait w from a for 3 |\n}'))).toContain('days');
    });

    test('`$` in a condition offers the campaign variables and parameters', async () => {
        const items = labels(await complete('campaign c {\n  var discount = "20"\n  param channel: string = "email"\n  audience a: Customer where country = $|\n}'));
        expect(items).toEqual(expect.arrayContaining(['discount', 'channel']));
    });
});

describe('templates', () => {
    const campaign = (subject: string) => 'campaign c {\n  var discount = "20"\n  audience a: Customer\n'
        + '  enrich e from a {\n    total = sum(purchases.amount)\n    lastBuys = take 3 purchases order by purchasedAt desc {\n      amount\n    }\n  }\n'
        + `  email m from e {\n    subject "${subject}"\n    body "x"\n  }\n}`;

    test('columns of the population reaching the channel inside `{{`', async () => {
        const items = await complete(campaign('Hi {{fi|'));
        expect(labels(items)).toEqual(expect.arrayContaining(['firstName', 'total', 'email']));
        expect(items.find(i => i.label === 'total')?.detail).toMatch(/^decimal\??$/);
        const first = items.find(i => i.label === 'firstName')!;
        expect(first.textEdit && 'range' in first.textEdit && first.textEdit.range.end.character - first.textEdit.range.start.character).toBe(2);
    });

    test('`$` offers the campaign variables', async () => {
        expect(labels(await complete(campaign('{{$|}}')))).toEqual(['discount']);
    });

    test('fields through a to-one link', async () => {
        expect(labels(await complete(campaign('{{store.|}}')))).toEqual(expect.arrayContaining(['city', 'name']));
    });

    test('`#each` offers the take lists, and inside it the fields of the items', async () => {
        expect(labels(await complete(campaign('{{#each |')))).toEqual(['lastBuys']);
        expect(labels(await complete(campaign('{{#each lastBuys}}{{|')))).toContain('amount');
    });

    test('not in strings that are not templates: file paths, labels', async () => {
        expect(await complete('campaign c {\n  audience a: Customer\n  email m from a {\n    subject "x"\n    body file "{{|"\n  }\n}')).toEqual([]);
        expect(await complete('campaign c {\n  audience a: Customer {\n    label "{{|"\n  }\n}')).toEqual([]);
    });

    test('outside `{{` in a string, and in comments, nothing', async () => {
        expect(await complete(campaign('Hello |'))).toEqual([]);
        expect(await complete('campaign c {\n  // audience |\n}')).toEqual([]);
    });
});

describe('parsing only the statement at the cursor', () => {
    test('gives the same items as parsing the whole file, at positions all over the examples', async () => {
        /** The provider as Langium has it: features from the text from the start of the file. */
        class WholeFile extends CampaignCompletionProvider {
            protected override statementPrefix(): string | undefined {
                return undefined;
            }
        }
        const whole = new WholeFile(services.Campaign);
        const text = readFileSync(join(__dirname, '../fixtures/spec/spring-sale.campaign'), 'utf8')
            + readFileSync(join(__dirname, '../fixtures/spec/filters.campaign'), 'utf8');
        await withDocuments([text], async ([document]) => {
            let compared = 0;
            for (let offset = 0; offset <= text.length; offset += 11) {
                const params = { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) };
                const fast = await services.Campaign.lsp.CompletionProvider!.getCompletion(document, params);
                const slow = await whole.getCompletion(document, params);
                const labels = (list: typeof fast) => (list?.items ?? []).map(i => `${i.label}:${i.kind}`).sort();
                expect(labels(fast), `at offset ${offset}`).toEqual(labels(slow));
                compared += (slow?.items.length ?? 0) > 0 ? 1 : 0;
            }
            expect(compared).toBeGreaterThan(100);
        });
    }, 120_000);
});

describe('robustness', () => {
    test('completion never throws, whatever the text and the position', async () => {
        const text = readFileSync(join(__dirname, '../fixtures/spec/spring-sale.campaign'), 'utf8');
        for (let offset = 0; offset < text.length; offset += 37) {
            const items = await complete(text.substring(0, offset) + '|' + text.substring(offset));
            expect(Array.isArray(items)).toBe(true);
        }
    });
});
