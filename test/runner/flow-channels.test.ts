import { describe, expect, test } from 'vitest';
import { run } from './retail-fixture.js';

/** Flow control and channels (language.md §5) on the hand-checked dataset (retail-fixture.ts). */
describe('flow control', () => {
    const flow = `campaign c {
      param channel: string = "email"
      audience all: Customer
      audience fr: Customer where country = "FR"
      fork f from fr { branch x; branch y }
      join j from f.x, f.y pass f.y
      wait w from all for 10 days
      split late from w { segment recent where createdAt > daysAgo(15) }
      split early from all { segment recent where createdAt > daysAgo(15) }
      test t from j { when count > 10 -> big; when $channel = "sms" -> viaSms; else -> small }
      alert a from t.small title "Low audience" message "Under 10 rows"
      end e from t.big signal other with n = 2
      end e2 from t.small signal other with channel = "push", n = 2
      sms s from t.viaSms { body "Hi {{firstName}}" }
    }
    campaign other { param channel: string = "email"; param n: int = 1; audience z: Customer }`;

    test('fork, join (pass), virtual wait, test (first match, else), alert, end with signal', async () => {
        const r = await run(flow);
        // The wait moves the clock to 2026-03-12 09:00: daysAgo(15) = 02-25 09:00 keeps customer 4 only;
        // without it, 02-15 09:00 keeps 4, 7 and 8.
        expect(r.counts).toMatchObject({
            fr: 4, 'f.x': 4, 'f.y': 4, j: 4, w: 8, 'late.recent': 1, 'early.recent': 3, 't.big': 0, 't.viaSms': 0, 't.small': 4
        });
        const status = Object.fromEntries(r.activities.map(a => [a.name, a.status]));
        expect(status).toMatchObject({ a: 'done', e: 'skipped', e2: 'done', s: 'skipped' });
        expect(r.log).toContainEqual(expect.objectContaining({ level: 'alert', activity: 'a', message: 'Low audience: Under 10 rows' }));
        expect(r.signals).toEqual([{ from: 'e2', campaign: 'other', params: { channel: 'push', n: 2 } }]);
    });

    test('wait until is wall-clock time in the campaign time zone', async () => {
        const r = await run(`campaign c {
          timezone "Europe/Paris"
          audience all: Customer
          wait w from all until 2026-03-11T23:30
          split s from w { segment recent where createdAt > daysAgo(15) }
        }`);
        // 23:30 in Paris: 15 days earlier is 02-24 23:30, so customers 4 and 8 (02-25 00:00). Read as
        // UTC it would be 00:30 in Paris the next day, and customer 8 would be left out.
        expect(r.counts['s.recent']).toBe(2);
        const utc = await run(`campaign c {
          audience all: Customer
          wait w from all until 2026-02-26T00:00
          split s from w { segment recent where createdAt >= daysAgo(1) }
        }`);
        // The run's clock (2026-03-02 09:00) is already later than the date: no wait; since 03-01 09:00: customer 4.
        expect(utc.counts['s.recent']).toBe(1);
    });

    test('a parameter value changes which test case fires', async () => {
        const r = await run(flow, { params: { channel: 'sms' } });
        // FR customers with a phone: 1 and 5, both opted in.
        expect(r.counts).toMatchObject({ 't.small': 0, 't.viaSms': 4, s: 2 });
        expect(r.signals).toEqual([]);
    });

    test('disabled skips the activity and what only it feeds; pause stops a test run before it; keepEmpty', async () => {
        const r = await run(`campaign c {
          audience fr: Customer where country = "FR"
          audience gold: Customer where tier = gold { disabled }
          email m from gold { subject "x"; body "y" }
          union u from gold, fr
          split p from fr { segment a where tier = silver; pause }
          email afterPause from p.a { subject "x"; body "y" }
          audience none: Customer where country = "US"
          email toNone from none { subject "x"; body "y" }
          audience kept: Customer where country = "US" { keepEmpty }
          email toKept from kept { subject "x"; body "y" }
        }`);
        const status = Object.fromEntries(r.activities.map(a => [a.name, a.status]));
        expect(status).toEqual({
            fr: 'done', gold: 'disabled', m: 'skipped', u: 'done', p: 'paused', afterPause: 'skipped',
            none: 'done', toNone: 'skipped', kept: 'done', toKept: 'done'
        });
        expect(r.counts).toMatchObject({ u: 4, none: 0, kept: 0, toKept: 0 });
        expect(r.counts.gold).toBeUndefined();
    });
});

describe('channels', () => {
    test('exclusions by reason: no address, no consent for marketing; transactional ignores consent', async () => {
        const r = await run(`campaign c {
          audience all: Customer
          email market from all { subject "x"; body "y" }
          email service from all { category transactional; subject "x"; body "y" }
          sms text from all { body "Hi {{firstName}}" }
          push nudge from all { title "t"; body "b" }
          mail letter from all { fields firstName, store.city }
          sms toPost from all { category transactional; body "x"; address postalAddress }
        }`);
        expect(r.counts).toMatchObject({ all: 8, market: 5, service: 6, text: 3, nudge: 2, letter: 2, toPost: 2 });
        expect(r.excluded).toEqual({
            market: { noAddress: 2, noConsent: 1 },
            service: { noAddress: 2, noConsent: 0 },
            text: { noAddress: 5, noConsent: 0 },
            nudge: { noAddress: 6, noConsent: 0 },
            letter: { noAddress: 6, noConsent: 0 },
            toPost: { noAddress: 6, noConsent: 0 }
        });
        expect(r.samples.letter).toMatchObject({ channel: 'mail', recipient: 1, address: '1 rue A', fields: { firstName: 'Ann', 'store.city': 'Paris' } });
        expect(r.log).toContainEqual(expect.objectContaining({ level: 'warning', activity: 'nudge' }));
    });

    test('per a to-many link: one message per linked row; the output carries the messaged rows', async () => {
        const r = await run(`campaign c {
          audience all: Customer
          email perItem from all { subject "{{firstName}}"; body "item"; per wishlist }
          wait later from perItem for 1 day
        }`);
        // wishlist: customer 1 has two items, 3 one (no address), 6 one.
        expect(r.counts).toMatchObject({ perItem: 3, later: 2 });
        expect(r.excluded.perItem).toEqual({ noAddress: 1, noConsent: 0 });
        expect(r.samples.perItem).toMatchObject({ recipient: 1, secondary: 1, subject: 'Ann' });
    });

    test('templates: fields, links, variables and take lists; HTML bodies escaped, subjects and text bodies not', async () => {
        const r = await run(`campaign c {
          var discount = "20"
          audience gus: Customer where id = 7
          audience ann: Customer where id = 1
          enrich e from ann { lastBuys = take 2 purchases order by amount desc { amount } }
          email html from gus { category transactional; subject "Hi {{firstName}}"; body "<b>{{firstName}}</b> {{$discount}}%" }
          sms plain from gus { category transactional; body "Hi {{firstName}}"; address email }
          email list from e { subject "{{firstName}} in {{store.city}}"; body "{{#each lastBuys}}[{{amount}}]{{/each}}" }
        }`);
        expect(r.samples.html).toMatchObject({ subject: 'Hi Gus & <Co>', body: '<b>Gus &amp; &lt;Co&gt;</b> 20%' });
        expect(r.samples.plain).toMatchObject({ body: 'Hi Gus & <Co>', address: 'gus@x.com' });
        expect(r.samples.list).toMatchObject({ subject: 'Ann in Paris', body: '[120][50]' });
    });
});
