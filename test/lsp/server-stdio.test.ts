import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    CompletionRequest, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType, DocumentFormattingRequest, DocumentSymbolRequest,
    ExitNotification, HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, RenameRequest, SemanticTokensRequest,
    ShutdownRequest, TextDocument, type CompletionItem, type CompletionList,
    type Diagnostic, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver/node';
import { startStdioServer } from './stdio-server.js';
import { MODEL_TEXT } from './workspace.js';

/**
 * The real language server over a real LSP connection on stdio: the bundle of `language/main.ts`
 * is built as scripts/build.mjs builds dist/language-server.cjs (esbuild, CommonJS, the
 * Object.groupBy polyfill injected) — into a temporary folder, so that the test always runs the
 * current sources and never races another build writing dist/. Then a client initializes it on a
 * workspace folder, opens documents, receives diagnostics, asks for completion, hover, symbols,
 * semantic tokens and formatting, and shuts it down.
 */

let workDir: string;
let server: ChildProcess;
let connection: ProtocolConnection;
let initializeResult: InitializeResult;
let stderr: () => string = () => '';
const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
const waiters = new Set<() => boolean>();

/** Resolves when `uri` has received diagnostics satisfying `accept` (the server may publish several times). */
function diagnosticsFor(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}; stderr: ${stderr()}`)), timeoutMs);
        const check = () => {
            const found = (diagnostics.get(uri) ?? []).find(p => accept(p.diagnostics));
            if (found) {
                clearTimeout(timer);
                resolve(found.diagnostics);
                return true;
            }
            return false;
        };
        if (!check()) waiters.add(check);
    });
}

beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'campaign-lsp-'));
    const folder = join(workDir, 'workspace');
    mkdirSync(folder);
    writeFileSync(join(folder, 'model.campaign'), MODEL_TEXT);

    ({ server, connection, stderr } = await startStdioServer(workDir));
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
        diagnostics.set(params.uri, [...(diagnostics.get(params.uri) ?? []), params]);
        for (const waiter of [...waiters]) if (waiter()) waiters.delete(waiter);
    });
    connection.listen();

    initializeResult = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(folder).toString(),
        workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'workspace' }],
        capabilities: {
            workspace: { configuration: true, workspaceFolders: true },
            textDocument: {
                completion: { completionItem: { snippetSupport: true } },
                publishDiagnostics: {},
                semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] }
            }
        }
    });
    await connection.sendNotification(InitializedNotification.type, {});
}, 120_000);

afterAll(async () => {
    connection?.dispose();
    if (server && server.exitCode === null) server.kill();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const GOOD = 'campaign spring {\n    audience loyal: Customer where country = "FR"\n  union u from loyal,others\n  audience others: Customer\n}\n';
const BROKEN = 'campaign broken {\n  audience a: Customer where \n}\n';

async function open(name: string, text: string): Promise<string> {
    const uri = pathToFileURL(join(workDir, 'workspace', name)).toString();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'campaign', version: 1, text } });
    return uri;
}

describe('the language server over stdio', () => {
    test('initialize announces the editor features', () => {
        const caps = initializeResult.capabilities;
        expect(caps.completionProvider?.triggerCharacters).toEqual(expect.arrayContaining(['.', '$']));
        expect(caps.hoverProvider).toBeTruthy();
        expect(caps.documentFormattingProvider).toBeTruthy();
        expect(caps.documentSymbolProvider).toBeTruthy();
        expect(caps.semanticTokensProvider).toBeTruthy();
        expect(caps.signatureHelpProvider?.triggerCharacters).toContain('(');
        expect(caps.renameProvider).toBeTruthy();
        expect(caps.documentLinkProvider).toBeTruthy();
    });

    test('a syntax error arrives as a readable diagnostic with its location', async () => {
        const uri = await open('broken.campaign', BROKEN);
        const received = await diagnosticsFor(uri, d => d.length > 0);
        const syntax = received.find(d => typeof d.message === 'string' && d.message.startsWith('Expected'));
        expect(syntax?.message).toBe('Expected an expression but found `}`.');
        expect(syntax?.range.start.line).toBe(2);
        expect(syntax?.severity).toBe(1);
    });

    test('a correct document links against the schema of another file: no error', async () => {
        const uri = await open('good.campaign', GOOD);
        const received = await diagnosticsFor(uri);
        expect(received.filter(d => d.severity === 1)).toEqual([]);
    });

    test('completion offers the population\'s fields', async () => {
        const uri = pathToFileURL(join(workDir, 'workspace', 'good.campaign')).toString();
        await diagnosticsFor(uri);
        // Right after `where ` on line 1.
        const position = { line: 1, character: '    audience loyal: Customer where '.length };
        const result = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
        const items: CompletionItem[] = Array.isArray(result) ? result : (result as CompletionList).items;
        const labels = items.map(i => i.label);
        expect(labels).toEqual(expect.arrayContaining(['email', 'country', 'tier', 'purchases', 'lower']));
        expect(items.find(i => i.label === 'email')?.detail).toBe('string?');
    });

    test('hover on an activity keyword explains it', async () => {
        const uri = pathToFileURL(join(workDir, 'workspace', 'good.campaign')).toString();
        const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 3 } });
        const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        expect(value).toContain('**Union**');
        expect(value).toContain('rows of **Customer**');
    });

    test('document symbols and semantic tokens', async () => {
        const uri = pathToFileURL(join(workDir, 'workspace', 'good.campaign')).toString();
        const symbols = await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
        expect(JSON.stringify(symbols)).toContain('"name":"loyal"');
        const tokens = await connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
        expect(tokens?.data.length).toBeGreaterThan(5 * 5);
    });

    test('formatting returns the edits to the canonical text', async () => {
        const uri = pathToFileURL(join(workDir, 'workspace', 'good.campaign')).toString();
        const edits = await connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
        expect(edits && edits.length).toBeGreaterThan(0);
        const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'campaign', 1, GOOD), edits ?? []);
        expect(formatted).toBe('campaign spring {\n  audience loyal: Customer where country = "FR"\n  union u from loyal, others\n  audience others: Customer\n}\n');
    });

    test('a body file is checked, and checked again when it changes or disappears on disk (watched files)', async () => {
        const templates = join(workDir, 'workspace', 'templates');
        mkdirSync(templates, { recursive: true });
        const file = join(templates, 'hi.html');
        writeFileSync(file, '<p>\n  Hi {{firstNme}}\n</p>\n');
        const uri = await open('mail.campaign', 'campaign mail {\n  audience a: Customer\n  email hi from a {\n    subject "Hi"\n    body file "templates/hi.html"\n  }\n}\n');
        const code = (d: Diagnostic) => (d.data as { code?: string } | undefined)?.code;
        const first = await diagnosticsFor(uri, d => d.some(x => code(x) === 'template-file'));
        expect(first.find(d => code(d) === 'template-file')?.message).toMatch(/^templates\/hi\.html:2:8: Unknown name 'firstNme'/);

        writeFileSync(file, '<p>\n  Hi {{firstName}}\n</p>\n');
        const fileUri = pathToFileURL(file).toString();
        await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri, type: FileChangeType.Changed }] });
        const fixed = await diagnosticsFor(uri, d => !d.some(x => String(code(x)).startsWith('template')));
        expect(fixed.filter(d => d.severity === 1)).toEqual([]);

        rmSync(file);
        await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri, type: FileChangeType.Deleted }] });
        const missing = await diagnosticsFor(uri, d => d.some(x => code(x) === 'template-file-missing'));
        expect(missing.find(d => code(d) === 'template-file-missing')?.message).toMatch(/^Template file 'templates\/hi\.html' not found/);
    });

    test('rename of a take list over the connection rewrites its numbered columns; tokens of its templates do not overlap', async () => {
        const text = 'campaign buyers {\n  audience a: Customer\n  enrich e from a {\n    last = take 2 purchases order by purchasedAt desc {\n      amount\n    }\n  }\n'
            + '  split s from e {\n    segment big where last1_amount > 100\n  }\n  email m from s.big {\n    subject "{{firstName}}: {{last2_amount}}"\n    body "{{#each last}}{{amount}} {{/each}}"\n  }\n}\n';
        const uri = await open('buyers.campaign', text);
        await diagnosticsFor(uri);
        const edit = await connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: { line: 3, character: 5 }, newName: 'recent' });
        const renamed = TextDocument.applyEdits(TextDocument.create(uri, 'campaign', 1, text), edit?.changes?.[uri] ?? []);
        expect(renamed).toContain('segment big where recent1_amount > 100');
        expect(renamed).toContain('subject "{{firstName}}: {{recent2_amount}}"');
        expect(renamed).toContain('body "{{#each recent}}{{amount}} {{/each}}"');
        const tokens = await connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
        const data = tokens?.data ?? [];
        let line = 0;
        let start = 0;
        let end = 0;
        for (let i = 0; i < data.length; i += 5) {
            const next = data[i] === 0 ? start + data[i + 1] : data[i + 1];
            if (data[i] === 0 && i > 0) expect(next, `token ${i / 5} on line ${line}`).toBeGreaterThanOrEqual(end);
            line += data[i];
            start = next;
            end = start + data[i + 2];
        }
        expect(data.length).toBeGreaterThan(20 * 5);
    });

    test('shutdown and exit end the process cleanly', async () => {
        await connection.sendRequest(ShutdownRequest.type);
        const exited = new Promise<number | null>(resolve => server.once('exit', code => resolve(code)));
        await connection.sendNotification(ExitNotification.type);
        expect(await exited).toBe(0);
    });
});
