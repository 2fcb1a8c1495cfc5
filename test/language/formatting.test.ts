import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectFormatting } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { formatCampaignText, sameTree } from '../../language/lsp/formatting/campaign-formatter.js';
import { createTestServices } from './test-services.js';

const { services } = createTestServices();
const campaign = services.Campaign;
const format = expectFormatting(campaign);
const specDir = join(__dirname, '../fixtures/spec');

function fmt(text: string): string {
    const result = formatCampaignText(campaign, text);
    if (result === undefined) throw new Error('formatter refused: ' + text);
    return result;
}

describe('every example of language.md, formatted', () => {
    for (const file of readdirSync(specDir).filter(f => f.endsWith('.campaign'))) {
        const text = readFileSync(join(specDir, file), 'utf8');
        test(`${file}: idempotent`, () => {
            const once = fmt(text);
            expect(fmt(once)).toBe(once);
        });
        test(`${file}: same AST after formatting`, () => {
            const before = campaign.parser.LangiumParser.parse(text);
            const after = campaign.parser.LangiumParser.parse(fmt(text));
            expect(after.parserErrors).toEqual([]);
            expect(sameTree(before.value, after.value)).toBe(true);
        });
        test(`${file}: every comment kept, in order`, () => {
            const comments = (s: string) => campaign.parser.Lexer.tokenize(s).hidden.map(t => t.image);
            expect(comments(fmt(text))).toEqual(comments(text));
            expect(comments(text).length).toBeGreaterThan(0);
        });
        test(`${file}: the same text whatever the spacing on a line`, () => {
            // Line breaks inside a statement and blank lines are the author's (docs/formatting.md);
            // everything else is canonical: all tokens on one line, one space or three, give one text.
            const stripped = stripComments(text);
            const canonical = fmt(respace(stripped, ' '));
            expect(fmt(respace(stripped, ' \t  '))).toBe(canonical);
            expect(canonical.split('\n').length).toBeGreaterThan(2);
        });
    }
});

/** The text with its comments removed (one line cannot hold `//` comments). */
function stripComments(text: string): string {
    const lexed = campaign.parser.Lexer.tokenize(text);
    let result = '';
    let at = 0;
    for (const c of lexed.hidden) {
        result += text.substring(at, c.startOffset);
        at = c.startOffset + c.image.length;
    }
    return result + text.substring(at);
}

/** The tokens of a text on one line, separated by `sep`. */
function respace(text: string, sep: string): string {
    return campaign.parser.Lexer.tokenize(text).tokens.map(t => t.image).join(sep);
}

describe('canonical layout of each construct', () => {
    test('two-space indent, one statement per line, no `;`', async () => {
        await format({
            before: 'entity Customer table "customers" { key id: int; email: string? @email; tier: Tier }',
            after: 'entity Customer table "customers" {\n  key id: int\n  email: string? @email\n  tier: Tier\n}\n'
        });
    });

    test('top-level `;` dropped, file ends with one newline, leading blank lines dropped', async () => {
        await format({
            before: '\n\n\ndatabase "data/retail.sqlite";\nfilter f on Customer where x = 1;   \n\n\n',
            after: 'database "data/retail.sqlite"\nfilter f on Customer where x = 1\n'
        });
    });

    test('an enum written on one line stays on one line', async () => {
        await format({ before: 'enum   Tier{gold ,silver,bronze}', after: 'enum Tier { gold, silver, bronze }\n' });
    });

    test('an enum written over lines gets one value per line', async () => {
        await format({ before: 'enum Tier {gold,\nsilver, bronze}', after: 'enum Tier {\n  gold,\n  silver,\n  bronze\n}\n' });
    });

    test('links, to-many types, annotations with arguments, column mappings', async () => {
        await format({
            before: 'entity C{purchases : Purchase [ ] by customer\nemailOptIn:bool @ optin ( email )\nname:string column"n"}',
            after: 'entity C {\n  purchases: Purchase[] by customer\n  emailOptIn: bool @optin(email)\n  name: string column "n"\n}\n'
        });
    });

    test('filters with parameters and calls', async () => {
        await format({
            before: 'filter bigSpender ( min:decimal=100 , max : int ? ) on Customer where sum ( purchases . amount ) >= min',
            after: 'filter bigSpender(min: decimal = 100, max: int?) on Customer where sum(purchases.amount) >= min\n'
        });
    });

    test('campaign header members', async () => {
        await format({
            before: 'campaign c{label "L";description "D";tags "a","b";timezone "Europe/Paris";schedule daily at 09:00,18:00 from 2026-01-01 until 2026-02-01;var discount="20";param channel:string="email";seed 42}',
            after: 'campaign c {\n  label "L"\n  description "D"\n  tags "a", "b"\n  timezone "Europe/Paris"\n'
                + '  schedule daily at 09:00, 18:00 from 2026-01-01 until 2026-02-01\n  var discount = "20"\n'
                + '  param channel: string = "email"\n  seed 42\n}\n'
        });
    });

    test('operators get one space, unary minus and prefix `$` none', async () => {
        await format({
            before: 'campaign c { audience a: C where x+1*-3>=2 and not(y=$v)or z in("a","b")except w is not empty }',
            after: 'campaign c {\n  audience a: C where x + 1 * -3 >= 2 and not (y = $v) or z in ("a", "b") except w is not empty\n}\n'
        });
    });

    test('text predicates, exists, aggregates with where', async () => {
        await format({
            before: 'campaign c { audience a: C where email not  starts  with "a" and exists purchases where(amount>1) and count( purchases where amount > 50 ) > 2 }',
            after: 'campaign c {\n  audience a: C where email not starts with "a" and exists purchases where (amount > 1) and count(purchases where amount > 50) > 2\n}\n'
        });
    });

    test('option blocks always open onto their own lines', async () => {
        await format({
            before: 'campaign c { audience a: C { keepEmpty }\nfork f from a { branch x; branch y }\ntest t from f.x { when count > 10 -> big; else -> small } }',
            after: 'campaign c {\n  audience a: C {\n    keepEmpty\n  }\n  fork f from a {\n    branch x\n    branch y\n  }\n'
                + '  test t from f.x {\n    when count > 10 -> big\n    else -> small\n  }\n}\n'
        });
    });

    test('split segments, dedupe preferences, take blocks', async () => {
        await format({
            before: 'campaign c { split s from a{segment vip where tier=gold limit 10% order by points desc,id;remainder rest;overlap}\n'
                + 'dedupe d from a by email , phone keep 1 prefer max ( createdAt )\ndedupe d3 from a by email prefer country order("FR","DE")\n'
                + 'enrich e from a { last=take 3 purchases order by at desc{amount;productId} } }',
            after: 'campaign c {\n  split s from a {\n    segment vip where tier = gold limit 10% order by points desc, id\n    remainder rest\n    overlap\n  }\n'
                + '  dedupe d from a by email, phone keep 1 prefer max(createdAt)\n  dedupe d3 from a by email prefer country order ("FR", "DE")\n'
                + '  enrich e from a {\n    last = take 3 purchases order by at desc {\n      amount\n      productId\n    }\n  }\n}\n'
        });
    });

    test('targeting activities with their heads', async () => {
        await format({
            before: 'campaign c { read v audience"vip" incremental n:C where x=true exclude previous for 30 days\n'
                + 'incremental r:C since createdAt load l file "l.csv"{email:string column "E-mail";score:int?;maxErrors 5}\n'
                + 'exclude e from u minus n,p via customer{remainder r}\nreconcile rc from l to C on email=email,phone=phone{dropUnmatched}\n'
                + 'change ch from rc to C via customer\nsave s from a as"vip" }',
            after: 'campaign c {\n  read v audience "vip"\n  incremental n: C where x = true exclude previous for 30 days\n'
                + '  incremental r: C since createdAt\n  load l file "l.csv" {\n    email: string column "E-mail"\n    score: int?\n    maxErrors 5\n  }\n'
                + '  exclude e from u minus n, p via customer {\n    remainder r\n  }\n  reconcile rc from l to C on email = email, phone = phone {\n    dropUnmatched\n  }\n'
                + '  change ch from rc to C via customer\n  save s from a as "vip"\n}\n'
        });
    });

    test('flow activities, channels and common options', async () => {
        await format({
            before: 'campaign c { join j from a,b pass b{label "J";disabled;pause}\nwait w from j for 3 days\nwait w2 from j until 2026-03-01T09:00\n'
                + 'alert x from t.small title"Low"message"Few"\npush p from a{title "T";body "B";category transactional;per wishlist;address pushToken}\n'
                + 'mail m from a{fields firstName,store.city} }',
            after: 'campaign c {\n  join j from a, b pass b {\n    label "J"\n    disabled\n    pause\n  }\n  wait w from j for 3 days\n  wait w2 from j until 2026-03-01T09:00\n'
                + '  alert x from t.small title "Low" message "Few"\n  push p from a {\n    title "T"\n    body "B"\n    category transactional\n    per wishlist\n    address pushToken\n  }\n'
                + '  mail m from a {\n    fields firstName, store.city\n  }\n}\n'
        });
    });

    test('every schedule form', async () => {
        await format({
            before: 'campaign a{schedule monthly on day 1,15 at 08:00}\ncampaign b{schedule monthly on first mon at 08:00}\n'
                + 'campaign d{schedule every 30 minutes between 08:00 and 20:00 from 2026-01-01 until 2026-12-31}\ncampaign e{schedule once at 2026-03-01T09:00}\n'
                + 'campaign f{schedule on signal}\ncampaign g{schedule weekly on mon,thu at 09:00 every 2 weeks}',
            after: 'campaign a {\n  schedule monthly on day 1, 15 at 08:00\n}\ncampaign b {\n  schedule monthly on first mon at 08:00\n}\n'
                + 'campaign d {\n  schedule every 30 minutes between 08:00 and 20:00 from 2026-01-01 until 2026-12-31\n}\ncampaign e {\n  schedule once at 2026-03-01T09:00\n}\n'
                + 'campaign f {\n  schedule on signal\n}\ncampaign g {\n  schedule weekly on mon, thu at 09:00 every 2 weeks\n}\n'
        });
    });

    test('literals: negative numbers, decimals, dates, times, percentages, escapes', async () => {
        await format({
            before: 'campaign c { audience a: C where x = - 3 and y >= -49.99 and d < 2026-01-31 and t = 09:30 and s = "a\\"b"\nsplit s from a { segment v limit 12.5% } }',
            after: 'campaign c {\n  audience a: C where x = -3 and y >= -49.99 and d < 2026-01-31 and t = 09:30 and s = "a\\"b"\n  split s from a {\n    segment v limit 12.5%\n  }\n}\n'
        });
    });

    test('channels keep their strings and templates untouched', async () => {
        await format({
            before: 'campaign c { email  vipOffer from en {subject "{{firstName}},  {{$discount}}%  off";body file "t.html"} }',
            after: 'campaign c {\n  email vipOffer from en {\n    subject "{{firstName}},  {{$discount}}%  off"\n    body file "t.html"\n  }\n}\n'
        });
    });

    test('outputs and `end … signal … with`', async () => {
        await format({
            before: 'campaign c { union u from s . vip ,s.fr\nend done from t.big signal other with channel="sms",n=2 }',
            after: 'campaign c {\n  union u from s.vip, s.fr\n  end done from t.big signal other with channel = "sms", n = 2\n}\n'
        });
    });

    test('at most one blank line kept between groups, none after `{` or before `}`', async () => {
        await format({
            before: 'campaign c {\n\n\n  seed 1\n\n\n\n  audience a: C\n  audience b: C\n\n}\n\n\n\nenum E { a }',
            after: 'campaign c {\n  seed 1\n\n  audience a: C\n  audience b: C\n}\n\nenum E { a }\n'
        });
    });

    test('a condition the author broke over lines continues indented', async () => {
        await format({
            before: 'campaign c {\naudience a: C where x = 1\n       and y = 2\n         or z = 3\n}',
            after: 'campaign c {\n  audience a: C where x = 1\n    and y = 2\n    or z = 3\n}\n'
        });
    });

    test('comments: own-line comments take the indent of what follows, trailing ones one space', async () => {
        await format({
            before: '// head\ncampaign c {   // trailing\n        // about a\n  audience a: C      /* inline */ where x = 1\n   /* before the end */\n}\n/* tail */',
            after: '// head\ncampaign c { // trailing\n  // about a\n  audience a: C /* inline */ where x = 1\n  /* before the end */\n}\n/* tail */\n'
        });
    });

    test('a line comment inside a statement moves what follows to a continuation line', async () => {
        await format({
            before: 'campaign c { audience a: C where x = 1 // why\n and y = 2 }',
            after: 'campaign c {\n  audience a: C where x = 1 // why\n    and y = 2\n}\n'
        });
    });

    test('empty blocks', async () => {
        await format({ before: 'entity X {\n\n}\ncampaign c { }', after: 'entity X {}\ncampaign c {}\n' });
    });

    test('a multi-line string is left as written', async () => {
        await format({
            before: 'campaign c { sms s from a { body "line one\n   line two" } }',
            after: 'campaign c {\n  sms s from a {\n    body "line one\n   line two"\n  }\n}\n'
        });
    });

    test('an empty file and a file of comments only', async () => {
        await format({ before: '', after: '' });
        await format({ before: '\n\n  // only a comment   ', after: '// only a comment\n' });
        await format({ before: '/* a */ /* b */\n\n\n// c', after: '/* a */ /* b */\n\n// c\n' });
    });

    test('a document with syntax errors is not touched', async () => {
        await format({ before: 'campaign c {  audience a: C where x = = 1 }', after: 'campaign c {  audience a: C where x = = 1 }' });
    });

    test('the editor tab size does not change the canonical two spaces', async () => {
        await format({
            before: 'campaign c { seed 1 }',
            after: 'campaign c {\n  seed 1\n}\n',
            options: { tabSize: 8, insertSpaces: false }
        });
    });

    test('range formatting touches only gaps inside the range', async () => {
        await format({
            before: 'campaign a {  seed 1 }\ncampaign b {  seed 2 }',
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 22 } },
            after: 'campaign a {  seed 1 }\ncampaign b {\n  seed 2\n}\n'
        });
    });
});

describe('line endings', () => {
    test('CRLF input gives the same canonical LF text', () => {
        const text = readFileSync(join(specDir, 'spring-sale.campaign'), 'utf8');
        const crlf = text.replace(/\n/g, '\r\n');
        expect(fmt(crlf)).toBe(fmt(text));
    });
});

describe('meaning is never changed', () => {
    test('a `;` that the next statement needs is kept', () => {
        // Without the `;`, `column` after `a: string` would be read as the column mapping of `a`.
        const text = 'campaign c { load l file "x.csv" { a: string; column: int } }';
        const out = fmt(text);
        expect(sameTree(campaign.parser.LangiumParser.parse(text).value, campaign.parser.LangiumParser.parse(out).value)).toBe(true);
        expect(fmt(out)).toBe(out);
    });
});
