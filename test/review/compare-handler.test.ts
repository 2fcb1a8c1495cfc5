// `campaign/compareGraph` over a real LSP connection (JSON-RPC over in-memory streams, Langium's
// startLanguageServer): the open document's text against a base text, as the editor's "Compare
// Graph with HEAD" asks for it.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCampaignServices } from '../../language/campaign-module.js';
import { registerCompareGraphHandler } from '../../language/review/compare-handler.js';
import { CompareGraph } from '../../language/review/compare-protocol.js';
import { REVIEW_FIXTURES } from './review-helpers.js';

const uri = 'file:///work/spring.campaign';
const read = (fixture: string, side: string) => readFileSync(join(REVIEW_FIXTURES, fixture, side, 'spring.campaign'), 'utf8');
let client: MessageConnection;

beforeAll(async () => {
    const up = new PassThrough(), down = new PassThrough();
    const connection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    const { shared } = createCampaignServices({ connection, ...EmptyFileSystem });
    registerCompareGraphHandler(connection, shared);
    startLanguageServer(shared);
    client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    client.onRequest('client/registerCapability', () => null);
    client.onRequest('workspace/configuration', (p: unknown) => (p as { items: unknown[] }).items.map(() => null));
    client.onNotification(() => undefined);
    client.listen();
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'campaign', version: 1, text: read('new-branch', 'new') } });
});

afterAll(() => client?.dispose());

describe('campaign/compareGraph', () => {
    test('the open text against HEAD: both graphs, marked nodes and edges, the semantic change', async () => {
        const result = await client.sendRequest(CompareGraph.method, { uri, baseText: read('new-branch', 'old'), baseLabel: 'HEAD' } satisfies CompareGraph.Params) as CompareGraph.Result;
        expect(result.campaigns).toEqual(['spring']);
        expect(result.before?.nodes.map(n => n.name)).toEqual(['loyal', 'tiers', 'vipOffer', 'later', 'reminder']);
        expect(result.after?.nodes.map(n => n.name)).toEqual(['loyal', 'tiers', 'vipOffer', 'silverOffer', 'later', 'reminder']);
        expect(result.graph.nodes.map(n => `${n.status} ${n.node.name}`)).toEqual([
            'unchanged loyal', 'changed tiers', 'unchanged vipOffer', 'added silverOffer', 'unchanged later', 'unchanged reminder'
        ]);
        expect(result.graph.edges.filter(e => e.status === 'added').map(e => e.edge.ref)).toEqual(['tiers.silverOnes']);
        expect(result.change?.activities.added).toEqual([{ name: 'silverOffer', kind: 'email' }]);
        expect(result.syntaxErrors).toEqual([]);
    });

    test('a file that did not exist at the base: everything is added', async () => {
        const result = await client.sendRequest(CompareGraph.method, { uri, baseText: '' }) as CompareGraph.Result;
        expect(result.before).toBeUndefined();
        expect(result.graph.nodes.every(n => n.status === 'added')).toBe(true);
    });

    test('a base that does not parse is reported with its location, not thrown', async () => {
        const result = await client.sendRequest(CompareGraph.method, { uri, baseText: 'campaign spring {\n  audience a:', baseLabel: 'HEAD~1' }) as CompareGraph.Result;
        expect(result.syntaxErrors.length).toBeGreaterThan(0);
        expect(result.syntaxErrors[0]).toMatch(/^HEAD~1:spring\.campaign:2:\d+ /);
    });

    test('an unknown document is an error answer', async () => {
        await expect(client.sendRequest(CompareGraph.method, { uri: 'file:///nope.campaign', baseText: '' })).rejects.toThrow(/Unknown document/);
    });
});
