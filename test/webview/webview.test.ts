// The graph webview in real Chromium (playwright-core + Debian's chromium), under the extension's
// CSP. The extension is replaced by a fake host in the page (see harness.ts); the graphs it serves
// come from the real language services.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { GetGraph } from '../../language/protocol.js';
import { bigCampaign, exampleFiles, graphsOf } from './fixtures.js';
import { pageErrors, requests, sent, type Fixture } from './harness.js';
import { webviewPages } from './webview-pages.js';

const pages = webviewPages();

const SAMPLE = `entity Customer table "customers" {
  key id: int
  email: string? @email
  tier: string
}

campaign c {
  audience loyal: Customer where tier = "gold"
  split tiers from loyal {
    segment vip where tier = "gold" limit 100
    remainder rest
  }
  dedupe d from tiers.vip, tiers.rest by email keep 1
  email offer from d { subject "Hi"; body "Hello" }
  audience broken: Customer where nope = 1
}
`;

async function rendered(page: Page, graph: GetGraph.Result['graph']) {
    await page.waitForFunction(n => document.querySelectorAll('.react-flow__node').length === n, graph!.nodes.length, { timeout: 20_000 });
    await page.waitForFunction(n => document.querySelectorAll('.react-flow__edge').length === n, graph!.edges.length, { timeout: 20_000 });
}

async function noViolations(page: Page) {
    expect(pageErrors(page)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    const logs = (await sent(page)).filter(m => m.type === 'log');
    expect(logs).toEqual([]);
}

async function openSample(text = SAMPLE): Promise<{ page: Page; fixture: Fixture }> {
    const fixture = await graphsOf(text, `sample-${Math.random().toString(36).slice(2)}`);
    const page = await pages.open(fixture);
    await rendered(page, fixture.graphs[''].graph);
    return { page, fixture };
}

/** expect.poll with room for a loaded CI machine (the default gives up after one second). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);

describe('the webview renders', () => {
    test('every campaign of every example and spec file, with its nodes and edges', async () => {
        const files = exampleFiles();
        expect(files.length).toBeGreaterThanOrEqual(5);
        for (const file of files) {
            const fixture = await graphsOf(file.text, `example-${file.name}`);
            const first = fixture.graphs[''];
            if (!first.graph) continue;
            const page = await pages.open(fixture);
            for (const campaign of first.campaigns) {
                const result = fixture.graphs[campaign];
                if (campaign !== first.graph.campaign) await page.getByTestId('campaign-picker').selectOption(campaign);
                const names = () => page.locator('[data-testid^="node-"]').evaluateAll(els => els.map(e => e.getAttribute('data-testid')!.slice(5)).sort());
                await expect.poll(names, { timeout: 20_000, message: `${file.name}/${campaign}` }).toEqual(result.graph!.nodes.map(n => n.name).sort());
                await rendered(page, result.graph);
            }
            await noViolations(page);
            await page.close();
        }
    });

    test('nodes show kind, name, summary, dimension and diagnostics; edges their output names', async () => {
        const { page } = await openSample();
        const loyal = node(page, 'loyal');
        await poll(() => loyal.textContent()).toContain('Build audience');
        expect(await loyal.locator('.cs-summary').textContent()).toBe('Customer where tier = "gold"');
        expect(await loyal.locator('.cs-summary').getAttribute('title')).toBe('Customer where tier = "gold"');
        expect(await page.getByTestId('dimension-loyal').textContent()).toBe('Customer');
        expect(await page.getByTestId('badge-broken').textContent()).toBe('1');
        expect(await page.getByTestId('edge-label-tiers.vip').textContent()).toBe('vip');
        expect(await page.getByTestId('edge-label-tiers.rest').textContent()).toBe('rest');
        expect(await node(page, 'tiers').locator('.react-flow__handle.source').count()).toBe(2);
        expect(await page.locator('.react-flow__node[data-id="c/loyal"]').getAttribute('aria-label')).toBe('Build audience loyal: Customer where tier = "gold"');
        expect(JSON.parse((await page.locator('.react-flow__node[data-id="c/loyal"]').getAttribute('data-vscode-context'))!)).toMatchObject({ webviewSection: 'activity', activity: 'loyal' });
        expect(await page.locator('.react-flow__minimap').count()).toBe(1);
        expect(await page.locator('.react-flow__controls').count()).toBe(1);
        expect(await page.getByTestId('problems').textContent()).toMatch(/[1-9]\d* problem/);
        await noViolations(page);
        await page.close();
    });
});

test('a file without a campaign shows a hint', async () => {
    const fixture = await graphsOf('entity Customer {\n  key id: int\n}\n', 'no-campaign');
    const page = await pages.open(fixture);
    await poll(() => page.getByTestId('no-campaign').textContent()).toContain('no campaign');
    await page.getByTestId('add-campaign').click();
    await poll(async () => (await requests(page, 'applyGraphEdit')).map(p => p.edit)).toEqual([{ op: 'addCampaign', campaign: 'newCampaign' }]);
    await noViolations(page);
    await page.close();
});

describe('selection', () => {
    test('clicking a node asks to reveal its name; the text cursor highlights its node', async () => {
        const { page, fixture } = await openSample();
        await node(page, 'd').click();
        const d = fixture.graphs[''].graph!.nodes.find(n => n.name === 'd')!;
        await poll(async () => (await sent(page)).filter(m => m.type === 'reveal')).toEqual([{ type: 'reveal', uri: fixture.uri, range: d.nameRange }]);
        const tiers = fixture.graphs[''].graph!.nodes.find(n => n.name === 'tiers')!;
        await page.evaluate(p => (window as unknown as { __post(m: unknown): void }).__post(p), { type: 'cursor', uri: fixture.uri, position: { line: tiers.range.start.line + 1, character: 6 } });
        await poll(() => node(page, 'tiers').getAttribute('class')).toContain('cs-highlighted');
        expect(await node(page, 'd').getAttribute('class')).toContain('cs-selected');
        await page.close();
    });

    test('arrow keys move between nodes, Enter opens the inspector', async () => {
        const { page } = await openSample();
        await node(page, 'loyal').click();
        await page.keyboard.press('ArrowRight');
        await poll(() => node(page, 'tiers').getAttribute('class')).toContain('cs-selected');
        await page.keyboard.press('Enter');
        await poll(() => page.getByTestId('inspector').getAttribute('aria-label')).toBe('Inspector: Split tiers');
        expect(await page.getByTestId('field-vip-limit').inputValue()).toBe('100');
        await page.close();
    });
});

describe('graph edits send requests with the document version', () => {
    test('inspector fields: where clause, a flag, and the diagnostics of the field', async () => {
        const { page, fixture } = await openSample();
        await node(page, 'loyal').click();
        await page.keyboard.press('Enter');
        await page.getByTestId('field-where').fill('tier = "silver"');
        await page.getByTestId('field-where').press('Enter');
        await page.getByTestId('field-keepEmpty').click();
        const version = fixture.graphs[''].version;
        await poll(() => requests(page, 'applyGraphEdit')).toEqual([
            { uri: fixture.uri, version, edit: { op: 'setOption', campaign: 'c', activity: 'loyal', key: 'where', value: 'tier = "silver"' } },
            { uri: fixture.uri, version, edit: { op: 'setOption', campaign: 'c', activity: 'loyal', key: 'keepEmpty', value: '' } }
        ]);
        await node(page, 'broken').click();
        await page.keyboard.press('Enter');
        await poll(() => page.getByTestId('field-where-diagnostic').first().textContent()).toMatch(/nope/);
        expect(await page.getByTestId('field-where').getAttribute('aria-invalid')).toBe('true');
        await page.close();
    });

    test('the where field shows the language server\'s diagnostics of the typed text, live, without applying it', async () => {
        const edit = (value: string) => ({ op: 'setOption' as const, campaign: 'c', activity: 'loyal', key: 'where', value });
        const fixture = await graphsOf(SAMPLE, `live-${Date.now()}`, [edit('nope = 1'), edit('tier ='), edit('tier = "silver"')]);
        expect(fixture.checks['nope = 1']).toMatchObject({ ok: true, diagnostics: [{ severity: 1 }] });
        const page = await pages.open(fixture);
        await rendered(page, fixture.graphs[''].graph);
        await node(page, 'loyal').click();
        await page.keyboard.press('Enter');
        const field = page.getByTestId('field-where');
        const diagnostics = () => page.getByTestId('field-where-diagnostic').allTextContents();
        expect(await diagnostics()).toEqual([]);
        await field.fill('nope = 1');
        const expected = (value: string) => { const c = fixture.checks[value]; return c.ok ? c.diagnostics.map(d => d.message) : []; };
        await poll(diagnostics).toEqual(expected('nope = 1'));
        expect(await page.getByTestId('field-where-diagnostic').first().getAttribute('data-live')).toBe('true');
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        await field.fill('tier =');
        await poll(diagnostics).toEqual(expected('tier ='));
        expect(expected('tier =').length).toBeGreaterThan(0);
        await field.fill('tier = "silver"');
        await poll(diagnostics).toEqual([]);
        const checks = await requests(page, 'checkGraphEdit');
        expect(checks.length).toBeGreaterThanOrEqual(3);
        expect(checks.at(-1)).toEqual({ uri: fixture.uri, version: fixture.graphs[''].version, edit: edit('tier = "silver"') });
        // Typing applies nothing; Enter does.
        expect(await requests(page, 'applyGraphEdit')).toEqual([]);
        await field.press('Enter');
        await poll(async () => (await requests(page, 'applyGraphEdit')).map(p => p.edit)).toEqual([edit('tier = "silver"')]);
        await noViolations(page);
        await page.close();
    });

    test('F2 renames; Delete asks before deleting an activity others read, and disconnects a selected edge', async () => {
        const { page } = await openSample();
        await node(page, 'd').click();
        await page.keyboard.press('F2');
        await page.getByTestId('field-name').fill('unique');
        await page.getByTestId('field-name').press('Enter');
        await node(page, 'loyal').click();
        await page.locator('.cs-canvas').focus();
        await page.keyboard.press('Delete');
        await page.getByTestId('confirm-delete-yes').click();
        await page.locator('.react-flow__edge[data-id="tiers.rest->d:from"] path').last().click({ force: true });
        await page.locator('.cs-canvas').focus();
        await page.keyboard.press('Delete');
        await page.keyboard.press('Control+z');
        await page.keyboard.press('Control+Shift+z');
        await poll(async () => (await sent(page)).filter(m => m.type === 'undo' || m.type === 'redo').map(m => m.type)).toEqual(['undo', 'redo']);
        await poll(async () => (await requests(page, 'applyGraphEdit')).map(p => p.edit)).toEqual([
            { op: 'renameActivity', campaign: 'c', name: 'd', newName: 'unique' },
            { op: 'deleteActivity', campaign: 'c', name: 'loyal' },
            { op: 'disconnect', campaign: 'c', source: 'tiers.rest', target: 'd' }
        ]);
        await page.close();
    });

    test('dragging from an output handle to a node connects; the palette adds on the canvas and on an edge', async () => {
        const { page } = await openSample();
        const from = await page.locator('.react-flow__handle.source[data-nodeid="c/tiers"][data-handleid="vip"]').boundingBox();
        const to = await page.locator('.react-flow__handle.target[data-nodeid="c/offer"]').boundingBox();
        await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
        await page.mouse.down();
        await page.mouse.move(to!.x + 20, to!.y + 10, { steps: 10 });
        await page.mouse.move(to!.x + to!.width / 2, to!.y + to!.height / 2, { steps: 5 });
        await page.mouse.up();
        const canvas = await page.getByTestId('canvas').boundingBox();
        await page.getByTestId('palette-wait').dragTo(page.getByTestId('canvas'), { targetPosition: { x: canvas!.width - 60, y: 40 } });
        const label = await page.getByTestId('edge-label-tiers.vip').boundingBox();
        await page.getByTestId('palette-dedupe').dragTo(page.getByTestId('canvas'), { targetPosition: { x: label!.x - canvas!.x + label!.width / 2, y: label!.y - canvas!.y + label!.height / 2 } });
        await poll(async () => (await requests(page, 'applyGraphEdit')).map(p => p.edit)).toEqual([
            { op: 'connect', campaign: 'c', source: 'tiers.vip', target: 'offer' },
            { op: 'addActivity', campaign: 'c', kind: 'wait' },
            { op: 'addActivity', campaign: 'c', kind: 'dedupe', from: ['tiers.vip'], rewire: { target: 'd', ref: 'tiers.vip' } }
        ]);
        await page.close();
    });

    test('a refused edit shows the server\'s message', async () => {
        const { page } = await openSample();
        await page.evaluate(() => (window as unknown as { __setEditAnswer(a: unknown): void }).__setEditAnswer({ applied: false, reason: 'invalid', message: "'loyal' reads no input." }));
        await node(page, 'offer').click();
        await page.getByTestId('palette-wait').click();
        await poll(() => page.getByTestId('message').textContent()).toContain('reads no input');
        await page.close();
    });
});

describe('text to graph', () => {
    test('a new graph keeps positions and selection of unchanged nodes', async () => {
        const { page, fixture } = await openSample();
        await node(page, 'tiers').click();
        const transform = () => page.locator('.react-flow__node[data-id="c/tiers"]').evaluate(e => (e as HTMLElement).style.transform);
        const before = await transform();
        const edited = await graphsOf(SAMPLE.replace('where tier = "gold"\n', 'where tier = "platinum"\n'), `edited-${Date.now()}`);
        const next = { ...edited.graphs[''], uri: fixture.uri, version: 2, currentVersion: 2 };
        await page.evaluate(g => {
            const w = window as unknown as { __setGraphs(g: unknown): void; __post(m: unknown): void };
            w.__setGraphs({ '': g });
            w.__post({ type: 'graphChanged', uri: g.uri, version: 2 });
        }, next);
        await poll(() => node(page, 'loyal').locator('.cs-summary').textContent()).toBe('Customer where tier = "platinum"');
        expect(await transform()).toBe(before);
        expect(await node(page, 'tiers').getAttribute('class')).toContain('cs-selected');
        await page.close();
    });

    test('stale: the last good graph stays, greyed, with a badge; graph edits are not sent', async () => {
        const { page, fixture } = await openSample();
        const stale = { ...fixture.graphs[''], stale: true, currentVersion: 2, problems: { errors: 3, warnings: 0 } };
        await page.evaluate(g => {
            const w = window as unknown as { __setGraphs(g: unknown): void; __post(m: unknown): void };
            w.__setGraphs({ '': g });
            w.__post({ type: 'graphChanged', uri: g.uri, version: 2 });
        }, stale);
        await poll(() => page.getByTestId('stale-badge').textContent()).toBe('showing the last valid graph · 3 problems');
        expect(await page.locator('.cs-main-stale').count()).toBe(1);
        expect(await page.getByTestId('palette-wait').isDisabled()).toBe(true);
        await node(page, 'offer').click();
        await page.locator('.cs-canvas').focus();
        await page.keyboard.press('Delete');
        await poll(() => page.getByTestId('message').textContent()).toContain('does not parse');
        expect(await requests(page, 'applyGraphEdit')).toEqual([]);
        await page.getByTestId('stale-badge').click();
        expect((await sent(page)).some(m => m.type === 'openProblems')).toBe(true);
        await page.close();
    });
});

describe('run overlay', () => {
    test('count pills, dimmed zero edges, rows of a clicked edge', async () => {
        const fixture = await graphsOf(SAMPLE, `run-${Date.now()}`);
        const run = {
            campaign: 'c', mode: 'test' as const, counts: { loyal: 1834, 'tiers.vip': 1204, 'tiers.rest': 0, d: 1200, offer: 1190 },
            activities: [{ name: 'loyal', status: 'done' as const, ms: 12 }], log: ['loyal: done 12 ms']
        };
        const rows = { ref: 'tiers.vip', columns: ['id', 'email'], rows: [[1, 'a@x.org'], [2, null]], total: 1204 };
        const page = await pages.open({ ...fixture, run: { ...run, excluded: { offer: { 'no address': 7, 'opted out': 3 } }, samples: { offer: { to: 'a@x.org', subject: 'Hi', body: 'Hello Ann' } } }, rows });
        await rendered(page, fixture.graphs[''].graph);
        expect(await page.getByTestId('results-drawer').count()).toBe(0);
        await page.getByTestId('test-run').click();
        await poll(() => page.getByTestId('edge-label-tiers.vip').textContent()).toBe('vip · 1,204');
        expect(await page.getByTestId('edge-label-tiers.rest').getAttribute('class')).toContain('cs-edge-zero');
        expect(await node(page, 'loyal').textContent()).toContain('done · 12 ms');
        await page.getByTestId('edge-label-tiers.vip').click();
        await poll(() => page.getByTestId('rows-table').textContent()).toContain('a@x.org');
        expect(await requests(page, 'previewRows')).toEqual([{ uri: fixture.uri, campaign: 'c', ref: 'tiers.vip', limit: 100 }]);
        expect(await page.getByTestId('rows-pane').locator('h3').textContent()).toContain('Rows of tiers.vip · 1,204');
        expect(await page.getByTestId('rows-table').locator('th').allTextContents()).toEqual(['id', 'email']);
        expect(await page.getByTestId('rows-table').locator('tbody tr').count()).toBe(2);
        expect(await page.getByTestId('rows-count').textContent()).toBe('showing 2 of 1,204 rows');
        expect(await page.getByTestId('run-log').textContent()).toBe('loyal: done 12 ms');
        // A channel: its exclusions by reason and its rendered sample message.
        await node(page, 'offer').click();
        await poll(() => page.getByTestId('exclusions').locator('tbody tr').allTextContents()).toEqual(['no address7', 'opted out3']);
        expect(await page.getByTestId('sample').textContent()).toBe('To: a@x.orgSubject: HiHello Ann');
        // The rows stay while a node is selected; closing them leaves the run's panes.
        expect(await page.getByTestId('rows-count').textContent()).toBe('showing 2 of 1,204 rows');
        await page.getByTestId('rows-close').click();
        await poll(() => page.getByTestId('rows-pane').locator('h3').textContent()).toBe('Select an edge to see its rows');
        await noViolations(page);
        await page.close();
    });

    test('Preview Rows from the extension opens the same drawer, without a run, and selects the edge', async () => {
        const { page } = await openSample();
        const rows = { ref: 'tiers.rest', columns: ['id', 'tier'], rows: [[3, 'silver']], total: 1 };
        await page.evaluate(r => (window as unknown as { __post(m: unknown): void }).__post({ type: 'showRows', campaign: 'c', rows: r }), rows);
        await poll(() => page.getByTestId('rows-table').textContent()).toContain('silver');
        expect(await page.getByTestId('rows-count').textContent()).toBe('1 row');
        expect(await page.getByTestId('rows-pane').locator('h3').textContent()).toContain('Rows of tiers.rest · 1');
        await poll(() => page.locator('.react-flow__edge[data-id="tiers.rest->d:from"]').getAttribute('class')).toContain('selected');
        expect(await requests(page, 'previewRows')).toEqual([]);
        await noViolations(page);
        await page.close();
    });
});

describe('context menus', () => {
    test('nodes and edges carry the context VS Code hands to the menu commands', async () => {
        const { page, fixture } = await openSample();
        const ctx = async (locator: ReturnType<Page['locator']>) => JSON.parse((await locator.getAttribute('data-vscode-context'))!);
        expect(await ctx(page.getByTestId('app'))).toEqual({ uri: fixture.uri, campaign: 'c', graphEditable: true });
        // On React Flow's focusable wrapper (the keyboard's context-menu key fires there).
        const wrapper = (name: string) => page.locator(`.react-flow__node[data-id="c/${name}"]`);
        expect(await ctx(wrapper('tiers'))).toEqual({
            webviewSection: 'activity', activity: 'tiers', kind: 'split', refs: 'tiers.vip,tiers.rest',
            activityHasRows: true, activityDisabled: false, activityPaused: false, preventDefaultContextMenuItems: true
        });
        expect((await ctx(wrapper('loyal'))).refs).toBe('loyal');
        const edgeContext = { webviewSection: 'transition', ref: 'tiers.vip', edge: 'tiers.vip->d:from', preventDefaultContextMenuItems: true };
        expect(await ctx(page.locator('.react-flow__edge[data-id="tiers.vip->d:from"]'))).toEqual(edgeContext);
        expect(await ctx(page.getByTestId('edge-label-tiers.vip'))).toEqual(edgeContext);
        await page.close();
    });

    test('menu commands on a node and an edge: reveal, rename, delete (asks), disable, pause, disconnect', async () => {
        const { page, fixture } = await openSample();
        const act = (m: Record<string, string>) => page.evaluate(a => (window as unknown as { __post(m: unknown): void }).__post({ type: 'graphAction', campaign: 'c', ...a }), m);
        const tiers = fixture.graphs[''].graph!.nodes.find(n => n.name === 'tiers')!;
        await act({ action: 'reveal', activity: 'tiers' });
        await poll(async () => (await sent(page)).filter(m => m.type === 'reveal')).toEqual([{ type: 'reveal', uri: fixture.uri, range: tiers.nameRange, focusEditor: true }]);
        await act({ action: 'rename', activity: 'd' });
        await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-name');
        await page.getByTestId('field-name').fill('deduped');
        await page.getByTestId('field-name').press('Enter');
        await act({ action: 'delete', activity: 'loyal' });
        await poll(() => page.getByTestId('confirm-delete').getAttribute('aria-label')).toBe('Delete loyal?');
        await page.getByTestId('confirm-delete-yes').click();
        await act({ action: 'toggleDisabled', activity: 'offer' });
        await act({ action: 'togglePause', activity: 'offer' });
        await act({ action: 'disconnect', edge: 'tiers.rest->d:from' });
        await act({ action: 'rename', activity: 'nowhere' });
        await act({ action: 'delete', activity: 'loyal', campaign: 'other' });
        await poll(async () => (await requests(page, 'applyGraphEdit')).map(p => p.edit)).toEqual([
            { op: 'renameActivity', campaign: 'c', name: 'd', newName: 'deduped' },
            { op: 'deleteActivity', campaign: 'c', name: 'loyal' },
            { op: 'setOption', campaign: 'c', activity: 'offer', key: 'disabled', value: '' },
            { op: 'setOption', campaign: 'c', activity: 'offer', key: 'pause', value: '' },
            { op: 'disconnect', campaign: 'c', source: 'tiers.rest', target: 'd' }
        ]);
        await noViolations(page);
        await page.close();
    });
});

describe('large campaigns', () => {
    test('a 500-activity campaign renders', async () => {
        const fixture = await graphsOf(bigCampaign(500), 'big500');
        expect(fixture.graphs[''].graph!.nodes).toHaveLength(500);
        const started = Date.now();
        const page = await pages.open(fixture);
        await page.waitForFunction(() => document.querySelectorAll('.react-flow__minimap-node').length === 500, undefined, { timeout: 30_000 });
        const ms = Date.now() - started;
        expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0);
        console.log(`500 activities: first render with layout in ${ms} ms`);
        await noViolations(page);
        await page.close();
    });
});
