import { describe, expect, test } from 'vitest';
import { buildWorkspace, codeOf, specFile } from './validation-workspace.js';

const model = specFile('data-model.campaign');

/** The diagnostics of `c.campaign` (built with the data model) as `severity code «text at its range»`. */
async function issues(text: string, extra: Record<string, string> = {}): Promise<string[]> {
    const { documents } = await buildWorkspace({ 'data-model.campaign': model, 'c.campaign': text, ...extra });
    const document = documents.get('c.campaign')!;
    return (document.diagnostics ?? []).map(d =>
        `${d.severity === 1 ? 'error' : 'warning'} ${codeOf(d)} «${document.textDocument.getText(d.range)}»`);
}

/** Wraps activities in a campaign whose audience `a` (Customer) feeds them. */
function inCampaign(body: string): string {
    return `campaign c {\n  audience a: Customer\n${body}\n}`;
}

const cases: Array<[string, string, string]> = [
    // names
    ['campaign c { audience a: Custmer }', 'error unknown-name', '«Custmer»'],
    ['entity Customer { key id: int }', 'error duplicate-name', '«Customer»'],
    ['enum Tier { a }', 'error duplicate-name', '«Tier»'],
    ['campaign c { audience a: Customer; audience a: Store }', 'error duplicate-name', '«a»'],
    ['enum E { x, y, x }', 'error duplicate-name', '«x»'],
    ['primitive money', 'error builtin-declaration', '«primitive money»'],
    // data model
    ['entity E { name: string }', 'error key-count', '«E»'],
    ['entity E { key a: int; key b: int }', 'error key-count', '«key»'],
    ['database "other.sqlite"', 'error database-count', '«database "other.sqlite"»'],
    ['entity E { key id: int; sId: int; s: Store }', 'error link-via', '«Store»'],
    ['entity E { key id: int; ps: Purchase[] by productId }', 'error link-via', '«productId»'],
    ['entity E { key id: int; e: string? @emial }', 'error annotation', '«emial»'],
    ['entity E { key id: int; ok: int @optin(email) }', 'error annotation', '«@optin(email)»'],
    // graph
    [inCampaign('  wait w1 from w2 for 1 day\n  wait w2 from w1 for 1 day'), 'error cycle', '«w1»'],
    [inCampaign('  union u from a'), 'error input-count', '«a»'],
    [inCampaign('  wait w from a, a for 1 day'), 'error input-count', '«a»'],
    [inCampaign('  split s from a { segment x }\n  wait w from s for 1 day'), 'error no-main-output', '«s»'],
    [inCampaign('  audience p: Purchase\n  union u from a, p'), 'error dimension-mismatch', '«p»'],
    [inCampaign('  audience p: Purchase\n  exclude e from a minus p'), 'error minus-via', '«p»'],
    [inCampaign('  audience p: Purchase\n  exclude e from a minus p via product'), 'error minus-via', '«product»'],
    [inCampaign('  change ch from a to Store via wishlist'), 'error change-via', '«wishlist»'],
    [inCampaign('  change ch from a to Store via firstName'), 'error change-via', '«firstName»'],
    [inCampaign('  reconcile r from a to Store on country = city'), 'error reconcile-input', '«a»'],
    [inCampaign('  incremental i: Customer where country = "FR"'), 'error incremental-mode', '«i»'],
    [inCampaign('  audience b: Customer\n  join j from a, b pass c2'), 'error unknown-name', '«c2»'],
    [inCampaign('  audience b: Customer\n  wait w from a for 1 day\n  join j from a, b pass w\n  sms s from j { body "x" }'), 'error join-pass', '«w»'],
    [inCampaign('  wait w1 from w2 for 1 day\n  wait w2 from w1 for 1 day'), 'warning unreachable', '«w2»'],
    [inCampaign('  read r audience "nobody"'), 'error read-unknown', '«"nobody"»'],
    [inCampaign('  save s from a as "shared"'), 'error save-shared', '«"shared"»'],
    [inCampaign('  wait w from a for 1 day'), 'warning unused', '«w»'],
    [inCampaign('  dedupe d from a by email'), 'warning unused', '«d»'],
    // options
    [inCampaign('  email m from a { subject "a"; subject "b"; body "c" }'), 'error duplicate-option', '«subject "b"»'],
    [inCampaign('  sms m from a { subject "a"; body "c" }'), 'error option-not-allowed', '«subject "a"»'],
    [inCampaign('  email m from a { body "c" }'), 'error missing-option', '«m»'],
    [inCampaign('  push m from a { body "c" }'), 'error missing-option', '«m»'],
    [inCampaign('  mail m from a { category marketing }'), 'error missing-option', '«m»'],
    ['campaign c { audience p: Purchase\n  sms m from p { body "x" } }', 'error no-address', '«m»'],
    [inCampaign('  email m from a { subject "a"; body "b"; per store }'), 'error per-link', '«store»'],
    [inCampaign('  email m from a { subject "a"; body "b"; address loyaltyPoints }'), 'error address-field', '«loyaltyPoints»'],
    [inCampaign('  test t from a { else -> x; when count > 1 -> y }'), 'error test-outcomes', '«else -> x»'],
    [inCampaign('  wait w from a'), 'error missing-option', '«w»'],
    // expressions
    ['campaign c { audience a: Customer where birthDate = "2020" }', 'error type-mismatch', '«birthDate = "2020"»'],
    ['campaign c { audience a: Customer where loyaltyPoints + "x" > 1 }', 'error type-mismatch', '«loyaltyPoints + "x"»'],
    ['campaign c { audience a: Customer where store = 3 }', 'error type-mismatch', '«store»'],
    ['campaign c { audience a: Customer where firstName }', 'error not-boolean', '«firstName»'],
    ['campaign c { audience a: Customer where purchases.amount > 3 }', 'error collection-as-scalar', '«purchases.amount»'],
    ['campaign c { audience a: Customer where sum(store.id) > 3 }', 'error aggregate-over-to-one', '«store.id»'],
    ['campaign c { audience a: Customer where exists store }', 'error exists-over-to-one', '«store»'],
    ['campaign c { audience a: Customer where lower(firstName where 1 = 1) = "x" }', 'error not-aggregate', '«1 = 1»'],
    ['campaign c { audience a: Customer where lower(firstName, country) = "x" }', 'error arity', '«lower»'],
    ['campaign c { audience a: Customer where year(firstName) = 2000 }', 'error argument-type', '«firstName»'],
    ['campaign c { audience a: Customer where sum(purchases.customerId) > 1 and sum(wishlist.addedAt) > 1 }', 'error argument-type', '«wishlist.addedAt»'],
    ['campaign c { audience a: Customer where tier = "platinum" }', 'error enum-value', '«"platinum"»'],
    ['enum Mood { happy }\ncampaign c { audience a: Customer where tier = happy }', 'error type-mismatch', '«tier = happy»'],
    [inCampaign('  test t from a { when loyaltyPoints > 3 -> x }'), 'error row-field-in-test', '«loyaltyPoints»'],
    ['campaign c { audience a: Customer where birthDate > 1990-1-1 }', 'error malformed-literal', '«1990-1-1»'],
    ['campaign c { audience a: Customer where createdAt > 2026-02-30T09:00 }', 'error malformed-literal', '«2026-02-30T09:00»'],
    ['campaign c { schedule daily at 25:00 }', 'error malformed-literal', '«25:00»'],
    [inCampaign('  enrich e from a { xs = take 2 purchases { amount } }\n  split s from e { segment big where xs > 1 }'), 'error take-list', '«xs»'],
    ['filter f(n: int) on Customer where loyaltyPoints > n\ncampaign c { audience a: Customer where f("x") }', 'error argument-type', '«"x"»'],
    ['filter f(n: int) on Customer where loyaltyPoints > n\ncampaign c { audience a: Customer where f() }', 'error arity', '«f»'],
    ['filter f on Store where city = "x"\ncampaign c { audience a: Customer where f() }', 'error type-mismatch', '«f»'],
    [inCampaign('  mail m from a { fields firstName, store }'), 'error type-mismatch', '«store»'],
    // templates
    [inCampaign('  email m from a { subject "Hi {{frstName}}"; body "b" }'), 'error template-name', '«frstName»'],
    [inCampaign('  email m from a { subject "Hi {{store.cty}}"; body "b" }'), 'error template-name', '«cty»'],
    [inCampaign('  email m from a { subject "Hi {{$nope}}"; body "b" }'), 'error template-name', '«$nope»'],
    [inCampaign('  email m from a { subject "{{#each xs}}{{/each}}"; body "b" }'), 'error template-name', '«xs»'],
    [inCampaign('  email m from a { subject "Hi {{firstName"; body "b" }'), 'error template', '«{{firstName»'],
    // schedules and durations
    ['campaign c { schedule weekly on mon, thurs at 09:00 }', 'error day-name', '«thurs»'],
    [inCampaign('  wait w from a for 3 dayz\n  sms s from w { body "x" }'), 'error time-unit', '«dayz»'],
    [inCampaign('  wait w from a for 6 days\n  sms s from w { body "x" }'), 'warning long-wait', '«6 days»'],
    ['campaign c { schedule every 10 minutes }', 'warning frequent-schedule', '«every 10 minutes»'],
    ['campaign c { schedule daily at 09:00 from 2026-05-01 until 2026-04-01 }', 'error schedule-range', '«2026-04-01»'],
    ['campaign c { schedule asap; schedule on signal }', 'error duplicate-option', '«schedule on signal»'],
    [inCampaign('  end e from a signal other with n = "x"'), 'error argument-type', '«"x"»'],
    [inCampaign('  end e from a signal other'), 'error arity', '«other»'],
    [inCampaign('  end e from a signal other with n = 1, t = "platinum"'), 'error enum-value', '«"platinum"»']
];

test('every diagnostic code is exercised by a case above or a test below', async () => {
    const { Code } = await import('../../language/validation/codes.js');
    const covered = new Set(cases.map(([, code]) => code.split(' ')[1]));
    for (const code of ['too-many-channels', 'too-many-activities', 'many-activities']) covered.add(code);
    // Templates read from files need a real file system: test/language/template-files.test.ts.
    for (const code of ['template-file', 'template-file-missing']) covered.add(code);
    expect(Object.values(Code).filter(c => !covered.has(c))).toEqual([]);
});

const extraFiles: Record<string, string> = {
    'o.campaign': 'database "x.sqlite"\ncampaign other { schedule on signal; param n: int; param t: Tier = gold; audience a: Store; save s from a as "shared" }'
};

describe('validation: every diagnostic with its code and range', () => {
    test.each(cases)('%s', async (text, code, range) => {
        const found = await issues(text, text.startsWith('database') || text.includes('other') || text.includes('"shared"') ? extraFiles : {});
        expect(found).toContain(`${code} ${range}`);
    });
});

describe('validation: limits per campaign', () => {
    const channels = (n: number) => Array.from({ length: n }, (_, i) => `  sms s${i} from a { body "x" }`).join('\n');
    const waits = (n: number) => Array.from({ length: n }, (_, i) => `  wait w${i} from ${i === 0 ? 'a' : `w${i - 1}`} for 1 day`).join('\n') + `\n  sms last from w${n - 1} { body "x" }`;

    test('at most 10 channel activities', async () => {
        expect(await issues(inCampaign(channels(10)))).toEqual([]);
        expect(await issues(inCampaign(channels(11)))).toEqual(['error too-many-channels «s10»']);
    });

    test('warn above 100 activities, error above 500', async () => {
        expect(await issues(inCampaign(waits(98)))).toEqual([]);
        expect(await issues(inCampaign(waits(99)))).toEqual(['warning many-activities «c»']);
        expect(await issues(inCampaign(waits(499)))).toContain('error too-many-activities «c»');
    }, 60_000);
});

describe('validation: no false alarms', () => {
    test('a correct campaign has no diagnostics at all', async () => {
        const found = await issues(`
filter vip(min: int = 100) on Customer where loyaltyPoints >= min
campaign c {
  var discount = "20"
  audience a: Customer where vip(200) and tier in (gold, "silver") and birthDate < 2000-01-31 and not (storeId = 3)
  enrich e from a { total = sum(purchases.amount where amount > 10); buys = take 2 purchases order by purchasedAt desc { amount } }
  split s from e { segment big where total > 100 limit 10% order by total desc; remainder rest }
  email m from s.big { subject "{{firstName}}, {{$discount}}% {{store.city}}"; body "{{#each buys}}{{amount}}{{/each}} {{buys1_amount}}" }
  wait w from m for 2 days
  sms again from w { body "{{firstName}}" }
  push p from s.rest { title "t"; body "b" }
}`);
        expect(found).toEqual([]);
    });

    test('one mistake, one diagnostic: names below an unknown entity are not reported', async () => {
        const found = await issues('campaign c { audience a: Nobody where x = 1 and y.z > 2\n  sms s from a { body "{{q}}" } }');
        expect(found).toEqual(['error unknown-name «Nobody»']);
    });

    test('names under a broken base are not reported again', async () => {
        const found = await issues(`campaign c {
  load l file "x.csv" { mail: string }
  email m from l { subject "s"; body "b"; per wishlist; address mail }
  change ch from l to Customer via customer
  audience a: Customer
  enrich e from a { xs = take 2 nothing { amount } }
  reconcile r from l to Nobody on mail = email
  end x from e signal nowhere with n = 1
}`);
        expect(found.filter(f => f.startsWith('error')).sort()).toEqual([
            'error no-address «m»', 'error change-via «l»', 'error unknown-name «nothing»', 'error unknown-name «Nobody»', 'error unknown-name «nowhere»'
        ].sort());
    });

    test('bad input never throws', async () => {
        const texts = ['campaign', 'campaign c { audience a: Customer where', 'entity { key', 'campaign c { split s from { segment } }',
            'campaign c { email m from x { subject "{{#each}}{{/each}}{{" } }', 'campaign c { end e from a signal c with x = $y }'];
        for (const t of texts) await expect(issues(t)).resolves.toBeDefined();
    });
});
