import { AstUtils, type AstNode, type Reference } from 'langium';
import { describe, expect, test } from 'vitest';
import { isCampaign, isEntity, type Model } from '../../language/generated/ast.js';
import { buildWorkspace, errorsOf, specFile } from './validation-workspace.js';

const model = specFile('data-model.campaign');

/** Every reference in a document, as `text -> Type:containerName.name` of its target. */
async function links(campaign: string, extra: Record<string, string> = {}) {
    const { documents } = await buildWorkspace({ 'data-model.campaign': model, 'c.campaign': campaign, ...extra });
    const document = documents.get('c.campaign')!;
    const result: Array<{ text: string; offset: number; target?: AstNode; targetType?: string; owner?: string }> = [];
    for (const node of AstUtils.streamAst(document.parseResult.value)) {
        for (const ref of AstUtils.streamReferences(node)) {
            const target = (ref.reference as Reference).ref;
            const owner = target?.$container && 'name' in target.$container ? String(target.$container.name) : undefined;
            result.push({ text: ref.reference.$refText, offset: ref.reference.$refNode!.offset, target, targetType: target?.$type, owner });
        }
    }
    return { document, result, errors: errorsOf(document) };
}

/** The target of the reference written at `marker` (the first occurrence of the text after it). */
function at(result: Awaited<ReturnType<typeof links>>, text: string, marker: string) {
    const source = result.document.textDocument.getText();
    const offset = source.indexOf(marker) + marker.indexOf(text);
    const found = result.result.find(r => r.offset === offset);
    if (!found) throw new Error(`no reference '${text}' in '${marker}'`);
    return found;
}

describe('linking', () => {
    test('entities, enums, filters and campaigns are global across files', async () => {
        const r = await links(`
campaign c {
  audience a: Customer where bigSpender(200) and tier = gold
  end e from a signal other with n = 2
}`, { 'f.campaign': 'filter bigSpender(min: decimal) on Customer where sum(purchases.amount) >= min\ncampaign other { param n: int; audience x: Store }' });
        expect(r.errors).toEqual([]);
        expect(at(r, 'Customer', 'a: Customer').targetType).toBe('Entity');
        expect(at(r, 'bigSpender', 'bigSpender(').targetType).toBe('Filter');
        expect(at(r, 'gold', '= gold')).toMatchObject({ targetType: 'EnumValue', owner: 'Tier' });
        expect(at(r, 'other', 'signal other').targetType).toBe('Campaign');
        expect(at(r, 'n', 'with n').targetType).toBe('CampaignParam');
    });

    test('activities are local to their campaign; outputs resolve among the named outputs', async () => {
        const r = await links(`
campaign c {
  audience a: Customer
  split s from a { segment vip where tier = gold; remainder rest }
  fork f from s.vip { branch x; branch y }
  test t from s.rest { when count > 10 -> big; else -> small }
  dedupe d from f.x by email { duplicates dups }
  intersect i from d, f.y { remainder r }
  exclude e from d minus t.big { remainder r }
  union u from d.dups, i.r, e.r, t.small
}
campaign other { audience a: Store; save v from a as "x" }`);
        expect(r.errors).toEqual([]);
        expect(at(r, 'a', 'from a {').owner).toBe('c');
        expect(at(r, 'vip', 's.vip')).toMatchObject({ targetType: 'SplitSegment', owner: 's' });
        expect(at(r, 'rest', 's.rest')).toMatchObject({ targetType: 'Remainder', owner: 's' });
        expect(at(r, 'x', 'f.x')).toMatchObject({ targetType: 'ForkBranch', owner: 'f' });
        expect(at(r, 'big', 't.big')).toMatchObject({ targetType: 'TestCase', owner: 't' });
        expect(at(r, 'dups', 'd.dups')).toMatchObject({ targetType: 'Duplicates', owner: 'd' });
        expect(at(r, 'r', 'i.r')).toMatchObject({ targetType: 'Remainder', owner: 'i' });
        expect(at(r, 'r', 'e.r')).toMatchObject({ targetType: 'Remainder', owner: 'e' });
    });

    test('an activity of another campaign is not visible', async () => {
        const r = await links('campaign c { audience a: Customer }\ncampaign d { wait w from a for 1 day }');
        expect(r.errors.join('\n')).toMatch(/No activity 'a' in campaign d/);
    });

    test('names in expressions resolve to the population at that point', async () => {
        const r = await links(`
campaign c {
  var greeting = "hi"
  audience a: Customer where country = "FR" and store.city = "Paris"
  enrich en from a {
    total = sum(purchases.amount where amount > 10)
    lastBuys = take 2 purchases where amount > 5 order by purchasedAt desc { amount; productId }
  }
  split s from en { segment big where total > 100 and lastBuys1_amount > 3 and exists wishlist where product.category = "shoes" }
  load l file "x.csv" { mail: string; score: int }
  reconcile rc from l to Customer on mail = email
  audience p: Purchase where customer.country = "DE"
  change ch from p to Customer via customer
  exclude ex from a minus p via customer
  email m from s.big { subject "{{firstName}}"; body "x {{$greeting}}"; per wishlist; address email }
  test t from a { when count > 3 and $greeting = "hi" -> yes }
  audience again: Customer where exists messages where (activity = m and channel = "email")
}`);
        expect(r.errors).toEqual([]);
        expect(at(r, 'country', 'where country')).toMatchObject({ targetType: 'Field', owner: 'Customer' });
        expect(at(r, 'store', 'store.city')).toMatchObject({ targetType: 'Field', owner: 'Customer' });
        expect(at(r, 'city', 'store.city')).toMatchObject({ targetType: 'Field', owner: 'Store' });
        expect(at(r, 'amount', 'where amount > 10')).toMatchObject({ targetType: 'Field', owner: 'Purchase' });
        expect(at(r, 'amount', 'where amount > 5')).toMatchObject({ targetType: 'Field', owner: 'Purchase' });
        expect(at(r, 'purchasedAt', 'by purchasedAt')).toMatchObject({ targetType: 'Field', owner: 'Purchase' });
        expect(at(r, 'productId', 'amount; productId')).toMatchObject({ targetType: 'Field', owner: 'Purchase' });
        expect(at(r, 'total', 'where total')).toMatchObject({ targetType: 'EnrichColumn' });
        expect(at(r, 'lastBuys1_amount', 'lastBuys1_amount')).toMatchObject({ targetType: 'TakeField' });
        expect(at(r, 'product', 'where product.category')).toMatchObject({ targetType: 'Field', owner: 'WishlistItem' });
        expect(at(r, 'mail', 'on mail')).toMatchObject({ targetType: 'LoadColumn' });
        expect(at(r, 'email', '= email')).toMatchObject({ targetType: 'Field', owner: 'Customer' });
        expect(at(r, 'customer', 'where customer.country')).toMatchObject({ targetType: 'Field', owner: 'Purchase' });
        expect(at(r, 'customer', 'via customer\n')).toMatchObject({ targetType: 'Field', owner: 'Purchase' });
        expect(at(r, 'customer', 'p via customer')).toMatchObject({ targetType: 'Field', owner: 'Purchase' });
        expect(at(r, 'wishlist', 'per wishlist')).toMatchObject({ targetType: 'Field', owner: 'Customer' });
        expect(at(r, 'email', 'address email')).toMatchObject({ targetType: 'Field', owner: 'Customer' });
        expect(at(r, 'greeting', '$greeting =')).toMatchObject({ targetType: 'CampaignVar' });
        expect(at(r, 'count', 'when count')).toMatchObject({ targetType: 'BuiltinFunction' });
        expect(at(r, 'messages', 'exists messages')).toMatchObject({ targetType: 'Field', owner: 'AnyRecipient' });
        expect(at(r, 'activity', 'where (activity')).toMatchObject({ targetType: 'Field', owner: 'SentMessage' });
        expect(at(r, 'm', '= m and')).toMatchObject({ targetType: 'ChannelActivity' });
        expect(at(r, 'sum', 'sum(')).toMatchObject({ targetType: 'BuiltinFunction' });
    });

    test('a filter parameter, and an enum value of the other operand', async () => {
        const r = await links(`
enum Size { small, large }
enum Mood { gold, grey }
filter f(small: int) on Customer where loyaltyPoints > small and tier = gold
campaign c { audience a: Customer where tier in (silver, bronze) }`);
        expect(r.errors).toEqual([]);
        expect(at(r, 'small', '> small')).toMatchObject({ targetType: 'FilterParam' });
        // Mood also has a `gold`: the comparison with a Tier picks Tier's.
        expect(at(r, 'gold', '= gold')).toMatchObject({ targetType: 'EnumValue', owner: 'Tier' });
        expect(at(r, 'silver', '(silver')).toMatchObject({ targetType: 'EnumValue', owner: 'Tier' });
    });

    test('types, by, and the fields of a link', async () => {
        const r = await links(`
entity Order {
  key id: int
  buyerId: int
  size: Tier?
  buyer: Customer by buyerId
}
entity Shop { key id: int; orders: Order[] by buyer }`);
        expect(at(r, 'int', 'id: int')).toMatchObject({ targetType: 'PrimitiveType' });
        expect(at(r, 'Tier', 'size: Tier')).toMatchObject({ targetType: 'Enum' });
        expect(at(r, 'buyerId', 'by buyerId')).toMatchObject({ targetType: 'Field', owner: 'Order' });
        expect(at(r, 'buyer', 'by buyer }')).toMatchObject({ targetType: 'Field', owner: 'Order' });
    });

    test('a misspelt column is unknown, with a suggestion', async () => {
        const r = await links('campaign c { audience a: Customer where contry = "FR" }');
        expect(r.errors).toEqual([expect.stringMatching(/^1:41 error \[unknown-name\] Unknown name 'contry'.*Customer rows.*Did you mean 'country'\?/)]);
    });

    test('a cyclic graph resolves without hanging', async () => {
        const r = await links('campaign c { enrich a from b { x = y }\n enrich b from a { y = x } }');
        expect(r.errors.some(e => e.includes('[cycle]'))).toBe(true);
    });

    test('every model in the workspace is linked', async () => {
        const { documents } = await buildWorkspace({ 'data-model.campaign': model });
        const root = documents.get('data-model.campaign')!.parseResult.value as Model;
        expect(root.elements.filter(isEntity).length).toBe(5);
        expect(root.elements.some(isCampaign)).toBe(false);
    });
});
