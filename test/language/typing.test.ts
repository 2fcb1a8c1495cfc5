import { AstUtils } from 'langium';
import { describe, expect, test } from 'vitest';
import { isActivity, isCampaign, isCampaignVar, isEnrichColumn, isNameReference, type Activity, type Model } from '../../language/generated/ast.js';
import { isMessagesLink } from '../../language/typing/fields.js';
import { dimensionName, type Population } from '../../language/typing/population.js';
import { parseTemplate, renderTemplate, type TemplateScope } from '../../language/typing/templates.js';
import { isAssignable, isComparable, primitive, typeToString } from '../../language/typing/types.js';
import { buildWorkspace, specFile } from './validation-workspace.js';

const model = specFile('data-model.campaign');

async function campaign(text: string, extra: Record<string, string> = {}) {
    const { documents, Campaign } = await buildWorkspace({ 'data-model.campaign': model, 'c.campaign': text, ...extra });
    const root = documents.get('c.campaign')!.parseResult.value as Model;
    const activities = new Map<string, Activity>();
    for (const c of root.elements.filter(isCampaign)) for (const a of c.members.filter(isActivity)) activities.set(a.name, a);
    const populations = Campaign.typing.Populations;
    const describe = (p: Population | undefined) => p && {
        dimension: dimensionName(p.dimension),
        columns: Object.fromEntries([...p.columns].map(([n, c]) => [n, typeToString(c.type)]))
    };
    return {
        root, Campaign,
        of: (name: string) => describe(populations.ofActivity(activities.get(name)!)),
        output: (name: string, output: string) => {
            const a = activities.get(name)!;
            const o = ('options' in a ? a.options : []).find(x => 'name' in x && x.name === output) as never;
            return describe(populations.ofOutput(a, o));
        },
        raw: (name: string) => populations.ofActivity(activities.get(name)!)
    };
}

const customerColumns = {
    id: 'int', email: 'string?', phone: 'string?', pushToken: 'string?', postalAddress: 'string?', emailOptIn: 'bool', firstName: 'string',
    country: 'string', tier: 'Tier', loyaltyPoints: 'int', birthDate: 'date?', createdAt: 'datetime', storeId: 'int?', store: 'Store?',
    purchases: 'Purchase[]', wishlist: 'WishlistItem[]', messages: 'SentMessage[]'
};

describe('populations through every activity kind', () => {
    test('audience, incremental and the entity columns (with messages on an addressable entity)', async () => {
        const c = await campaign('campaign c { audience a: Customer; incremental i: Customer since createdAt; audience p: Purchase }');
        expect(c.of('a')).toEqual({ dimension: 'Customer', columns: customerColumns });
        expect(c.of('i')).toEqual(c.of('a'));
        expect(isMessagesLink(c.raw('a')!.columns.get('messages')!.source)).toBe(true);
        expect(isMessagesLink(c.raw('a')!.columns.get('purchases')!.source)).toBe(false);
        // Purchase has no address field: no `messages`.
        expect(Object.keys(c.of('p')!.columns)).not.toContain('messages');
    });

    test('read takes the dimension of the save of that name, anywhere in the workspace', async () => {
        const c = await campaign('campaign c { read r audience "stores"; read unknown audience "nope" }',
            { 'o.campaign': 'campaign o { audience s: Store; save v from s as "stores" }' });
        expect(c.of('r')?.dimension).toBe('Store');
        expect(c.of('unknown')).toBeUndefined();
    });

    test('load: file rows with the declared columns', async () => {
        const c = await campaign('campaign c { load l file "x.csv" { email: string column "E-mail"; score: int?; tier: Tier; maxErrors 2 } }');
        expect(c.of('l')).toEqual({ dimension: 'file l', columns: { email: 'string', score: 'int?', tier: 'Tier' } });
    });

    test('split, fork, test outputs, dedupe, save, wait, join and channels pass their input on', async () => {
        const c = await campaign(`campaign c {
  audience a: Customer
  enrich e from a { n = 1 }
  split s from e { segment x where n > 0; remainder rest }
  fork f from s.x { branch b1; branch b2 }
  test t from f.b1 { when count > 1 -> big }
  dedupe d from t.big by email { duplicates dups }
  save v from d as "v"
  wait w from v for 1 day
  join j from w, f.b2 pass f.b2
  email m from j { subject "s"; body "b" }
}`);
        const expected = { dimension: 'Customer', columns: { ...customerColumns, n: 'int' } };
        for (const [a, o] of [['s', 'x'], ['s', 'rest'], ['f', 'b1'], ['t', 'big'], ['d', 'dups']]) expect(c.output(a, o), `${a}.${o}`).toEqual(expected);
        for (const a of ['d', 'v', 'w', 'j', 'm']) expect(c.of(a), a).toEqual(expected);
    });

    test('union keeps the columns common to all inputs; intersect and exclude the first input\'s', async () => {
        const c = await campaign(`campaign c {
  audience a: Customer
  enrich e1 from a { x = 1; y = "a" }
  enrich e2 from a { x = 2.5; z = 1 }
  union u from e1, e2
  intersect i from e1, e2 { remainder r }
  exclude ex from e2 minus e1 { remainder r }
}`);
        expect(c.of('u')?.columns).toEqual({ ...customerColumns, x: 'decimal' });
        expect(c.of('i')?.columns).toEqual({ ...customerColumns, x: 'int', y: 'string' });
        expect(c.output('i', 'r')?.columns).toEqual({ ...customerColumns, x: 'decimal' });
        expect(c.of('ex')?.columns).toEqual({ ...customerColumns, x: 'decimal', z: 'int' });
        expect(c.output('ex', 'r')?.columns).toEqual(c.of('ex')?.columns);
    });

    test('enrich adds typed columns, and take N numbered columns plus a list', async () => {
        const c = await campaign(`campaign c {
  audience a: Customer
  enrich e from a {
    total = sum(purchases.amount)
    n = count(purchases where amount > 50)
    storeCity = store.city
    old = yearsOld(birthDate) > 30
    lastBuys = take 2 purchases order by purchasedAt desc { amount; productId }
  }
}`);
        const p = c.of('e')!;
        expect(p.columns).toMatchObject({
            total: 'decimal?', n: 'int', storeCity: 'string?', old: 'bool',
            lastBuys1_amount: 'decimal?', lastBuys1_productId: 'int?', lastBuys2_amount: 'decimal?', lastBuys2_productId: 'int?'
        });
        expect(p.columns).not.toHaveProperty('lastBuys');
        const list = c.raw('e')!.lists.get('lastBuys')!;
        expect(list.count).toBe(2);
        expect(list.entity?.name).toBe('Purchase');
        expect([...list.fields.keys()]).toEqual(['amount', 'productId']);
    });

    test('reconcile: the target entity plus the file\'s columns; change: the target entity', async () => {
        const c = await campaign(`campaign c {
  load l file "x.csv" { mail: string; score: int }
  reconcile r from l to Customer on mail = email
  audience p: Purchase
  change ch from p to Customer via customer
}`);
        expect(c.of('r')).toEqual({ dimension: 'Customer', columns: { ...customerColumns, mail: 'string', score: 'int' } });
        expect(c.of('ch')).toEqual({ dimension: 'Customer', columns: customerColumns });
    });

    test('a cycle yields an unknown population instead of looping', async () => {
        const c = await campaign('campaign c { wait a from b for 1 day; wait b from a for 1 day }');
        expect(c.of('a')).toBeUndefined();
    });

    test('contextOf: the rows an expression sees, inside exists, aggregates, take and filters', async () => {
        const c = await campaign(`filter f on Store where city = "x"
campaign c {
  audience a: Customer where exists purchases where amount > 1
  enrich e from a { n = count(wishlist where addedAt > daysAgo(3)) }
}`);
        const refs = AstUtils.streamAst(c.root).filter(isNameReference).toArray();
        const context = (name: string) => {
            const ref = refs.find(r => r.target.$refText === name)!;
            const p = c.Campaign.typing.Populations.contextOf(ref);
            return p && dimensionName(p.dimension);
        };
        expect(context('city')).toBe('Store');
        expect(context('purchases')).toBe('Customer');
        expect(context('amount')).toBe('Purchase');
        expect(context('wishlist')).toBe('Customer');
        expect(context('addedAt')).toBe('WishlistItem');
    });
});

describe('expression types', () => {
    async function typeOf(expression: string) {
        const c = await campaign(`campaign c { var v = "x"; param p: int = 1; audience a: Customer\n enrich e from a { col = ${expression} } }`);
        const column = AstUtils.streamAst(c.root).filter(isEnrichColumn).head()!;
        return typeToString(c.Campaign.typing.ExpressionTyper.typeOf(column.value));
    }

    test.each([
        ['42', 'int'], ['4.5', 'decimal'], ['"a"', 'string'], ['true', 'bool'], ['null', 'null'], ['2026-01-01', 'date'],
        ['2026-01-01T09:00', 'datetime'], ['09:00', 'time'], ['loyaltyPoints + 1', 'int'], ['loyaltyPoints / 2', 'decimal'],
        ['loyaltyPoints * 1.5', 'decimal'], ['firstName + "!"', 'string'], ['-loyaltyPoints', 'int'], ['tier', 'Tier'], ['gold', 'Tier'],
        ['store', 'Store?'], ['store.city', 'string?'], ['purchases', 'Purchase[]'], ['$v', 'string'], ['$p', 'int'],
        ['count(purchases)', 'int'], ['sum(purchases.amount)', 'decimal?'], ['max(purchases.purchasedAt)', 'datetime?'],
        ['avg(purchases.amount)', 'decimal?'], ['countDistinct(purchases.productId)', 'int'], ['lower(firstName)', 'string'],
        ['coalesce(birthDate, 2000-01-01)', 'date'], ['iif(emailOptIn, 1, 2.5)', 'decimal'], ['year(createdAt)', 'int'],
        ['today()', 'date'], ['addDays(today(), 3)', 'date'], ['country = "FR"', 'bool'], ['exists purchases', 'bool'],
        ['length(email)', 'int?'], ['greatest(1, 2.5)', 'decimal']
    ])('%s : %s', async (expression, expected) => {
        expect(await typeOf(expression)).toBe(expected);
    });

    test('assignability and comparability', () => {
        expect(isAssignable(primitive('decimal'), primitive('int'))).toBe(true);
        expect(isAssignable(primitive('int'), primitive('decimal'))).toBe(false);
        expect(isComparable(primitive('date'), primitive('string'))).toBe(false);
        expect(isComparable(primitive('date'), primitive('datetime'))).toBe(true);
    });

    test('a self-referencing variable types as unknown', async () => {
        const c = await campaign('campaign c { var a = $a + 1 }');
        const v = AstUtils.streamAst(c.root).filter(isCampaignVar).head()!;
        expect(typeToString(c.Campaign.typing.ExpressionTyper.typeOf(v.value))).toBe('unknown');
    });
});

describe('templates', () => {
    test('values, paths, variables and each blocks, with offsets', () => {
        const text = 'Hi {{ firstName }}, {{store.city}} {{$discount}}% {{#each lastBuys}}[{{amount}}]{{/each}}';
        const { parts, errors } = parseTemplate(text);
        expect(errors).toEqual([]);
        const values = parts.filter(p => p.kind === 'value');
        expect(values.map(v => v.kind === 'value' && [v.path.join('.'), v.variable, text.slice(v.nameStart, v.nameEnd)])).toEqual([
            ['firstName', false, 'firstName'], ['store.city', false, 'store.city'], ['discount', true, 'discount']
        ]);
        const each = parts.find(p => p.kind === 'each');
        expect(each?.kind === 'each' && [each.name, text.slice(each.nameStart, each.nameEnd), each.body.length]).toEqual(['lastBuys', 'lastBuys', 3]);
    });

    test('syntax errors have ranges', () => {
        expect(parseTemplate('a {{x').errors).toEqual([{ message: expect.stringContaining('Unclosed'), start: 2, end: 5 }]);
        expect(parseTemplate('{{#each xs}} a').errors[0]).toMatchObject({ start: 0, message: expect.stringContaining('not closed') });
        expect(parseTemplate('{{/each}}').errors[0]).toMatchObject({ start: 0, end: 9 });
        expect(parseTemplate('{{a b}}').errors[0]).toMatchObject({ start: 0, end: 7 });
    });

    test('rendering escapes HTML and repeats each blocks', () => {
        const scope = (row: Record<string, unknown>, lists: Record<string, Array<Record<string, unknown>>> = {}): TemplateScope => ({
            value: path => path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], row),
            variable: name => ({ d: '20' } as Record<string, string>)[name],
            list: name => (lists[name] ?? []).map(item => scope(item))
        });
        const { parts } = parseTemplate('<b>{{name}}</b> {{$d}}% {{#each xs}}({{a}}){{/each}} {{none}}');
        expect(renderTemplate(parts, scope({ name: 'A&B' }, { xs: [{ a: 1 }, { a: 2 }] }), { html: true })).toBe('<b>A&amp;B</b> 20% (1)(2) ');
    });
});
