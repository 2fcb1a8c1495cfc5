// Compare Graph with HEAD in the graph webview, in real Chromium under the extension's CSP: the host
// (a fake one in the page, see harness.ts) sends `diffStatuses` computed by the real comparison
// (compareTexts + statusesFor) of two versions of a file; nodes are outlined in the review colours
// and the legend counts them. The extension's side is tested in code-server (test/extension-host/compare.js).
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compareTexts } from '../../language/review/compare-texts.js';
import { statusesFor } from '../../language/review/graph-diff.js';
import { STATUS_STYLES } from '../../language/review/style.js';
import type { DiffHighlight } from '../../webview/protocol.js';
import { graphsOf } from './fixtures.js';
import { launch, openWebview, pageErrors, startServer } from './harness.js';

let browser: Browser;
let server: Server;
let url: string;

beforeAll(async () => {
    ({ server, url } = await startServer());
    browser = await launch();
});

afterAll(async () => {
    await browser?.close();
    server?.close();
});

const SCHEMA = `entity Customer table "customers" {
  key id: int
  email: string? @email
  tier: string
}
`;

const BEFORE = `${SCHEMA}
campaign c {
  audience loyal: Customer where tier = "gold"
  wait later from loyal for 2 days
  email offer from later { subject "Hi"; body "Hello" }
  email farewell from loyal { subject "Old"; body "Gone" }
}
`;

// later: changed (3 days); offer: reformatted only, so unchanged; farewell removed; fresh added.
const AFTER = `${SCHEMA}
campaign c {
  audience loyal: Customer where tier = "gold"
  wait later from loyal for 3 days
  email offer from later {
    subject "Hi"
    body "Hello"
  }
  audience fresh: Customer where tier = "silver"
}
`;

async function comparison() {
    const result = await compareTexts({ text: BEFORE, path: '/work/c.campaign', label: 'HEAD:c.campaign' }, { text: AFTER, path: '/work/c.campaign' });
    const highlight = (side: 'before' | 'after'): DiffHighlight => ({
        side, label: 'HEAD', statuses: Object.fromEntries(statusesFor(result.graph, side)),
        elsewhere: side === 'before' ? { added: 1 } : { removed: 1 }
    });
    return { result, highlight };
}

async function openSide(text: string, name: string): Promise<Page> {
    const fixture = await graphsOf(text, name);
    const page = await openWebview(browser, url, fixture);
    const count = fixture.graphs[''].graph!.nodes.length;
    await page.waitForFunction(n => document.querySelectorAll('.react-flow__node').length === n, count, { timeout: 20_000 });
    return page;
}

async function post(page: Page, message: unknown) {
    await page.evaluate(m => (window as unknown as { __post: (m: unknown) => void }).__post(m), message);
}

/** The CSS colour `#rrggbb` as the browser reports it. */
function rgb(hex: string): string {
    const n = parseInt(hex.slice(1), 16);
    return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function outline(page: Page, name: string) {
    return page.locator(`[data-testid="node-${name}"]`).evaluate(el => {
        const style = getComputedStyle(el);
        return { color: style.outlineColor, style: style.outlineStyle, width: style.outlineWidth, diff: el.getAttribute('data-diff') };
    });
}

describe('compare highlights in the webview', () => {
    test('the working copy: added and changed nodes outlined in the review colours, a legend with counts', async () => {
        const { result, highlight } = await comparison();
        // The real comparison saw through the reformatting of `offer`.
        expect(result.graph.nodes.map(n => [n.node.name, n.status])).toEqual(
            expect.arrayContaining([['later', 'changed'], ['offer', 'unchanged'], ['farewell', 'removed'], ['fresh', 'added']]));
        const page = await openSide(AFTER, 'compare-after');
        expect(await page.locator('[data-testid="diff-legend"]').count()).toBe(0);
        await post(page, { type: 'diffStatuses', ...highlight('after') });
        await page.waitForSelector('[data-testid="diff-legend"]');

        expect(await outline(page, 'fresh')).toEqual({ color: rgb(STATUS_STYLES.added.stroke), style: 'solid', width: '3px', diff: 'added' });
        expect(await outline(page, 'later')).toEqual({ color: rgb(STATUS_STYLES.changed.stroke), style: 'solid', width: '3px', diff: 'changed' });
        expect((await outline(page, 'offer')).diff).toBeNull();
        expect((await outline(page, 'offer')).style).toBe('none');
        expect((await outline(page, 'loyal')).diff).toBeNull();
        expect(await page.locator('[data-testid="node-farewell"]').count()).toBe(0);

        const legend = page.locator('[data-testid="diff-legend"]');
        expect(await legend.getAttribute('data-side')).toBe('after');
        expect(await legend.textContent()).toContain('Working copy, compared with HEAD');
        expect(await page.locator('[data-testid="diff-count-added"]').textContent()).toBe('added 1');
        expect(await page.locator('[data-testid="diff-count-changed"]').textContent()).toBe('changed 1');
        expect(await page.locator('[data-testid="diff-count-removed"]').textContent()).toBe('removed 0');
        expect(await page.locator('[data-testid="diff-elsewhere"]').textContent()).toBe('1 removed node is on the left');
        await page.screenshot({ path: '/tmp/compare-after.png' });
        expect(pageErrors(page)).toEqual([]);
        expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
        await page.close();
    });

    test('the base: removed nodes dashed in red, changed ones yellow, marked read-only', async () => {
        const { highlight } = await comparison();
        const page = await openSide(BEFORE, 'compare-before');
        await post(page, { type: 'diffStatuses', ...highlight('before') });
        await page.waitForSelector('[data-testid="diff-legend"]');
        expect(await outline(page, 'farewell')).toEqual({ color: rgb(STATUS_STYLES.removed.stroke), style: 'dashed', width: '3px', diff: 'removed' });
        expect((await outline(page, 'later')).diff).toBe('changed');
        expect((await outline(page, 'offer')).diff).toBeNull();
        expect(await page.locator('[data-testid="diff-legend"]').textContent()).toContain('HEAD (read-only)');
        expect(await page.locator('[data-testid="diff-count-removed"]').textContent()).toBe('removed 1');
        expect(await page.locator('[data-testid="diff-elsewhere"]').textContent()).toBe('1 added node is on the right');
        await page.screenshot({ path: '/tmp/compare-before.png' });
        expect(pageErrors(page)).toEqual([]);
        await page.close();
    });

    test('a malformed diffStatuses is ignored and a new one replaces the old', async () => {
        const { highlight } = await comparison();
        const page = await openSide(AFTER, 'compare-bad');
        await post(page, { type: 'diffStatuses', side: 'left', label: 'HEAD', statuses: {} });
        await post(page, { type: 'diffStatuses', side: 'after', label: 'HEAD', statuses: { 'c/fresh': 'exploded', 'c/later': 'changed' } });
        await page.waitForSelector('[data-testid="diff-legend"]');
        expect((await outline(page, 'fresh')).diff).toBeNull();
        expect((await outline(page, 'later')).diff).toBe('changed');
        await post(page, { type: 'diffStatuses', ...highlight('after') });
        await page.waitForFunction(() => document.querySelector('[data-testid="node-fresh"]')?.getAttribute('data-diff') === 'added');
        expect(pageErrors(page)).toEqual([]);
        await page.close();
    });
});
