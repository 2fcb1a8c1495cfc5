// The Mermaid text is rendered by Mermaid itself (the library GitHub uses for ```mermaid blocks),
// in real Chromium, loaded from node_modules: every diagram the tools print must parse and draw
// one node per activity. Nothing is fetched from the network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { specDir } from '../language/validation-workspace.js';
import { tempProject } from '../temp-project.js';
import { launch } from '../webview/harness.js';
import { campaign, diffFixture, REVIEW_FIXTURES } from './review-helpers.js';

const require = createRequire(import.meta.url);
const mermaidBundle = readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');

let browser: Browser;
let page: Page;

beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ content: mermaidBundle });
    await page.evaluate(() => (window as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
});

afterAll(async () => {
    await browser?.close();
});

/** Renders one diagram; returns the node ids Mermaid drew and the edge labels' text, or throws Mermaid's error. */
async function draw(text: string): Promise<{ nodes: string[]; edgeLabels: string[]; classes: Record<string, string>; labels: Record<string, string> }> {
    return page.evaluate(async source => {
        const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
        const { svg } = await mermaid.render(`d${Math.floor(Math.random() * 1e9)}`, source);
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        const nodeElements = Array.from(holder.querySelectorAll('g.node'));
        const idOf = (n: Element) => n.id.replace(/^.*?flowchart-/, '').replace(/-\d+$/, '');
        const nodes = nodeElements.map(idOf);
        const classes = Object.fromEntries(nodeElements.map(n => [idOf(n), n.getAttribute('class') ?? '']));
        const labels = Object.fromEntries(nodeElements.map(n => [idOf(n), n.textContent ?? '']));
        const edgeLabels = Array.from(holder.querySelectorAll('g.edgeLabel')).map(l => l.textContent ?? '').filter(Boolean);
        return { nodes, edgeLabels, classes, labels };
    }, text);
}

const mermaidBlock = (markdown: string) => {
    const start = markdown.indexOf('```mermaid\n');
    return markdown.slice(start + '```mermaid\n'.length, markdown.indexOf('```', start + 3));
};

describe('Mermaid draws what the review tools print', () => {
    test('render --format mermaid of the spring sale: every activity, the output names on edges', async () => {
        const result = await campaign(specDir, 'render', '--format', 'mermaid', 'spring-sale.campaign');
        const nodeCount = result.out.split('\n').filter(l => /^ {4}a_\w+\["/.test(l)).length;
        const drawn = await draw(result.out);
        expect(drawn.nodes.length).toBe(nodeCount);
        expect(drawn.nodes).toContain('a_done');
        expect(drawn.edgeLabels).toEqual(expect.arrayContaining(['vip', 'rest', 'minus']));
    });

    test.each(['rename', 'option-change', 'new-branch'])('the diff comment of %s', async fixture => {
        const result = await diffFixture(fixture, '--format', 'markdown');
        const drawn = await draw(mermaidBlock(result.out));
        expect(drawn.nodes.length).toBeGreaterThanOrEqual(5);
    });

    test('a removal, with its red dashed edge', async () => {
        const result = await campaign(REVIEW_FIXTURES, 'diff', '--format', 'markdown', 'new-branch/new/spring.campaign', 'new-branch/old/spring.campaign');
        const drawn = await draw(mermaidBlock(result.out));
        expect(drawn.nodes).toContain('a_silverOffer');
        expect(drawn.classes.a_silverOffer).toContain('removed');
        expect(drawn.classes.a_tiers).toContain('changed');
        expect(drawn.edgeLabels).toContain('silverOnes');
    });

    test('names that are Mermaid keywords, and text with quotes, angle brackets, hashes and braces', async () => {
        const root = tempProject({ 'c.campaign': `entity Customer table "customers" { key id: int; email: string? @email; name: string }
campaign k {
  audience graph: Customer where name = "<b>#1 \\"best\\" & {{x}}</b>"
  dedupe subgraph from graph by email
  wait style from subgraph for 1 day
  email class from style { subject "a -> b; c | d"; body "x" }
  end end from class
}
` }, 'campaign-mermaid-');
        const result = await campaign(root, 'render', '--format', 'mermaid', 'c.campaign');
        expect(result.code).toBe(0);
        const drawn = await draw(result.out);
        expect(drawn.nodes.sort()).toEqual(['a_class', 'a_end', 'a_graph', 'a_style', 'a_subgraph']);
        expect(drawn.classes.a_end).toContain('ending');
        expect(drawn.labels.a_graph).toContain('<b>#1');
    });
});
