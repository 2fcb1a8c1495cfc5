// Bad input never crashes the graph: every prefix of a real file (most do not parse) gives a graph
// or none, and the LSP answer says stale.
import { describe, expect, test } from 'vitest';
import { GraphModel } from '../../language/graph/graph-model.js';
import { createTestServices } from '../language/test-services.js';
import { specFile } from '../language/validation-workspace.js';

const { services, parse } = createTestServices();
const text = specFile('spring-sale.campaign');

describe('graphs of broken text', () => {
    test('every prefix of the spring sale gives an answer, never an exception', async () => {
        const model = new GraphModel(services.shared);
        let stale = 0, drawn = 0;
        for (let end = 0; end <= text.length; end += 37) {
            const document = await parse(text.slice(0, end), { validation: true, documentUri: `file:///work/prefix-${end}.campaign` });
            const result = model.getGraph({ uri: document.uri.toString() })!;
            expect(result, `prefix ${end}`).toBeDefined();
            if (result.stale) stale++;
            if (result.graph) {
                drawn++;
                for (const node of result.graph.nodes) {
                    expect(node.id).toMatch(/^[A-Za-z_]\w*\/[A-Za-z_]\w*$/);
                    expect(typeof node.summary).toBe('string');
                }
            }
        }
        expect(stale).toBeGreaterThan(10);
        expect(drawn).toBeGreaterThan(10);
    });
});
