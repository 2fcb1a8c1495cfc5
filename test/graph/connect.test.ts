import { describe, expect, test } from 'vitest';
import { editText, runEdit, SAMPLE } from './edit-helper.js';

describe('connect', () => {
    test('adds the output to the end of the target\'s from list', async () => {
        expect(await editText(SAMPLE, { op: 'connect', campaign: 'c', source: 'loyal', target: 'd' })).toMatchInlineSnapshot(`
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
            dedupe d from tiers.vip, tiers.rest, loyal by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('an exclusion that has its input reads the new one in minus', async () => {
        const source = 'campaign c {\n  audience a: Customer\n  audience b: Customer\n  exclude e from a minus b\n  audience z: Customer\n}\n';
        expect(await editText(source, { op: 'connect', campaign: 'c', source: 'z', target: 'e' })).toMatchInlineSnapshot(`
          "campaign c {
            audience a: Customer
            audience b: Customer
            exclude e from a minus b, z
            audience z: Customer
          }
          "
        `);
    });

    test('refuses a source without a main output, an audience target, and a duplicate', async () => {
        expect(await runEdit(SAMPLE, { op: 'connect', campaign: 'c', source: 'tiers', target: 'd' })).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('tiers.vip') });
        expect(await runEdit(SAMPLE, { op: 'connect', campaign: 'c', source: 'd', target: 'loyal' })).toMatchObject({ ok: false, reason: 'invalid' });
        expect(await runEdit(SAMPLE, { op: 'connect', campaign: 'c', source: 'tiers.vip', target: 'd' })).toMatchObject({ ok: false, message: expect.stringContaining('already reads') });
        expect(await runEdit(SAMPLE, { op: 'connect', campaign: 'c', source: 'nope', target: 'd' })).toMatchObject({ ok: false, reason: 'not-found' });
    });

    test('a stale version and a text that does not parse are refused', async () => {
        expect(await runEdit(SAMPLE, { op: 'connect', campaign: 'c', source: 'loyal', target: 'd' }, 99)).toMatchObject({ ok: false, reason: 'stale-version' });
        expect(await runEdit(SAMPLE.replace('keep 1', 'keep 1 {'), { op: 'connect', campaign: 'c', source: 'loyal', target: 'd' })).toMatchObject({ ok: false, reason: 'parse-errors' });
    });
});
