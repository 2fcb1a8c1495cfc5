import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findProjectRoot, loadCampaign, loadWorkspace, loadWorkspaces } from '../../language/cli/workspace.js';
import { campaign, tempProject } from './cli-helpers.js';

const SCHEMA = 'entity Customer table "customers" {\n  key id: int\n  country: string\n}\n';
const CAMPAIGN = (name: string) => `campaign ${name} {\n  audience all: Customer\n}\n`;

describe('loading a workspace', () => {
    test('a file brings the other files of its folder and subfolders', async () => {
        const root = tempProject({ 'schema.campaign': SCHEMA, 'sub/deeper/c.campaign': CAMPAIGN('c'), 'node_modules/x.campaign': 'junk', '.hidden/y.campaign': 'junk' });
        const workspace = await loadWorkspace([join(root, 'sub/deeper/c.campaign')]);
        // Without a project file the file's own folder is the workspace: schema.campaign is above it.
        expect(workspace.roots).toEqual([join(root, 'sub/deeper')]);
        const all = await loadWorkspace([root]);
        expect(all.documents.map(d => all.pathOf(d)).sort()).toEqual([join(root, 'schema.campaign'), join(root, 'sub/deeper/c.campaign')]);
    });

    test('the nearest campaign.json marks the root for a file argument', async () => {
        const root = tempProject({ 'campaign.json': '{}', 'schema.campaign': SCHEMA, 'campaigns/c.campaign': CAMPAIGN('c') });
        expect(findProjectRoot(join(root, 'campaigns'))).toBe(root);
        const workspace = await loadWorkspace([join(root, 'campaigns/c.campaign')]);
        expect(workspace.roots).toEqual([root]);
        expect(workspace.documents).toHaveLength(2);
        expect(workspace.targets.map(d => workspace.pathOf(d))).toEqual([join(root, 'campaigns/c.campaign')]);
        // The entity resolves across files.
        const entity = workspace.findCampaign('c')!.campaign.members[0];
        expect(entity.$type).toBe('AudienceActivity');
        expect(entity.$type === 'AudienceActivity' && entity.entity.ref?.name).toBe('Customer');
    });

    test('a nested project is a workspace of its own, never mixed with its parent', async () => {
        const root = tempProject({
            'schema.campaign': SCHEMA,
            'inner/campaign.json': '{ "note": "unknown keys are ignored" }',
            'inner/schema.campaign': SCHEMA
        });
        const workspaces = await loadWorkspaces([root]);
        expect(workspaces.map(w => w.roots[0])).toEqual([root, join(root, 'inner')]);
        expect(workspaces.map(w => w.documents.length)).toEqual([1, 1]);
        // Two `Customer` entities, one per workspace: no duplicate-name clash between them.
        const result = await campaign(root, 'check');
        expect(result.err).toContain('2 files checked');
    });

    test('a project file that is not a JSON object is a usage error naming it', async () => {
        const root = tempProject({ 'campaign.json': '{ nope', 'a.campaign': SCHEMA });
        const result = await campaign(root, 'check', 'a.campaign');
        expect(result.code).toBe(2);
        expect(result.err).toMatch(/campaign\.json: not valid JSON/);
        const array = tempProject({ 'campaign.json': '[]', 'a.campaign': SCHEMA });
        expect((await campaign(array, 'check')).err).toContain('must be a JSON object');
    });

    test('a campaign is found by name, by its file, or by file#name', async () => {
        const root = tempProject({ 'campaign.json': '{}', 'schema.campaign': SCHEMA, 'one.campaign': CAMPAIGN('alpha'), 'two.campaign': CAMPAIGN('beta') + CAMPAIGN('gamma') });
        expect((await loadCampaign('beta', { cwd: root })).campaign.name).toBe('beta');
        expect((await loadCampaign('one.campaign', { cwd: root })).campaign.name).toBe('alpha');
        expect((await loadCampaign('two.campaign#gamma', { cwd: root })).campaign.name).toBe('gamma');
        await expect(loadCampaign('two.campaign', { cwd: root })).rejects.toThrow(/declares 2 campaigns \(beta, gamma\)/);
        await expect(loadCampaign('delta', { cwd: root })).rejects.toThrow(/no campaign 'delta'.*alpha, beta, gamma/);
        await expect(loadCampaign('nope.campaign', { cwd: root })).rejects.toThrow(/no such campaign file/);
    });
});
