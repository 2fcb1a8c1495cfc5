// The extension in the real VS Code workbench (code-server 4.100.3) driven through Debian's
// chromium: the packaged .vsix is installed into a fresh profile, then a user's day is played:
// open a campaign, see problems, open the graph, type and watch the graph, edit the graph and
// watch the text, run a test run and read its counts. Screenshots go to $E2E_SCREENSHOTS.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { installVsix, prepareProfile, startCodeServer } from './lib/code-server.mjs';
import { expectedWelcomeCounts, makeWorkspace } from './lib/fixture.mjs';
import { checkPrerequisites, ROOT, SCREENSHOTS, VSIX } from './lib/paths.mjs';
import { assert, poll, Steps } from './lib/steps.mjs';
import { contextMenuLabels, editorText, focusEditor, goToLine, problems, problemsOfFile, quickOpen, runCommand, waitForWorkbench, webviewContextMenu, webviewFrame } from './lib/workbench.mjs';

const FILE = 'shop.campaign';
const GRAPH_TITLE = `Graph · ${FILE}`;

export async function runUiTests() {
    checkPrerequisites({ vsix: true });
    // Only this run's screenshots, so that a stale image is never mistaken for a fresh one.
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const runDir = mkdtempSync(join(tmpdir(), 'campaign-cs-'));
    let server, browser, page, shot = 0;
    const screenshot = async name => {
        if (!page) return;
        const file = join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
        await page.screenshot({ path: file }).catch(() => undefined);
        return file;
    };
    const steps = new Steps('ui', {
        onFailure: async name => {
            await screenshot(`FAILED-${name.replace(/\W+/g, '-')}`);
            printExtensionLogs(runDir);
        }
    });
    const started = Date.now();
    try {
        const workspace = await makeWorkspace();
        const original = readFileSync(join(workspace, FILE), 'utf8');
        const lines = original.split('\n');
        const emailBlockEnd = lines.findIndex((l, i) => i > lines.findIndex(x => x.includes('email vipOffer')) && l.trim() === '}') + 1;
        const profile = prepareProfile(runDir);

        await steps.step('the packaged .vsix installs into a fresh profile', async () => {
            const text = await installVsix(VSIX, profile);
            assert(text.includes('successfully installed'), text);
        });
        await steps.step('code-server starts on loopback', async () => {
            server = await startCodeServer({ workspace, profile });
        });
        await steps.step('the workbench shows the workspace', async () => {
            ({ page } = await launchBrowser().then(b => (browser = b)));
            await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
            await waitForWorkbench(page, FILE);
        });
        await steps.step('a .campaign file opens as the Campaign language, highlighted', async () => {
            await quickOpen(page, FILE);
            await page.locator('#status\\.editor\\.mode', { hasText: 'Campaign' }).waitFor({ timeout: 30_000 });
            // TextMate scopes become mtk* classes: keywords are coloured differently from names.
            const keyword = page.locator('.view-lines span span', { hasText: /^\s*campaign\s*$/ }).first();
            const name = page.locator('.view-lines span span', { hasText: /^\s*welcome\s*$/ }).first();
            await keyword.waitFor();
            assert(await keyword.getAttribute('class') !== await name.getAttribute('class'), 'keyword and name have the same colour class');
            await screenshot('opened');
        });
        await steps.step('a syntax error shows in the Problems panel at its line, and goes away when removed', async () => {
            await focusEditor(page);
            await goToLine(page, emailBlockEnd);
            await page.keyboard.press('End');
            await page.keyboard.press('Enter');
            await page.keyboard.type('audience broken: Customer where');
            await page.keyboard.press('Escape');
            const line = emailBlockEnd + 1;
            // The condition is missing: the parser stumbles on the next token, the `}` that starts the next line.
            const rows = await poll(`a Problems row at line ${line + 1}, column 1`, async () => {
                const all = await problems(page, FILE);
                return all.some(r => r.includes(`[Ln ${line + 1}, Col 1]`)) ? all : undefined;
            });
            await page.locator('.squiggly-error').first().waitFor();
            await screenshot('problems');
            console.log(`  problems: ${rows.map(r => r.replace(/\n/g, ' ')).join(' | ')}`);
            await focusEditor(page);
            await goToLine(page, line);
            await page.keyboard.press('Control+Shift+K');
            await poll('the syntax error to go away', async () => !(await problems(page, FILE)).some(r => r.includes(`[Ln ${line + 1}, Col`) || r.includes(`[Ln ${line}, Col`)));
            await page.keyboard.press('Control+J'); // hide the panel: the graph gets the room
        });
        await steps.step('Open Graph to the Side shows the campaign graph beside the text', async () => {
            await focusEditor(page);
            await runCommand(page, 'Campaign: Open Graph to the Side');
            const frame = await webviewFrame(page, GRAPH_TITLE);
            for (const name of ['loyal', 'tiers', 'vipOffer']) {
                await frame.locator('.react-flow__node', { hasText: name }).first().waitFor({ timeout: 30_000 });
            }
            await screenshot('graph');
        });
        await steps.step('typing an activity in the text adds its node to the graph', async () => {
            await focusEditor(page);
            await goToLine(page, emailBlockEnd);
            await page.keyboard.press('End');
            await page.keyboard.press('Enter');
            await page.keyboard.type('audience extra: Customer where tier = silver');
            await page.keyboard.press('Escape'); // close the completion list, which would cover the graph
            const frame = await webviewFrame(page, GRAPH_TITLE);
            await frame.locator('.react-flow__node', { hasText: 'extra' }).first().waitFor({ timeout: 15_000 });
            await screenshot('typed');
        });
        await steps.step('the context menu of a node lists its commands; Rename… renames in the text', async () => {
            const frame = await webviewFrame(page, GRAPH_TITLE);
            const node = frame.locator('[data-testid="node-extra"]');
            const labels = await contextMenuLabels(page, node);
            console.log(`  node menu: ${labels.join(' | ')}`);
            for (const title of ['Preview Rows', 'Show Compiled SQL', 'Test Run', 'Test Run up to Here', 'Reveal in Text', 'Rename…', 'Delete', 'Disable', 'Pause Before (Test Runs)']) {
                assert(labels.includes(title), `no "${title}" in the node's context menu: ${labels.join(' | ')}`);
            }
            await webviewContextMenu(page, node, 'Rename…');
            const name = frame.locator('[data-testid="field-name"]');
            await poll('the name field to have focus', () => name.evaluate(el => el === document.activeElement), { timeout: 10_000 });
            await name.fill('extraTwo');
            await name.press('Enter');
            await poll('the text to say "audience extraTwo"', async () => (await editorText(page)).includes('audience extraTwo'), { timeout: 15_000 });
            await frame.locator('[data-testid="node-extraTwo"]').waitFor({ timeout: 15_000 });
            await screenshot('context-rename');
        });
        await steps.step('deleting a node in the graph removes its statement from the text', async () => {
            const frame = await webviewFrame(page, GRAPH_TITLE);
            const node = frame.locator('.react-flow__node', { hasText: 'extra' }).first();
            await node.click();
            await page.keyboard.press('Delete');
            await poll('the text without "audience extra"', async () => !(await editorText(page)).includes('audience extra'), { timeout: 10_000 })
                .catch(async () => {
                    // React Flow's own default delete key is Backspace.
                    await node.click();
                    await page.keyboard.press('Backspace');
                    await poll('the text without "audience extra"', async () => !(await editorText(page)).includes('audience extra'), { timeout: 10_000 });
                });
            await frame.locator('.react-flow__node', { hasText: 'extra' }).waitFor({ state: 'detached', timeout: 10_000 });
            await screenshot('graph-edit');
        });
        await steps.step('the inspector\'s where field shows the editor\'s diagnostics while typing, and applies nothing', async () => {
            const frame = await webviewFrame(page, GRAPH_TITLE);
            await frame.locator('[data-testid="node-loyal"]').click();
            await page.keyboard.press('Enter');
            const field = frame.locator('[data-testid="field-where"]');
            await field.waitFor({ timeout: 10_000 });
            const before = await editorText(page);
            await field.fill('countryy = "FR"');
            const diagnostic = frame.locator('[data-testid="field-where-diagnostic"][data-live="true"]').first();
            await diagnostic.waitFor({ timeout: 15_000 });
            const message = await diagnostic.innerText();
            assert(/countryy/.test(message), `live diagnostic: ${message}`);
            await screenshot('live-diagnostic');
            // The same message the editor shows once the text says so; until then the text is unchanged.
            assert((await editorText(page)) === before, 'typing in the inspector changed the text');
            await field.fill('country = "FR" or country = "DE"');
            await diagnostic.waitFor({ state: 'detached', timeout: 15_000 });
            await field.press('Escape');
            await frame.locator('[aria-label="Close inspector"]').click();
        });
        await steps.step('the context menu\'s Show Compiled SQL shows the steps of that activity only', async () => {
            const frame = await webviewFrame(page, GRAPH_TITLE);
            await webviewContextMenu(page, frame.locator('[data-testid="node-tiers"]'), 'Show Compiled SQL');
            await page.locator('.tabs-container .tab', { hasText: 'welcome.tiers.sql' }).first().waitFor({ timeout: 30_000 });
            const sql = page.locator('.monaco-editor .view-lines', { hasText: '-- split tiers from loyal' }).first();
            await sql.waitFor({ timeout: 15_000 });
            const text = await sql.innerText();
            assert(!text.includes('-- audience loyal') && !text.includes('-- email vipOffer'), `SQL of other activities shown:\n${text}`);
            await screenshot('context-sql');
            const tab = page.locator('.tabs-container .tab[data-resource-name="welcome.tiers.sql"]');
            await tab.hover();
            await tab.locator('.tab-actions .action-label').first().click();
            await tab.waitFor({ state: 'detached', timeout: 10_000 });
        });
        await steps.step('Publish Run asks for confirmation first', async () => {
            await focusEditor(page);
            await runCommand(page, 'Campaign: Publish Run');
            const dialog = page.locator('.monaco-dialog-box', { hasText: 'Publish welcome?' });
            await dialog.waitFor({ timeout: 10_000 });
            await screenshot('publish-confirm');
            await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
            await dialog.waitFor({ state: 'detached' });
        });
        await steps.step('a test run shows its counts in CodeLens, the status bar and the graph', async () => {
            const expected = expectedWelcomeCounts();
            await focusEditor(page);
            await runCommand(page, 'Campaign: Test Run');
            await page.locator('.statusbar-item', { hasText: 'welcome: test run' }).first().waitFor({ timeout: 60_000 });
            const lens = page.locator('.codelens-decoration', { hasText: `${expected.loyal} rows` }).first();
            await lens.waitFor({ timeout: 15_000 });
            const lenses = await page.locator('.codelens-decoration').allInnerTexts();
            console.log(`  codelens: ${lenses.join(' | ')}`);
            assert(lenses.some(t => t.includes(`vip ${expected['tiers.vip']}`)), `no lens with "vip ${expected['tiers.vip']}"`);
            assert(lenses.some(t => t.includes(`${expected.vipOffer} message`)), `no lens with "${expected.vipOffer} message(s)"`);
            const frame = await webviewFrame(page, GRAPH_TITLE);
            await frame.locator('.react-flow__edge-textwrapper, .react-flow__edgelabel-renderer', { hasText: String(expected['tiers.vip']) }).first().waitFor({ timeout: 15_000 });
            await screenshot('test-run');
        });
        await steps.step('clicking an edge opens its rows in the drawer; the edge\'s Preview Rows shows them too; a channel shows exclusions and a sample', async () => {
            const expected = expectedWelcomeCounts();
            const frame = await webviewFrame(page, GRAPH_TITLE);
            const label = frame.locator('[data-testid="edge-label-tiers.vip"]');
            await label.click();
            const table = frame.locator('[data-testid="rows-table"]');
            await table.waitFor({ timeout: 30_000 });
            const count = await frame.locator('[data-testid="rows-count"]').innerText();
            assert(count === `${expected['tiers.vip']} rows`, `rows count: ${count}`);
            const bodyRows = await table.locator('tbody tr').count();
            assert(bodyRows === expected['tiers.vip'], `table rows: ${bodyRows}`);
            const columns = await table.locator('th').allInnerTexts();
            assert(columns.includes('email') && columns.includes('tier'), `columns: ${columns.join(', ')}`);
            await screenshot('rows-drawer');
            await frame.locator('[data-testid="rows-close"]').click();
            await table.waitFor({ state: 'detached' });
            await webviewContextMenu(page, label, 'Preview Rows');
            await table.waitFor({ timeout: 30_000 });
            const heading = await frame.locator('[data-testid="rows-pane"] h3').innerText();
            assert(heading.includes('Rows of tiers.vip'), `drawer heading: ${heading}`);
            await frame.locator('[data-testid="node-vipOffer"]').click();
            const sample = frame.locator('[data-testid="sample"]');
            await sample.waitFor({ timeout: 10_000 });
            const sampleText = await sample.innerText();
            assert(/Subject: Hello Name\d+/.test(sampleText), `sample message: ${sampleText}`);
            const excluded = expected['tiers.vip'] - expected.vipOffer;
            if (excluded > 0) {
                const cells = await frame.locator('[data-testid="exclusions"] tbody td:nth-child(2)').allInnerTexts();
                const sum = cells.reduce((a, c) => a + Number(c.replace(/,/g, '')), 0);
                assert(sum === excluded, `exclusions ${cells.join('+')} ≠ ${excluded}`);
            }
            await screenshot('channel-sample');
        });
        await steps.step('after a window reload the graph panel comes back and draws again', async () => {
            // Reload through the workbench's own command, as a user would: its shutdown lifecycle stores the
            // open editors (a bare browser reload may not get to write them before the page goes).
            await Promise.all([
                page.waitForEvent('framenavigated', { predicate: f => f === page.mainFrame(), timeout: 60_000 }),
                runCommand(page, 'Developer: Reload Window')
            ]);
            await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
            await page.locator('.tabs-container .tab', { hasText: GRAPH_TITLE }).first().waitFor({ timeout: 30_000 });
            const frame = await webviewFrame(page, GRAPH_TITLE);
            await frame.locator('.react-flow__node', { hasText: 'vipOffer' }).first().waitFor({ timeout: 30_000 });
            await screenshot('restored');
        });
        await steps.step('the retail example: spring-sale.campaign has no problems and its graph draws', async () => {
            const retail = join(mkdtempSync(join(tmpdir(), 'campaign-retail-')), 'retail');
            cpSync(join(ROOT, 'examples', 'retail'), retail, { recursive: true });
            await page.goto(`${server.url}/?folder=${encodeURIComponent(retail)}`);
            await waitForWorkbench(page, 'spring-sale.campaign');
            await quickOpen(page, 'spring-sale.campaign');
            // The server has built the file once its lenses are there.
            await page.locator('.codelens-decoration', { hasText: 'Graph' }).first().waitFor({ timeout: 60_000 });
            const markers = await problemsOfFile(page, 'spring-sale.campaign');
            assert(markers.length === 0, `problems in spring-sale.campaign: ${markers.join(' | ')}`);
            await page.keyboard.press('Control+J');
            await focusEditor(page);
            await runCommand(page, 'Campaign: Open Graph to the Side');
            const frame = await webviewFrame(page, 'Graph · spring-sale.campaign');
            for (const name of ['loyal', 'tiers', 'vipData']) {
                await frame.locator('.react-flow__node', { hasText: name }).first().waitFor({ timeout: 30_000 });
            }
            await screenshot('retail');
        });
    } catch (error) {
        steps.failed++;
        console.log(`not ok - ui: harness error\n  ${error?.stack ?? error}`);
    } finally {
        await browser?.context.close().catch(() => undefined);
        await server?.stop();
        rmSync(runDir, { recursive: true, force: true });
    }
    console.log(`ui: ${steps.summary()} in ${Date.now() - started} ms (screenshots in ${SCREENSHOTS})`);
    return steps;
}

/** The extension's own log (its LogOutputChannel) and the extension host's, to see why a step failed. */
function printExtensionLogs(runDir) {
    const found = [];
    const walk = dir => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) walk(path);
            else if (/Campaign Studio\.log$|exthost\.log$|remoteexthost\.log$/.test(entry.name)) found.push(path);
        }
    };
    try {
        walk(join(runDir, 'user-data', 'logs'));
    } catch {
        return;
    }
    for (const file of found) {
        const text = readFileSync(file, 'utf8').trim().split('\n').slice(-60).join('\n    ');
        console.log(`  --- ${file}\n    ${text}`);
    }
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const steps = await runUiTests().catch(error => {
        console.error(error.message);
        process.exit(error.prerequisite ? 2 : 1);
    });
    process.exitCode = steps.failed > 0 ? 1 : 0;
}
