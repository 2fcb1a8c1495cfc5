// `campaign/compareGraph` over a real LSP connection (JSON-RPC over in-memory streams, Langium's
// startLanguageServer): the open document's text against a base text, as the editor's "Compare
// Graph with HEAD" asks for it.
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerCompareGraphHandler } from '../../language/review/compare-handler.js';
import { CompareGraph } from '../../language/review/compare-protocol.js';
import { inProcessServer } from '../lsp-client.js';
import { fixtureText } from './review-helpers.js';

const uri = 'file:///work/spring.campaign';
let client: MessageConnection;

beforeAll(async () => {
    client = await inProcessServer(registerCompareGraphHandler, { listen: c => c.onNotification(() => undefined) });
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'campaign', version: 1, text: fixtureText('new-branch', 'new') } });
});

afterAll(() => client?.dispose());

describe('campaign/compareGraph', () => {
    test('the open text against HEAD: both graphs, marked nodes and edges, the semantic change', async () => {
        const result = await client.sendRequest(CompareGraph.method, { uri, baseText: fixtureText('new-branch', 'old'), baseLabel: 'HEAD' } satisfies CompareGraph.Params) as CompareGraph.Result;
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
