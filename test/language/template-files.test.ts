import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { describe, expect, test } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { createCampaignServices } from '../../language/campaign-module.js';
import { ensureBuiltins } from '../../language/workspace/campaign-workspace-manager.js';
import { codeOf, specDir } from './validation-workspace.js';

// `body file "…"` templates, read from real files in a temporary folder through Langium's
// FileSystemProvider (NodeFileSystem, as the language server and the command line have it).
const MODEL = readFileSync(join(specDir, 'data-model.campaign'), 'utf8');

function campaignWith(body: string, channel = 'email'): string {
    const head = channel === 'email' ? '    subject "Hello"\n' : '';
    return 'campaign c {\n  var discount = "20"\n  audience a: Customer where tier = gold\n'
        + '  enrich e from a {\n    total = sum(purchases.amount)\n    lastBuys = take 2 purchases order by purchasedAt desc {\n      amount\n    }\n  }\n'
        + `  ${channel} offer from e {\n${head}    body file "${body}"\n  }\n}\n`;
}

function tempFolder(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'campaign-templates-'));
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
    }
    return root;
}

let nodeServices: ReturnType<typeof createCampaignServices> | undefined;

/** Builds `c.campaign` of the folder together with the data model, validated, with the given file system. */
async function diagnosticsOf(root: string, fileSystem: 'node' | 'empty' = 'node'): Promise<{ document: LangiumDocument; diagnostics: Diagnostic[]; actions: (d: Diagnostic) => Promise<CodeAction[]> }> {
    const services = fileSystem === 'node' ? (nodeServices ??= createCampaignServices({ ...NodeFileSystem })) : createCampaignServices(EmptyFileSystem);
    const shared = services.shared;
    const library = ensureBuiltins(shared);
    const model = shared.workspace.LangiumDocumentFactory.fromString(MODEL, URI.file(join(root, 'model.campaign')));
    const document = shared.workspace.LangiumDocumentFactory.fromString(readFileSync(join(root, 'c.campaign'), 'utf8'), URI.file(join(root, 'c.campaign')));
    shared.workspace.LangiumDocuments.addDocument(model);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([library, model, document], { validation: true });
    const diagnostics = document.diagnostics ?? [];
    // Code actions are computed from the diagnostic's data alone, so the documents can go.
    await shared.workspace.DocumentBuilder.update([], [model.uri, document.uri]);
    const actions = async (diagnostic: Diagnostic) => (await services.Campaign.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
    }) ?? []) as CodeAction[];
    return { document, diagnostics, actions };
}

function templateDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
    return diagnostics.filter(d => String(codeOf(d)).startsWith('template'));
}

describe('body file templates', () => {
    test('a correct file (columns, enrichment, variables, #each over a take list, HTML comments) has no diagnostics', async () => {
        const root = tempFolder({
            'c.campaign': campaignWith('templates/offer.html'),
            'templates/offer.html': '<!-- {{notAName}} in a comment is not checked -->\n<p>{{firstName}}, {{$discount}}% off; spent {{total}} in {{store.city}}</p>\n'
                + '{{#each lastBuys}}<li>{{amount}}</li>{{/each}} {{lastBuys1_amount}}\n'
        });
        const { diagnostics } = await diagnosticsOf(root);
        expect(diagnostics.filter(d => d.severity === 1)).toEqual([]);
        expect(templateDiagnostics(diagnostics)).toEqual([]);
    });

    test('an unknown field: reported on the file string with the file, line and column, a did-you-mean and the place in the file', async () => {
        const root = tempFolder({
            'c.campaign': campaignWith('templates/offer.html'),
            'templates/offer.html': '<html>\n<body>\n  <p>Dear {{firstNme}},</p>\n</body>\n</html>\n'
        });
        const { document, diagnostics, actions } = await diagnosticsOf(root);
        const found = templateDiagnostics(diagnostics);
        expect(found).toHaveLength(1);
        const [d] = found;
        // The quick fix edits the template file, where the name is.
        const [fix] = await actions(d);
        expect(fix.title).toBe("Change to 'firstName' in templates/offer.html");
        expect(fix.edit?.changes).toEqual({
            [URI.file(join(root, 'templates/offer.html')).toString()]: [{ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 20 } }, newText: 'firstName' }]
        });
        expect(d.severity).toBe(1);
        expect(codeOf(d)).toBe('template-file');
        expect(document.textDocument.getText(d.range)).toBe('"templates/offer.html"');
        expect(d.message).toMatch(/^templates\/offer\.html:3:13: Unknown name 'firstNme' in the template: .*Did you mean 'firstName'\?/);
        const related = d.relatedInformation![0];
        expect(related.location.uri).toBe(URI.file(join(root, 'templates/offer.html')).toString());
        expect(related.location.range).toEqual({ start: { line: 2, character: 12 }, end: { line: 2, character: 20 } });
    });

    test('a column that exists elsewhere but does not reach this channel', async () => {
        // `total` is added by `e`, but the channel reads `a`, upstream of it.
        const text = campaignWith('t.txt', 'sms').replace('sms offer from e', 'sms offer from a');
        const root = tempFolder({ 'c.campaign': text, 't.txt': 'Spent {{total}}\n' });
        const { diagnostics } = await diagnosticsOf(root);
        const messages = templateDiagnostics(diagnostics).map(d => d.message);
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^t\.txt:1:9: Unknown name 'total' in the template: not a column of the Customer rows reaching this channel/);
    });

    test('an unclosed {{#each}}, a list that is not one, and an unknown variable: one diagnostic each, with their lines', async () => {
        const root = tempFolder({
            'c.campaign': campaignWith('t.html'),
            't.html': 'Hi {{$discont}}\n{{#each purchases}}{{amount}}{{/each}}\n{{#each lastBuys}}\n{{amount}}\n'
        });
        const { diagnostics } = await diagnosticsOf(root);
        const messages = templateDiagnostics(diagnostics).map(d => d.message).sort();
        expect(messages).toEqual([
            expect.stringMatching(/^t\.html:1:6: Unknown variable '\$discont' in the template\. Did you mean '\$discount'\?/),
            expect.stringMatching(/^t\.html:2:9: 'purchases' is not a list here/),
            expect.stringMatching(/^t\.html:3:1: `\{\{#each lastBuys\}\}` is not closed/)
        ]);
        expect(templateDiagnostics(diagnostics).every(d => codeOf(d) === 'template-file')).toBe(true);
    });

    test('HTML comments are kept in a text body (only HTML bodies drop them)', async () => {
        const root = tempFolder({ 'c.campaign': campaignWith('t.txt', 'sms'), 't.txt': '<!-- {{nope}} -->\n' });
        const { diagnostics } = await diagnosticsOf(root);
        expect(templateDiagnostics(diagnostics).map(d => d.message)).toEqual([expect.stringMatching(/^t\.txt:1:8: Unknown name 'nope'/)]);
    });

    test('a missing file is an error on the string that says where it was looked for', async () => {
        const root = tempFolder({ 'c.campaign': campaignWith('templates/missing.html') });
        const { document, diagnostics, actions } = await diagnosticsOf(root);
        const found = templateDiagnostics(diagnostics);
        expect(found).toHaveLength(1);
        expect(found[0].severity).toBe(1);
        expect(codeOf(found[0])).toBe('template-file-missing');
        const [create] = await actions(found[0]);
        expect(create.title).toBe('Create templates/missing.html');
        expect(create.edit?.documentChanges).toEqual([{ kind: 'create', uri: URI.file(join(root, 'templates/missing.html')).toString(), options: { ignoreIfExists: true } }]);
        expect(document.textDocument.getText(found[0].range)).toBe('"templates/missing.html"');
        expect(found[0].message).toContain(`Template file 'templates/missing.html' not found (${join(root, 'templates/missing.html')})`);
    });

    test('a folder instead of a file (a warning), and a host without a file system (information): "could not be read"', async () => {
        const root = tempFolder({ 'c.campaign': campaignWith('templates'), 'templates/x.html': '' });
        const folder = templateDiagnostics((await diagnosticsOf(root)).diagnostics);
        expect(folder.map(d => [d.severity, d.message])).toEqual([[2, expect.stringMatching(/^Template file 'templates' could not be read: it is a folder/)]]);
        const root2 = tempFolder({ 'c.campaign': campaignWith('templates/offer.html'), 'templates/offer.html': '{{firstNme}}' });
        const empty = templateDiagnostics((await diagnosticsOf(root2, 'empty')).diagnostics);
        expect(empty.map(d => [d.severity, codeOf(d), d.message])).toEqual([[3, 'template-file-missing', expect.stringMatching(/could not be read: no file system is available here/)]]);
    });
});

describe('rename and references reach into body files', () => {
    test('renaming a field and a take list rewrites their names in the template file; references list them', async () => {
        const root = tempFolder({
            'c.campaign': campaignWith('templates/offer.html'),
            'templates/offer.html': '<!-- {{firstName}} in a comment is no use of the field -->\n<p>{{firstName}}: {{lastBuys1_amount}}</p>\n{{#each lastBuys}}{{amount}}{{/each}}\n'
        });
        const services = (nodeServices ??= createCampaignServices({ ...NodeFileSystem }));
        const shared = services.shared;
        const library = ensureBuiltins(shared);
        const model = shared.workspace.LangiumDocumentFactory.fromString(MODEL, URI.file(join(root, 'model.campaign')));
        const text = readFileSync(join(root, 'c.campaign'), 'utf8');
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(join(root, 'c.campaign')));
        shared.workspace.LangiumDocuments.addDocument(model);
        shared.workspace.LangiumDocuments.addDocument(document);
        await shared.workspace.DocumentBuilder.build([library, model, document], { validation: false });
        try {
            const file = URI.file(join(root, 'templates/offer.html')).toString();
            const lsp = services.Campaign.lsp;
            const at = (d: LangiumDocument, search: string) => ({ textDocument: { uri: d.uri.toString() }, position: d.textDocument.positionAt(d.textDocument.getText().indexOf(search) + 1) });
            const field = await lsp.RenameProvider!.rename(model, { ...at(model, 'firstName'), newName: 'givenName' });
            expect(field?.changes?.[file]).toEqual([{ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 14 } }, newText: 'givenName' }]);
            const list = await lsp.RenameProvider!.rename(document, { ...at(document, 'lastBuys ='), newName: 'recent' });
            expect(list?.changes?.[file]?.map(e => e.range.start)).toEqual([{ line: 1, character: 20 }, { line: 2, character: 8 }]);
            const references = await lsp.ReferencesProvider!.findReferences(model, { ...at(model, 'amount'), context: { includeDeclaration: false } });
            // `sum(purchases.amount)`, the take field, and in the file `lastBuys1_amount` and `{{amount}}`.
            expect(references.filter(l => l.uri === file).map(l => l.range.start)).toEqual([{ line: 1, character: 30 }, { line: 2, character: 20 }]);
        } finally {
            await shared.workspace.DocumentBuilder.update([], [model.uri, document.uri]);
        }
    });
});

describe('completion of file paths', () => {
    test('`body file "` offers the template files and folders next to the campaign; a folder part narrows it', async () => {
        const root = tempFolder({
            'c.campaign': campaignWith('templates/'),
            'templates/offer.html': '', 'templates/sms.txt': '', 'templates/data.csv': '', 'templates/old/x.html': '', 'notes.md': ''
        });
        const services = (nodeServices ??= createCampaignServices({ ...NodeFileSystem }));
        const shared = services.shared;
        const text = readFileSync(join(root, 'c.campaign'), 'utf8');
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(join(root, 'c.campaign')));
        shared.workspace.LangiumDocuments.addDocument(document);
        await shared.workspace.DocumentBuilder.build([ensureBuiltins(shared), document], { validation: false });
        try {
            const complete = async (offset: number) => (await services.Campaign.lsp.CompletionProvider!.getCompletion(document, {
                textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset)
            }))?.items ?? [];
            const inFolder = await complete(text.indexOf('templates/"') + 'templates/'.length);
            expect(inFolder.map(i => (i.textEdit as { newText: string }).newText).sort()).toEqual(['templates/offer.html', 'templates/old/', 'templates/sms.txt']);
            const atStart = await complete(text.indexOf('templates/"'));
            expect(atStart.map(i => i.label).sort()).toEqual(['notes.md', 'templates/']);
        } finally {
            await shared.workspace.DocumentBuilder.update([], [document.uri]);
        }
    });
});
