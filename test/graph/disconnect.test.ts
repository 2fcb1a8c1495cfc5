import { describe, expect, test } from 'vitest';
import { editText, runEdit, SAMPLE } from './edit-helper.js';

describe('disconnect', () => {
    test('removes a later input with the comma before it', async () => {
        expect(await editText(SAMPLE, { op: 'disconnect', campaign: 'c', source: 'tiers.rest', target: 'd' })).toMatchInlineSnapshot(`
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
            dedupe d from tiers.vip by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('removes the first input with the comma after it', async () => {
        expect(await editText(SAMPLE, { op: 'disconnect', campaign: 'c', source: 'tiers.vip', target: 'd' })).toMatchInlineSnapshot(`
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
            dedupe d from tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('removes a join\'s pass that named the input', async () => {
        const source = 'campaign c {\n  fork f from a { branch x; branch y }\n  join j from f.x, f.y pass f.y // both\n}\n';
        expect(await editText(source, { op: 'disconnect', campaign: 'c', source: 'f.y', target: 'j' })).toMatchInlineSnapshot(`
          "campaign c {
            fork f from a { branch x; branch y }
            join j from f.x // both
          }
          "
        `);
    });

    test('keeps the only input and says why', async () => {
        expect(await runEdit(SAMPLE, { op: 'disconnect', campaign: 'c', source: 'loyal', target: 'tiers' })).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('only') });
        expect(await runEdit(SAMPLE, { op: 'disconnect', campaign: 'c', source: 'loyal', target: 'd' })).toMatchObject({ ok: false, reason: 'not-found' });
    });
});
