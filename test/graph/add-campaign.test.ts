import { describe, expect, test } from 'vitest';
import { editText, runEdit } from './edit-helper.js';

describe('addCampaign', () => {
    test('appends a starter campaign reading the file\'s entity', async () => {
        expect(await editText('entity Shopper table "shoppers" {\n  key id: int\n}\n', { op: 'addCampaign', campaign: 'welcome' })).toMatchInlineSnapshot(`
          "entity Shopper table "shoppers" {
            key id: int
          }

          campaign welcome {
            audience everyone: Shopper
          }
          "
        `);
    });

    test('an empty file, and a name that is taken', async () => {
        expect(await editText('', { op: 'addCampaign', campaign: 'welcome' })).toMatch(/^campaign welcome \{\n  audience everyone: \w+\n\}\n$/);
        const result = await runEdit('campaign welcome {\n  audience a: Customer\n}', { op: 'addCampaign', campaign: 'welcome' });
        expect(result).toMatchObject({ ok: true, select: 'welcome2' });
        expect(result.text).toContain('}\n\ncampaign welcome2 {');
    });
});
