// Playwright helpers for the VS Code workbench as code-server serves it (selectors proven in
// e2e-in-code-server.md §4).
import { poll } from './steps.mjs';

export async function waitForWorkbench(page, fileName) {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 60_000 });
}

export async function quickOpen(page, fileName) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(fileName);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: fileName }).first().waitFor();
}

export async function runCommand(page, title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
}

/** The text editor showing a file (not the graph, not the Output panel). */
export function textEditor(page) {
    return page.locator('.editor-group-container .monaco-editor').filter({ visible: true }).first();
}

export async function focusEditor(page) {
    // Ctrl+1: focus the first editor group (the text; the graph opens beside it), no mouse needed.
    await page.keyboard.press('Control+1');
    await page.locator('.editor-group-container .monaco-editor.focused').first().waitFor({ timeout: 5000 });
}

export async function editorText(page) {
    return (await textEditor(page).locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

export async function goToLine(page, line) {
    // Quick Open's `:line` (Ctrl+G opens the file search in the browser build).
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}`);
    await page.locator('.quick-input-list .monaco-list-row, .quick-input-message', { hasText: String(line) }).first().waitFor().catch(() => undefined);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
}

/** The Problems panel's rows, optionally filtered to one file (the list is virtual: long lists hide rows). */
export async function problems(page, file) {
    // Ctrl+Shift+M toggles: press it only while the panel is closed.
    if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor();
    if (file) {
        const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
        if ((await filter.inputValue()) !== `**/${file}`) await filter.fill(`**/${file}`);
    }
    return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

/** The frame inside the webview whose panel has this title (the inner iframe's `title`). */
export async function webviewFrame(page, title, timeout = 30_000) {
    return poll(`the webview "${title}"`, async () => {
        for (const frame of page.frames()) {
            const element = await frame.frameElement().catch(() => undefined);
            if (element && (await element.getAttribute('id')) === 'active-frame' && (await element.getAttribute('title')) === title) {
                return frame;
            }
        }
        return undefined;
    }, { timeout });
}

/**
 * The Problems panel's markers of one file (the rows under its resource row), after the panel's
 * filter has narrowed the list to that file. Empty when the file has none.
 */
export async function problemsOfFile(page, file) {
    await problems(page, file);
    const read = () => page.locator('.markers-panel .monaco-list-row')
        .evaluateAll(rows => rows.map(r => ({ level: r.getAttribute('aria-level'), text: r.innerText })));
    // The filter applies after a short delay: wait until every resource row shown is this file.
    let rows = await read();
    for (let i = 0; i < 20 && rows.some(r => r.level === '1' && !r.text.startsWith(file)); i++) {
        await page.waitForTimeout(150);
        rows = await read();
    }
    const markers = [];
    let current = '';
    for (const row of rows) {
        if (row.level === '1') current = row.text;
        else if (current.startsWith(file)) markers.push(row.text.replace(/\n/g, ' '));
    }
    return markers;
}

/**
 * Right-clicks `target` (a locator inside a webview) and picks `title` from the workbench's context
 * menu, which VS Code draws from the element's `data-vscode-context` and the `webview/context` menus.
 */
export async function webviewContextMenu(page, target, title) {
    await target.click({ button: 'right' });
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: exact }).first();
    await item.waitFor({ timeout: 10_000 });
    // Hovering focuses the item and Enter runs it: the menu may ignore a mouse-up that comes right
    // after it opened (it guards against the right-click's own release).
    await item.hover();
    await page.keyboard.press('Enter');
    await page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The labels of the context menu that is open now (then closed with Escape). */
export async function contextMenuLabels(page, target) {
    await target.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu .action-label');
    await menu.first().waitFor({ timeout: 10_000 });
    const labels = (await menu.allInnerTexts()).map(t => t.trim()).filter(Boolean);
    await page.keyboard.press('Escape');
    return labels;
}
