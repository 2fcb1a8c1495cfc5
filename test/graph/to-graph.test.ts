import { describe, expect, test } from 'vitest';
import { activitiesOf, findCampaign } from '../../language/graph/source.js';
import { GraphModel } from '../../language/graph/graph-model.js';
import { toGraph } from '../../language/graph/to-graph.js';
import { createTestServices } from '../language/test-services.js';
import { specFile } from '../language/validation-workspace.js';

const { services, parse } = createTestServices();
const springSale = specFile('spring-sale.campaign');

describe('toGraph', () => {
    test('one node per activity and one edge per input of the spring sale', async () => {
        const document = await parse(springSale, { validation: true });
        const campaign = findCampaign(document.parseResult.value, 'springSale')!;
        const graph = toGraph(document, campaign);
        expect(graph.nodes.map(n => n.name)).toEqual(activitiesOf(campaign).map(a => a.name));
        expect(graph.nodes.length).toBeGreaterThanOrEqual(32);
        const node = (name: string) => graph.nodes.find(n => n.name === name)!;
        expect(node('loyal')).toMatchObject({
            id: 'springSale/loyal', kind: 'audience', family: 'targeting', title: 'Build audience',
            summary: 'Customer where country = "FR" or country = "DE" except tier = bronze', dimension: 'Customer', hasMainOutput: true
        });
        expect(node('d').summary).toBe('by email, phone keep 1 prefer max(createdAt)');
        expect(node('w').summary).toBe('wait 3 days');
        expect(node('vipOffer').dimension).toBe('Customer');
        expect(node('leads').dimension).toBeUndefined();
        expect(node('tiers').outputs.map(o => o.ref)).toEqual(['tiers.vip', 'tiers.fr', 'tiers.rest']);
        expect(node('tiers').hasMainOutput).toBe(false);
        expect(node('vipOffer')).toMatchObject({ family: 'channel', summary: 'subject "{{firstName}}, {{$discount}}% off your wishlist' + '"' });
        expect(node('vipOffer').parts.subject.text).toBe('"{{firstName}}, {{$discount}}% off your wishlist"');
        expect(node('tiers').parts['vip.limit'].text).toBe('100');
        const edge = graph.edges.find(e => e.ref === 'tiers.rest')!;
        expect(edge).toMatchObject({ source: 'springSale/tiers', sourceOutput: 'rest', target: 'springSale/f', dashed: true, role: 'from' });
        expect(graph.edges.find(e => e.ref === 'newcomers')).toMatchObject({ role: 'minus', target: 'springSale/e' });
        expect(graph.edges.find(e => e.ref === 'tiers.vip' && e.target === 'springSale/u')!.dashed).toBe(false);
    });

    test('diagnostics are counted on the activity that has them', async () => {
        const document = await parse('campaign c {\n  audience a: Nope\n  wait w from a for 3 days\n}\n', { validation: true });
        const graph = toGraph(document, findCampaign(document.parseResult.value, 'c')!);
        const a = graph.nodes.find(n => n.name === 'a')!;
        expect(a.diagnostics.length).toBeGreaterThan(0);
        expect(a.diagnostics[0].range.start.line).toBe(1);
        expect(graph.nodes.find(n => n.name === 'w')!.diagnostics.filter(d => d.severity === 1)).toHaveLength(0);
    });

    test('the graph model takes dimensions from the typing service', async () => {
        const document = await parse(springSale, { validation: true, documentUri: 'file:///work/dimensions.campaign' });
        const result = new GraphModel(services.shared).getGraph({ uri: document.uri.toString(), campaign: 'springSale' })!;
        const node = (name: string) => result.graph!.nodes.find(n => n.name === name)!;
        // The inference alone cannot type a file's rows; Populations can.
        expect(node('leads').dimension).toBe('file leads');
        expect(node('c').dimension).toBe('Customer');
        expect(node('loyal').dimension).toBe('Customer');
    });
});
