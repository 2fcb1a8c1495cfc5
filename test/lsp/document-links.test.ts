import { describe, expect, test } from 'vitest';
import { createEditorWorkspace } from './workspace.js';

const { services, withDocuments } = createEditorWorkspace();

describe('document links', () => {
    test('template, CSV and database paths link to their files, resolved next to the campaign; URLs and inline bodies do not', async () => {
        const text = 'database "data/retail.sqlite"\ncampaign c {\n  load leads file "../imports/leads.csv" { email: string }\n  audience a: Customer\n'
            + '  email m from a {\n    subject "Hi"\n    body file "templates/vip.html"\n  }\n  sms s from a { body "inline {{firstName}}" }\n}\n';
        const [links, url] = await withDocuments([text, 'database "postgresql://localhost/x"\n'], async documents => Promise.all(documents.map(async document => {
            const found = await services.Campaign.lsp.DocumentLinkProvider!.getDocumentLinks(document, { textDocument: { uri: document.uri.toString() } });
            return found.map(l => `${document.textDocument.getText(l.range)} -> ${l.target}`);
        })), false);
        expect(url).toEqual([]);
        expect(links).toEqual([
            expect.stringMatching(/^data\/retail\.sqlite -> file:\/\/\/ws\d+\/data\/retail\.sqlite$/),
            expect.stringMatching(/^\.\.\/imports\/leads\.csv -> file:\/\/\/imports\/leads\.csv$/),
            expect.stringMatching(/^templates\/vip\.html -> file:\/\/\/ws\d+\/templates\/vip\.html$/)
        ]);
    });
});
