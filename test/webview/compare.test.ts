// Compare Graph with HEAD in the graph webview, in real Chromium under the extension's CSP: the host
// (a fake one in the page, see harness.ts) sends `diffStatuses` computed by the real comparison
// (compareTexts + statusesFor) of two versions of a file; nodes are outlined in the review colours
// and the legend counts them. The extension's side is tested in code-server (test/extension-host/compare.js).
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { changeItems } from '../../extension/compare/change-items.js';
import { compareTexts } from '../../language/review/compare-texts.js';
import { edgeStatusesFor, statusesFor } from '../../language/review/graph-diff.js';
import { STATUS_STYLES } from '../../language/review/style.js';
import type { CompareHighlight } from '../../webview/compare/compare-protocol.js';
import { graphsOf } from './fixtures.js';
import { pageErrors, sent } from './harness.js';
import { COMPARE_BEFORE as BEFORE, COMPARE_SCHEMA as SCHEMA } from '../review/compare-fixture.js';
import { webviewPages } from './webview-pages.js';

const pages = webviewPages();


// later: changed (3 days); offer: reformatted only, so unchanged; farewell removed; fresh and bonus added.
const AFTER = `${SCHEMA}
campaign c {
  audience loyal: Customer where tier = "gold"
  wait later from loyal for 3 days
  email offer from later {
    subject "Hi"
    body "Hello"
  }
  audience fresh: Customer where tier = "silver"
  email bonus from fresh { subject "New"; body "Hello" }
}
`;

async function comparison() {
    const result = await compareTexts({ text: BEFORE, path: '/work/c.campaign', label: 'HEAD:c.campaign' }, { text: AFTER, path: '/work/c.campaign' });
    const count = (status: string) => result.graph.nodes.filter(n => n.status === status).length;
    // As the extension's CompareSession.highlight builds it.
    const highlight = (side: 'before' | 'after'): CompareHighlight => ({
        side, label: 'HEAD', statuses: Object.fromEntries(statusesFor(result.graph, side)),
        elsewhere: side === 'before' ? { added: count('added') } : { removed: count('removed') },
        edges: Object.fromEntries(edgeStatusesFor(result.graph, side)),
        ...(side === 'after' ? { changes: changeItems(result.change, result.graph) } : {})
    });
    return { result, highlight };
}

async function openSide(text: string, name: string): Promise<Page> {
    const fixture = await graphsOf(text, name);
    const page = await pages.open(fixture);
    const count = fixture.graphs[''].graph!.nodes.length;
    await page.waitForFunction(n => document.querySelectorAll('.react-flow__node').length === n, count, { timeout: 20_000 });
    return page;
}

/** Waits for an edge of the drawn graph. */
async function edgeDrawn(p: Page, edgeId: string) {
    await p.locator(`.react-flow__edge[data-id="${edgeId}"] path.react-flow__edge-path`).waitFor({ state: 'attached' });
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
        expect(await page.locator('[data-testid="diff-count-added"]').textContent()).toBe('added 2');
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
        expect(await page.locator('[data-testid="diff-elsewhere"]').textContent()).toBe('2 added nodes are on the right');
        await page.screenshot({ path: '/tmp/compare-before.png' });
        expect(pageErrors(page)).toEqual([]);
        await page.close();
    });

    test('edges: the added one green on the working copy, the removed one red and dashed on the base', async () => {
        const { result, highlight } = await comparison();
        const edgeStyle = (page: Page, id: string) => page.locator(`.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`).evaluate(el => {
            const style = getComputedStyle(el);
            return { stroke: style.stroke, dash: style.strokeDasharray, classes: el.getAttribute('class') };
        });
        const idOf = (graph: typeof result.before, source: string, target: string) =>
            graph!.edges.find(e => e.source === `c/${source}` && e.target === `c/${target}`)!.id;

        const after = await openSide(AFTER, 'compare-edges-after');
        const added = idOf(result.after, 'fresh', 'bonus');
        const kept = idOf(result.after, 'loyal', 'later');
        await edgeDrawn(after, added);
        const plain = await edgeStyle(after, added);
        await post(after, { type: 'diffStatuses', ...highlight('after') });
        await after.locator('path.cs-edge-diff-added').waitFor({ state: 'attached' });
        expect(await edgeStyle(after, added)).toMatchObject({ stroke: rgb(STATUS_STYLES.added.stroke), dash: 'none' });
        expect(plain.stroke).not.toBe(rgb(STATUS_STYLES.added.stroke));
        expect((await edgeStyle(after, kept)).classes).not.toContain('cs-edge-diff');
        expect(await after.locator('path.cs-edge-diff-added').count()).toBe(1);
        expect(pageErrors(after)).toEqual([]);
        await after.close();

        const before = await openSide(BEFORE, 'compare-edges-before');
        const removed = idOf(result.before, 'loyal', 'farewell');
        await edgeDrawn(before, removed);
        await post(before, { type: 'diffStatuses', ...highlight('before') });
        await before.locator('path.cs-edge-diff-removed').waitFor({ state: 'attached' });
        const style = await edgeStyle(before, removed);
        expect(style.stroke).toBe(rgb(STATUS_STYLES.removed.stroke));
        expect(style.dash).not.toBe('none');
        expect(await before.locator('path.cs-edge-diff-removed').count()).toBe(1);
        expect(pageErrors(before)).toEqual([]);
        await before.close();
    });

    test('the list of changes beside the working copy: the semantic diff, clickable to show the nodes', async () => {
        const { highlight } = await comparison();
        const after = await openSide(AFTER, 'compare-list');
        await post(after, { type: 'diffStatuses', ...highlight('after') });
        const list = after.locator('[data-testid="diff-changes"]');
        await list.waitFor();
        const items = await list.locator('li.cs-diff-change > button').allTextContents();
        expect(items).toEqual(['+ audience fresh', '+ email bonus', '- email farewell (on the left)', '~ wait later', '+ edge fresh → bonus', '- edge loyal → farewell']);
        expect(await list.locator('li.cs-diff-change code').allTextContents()).toEqual(['~ for: 2 days → 3 days']);
        await after.screenshot({ path: '/tmp/compare-list.png' });

        // A change of this side: its node is selected and the view framed on it; the host hears of it.
        const viewport = () => after.locator('.react-flow__viewport').getAttribute('style');
        const start = await viewport();
        await after.locator('[data-testid="diff-change-3"]').click();
        await after.waitForSelector('[data-testid="node-later"].cs-selected');
        await after.waitForFunction(s => document.querySelector('.react-flow__viewport')?.getAttribute('style') !== s, start);
        const focus = (await sent<{ type: string; before?: string[]; after?: string[] }>(after)).filter(m => m.type === 'diffFocus');
        expect(focus).toEqual([{ type: 'diffFocus', before: ['c/later'], after: ['c/later'] }]);
        // Selecting from the list does not move the text cursor (no reveal).
        expect((await sent(after)).some(m => m.type === 'reveal')).toBe(false);

        // A removed activity is only on the left: nothing to select here, the host forwards it.
        await after.locator('[data-testid="diff-change-2"]').click();
        await after.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter(m => m.type === 'diffFocus').length === 2);
        expect(await after.locator('.cs-selected').count()).toBe(1);
        expect(pageErrors(after)).toEqual([]);
        expect(await after.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
        await after.close();

        // The base panel has no list; a diffFocus from the host selects the node there.
        const before = await openSide(BEFORE, 'compare-list-before');
        await post(before, { type: 'diffStatuses', ...highlight('before') });
        await before.waitForSelector('[data-testid="diff-legend"]');
        expect(await before.locator('[data-testid="diff-changes"]').count()).toBe(0);
        await post(before, { type: 'diffFocus', before: ['c/farewell'], after: [] });
        await before.waitForSelector('[data-testid="node-farewell"].cs-selected');
        // Ids that are not in this graph, or malformed, are ignored.
        await post(before, { type: 'diffFocus', before: ['c/nowhere'], after: [] });
        await post(before, { type: 'diffFocus', before: 'c/later', after: [] });
        await post(before, { type: 'diffFocus', before: ['<img src=x>'], after: [] });
        await before.waitForTimeout(300);
        expect(await before.locator('[data-testid="node-farewell"].cs-selected').count()).toBe(1);
        expect(pageErrors(before)).toEqual([]);
        await before.close();
    });

    test('in a narrow panel the list starts closed, with its count, and opens on a click', async () => {
        const { highlight } = await comparison();
        const page = await openSide(AFTER, 'compare-narrow');
        await page.setViewportSize({ width: 700, height: 800 });
        await page.reload();
        await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 5, undefined, { timeout: 20_000 });
        await post(page, { type: 'diffStatuses', ...highlight('after') });
        const toggle = page.locator('[data-testid="diff-changes-toggle"]');
        await toggle.waitFor();
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        expect(await toggle.textContent()).toBe('‹ 6');
        expect(await page.locator('li.cs-diff-change').count()).toBe(0);
        await toggle.click();
        await page.locator('li.cs-diff-change').first().waitFor();
        expect(await page.locator('li.cs-diff-change').count()).toBe(6);
        expect(pageErrors(page)).toEqual([]);
        await page.close();
    });

    test('no semantic change: the list says so', async () => {
        const result = await compareTexts({ text: AFTER, path: '/work/c.campaign' }, { text: AFTER.replace('subject "Hi"', 'subject "Hi" // same'), path: '/work/c.campaign' });
        const page = await openSide(AFTER, 'compare-none');
        await post(page, {
            type: 'diffStatuses', side: 'after', label: 'HEAD', statuses: Object.fromEntries(statusesFor(result.graph, 'after')),
            edges: Object.fromEntries(edgeStatusesFor(result.graph, 'after')), changes: changeItems(result.change, result.graph)
        });
        await page.waitForSelector('[data-testid="diff-no-changes"]');
        expect(await page.locator('.cs-node[data-diff]').count()).toBe(0);
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
