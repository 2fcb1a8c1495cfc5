import { describe, expect, test } from 'vitest';
import { editText, runEdit, SAMPLE } from './edit-helper.js';

describe('deleteActivity', () => {
    test('removes a one-line statement with its trailing comment, keeping the comment above the next', async () => {
        expect(await editText(SAMPLE, { op: 'deleteActivity', campaign: 'c', name: 'loyal' })).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
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

    test('removes a multi-line statement whole', async () => {
        expect(await editText(SAMPLE, { op: 'deleteActivity', campaign: 'c', name: 'tiers' })).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            dedupe d from tiers.vip, tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('removes a statement that shares its line, with one separator', async () => {
        const source = 'campaign c { audience a: Customer; audience b: Customer; wait w from a for 1 day }\n';
        expect(await editText(source, { op: 'deleteActivity', campaign: 'c', name: 'b' })).toMatchInlineSnapshot(`
          "campaign c { audience a: Customer; wait w from a for 1 day }
          "
        `);
        expect(await editText(source, { op: 'deleteActivity', campaign: 'c', name: 'w' })).toMatchInlineSnapshot(`
          "campaign c { audience a: Customer; audience b: Customer }
          "
        `);
    });

    test('an unknown activity is refused', async () => {
        expect(await runEdit(SAMPLE, { op: 'deleteActivity', campaign: 'c', name: 'ghost' })).toMatchObject({ ok: false, reason: 'not-found' });
        expect(await runEdit(SAMPLE, { op: 'deleteActivity', campaign: 'other', name: 'loyal' })).toMatchObject({ ok: false, reason: 'not-found' });
    });
});

describe('deleteActivity with Windows line breaks', () => {
    test('removes the line with its \\r\\n', async () => {
        const source = 'campaign c {\r\n  audience a: Customer\r\n  audience b: Customer // old\r\n  wait w from a for 1 day\r\n}\r\n';
        expect(await editText(source, { op: 'deleteActivity', campaign: 'c', name: 'b' })).toBe('campaign c {\r\n  audience a: Customer\r\n  wait w from a for 1 day\r\n}\r\n');
    });
});
