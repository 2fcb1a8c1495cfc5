import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, FileChangeType, DidOpenTextDocumentNotification, DocumentSymbolRequest, InitializedNotification,
    InitializeRequest, PublishDiagnosticsNotification,
    type Diagnostic, type ProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver/node';
import { TemplateChanged, TemplateFiles } from '../../language/lsp/template-sync-protocol.js';
import { startStdioServer } from './stdio-server.js';
import { MODEL_TEXT } from './workspace.js';

/**
 * Unsaved text of template files (`body file "…"`) over a real LSP connection: the bundle of
 * language/main.ts (built as scripts/build.mjs builds it, into a temporary folder) on stdio, a
 * workspace of real files, and a client that does what extension/template-sync.ts does — it learns
 * from `campaign/templateFiles` which files the campaigns read and sends their editor text with
 * `campaign/templateChanged` (null when the editor closes).
 */

let workDir: string;
let folder: string;
let server: ChildProcess;
let connection: ProtocolConnection;
let stderr: () => string = () => '';
const published = new Map<string, PublishDiagnosticsParams[]>();
const templateLists: string[][] = [];
const waiters = new Set<() => boolean>();

function wake(): void {
    for (const waiter of [...waiters]) if (waiter()) waiters.delete(waiter);
}

/** Resolves when `check` returns a value (checked again on every message from the server). */
function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            waiters.delete(attempt);
            reject(new Error(`timed out waiting for ${what}; stderr: ${stderr()}`));
        }, timeoutMs);
        const attempt = () => {
            const value = check();
            if (value === undefined) return false;
            clearTimeout(timer);
            resolve(value);
            return true;
        };
        if (!attempt()) waiters.add(attempt);
    });
}

/** The first diagnostics published for `uri` from the `from`-th publication on that satisfy `accept`. */
function diagnosticsFor(uri: string, accept: (d: Diagnostic[]) => boolean, from = 0): Promise<Diagnostic[]> {
    return waitFor(`diagnostics of ${uri}`, () => (published.get(uri) ?? []).slice(from).find(p => accept(p.diagnostics))?.diagnostics);
}

const publications = (uri: string) => (published.get(uri) ?? []).length;
const code = (d: Diagnostic) => (d.data as { code?: string } | undefined)?.code;
const templateErrors = (d: Diagnostic[]) => d.filter(x => String(code(x)).startsWith('template-file'));

function fileUri(...parts: string[]): string {
    return pathToFileURL(join(folder, ...parts)).toString();
}

async function open(name: string, text: string): Promise<string> {
    const uri = fileUri(name);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'campaign', version: 1, text } });
    return uri;
}

function templateChanged(uri: string, text: string | null): Promise<void> {
    return connection.sendNotification(TemplateChanged.method, { uri, text } satisfies TemplateChanged.Params);
}

const campaignReading = (name: string, path: string) =>
    `campaign ${name} {\n  audience a: Customer\n  email hi from a {\n    subject "Hi"\n    body file "${path}"\n  }\n}\n`;

beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'campaign-template-unsaved-'));
    folder = join(workDir, 'workspace');
    mkdirSync(join(folder, 'templates'), { recursive: true });
    writeFileSync(join(folder, 'model.campaign'), MODEL_TEXT);

    ({ server, connection, stderr } = await startStdioServer(workDir));
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
        published.set(params.uri, [...(published.get(params.uri) ?? []), params]);
        wake();
    });
    connection.onNotification(TemplateFiles.method, (params: TemplateFiles.Params) => {
        templateLists.push([...params.uris]);
        wake();
    });
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(folder).toString(),
        workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'workspace' }],
        capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: {} } }
    });
    await connection.sendNotification(InitializedNotification.type, {});
}, 120_000);

afterAll(async () => {
    connection?.dispose();
    if (server && server.exitCode === null) server.kill();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('unsaved template files over the language server protocol', () => {
    test('the editor text of a template counts as it is typed; closing the editor brings back the disk', async () => {
        writeFileSync(join(folder, 'templates', 'offer.html'), '<p>\n  Hi {{firstNme}}\n</p>\n');
        const offer = fileUri('templates', 'offer.html');
        const uri = await open('offer.campaign', campaignReading('offer', 'templates/offer.html'));
        // The server says which files its campaigns read, so that the client sends only those.
        await waitFor('the template list with offer.html', () => templateLists.find(list => list.includes(offer)));
        const disk = await diagnosticsFor(uri, d => templateErrors(d).length > 0);
        expect(templateErrors(disk).map(d => d.message)).toEqual([expect.stringMatching(/^templates\/offer\.html:2:8: Unknown name 'firstNme'/)]);

        // Typing the fix (not saved): the campaign's error goes.
        let seen = publications(uri);
        await templateChanged(offer, '<p>\n  Hi {{firstName}}\n</p>\n');
        const fixed = await diagnosticsFor(uri, d => templateErrors(d).length === 0, seen);
        expect(fixed.filter(d => d.severity === 1)).toEqual([]);

        // Another unsaved mistake, on a line the disk does not have: the message points into the editor's text.
        seen = publications(uri);
        await templateChanged(offer, '<p>\n  Hi {{firstName}}\n</p>\n<p>\n     {{emial}}\n</p>\n');
        const typed = await diagnosticsFor(uri, d => templateErrors(d).length > 0, seen);
        expect(templateErrors(typed).map(d => d.message)).toEqual([expect.stringMatching(/^templates\/offer\.html:5:8: Unknown name 'emial'.*Did you mean 'email'/)]);
        expect(typed.find(d => code(d) === 'template-file')?.relatedInformation?.[0]?.location.uri).toBe(offer);

        // Closed without saving: the disk's mistake again.
        seen = publications(uri);
        await templateChanged(offer, null);
        const reverted = await diagnosticsFor(uri, d => templateErrors(d).length > 0 && String(templateErrors(d)[0].message).includes('firstNme'), seen);
        expect(templateErrors(reverted).map(d => d.message)).toEqual([expect.stringMatching(/^templates\/offer\.html:2:8: Unknown name 'firstNme'/)]);
    });

    test('a template only open in an editor (not on disk) is found; without the editor it is missing again', async () => {
        const draft = fileUri('templates', 'draft.html');
        const uri = await open('draft.campaign', campaignReading('draft', 'templates/draft.html'));
        await diagnosticsFor(uri, d => d.some(x => code(x) === 'template-file-missing'));

        let seen = publications(uri);
        await templateChanged(draft, '<p>{{firstName}}</p>\n');
        const found = await diagnosticsFor(uri, d => templateErrors(d).length === 0, seen);
        expect(found.filter(d => d.severity === 1)).toEqual([]);

        seen = publications(uri);
        await templateChanged(draft, null);
        const missing = await diagnosticsFor(uri, d => templateErrors(d).length > 0, seen);
        expect(missing.map(code)).toContain('template-file-missing');
    });

    test('only the campaigns that read the template are validated again', async () => {
        writeFileSync(join(folder, 'templates', 'shared.html'), '<p>{{firstName}}</p>\n');
        const shared = fileUri('templates', 'shared.html');
        const reader = await open('reader.campaign', campaignReading('reader', 'templates/shared.html'));
        const other = await open('other.campaign', campaignReading('other', 'templates/offer.html'));
        await diagnosticsFor(reader, () => true);
        await diagnosticsFor(other, () => true);
        await waitFor('the template list with shared.html', () => templateLists.find(list => list.includes(shared)));

        const readerSeen = publications(reader);
        const otherSeen = publications(other);
        await templateChanged(shared, '<p>{{firstNam}}</p>\n');
        const broken = await diagnosticsFor(reader, d => templateErrors(d).length > 0, readerSeen);
        expect(templateErrors(broken)[0].message).toMatch(/^templates\/shared\.html:1:6: Unknown name 'firstNam'/);
        // A request answered after that build: a publication for `other` from it would have arrived.
        await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: other } });
        expect(publications(other)).toBe(otherSeen);
        await templateChanged(shared, null);
        await diagnosticsFor(reader, d => templateErrors(d).length === 0, readerSeen + 1);
    });

    test('the list of template files follows the campaigns', async () => {
        const uri = await open('moving.campaign', campaignReading('moving', 'templates/first.html'));
        const first = fileUri('templates', 'first.html');
        const second = fileUri('templates', 'second.html');
        await waitFor('the list with first.html', () => templateLists.find(list => list.includes(first)));
        const sent = templateLists.length;
        await connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: 2 },
            contentChanges: [{ text: campaignReading('moving', 'templates/second.html') }]
        });
        const list = await waitFor('the list with second.html', () => templateLists.slice(sent).find(l => l.includes(second)));
        expect(list).not.toContain(first);
        // Sorted, without duplicates, every URI as the server resolves it.
        expect(list).toEqual([...new Set(list)].sort());

        // A campaign file created and then deleted on disk: its template comes and goes.
        const third = fileUri('templates', 'third.html');
        const onDisk = join(folder, 'on-disk.campaign');
        writeFileSync(onDisk, campaignReading('onDisk', 'templates/third.html'));
        let before = templateLists.length;
        await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(onDisk).toString(), type: FileChangeType.Created }] });
        await waitFor('the list with third.html', () => templateLists.slice(before).find(l => l.includes(third)));
        rmSync(onDisk);
        before = templateLists.length;
        await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(onDisk).toString(), type: FileChangeType.Deleted }] });
        const without = await waitFor('the list without third.html', () => templateLists.slice(before).find(l => !l.includes(third)));
        expect(without).toContain(second);
    });

    test('malformed notifications are ignored without harm, and a campaign is never laid over', async () => {
        writeFileSync(join(folder, 'templates', 'robust.html'), '<p>{{firstName}}</p>\n');
        const robust = fileUri('templates', 'robust.html');
        const uri = await open('robust.campaign', campaignReading('robust', 'templates/robust.html'));
        await diagnosticsFor(uri, d => templateErrors(d).length === 0);
        for (const params of [null, {}, { uri: 42, text: 'x' }, { uri: robust, text: 7 }, { uri: robust }, { uri: '::not a uri', text: 'x' }]) {
            await connection.sendNotification(TemplateChanged.method, params);
        }
        // A campaign's text comes only from textDocument/* (else the overlay would shadow its editor).
        await templateChanged(fileUri('model.campaign'), 'entity Broken {');
        const symbols = await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: fileUri('model.campaign') } });
        expect(JSON.stringify(symbols)).toContain('"name":"Customer"');
        // Still serving: a well-formed change after them is applied.
        const seen = publications(uri);
        await templateChanged(robust, '{{nope}}');
        const after = await diagnosticsFor(uri, d => templateErrors(d).length > 0, seen);
        expect(templateErrors(after)[0].message).toMatch(/Unknown name 'nope'/);
        expect(server.exitCode).toBeNull();
        expect(stderr()).not.toMatch(/TypeError|Unhandled/);
    });
});
