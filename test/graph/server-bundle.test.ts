// The shipped language server (dist/language-server.cjs, built by `node scripts/build.mjs`, first if missing) answers
// the graph protocol over stdio: the registration in language/main.ts and the bundle work together.
import { spawn, type ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApplyGraphEdit, GetGraph, GraphChanged } from '../../language/protocol.js';
import { distBundle } from '../dist-bundle.js';
import { initializedClient } from '../lsp-client.js';

let server: ChildProcess;
let client: MessageConnection;

beforeAll(async () => {
    server = spawn(process.execPath, [distBundle('language-server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    client = await initializedClient(server.stdout!, server.stdin!, { processId: process.pid });
});

afterAll(async () => {
    client?.dispose();
    server?.kill();
});

test('graphChanged after didOpen, then getGraph and applyGraphEdit', async () => {
    const uri = 'file:///tmp/bundle-test.campaign';
    const changed = new Promise<GraphChanged.Params>(resolve => client.onNotification(GraphChanged.method, (p: GraphChanged.Params) => { if (p.uri === uri) resolve(p); }));
    await client.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'campaign', version: 7, text: 'campaign shop {\n  audience a: Customer\n  wait w from a for 3 days\n}\n' }
    });
    expect(await changed).toEqual({ uri, version: 7 });
    const graph: GetGraph.Result = await client.sendRequest(GetGraph.method, { uri });
    expect(graph.graph!.nodes.map(n => `${n.kind} ${n.name}: ${n.summary}`)).toEqual(['audience a: Customer', 'wait w: wait 3 days']);
    const edit: ApplyGraphEdit.Result = await client.sendRequest(ApplyGraphEdit.method, { uri, version: 7, edit: { op: 'renameActivity', campaign: 'shop', name: 'a', newName: 'everyone' } });
    expect(edit.ok && edit.edits.map(e => `${e.range.start.line}:${e.range.start.character} ${e.newText}`)).toEqual(['1:11 everyone', '2:14 everyone']);
});
