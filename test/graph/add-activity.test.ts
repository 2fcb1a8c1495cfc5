import { describe, expect, test } from 'vitest';
import { editText, runEdit, SAMPLE } from './edit-helper.js';

describe('addActivity', () => {
    test('inserts after the statement that feeds it, with a fresh name and its inputs', async () => {
        expect(await editText(SAMPLE, { op: 'addActivity', campaign: 'c', kind: 'wait', from: ['loyal'] })).toMatchInlineSnapshot(`
          "entity Customer table "customers" {
            key id: int
            email: string? @email
            tier: string
          }

          campaign c {
            // who we talk to
            audience loyal: Customer where tier = "gold"   // the best
            wait wait1 from loyal for 1 day
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

    test('placeholders for required parts; the entity of the file', async () => {
        expect(await editText(SAMPLE, { op: 'addActivity', campaign: 'c', kind: 'audience' })).toMatchInlineSnapshot(`
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
            email offer from d { subject "Hi"; body "Hello" }
            audience audience1: Customer where condition
          }
          "
        `);
    });

    test('names are unique', async () => {
        const once = await editText(SAMPLE, { op: 'addActivity', campaign: 'c', kind: 'wait', from: ['d'] });
        const twice = await editText(once, { op: 'addActivity', campaign: 'c', kind: 'wait', from: ['d'] });
        expect(twice).toContain('wait wait1 from d for 1 day');
        expect(twice).toContain('wait wait2 from d for 1 day');
    });

    test('dropped onto an edge: reads the source and the target reads it', async () => {
        const result = await runEdit(SAMPLE, { op: 'addActivity', campaign: 'c', kind: 'dedupe', name: 'byEmail', from: ['tiers.vip'], rewire: { target: 'd', ref: 'tiers.vip' } });
        expect(result.ok && result.select).toBe('byEmail');
        expect(await editText(SAMPLE, { op: 'addActivity', campaign: 'c', kind: 'dedupe', name: 'byEmail', from: ['tiers.vip'], rewire: { target: 'd', ref: 'tiers.vip' } })).toMatchInlineSnapshot(`
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
            dedupe byEmail from tiers.vip by email keep 1 prefer max(createdAt)
            dedupe d from byEmail, tiers.rest by email keep 1
            email offer from d { subject "Hi"; body "Hello" }
          }
          "
        `);
    });

    test('into a campaign with no activity', async () => {
        expect(await editText('campaign empty {\n  seed 1\n}\n', { op: 'addActivity', campaign: 'empty', kind: 'audience' })).toMatchInlineSnapshot(`
          "campaign empty {
            seed 1
            audience audience1: Entity where condition
          }
          "
        `);
        expect(await editText('campaign empty {}\n', { op: 'addActivity', campaign: 'empty', kind: 'read' })).toMatchInlineSnapshot(`
          "campaign empty {
            read read1 audience "saved"
          }
          "
        `);
    });

    test('an unknown kind or input is refused', async () => {
        expect(await runEdit(SAMPLE, { op: 'addActivity', campaign: 'c', kind: 'teleport' })).toMatchObject({ ok: false, reason: 'invalid' });
        expect(await runEdit(SAMPLE, { op: 'addActivity', campaign: 'c', kind: 'wait', from: ['ghost'] })).toMatchObject({ ok: false, reason: 'not-found' });
    });
});

describe('addActivity with Windows line breaks', () => {
    test('the new line ends like the others', async () => {
        const source = 'campaign c {\r\n  audience a: Customer // all\r\n  wait w from a for 1 day\r\n}\r\n';
        expect(await editText(source, { op: 'addActivity', campaign: 'c', kind: 'sms', from: ['a'] }))
            .toBe('campaign c {\r\n  audience a: Customer // all\r\n  sms sms1 from a { body "body" }\r\n  wait w from a for 1 day\r\n}\r\n');
    });
});
