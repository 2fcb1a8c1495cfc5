import { describe, expect, test } from 'vitest';
import { editText, runEdit, SAMPLE } from './edit-helper.js';

describe('renameActivity', () => {
    test('renames the activity and every reference, outputs included', async () => {
        const text = await editText(SAMPLE, { op: 'renameActivity', campaign: 'c', name: 'tiers', newName: 'levels' });
        expect(text).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            split levels from loyal {
              segment vip where tier = "gold" limit 100
              remainder rest
            }
            dedupe d from levels.vip, levels.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('renames readers that follow a channel and keeps other names that merely contain it', async () => {
        const source = 'campaign c {\n  audience offerList: Customer\n  email offer from offerList { subject "Hi"; body "x" }\n  wait w from offer for 3 days\n  sms again from w, offer { body "offer" }\n}\n';
        const text = await editText(source, { op: 'renameActivity', campaign: 'c', name: 'offer', newName: 'welcome' });
        expect(text).toMatchInlineSnapshot(`
          "campaign c {
            audience offerList: Customer
            email welcome from offerList { subject "Hi"; body "x" }
            wait w from welcome for 3 days
            sms again from w, welcome { body "offer" }
          }
          "
        `);
    });

    test('refuses a taken name and an operator word', async () => {
        expect(await runEdit(SAMPLE, { op: 'renameActivity', campaign: 'c', name: 'tiers', newName: 'd' })).toMatchObject({ ok: false, reason: 'invalid' });
        expect(await runEdit(SAMPLE, { op: 'renameActivity', campaign: 'c', name: 'tiers', newName: 'and' })).toMatchObject({ ok: false, reason: 'invalid' });
    });
});
