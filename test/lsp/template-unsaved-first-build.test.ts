import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cancellation, DocumentState, isOperationCancelled, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { afterAll, describe, expect, test } from 'vitest';
import { createCampaignServices } from '../../language/campaign-module.js';
import { CampaignDocumentUpdateHandler } from '../../language/lsp/template-file-watch.js';
import { TemplateOverlayFileSystem } from '../../language/lsp/template-overlay.js';
import { MODEL_TEXT } from './workspace.js';

/**
 * A template typed in while the workspace's first build is under way. Langium's first build does
 * not validate (its build options are empty); when an edit cancels it, the documents keep those
 * options, so the campaigns that read the template were left without any diagnostics until some
 * later edit — found by a 300-campaign measurement over stdio, where it happened one run in three.
 * Here the first build is cancelled at a fixed phase, with the language server's own services on
 * real files (no LSP connection: the connection plays no part in this, test/lsp/template-unsaved.test.ts
 * covers it).
 */

const workDir = mkdtempSync(join(tmpdir(), 'campaign-template-first-build-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('an unsaved template during the first build', () => {
    test('the campaigns that read it are validated with its text', async () => {
        mkdirSync(join(workDir, 'templates'));
        writeFileSync(join(workDir, 'model.campaign'), MODEL_TEXT);
        writeFileSync(join(workDir, 'templates', 'offer.html'), '<p>{{firstName}}</p>\n');
        writeFileSync(join(workDir, 'mail.campaign'), 'campaign mail {\n  audience a: Customer\n  email hi from a {\n    subject "Hi"\n    body file "templates/offer.html"\n  }\n}\n');

        const { shared } = createCampaignServices({ fileSystemProvider: () => new TemplateOverlayFileSystem(NodeFileSystem.fileSystemProvider()) });
        const fileSystem = shared.workspace.FileSystemProvider as TemplateOverlayFileSystem;
        const updates = shared.lsp.DocumentUpdateHandler;
        expect(updates).toBeInstanceOf(CampaignDocumentUpdateHandler);
        // What `initialized` does in the server: the built-in library, and the workspace manager is ready.
        await shared.workspace.WorkspaceManager.initializeWorkspace([]);

        const documents = shared.workspace.LangiumDocuments;
        const builder = shared.workspace.DocumentBuilder;
        const model = await documents.getOrCreateDocument(URI.file(join(workDir, 'model.campaign')));
        const mail = await documents.getOrCreateDocument(URI.file(join(workDir, 'mail.campaign')));
        // The workspace's first build (the workspace manager's options: none), cancelled once scopes are computed.
        const source = new Cancellation.CancellationTokenSource();
        const cancelling = builder.onBuildPhase(DocumentState.ComputedScopes, () => source.cancel());
        const cancelled = await builder.build([model, mail], {}, source.token).then(() => false, error => isOperationCancelled(error));
        cancelling.dispose();
        expect(cancelled).toBe(true);
        expect(mail.state).toBeLessThan(DocumentState.Validated);

        const offer = URI.file(join(workDir, 'templates', 'offer.html'));
        expect(fileSystem.setOverlay(offer, '<p>{{firstNam}}</p>\n')).toBe(true);
        (updates as CampaignDocumentUpdateHandler).templatesChanged([offer]);
        // The update is queued once the workspace is ready; a read waits for the writes queued before it.
        await new Promise(resolve => setTimeout(resolve, 0));
        await shared.workspace.WorkspaceLock.read(() => undefined);

        expect(mail.state).toBe(DocumentState.Validated);
        const messages = (mail.diagnostics ?? []).map(d => String(d.message));
        expect(messages).toEqual([expect.stringMatching(/^templates\/offer\.html:1:6: Unknown name 'firstNam'/)]);
    });
});
