import { describe, expect, test } from 'vitest';
import { editText, runEdit, SAMPLE } from './edit-helper.js';

const set = (activity: string, key: string, value: string | null, segment?: string) =>
    ({ op: 'setOption' as const, campaign: 'c', activity, key, value, ...(segment ? { segment } : {}) });

describe('setOption', () => {
    test('replaces a where clause and nothing else', async () => {
        expect(await editText(SAMPLE, set('loyal', 'where', 'tier = "silver" and email is not empty'))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "silver" and email is not empty   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
            }
            dedupe d from tiers.vip, tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('replaces one option in a one-line block', async () => {
        expect(await editText(SAMPLE, set('offer', 'subject', '"Welcome back"'))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
            }
            dedupe d from tiers.vip, tiers.rest by email keep 1
            email offer from d { subject "Welcome back"; body "Hello" }
          }
          "
        `);
    });

    test('inserts an option into a block, into a new block, and a flag', async () => {
        expect(await editText(SAMPLE, set('offer', 'category', 'transactional'))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
            }
            dedupe d from tiers.vip, tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello"; category transactional }
          }
          "
        `);
        expect(await editText(SAMPLE, set('loyal', 'keepEmpty', ''))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold" { keepEmpty }   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
            }
            dedupe d from tiers.vip, tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
        expect(await editText(SAMPLE, set('tiers', 'overlap', ''))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
              overlap
            }
            dedupe d from tiers.vip, tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('sets, inserts and removes head parts', async () => {
        expect(await editText(SAMPLE, set('d', 'keep', '2'))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
            }
            dedupe d from tiers.vip, tiers.rest by email keep 2
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
        expect(await editText(SAMPLE, set('d', 'prefer', 'max(id)'))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
            }
            dedupe d from tiers.vip, tiers.rest by email keep 1 prefer max(id)
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
        expect(await editText(SAMPLE, set('loyal', 'where', null))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
            }
            dedupe d from tiers.vip, tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('a wait takes either a duration or a date: setting one replaces the other', async () => {
        const source = 'campaign c {\n  audience a: Customer\n  wait w from a for 3 days // then mail\n}\n';
        expect(await editText(source, { op: 'setOption', campaign: 'c', activity: 'w', key: 'until', value: '2026-03-01T09:00' })).toMatchInlineSnapshot(`
          "campaign c {
            audience a: Customer
            wait w from a until 2026-03-01T09:00 // then mail
          }
          "
        `);
    });

    test('edits a segment of a split', async () => {
        expect(await editText(SAMPLE, set('tiers', 'limit', '10%', 'vip'))).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            split tiers from loyal {
              segment vip where tier = "gold" limit 10%
              remainder rest
            }
            dedupe d from tiers.vip, tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('removes an option and the block it leaves empty', async () => {
        const once = await editText(SAMPLE, set('loyal', 'keepEmpty', ''));
        const result = await runEdit(once, set('loyal', 'keepEmpty', null));
        expect(result.text).toBe(SAMPLE);
    });

    test('refuses unknown options and values with braces', async () => {
        expect(await runEdit(SAMPLE, set('loyal', 'subject', '"x"'))).toMatchObject({ ok: false, reason: 'invalid' });
        expect(await runEdit(SAMPLE, set('offer', 'body', '"a" } audience x: Customer {'))).toMatchObject({ ok: false, reason: 'invalid' });
        expect(await runEdit(SAMPLE, set('tiers', 'where', 'x', 'nope'))).toMatchObject({ ok: false, reason: 'not-found' });
    });

    test('a value cannot break the file or smuggle in a statement', async () => {
        expect(await runEdit(SAMPLE, set('loyal', 'where', 'tier = '))).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('would not parse') });
        expect(await runEdit(SAMPLE, set('loyal', 'where', 'tier = "gold"\n  audience sneaky: Customer'))).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('other statements') });
        expect(await runEdit(SAMPLE, set('d', 'keep', '1 prefer random'))).toMatchObject({ ok: true });
    });
});
