// `campaign render` on real campaign files: the SVG is well-formed XML with one node group per
// activity and the edge labels, the Mermaid text has the structure GitHub needs, and the HTML page
// stands alone.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { isActivity, isCampaign } from '../../language/generated/ast.js';
import { createTestServices } from '../language/test-services.js';
import { specDir as SPEC, specFile } from '../language/validation-workspace.js';
import { tempProject } from '../temp-project.js';
import { campaign } from './review-helpers.js';

const springSaleText = specFile('spring-sale.campaign');
/** A temporary folder with one file, c.campaign, holding `text`. */
const oneFile = (text: string) => tempProject({ 'c.campaign': text }, 'campaign-render-');

/** Activity names and the number of input references of springSale, read from the AST (not from the graph the renderers draw). */
let activityNames: string[] = [];
let inputCount = 0;
beforeAll(async () => {
    const { parse } = createTestServices();
    const document = await parse(springSaleText);
    const springSale = document.parseResult.value.elements.find(isCampaign)!;
    const activities = springSale.members.filter(isActivity);
    activityNames = activities.map(a => a.name);
    inputCount = activities.reduce((n, a) => n + ('inputs' in a ? a.inputs.length : 0) + ('minus' in a ? a.minus.length : 0), 0);
});

type XmlNode = Record<string, unknown>;

/** Every element named `name` anywhere in a parsed XML tree (fast-xml-parser's preserveOrder form). */
function elements(tree: XmlNode[], name: string): XmlNode[] {
    const found: XmlNode[] = [];
    const walk = (nodes: XmlNode[]) => {
        for (const node of nodes) {
            if (name in node) found.push(node);
            for (const [key, value] of Object.entries(node)) if (key !== ':@' && Array.isArray(value)) walk(value as XmlNode[]);
        }
    };
    walk(tree);
    return found;
}

const attr = (node: XmlNode, name: string) => ((node[':@'] ?? {}) as Record<string, string>)[`@_${name}`];
const textOf = (node: XmlNode): string => {
    const parts: string[] = [];
    const walk = (nodes: XmlNode[]) => nodes.forEach(n => {
        if ('#text' in n) parts.push(String(n['#text']));
        for (const [key, value] of Object.entries(n)) if (key !== ':@' && Array.isArray(value)) walk(value as XmlNode[]);
    });
    walk(Object.entries(node).filter(([k]) => k !== ':@').flatMap(([, v]) => v as XmlNode[]));
    return parts.join('');
};
const parseXml = (xml: string) => new XMLParser({ preserveOrder: true, ignoreAttributes: false, processEntities: true }).parse(xml) as XmlNode[];

describe('svg', () => {
    test('well-formed XML, one node group per activity, one edge per input, labels on edges', async () => {
        const result = await campaign(SPEC, 'render', '--format', 'svg', 'spring-sale.campaign');
        expect(result.code).toBe(0);
        const svg = result.out;
        expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(XMLValidator.validate(svg)).toBe(true);
        const tree = parseXml(svg);
        const groups = elements(tree, 'g');
        const nodes = groups.filter(g => attr(g, 'class')?.split(' ').includes('node'));
        expect(activityNames.length).toBeGreaterThan(30);
        expect(nodes.map(n => attr(n, 'data-id')).sort()).toEqual(activityNames.map(n => `springSale/${n}`).sort());
        const tiers = nodes.find(n => attr(n, 'data-id') === 'springSale/tiers')!;
        expect(attr(tiers, 'data-family')).toBe('targeting');
        expect(textOf(tiers)).toContain('Split');
        const edges = groups.filter(g => attr(g, 'class') === 'edge');
        // Every input reference in a from or minus list is an edge (the pass of `join j` repeats f.x).
        expect(inputCount).toBeGreaterThan(30);
        expect(edges.length).toBe(inputCount);
        for (const edge of edges) expect(elements([edge], 'path').length).toBe(1);
        const labels = groups.filter(g => attr(g, 'class') === 'edge-label').map(textOf);
        expect(labels).toEqual(expect.arrayContaining(['vip', 'fr', 'rest', 'x', 'y', 'big', 'small', 'viaSms', 'minus']));
        // The remainder edge is dashed, a plain one is not.
        const rest = edges.find(e => attr(e, 'data-ref') === 'tiers.rest')!;
        expect(attr(elements([rest], 'path')[0], 'stroke-dasharray')).toBe('5 4');
        const plain = edges.find(e => attr(e, 'data-ref') === 'loyal')!;
        expect(attr(elements([plain], 'path')[0], 'stroke-dasharray')).toBeUndefined();
    });

    test('text that looks like markup is escaped, long summaries are cut with an ellipsis', async () => {
        const root = oneFile(`entity Customer table "customers" { key id: int; email: string? @email; name: string }
campaign tricky {
  audience a: Customer where name = "<b>Tom & 'Jerry'</b> ]]> \\"quoted\\"" or name = "a very long name that does not fit in one node at all"
  email e from a { subject "<script>alert(1)</script> & more"; body "x" }
}
`);
        const result = await campaign(root, 'render', 'c.campaign');
        expect(result.code).toBe(0);
        expect(XMLValidator.validate(result.out)).toBe(true);
        expect(result.out).not.toContain('<script>');
        expect(result.out).not.toContain('<b>');
        const nodes = elements(parseXml(result.out), 'g').filter(g => attr(g, 'class') === 'node');
        const audience = nodes.find(n => attr(n, 'data-id') === 'tricky/a')!;
        const summary = elements([audience], 'text')[2];
        expect(textOf(summary).endsWith('…')).toBe(true);
        // Parsed back, the escaped text is the text again.
        const email = nodes.find(n => attr(n, 'data-id') === 'tricky/e')!;
        expect(textOf(elements([email], 'title')[0])).toContain('subject "<script>alert(1)</script> & more"');
    });

    test('a campaign with no activities still renders', async () => {
        const root = oneFile('campaign empty { label "Nothing yet" }\n');
        const result = await campaign(root, 'render', 'c.campaign');
        expect(result.code).toBe(0);
        expect(XMLValidator.validate(result.out)).toBe(true);
        expect(result.out).toContain('>No activities</text>');
    });
});

describe('mermaid', () => {
    test('flowchart LR, one quoted node per activity, labelled edges, classes per family', async () => {
        const result = await campaign(SPEC, 'render', '--format', 'mermaid', 'spring-sale.campaign');
        expect(result.code).toBe(0);
        const lines = result.out.trimEnd().split('\n');
        expect(lines[0]).toBe('flowchart LR');
        const nodeLines = lines.filter(l => /^ {4}a_\w+\["/.test(l));
        expect(nodeLines.length).toBe(activityNames.length);
        // A label holds no raw double quote (they would end it): entity codes instead.
        for (const line of nodeLines) expect(line).toMatch(/^ {4}a_\w+\["[^"]*"\]$/);
        // `end done` is an activity called `done`; ids never collide with Mermaid's keywords.
        expect(lines).toContain('    a_d["Deduplication<br/><b>d</b><br/>by email, phone keep 1 prefer max(createdAt)"]');
        expect(lines.find(l => l.startsWith('    a_loyal['))).toMatch(/^ {4}a_loyal\["Build audience<br\/><b>loyal<\/b><br\/>Customer where country = #quot;FR#quot;.*…"\]$/);
        const edgeLines = lines.filter(l => /^ {4}a_\w+ (-->|-\.->|==>)/.test(l));
        expect(edgeLines.length).toBe(inputCount);
        expect(lines).toContain('    a_tiers -->|"vip"| a_s');
        expect(lines).toContain('    a_tiers -.->|"rest"| a_f');
        expect(lines).toContain('    a_newcomers -->|"minus"| a_e');
        expect(lines).toContain('    classDef ending fill:#fbf0e0,stroke:#d18616,color:#1f2328');
        expect(lines.some(l => l.startsWith('    class ') && l.endsWith(' ending') && l.includes('a_done'))).toBe(true);
        expect(lines.some(l => /^ {4}class .* end$/.test(l))).toBe(false);
    });

    test('an activity named like a Mermaid keyword gets a safe id', async () => {
        const root = oneFile('entity Customer table "customers" { key id: int }\ncampaign k {\n  audience graph: Customer\n  end end from graph\n}\n');
        const result = await campaign(root, 'render', '--format', 'mermaid', 'c.campaign');
        expect(result.code).toBe(0);
        expect(result.out).toContain('    a_graph --> a_end\n');
        expect(result.out).toContain('    a_end["End<br/><b>end</b>');
    });
});

describe('html', () => {
    test('one self-contained page: inline SVG, no external resource, no script', async () => {
        const result = await campaign(SPEC, 'render', '--format', 'html', 'spring-sale.campaign');
        expect(result.code).toBe(0);
        const html = result.out;
        expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
        expect(html).not.toMatch(/https?:\/\//);
        expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
        expect(html).toContain('<title>Campaign springSale</title>');
        const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + '</svg>'.length);
        expect(XMLValidator.validate(svg)).toBe(true);
        expect(elements(parseXml(svg), 'g').filter(g => attr(g, 'class') === 'node').length).toBe(activityNames.length);
    });
});

describe('the command line', () => {
    test('--out writes the file, its extension picks the format', async () => {
        const out = join(tempProject({}, 'campaign-render-'), 'graph.html');
        const result = await campaign(SPEC, 'render', '--out', out, 'spring-sale.campaign');
        expect(result).toMatchObject({ code: 0, out: '' });
        expect(existsSync(out)).toBe(true);
        expect(readFileSync(out, 'utf8').startsWith('<!DOCTYPE html>')).toBe(true);
    });

    test('--campaign picks one campaign of a file that declares several; without it, the names are listed', async () => {
        const root = tempProject({ 'two.campaign': 'entity Customer table "customers" { key id: int }\ncampaign one { audience a: Customer }\ncampaign two { audience b: Customer }\n' }, 'campaign-render-');
        const picked = await campaign(root, 'render', '--format', 'mermaid', '--campaign', 'two', 'two.campaign');
        expect(picked.code).toBe(0);
        expect(picked.out).toContain('a_b["');
        expect(picked.out).not.toContain('a_a["');
        const unnamed = await campaign(root, 'render', 'two.campaign');
        expect(unnamed.code).toBe(2);
        expect(unnamed.err).toContain('declares 2 campaigns (one, two)');
    });

    test('a wrong format and a missing database are usage errors', async () => {
        expect((await campaign(SPEC, 'render', '--format', 'png', 'spring-sale.campaign')).code).toBe(2);
        const db = await campaign(SPEC, 'render', '--db', 'nope.sqlite', 'spring-sale.campaign');
        expect(db.code).toBe(2);
        expect(db.err).toContain('no such database file: nope.sqlite');
    });
});
