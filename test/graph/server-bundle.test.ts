// The shipped language server (dist/language-server.cjs, built by `node scripts/build.mjs`) answers
// the graph protocol over stdio: the registration in language/main.ts and the bundle work together.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApplyGraphEdit, GetGraph, GraphChanged } from '../../language/protocol.js';

const bundle = new URL('../../dist/language-server.cjs', import.meta.url).pathname;
let server: ChildProcess;
let client: MessageConnection;

beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error('dist/language-server.cjs is missing: run `node scripts/build.mjs` first');
    server = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    client = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    client.onRequest('client/registerCapability', () => null);
    client.onRequest('workspace/configuration', (p: unknown) => (p as { items: unknown[] }).items.map(() => null));
    client.onRequest('window/workDoneProgress/create', () => null);
    client.listen();
    await client.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await client.sendNotification('initialized', {});
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
