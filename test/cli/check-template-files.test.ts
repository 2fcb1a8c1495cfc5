import { describe, expect, test } from 'vitest';
import { campaign, tempProject } from './cli-helpers.js';

// `campaign check` reads `body file "…"` templates relative to the campaign file and reports their
// problems on the path string, as `path:line:col severity file:line:col: message [code]`.
const SCHEMA = 'entity Customer table "customers" {\n  key id: int\n  email: string? @email\n  firstName: string\n}\n';
const CAMPAIGN = 'campaign welcome {\n  audience a: Customer\n  email hello from a {\n    subject "Hi"\n    body file "templates/hello.html"\n  }\n}\n';

describe('campaign check and body files', () => {
    test('a name of the file that is not a column: exit 1, the file line and column in the message', async () => {
        const root = tempProject({
            'schema.campaign': SCHEMA,
            'mail/welcome.campaign': CAMPAIGN,
            'mail/templates/hello.html': '<p>\n  Hello {{firstName}} {{lastName}}\n</p>\n'
        });
        const result = await campaign(root, 'check');
        expect(result.code).toBe(1);
        expect(result.out.trim().split('\n')).toEqual([
            "mail/welcome.campaign:5:15 error templates/hello.html:2:25: Unknown name 'lastName' in the template: not a column of the Customer rows reaching this channel. Did you mean 'firstName'? [template-file]"
        ]);
    });

    test('a missing file: exit 1 with the path it looked for; json output carries the code', async () => {
        const root = tempProject({ 'schema.campaign': SCHEMA, 'welcome.campaign': CAMPAIGN });
        const result = await campaign(root, 'check', '--format', 'json');
        expect(result.code).toBe(1);
        const diagnostics = JSON.parse(result.out) as Array<Record<string, unknown>>;
        expect(diagnostics).toHaveLength(1);
        expect(diagnostics[0]).toMatchObject({ path: 'welcome.campaign', line: 5, severity: 'error', code: 'template-file-missing' });
        expect(diagnostics[0].message).toMatch(/^Template file 'templates\/hello\.html' not found \(.*templates\/hello\.html\)/);
    });

    test('a correct file passes', async () => {
        const root = tempProject({ 'schema.campaign': SCHEMA, 'welcome.campaign': CAMPAIGN, 'templates/hello.html': '<p>Hello {{firstName}}</p>' });
        const result = await campaign(root, 'check');
        expect(result.out).toBe('');
        expect(result.code).toBe(0);
    });
});
