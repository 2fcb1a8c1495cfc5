// The graph protocol over a real LSP connection (JSON-RPC over in-memory streams, the server's own
// connection and Langium's startLanguageServer): notify after validation, pull, edit, stale.
import { TextDocument } from 'langium';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerGraphHandlers } from '../../language/lsp/graph-handlers.js';
import { ApplyGraphEdit, GetGraph, GraphChanged } from '../../language/protocol.js';
import { inProcessServer } from '../lsp-client.js';

const uri = 'file:///work/shop.campaign';
const text = 'campaign shop {\n  audience a: Customer\n  wait w from a for 3 days\n}\n';
let client: MessageConnection;
const changes: GraphChanged.Params[] = [];

function nextChange(version: number): Promise<GraphChanged.Params> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no graphChanged for version ${version}; got ${JSON.stringify(changes)}`)), 10_000);
        const poll = setInterval(() => {
            const hit = changes.find(c => c.uri === uri && c.version === version);
            if (hit) { clearInterval(poll); clearTimeout(timer); resolve(hit); }
        }, 10);
    });
}

beforeAll(async () => {
    client = await inProcessServer(registerGraphHandlers, {
        listen: c => c.onNotification(GraphChanged.method, (p: GraphChanged.Params) => { changes.push(p); })
    });
});

afterAll(() => client?.dispose());

describe('graph protocol over LSP', () => {
    let document = TextDocument.create(uri, 'campaign', 1, text);

    test('didOpen → one graphChanged → getGraph draws the campaign', async () => {
        const started = Date.now();
        await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'campaign', version: 1, text } });
        await nextChange(1);
        expect(Date.now() - started).toBeLessThan(5_000);
        const result: GetGraph.Result = await client.sendRequest(GetGraph.method, { uri });
        expect(result).toMatchObject({ uri, version: 1, campaigns: ['shop'], stale: false });
        expect(result.graph!.nodes.map(n => n.id)).toEqual(['shop/a', 'shop/w']);
        expect(result.graph!.edges.map(e => e.id)).toEqual(['a->w:from']);
    });

    test('applyGraphEdit answers text edits for the current version and refuses an old one', async () => {
        const edit = { op: 'setOption', campaign: 'shop', activity: 'w', key: 'for', value: '5 days' } as const;
        const result: ApplyGraphEdit.Result = await client.sendRequest(ApplyGraphEdit.method, { uri, version: 1, edit });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const after = TextDocument.applyEdits(document, [...result.edits]);
        expect(after).toContain('wait w from a for 5 days');
        document = TextDocument.create(uri, 'campaign', 2, after);
        await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: after }] });
        await nextChange(2);
        const stale: ApplyGraphEdit.Result = await client.sendRequest(ApplyGraphEdit.method, { uri, version: 1, edit });
        expect(stale).toMatchObject({ ok: false, reason: 'stale-version' });
        const graph: GetGraph.Result = await client.sendRequest(GetGraph.method, { uri });
        expect(graph.graph!.nodes[1].summary).toBe('wait 5 days');
    });

    test('a text that does not parse keeps the last good graph, marked stale; edits are refused', async () => {
        const broken = document.getText().replace('wait w from a for 5 days', 'wait w from a for 5 days\n  split s from {');
        await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: broken }] });
        await nextChange(3);
        const result: GetGraph.Result = await client.sendRequest(GetGraph.method, { uri });
        expect(result).toMatchObject({ stale: true, version: 2, currentVersion: 3 });
        expect(result.graph!.nodes.map(n => n.name)).toEqual(['a', 'w']);
        expect(result.problems.errors).toBeGreaterThan(0);
        const refused: ApplyGraphEdit.Result = await client.sendRequest(ApplyGraphEdit.method, { uri, version: 3, edit: { op: 'deleteActivity', campaign: 'shop', name: 'w' } });
        expect(refused).toMatchObject({ ok: false, reason: 'parse-errors' });
    });

    test('an unknown document is an error answer, not a crash', async () => {
        await expect(client.sendRequest(GetGraph.method, { uri: 'file:///nowhere.campaign' })).rejects.toThrow(/Unknown document/);
    });
});
