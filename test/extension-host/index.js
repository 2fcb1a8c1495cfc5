// Extension-host API tests: run inside VS Code's Node extension host (code-server here, through
// `extensionTestsPath`; @vscode/test-electron where VS Code can be downloaded), with full `vscode`
// access, against the real language server, the real run worker and sql.js.
'use strict';

const vscode = require('vscode');
const { test, runAll, assert, assertEqual, waitFor } = require('./harness.js');

const EXTENSION_ID = 'campaign-studio.campaign-studio';
const COMMANDS = ['openGraph', 'testRun', 'publishRun', 'showSql', 'previewRows', 'showSchedule', 'importSchema', 'restartServer']
    .map(c => `campaignStudio.${c}`);

let api;
let uri;

function folder() {
    const folders = vscode.workspace.workspaceFolders;
    if (!folders || folders.length === 0) throw new Error('the tests need the fixture workspace open');
    return folders[0].uri;
}

async function document() {
    return vscode.workspace.openTextDocument(uri);
}

function errorsAt(line) {
    return vscode.languages.getDiagnostics(uri).filter(d => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === line);
}

/** The line (0-based) of the closing brace of the `email vipOffer` block. */
async function emailBlockEnd() {
    const lines = (await document()).getText().split('\n');
    const start = lines.findIndex(l => l.includes('email vipOffer'));
    return lines.findIndex((l, i) => i > start && l.trim() === '}');
}

async function restoreFixture(text) {
    const doc = await document();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
}

test('activates on a .campaign file and returns its API', async () => {
    uri = vscode.Uri.joinPath(folder(), 'shop.campaign');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assertEqual(doc.languageId, 'campaign', 'language of shop.campaign');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert(extension, `${EXTENSION_ID} is not loaded`);
    api = await extension.activate();
    await api.ready;
    assert(api.client.isRunning(), 'the language client is not running');
    console.log(`  activation: ${api.activationMs.toFixed(1)} ms`);
});

test('every command is registered', async () => {
    const all = await vscode.commands.getCommands(true);
    const missing = COMMANDS.filter(c => !all.includes(c));
    assertEqual(missing, [], 'missing commands');
});

test('the language server reports a syntax error at its line, and clears it when fixed', async () => {
    const original = (await document()).getText();
    const line = (await emailBlockEnd()) + 1;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(line, 0), '  audience broken: Customer where\n');
    assert(await vscode.workspace.applyEdit(edit), 'edit refused');
    // The condition is missing: the parser reports the `}` that follows, one line further down.
    const errors = await waitFor('a syntax error', () => {
        const found = vscode.languages.getDiagnostics(uri).filter(d => d.severity === vscode.DiagnosticSeverity.Error);
        return found.length > 0 ? found : undefined;
    });
    assert(errors.some(d => d.range.start.line === line || d.range.start.line === line + 1),
        `errors at lines ${errors.map(d => d.range.start.line + 1)}, expected ${line + 1} or ${line + 2}`);
    await restoreFixture(original);
    await waitFor('the errors to clear', () => errorsAt(line).length === 0 && errorsAt(line + 1).length === 0);
});

test('CodeLens offers Test run, Graph and SQL above the campaign', async () => {
    const lenses = await waitFor('code lenses', async () => {
        const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10);
        return found && found.length >= 3 ? found : undefined;
    });
    const titles = lenses.map(l => l.command && l.command.title);
    for (const title of ['Test run', 'Graph', 'SQL']) {
        assert(titles.some(t => t && t.includes(title)), `no "${title}" lens in ${JSON.stringify(titles)}`);
    }
    const campaignLine = (await document()).getText().split('\n').findIndex(l => l.startsWith('campaign welcome'));
    assert(lenses.every(l => l.range.start.line === campaignLine), `lenses not on line ${campaignLine + 1}`);
    const graph = lenses.find(l => l.command.title === 'Graph');
    assertEqual(graph.command.arguments.map(String), [uri.toString(), 'welcome'], 'Graph lens arguments');
});

test('Show Compiled SQL opens the plan of the campaign', async () => {
    const sql = await vscode.commands.executeCommand('campaignStudio.showSql', uri, 'welcome');
    assert(typeof sql === 'string' && /customers/.test(sql), `unexpected SQL: ${String(sql).slice(0, 200)}`);
    const editor = vscode.window.activeTextEditor;
    assert(editor && editor.document.uri.scheme === 'campaign-studio', 'the SQL is not in the active editor');
    assertEqual(editor.document.getText(), sql, 'shown SQL');
});

test('Show Schedule lists the launches of the campaign', async () => {
    const next = await vscode.commands.executeCommand('campaignStudio.showSchedule', uri, 'welcome');
    assert(Array.isArray(next), 'no launch list returned');
    const text = vscode.window.activeTextEditor.document.getText();
    assert(text.includes('# welcome') && text.includes('Next launches'), `schedule document: ${text}`);
});

test('Import Schema from Database writes entities for the tables', async () => {
    const database = vscode.Uri.joinPath(folder(), 'data', 'shop.sqlite');
    const doc = await vscode.commands.executeCommand('campaignStudio.importSchema', database);
    assert(doc, 'no document returned');
    assertEqual(doc.languageId, 'campaign', 'language of the imported schema');
    const text = doc.getText();
    assert(/entity \w+ table "customers"/.test(text) && /loyaltyPoints: int/.test(text), `imported schema: ${text}`);
});

test('the graph panel opens beside the text and answers the webview through the language server', async () => {
    await vscode.window.showTextDocument(await document(), vscode.ViewColumn.One);
    const panel = api.openGraph(uri);
    assertEqual(panel.panel.viewType, 'campaignStudio.graph', 'view type');
    assert(panel.panel.viewColumn !== vscode.ViewColumn.One, 'the graph is not beside the text');
    assert(panel.panel.webview.options.localResourceRoots.every(r => r.path.endsWith('/dist/webview')), 'localResourceRoots');
    assert(/default-src 'none'/.test(panel.panel.webview.html) && /script-src 'nonce-/.test(panel.panel.webview.html), 'CSP');
    // Play the webview's side of the protocol (the real webview is tested in the UI test).
    panel.receive({ type: 'ready' });
    const init = panel.sent.find(m => m.type === 'init');
    assert(init && init.uri === uri.toString(), 'no init after ready');
    panel.receive({ type: 'request', id: 901, method: 'getGraph', params: { uri: uri.toString() } });
    const response = await waitFor('the getGraph response', () => panel.sent.find(m => m.type === 'response' && m.id === 901));
    assert(!response.error, `getGraph failed: ${response.error}`);
    const names = response.result.graph.nodes.map(n => n.name).sort();
    assertEqual(names, ['loyal', 'tiers', 'vipOffer'], 'graph nodes');
    assert(response.result.graph.edges.some(e => e.ref === 'tiers.vip'), 'no tiers.vip edge');
});

test('invalid webview messages are ignored and other documents are refused', async () => {
    const panel = api.graphPanel(uri);
    const before = panel.sent.length;
    panel.receive({ type: 'request', id: 902, method: 'getGraph', params: { uri: 42 } });
    panel.receive({ type: 'request', id: 903, method: 'deleteEverything', params: { uri: uri.toString() } });
    panel.receive('ready');
    panel.receive({ type: 'reveal', uri: uri.toString(), range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } });
    await new Promise(resolve => setTimeout(resolve, 300));
    // Other traffic (a graphChanged refresh, say) may reach the panel meanwhile: count only answers to these.
    const answered = panel.sent.slice(before).filter(m => m.type === 'response' && (m.id === 902 || m.id === 903));
    assertEqual(answered.length, 0, `messages answered: ${JSON.stringify(panel.sent.slice(before).map(m => m.type + ':' + (m.id ?? m.method ?? '')))}`);
    const other = vscode.Uri.joinPath(folder(), 'other.campaign').toString();
    panel.receive({ type: 'request', id: 904, method: 'getGraph', params: { uri: other } });
    const refused = await waitFor('the refusal', () => panel.sent.find(m => m.type === 'response' && m.id === 904));
    assert(refused.error && refused.error.includes('not'), `expected a refusal, got ${JSON.stringify(refused)}`);
});

test('selection sync: a node click reveals its text, a cursor move is sent to the graph', async () => {
    const panel = api.graphPanel(uri);
    const doc = await document();
    const line = doc.getText().split('\n').findIndex(l => l.includes('split tiers'));
    const range = { start: { line, character: 2 }, end: { line, character: 13 } };
    panel.receive({ type: 'reveal', uri: uri.toString(), range, focusEditor: true });
    const editor = await waitFor('the revealed selection', () => vscode.window.visibleTextEditors.find(e =>
        e.document.uri.toString() === uri.toString() && e.selection.start.line === line && e.selection.start.character === 2 && e.selection.end.character === 13));
    assertEqual(doc.getText(editor.selection), 'split tiers', 'selected text');
    // The other way: the user moves the cursor; the panel (visible) is told where.
    panel.panel.reveal(panel.panel.viewColumn, true);
    await waitFor('the panel to be visible', () => panel.panel.visible, 5000);
    const before = panel.sent.length;
    editor.selection = new vscode.Selection(line + 1, 6, line + 1, 6);
    // (The reveal above moved the cursor too; its message may arrive first.)
    await waitFor(`a cursor message for ${line + 2}:7`, () => panel.sent.slice(before)
        .find(m => m.type === 'cursor' && m.uri === uri.toString() && m.position.line === line + 1 && m.position.character === 6), 5000);
});

test('a hidden graph is marked dirty and refreshed when shown again', async () => {
    const panel = api.graphPanel(uri);
    // Another editor in the panel's column puts the graph in the background.
    const other = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'cover' });
    await vscode.window.showTextDocument(other, panel.panel.viewColumn);
    // View-state events cross code-server's connection: on a loaded machine they take seconds.
    await waitFor('the panel to be hidden', () => !panel.panel.visible, 15_000);
    panel.graphChanged(4242);
    assert(!panel.sent.some(m => m.type === 'graphChanged' && m.version === 4242), 'posted to a hidden webview');
    panel.panel.reveal(panel.panel.viewColumn, true);
    await waitFor('the refresh on show', () => panel.sent.some(m => m.type === 'graphChanged' && m.version === 4242), 15_000).catch(error => {
        throw new Error(`${error.message}: ${JSON.stringify(panelState(panel))}`);
    });
});

/** What a graph panel did, for a failure's message. */
function panelState(panel) {
    return {
        ready: panel.isReady, visible: panel.panel.visible, loads: panel.loader.attempts, reloads: panel.loader.reloads,
        received: panel.received.slice(-12).map(m => m.method ?? m.type), sent: panel.sent.slice(-12).map(m => m.type)
    };
}

test('a graph edit becomes one undoable text edit', async () => {
    const panel = api.graphPanel(uri);
    const doc = await document();
    const original = doc.getText();
    panel.receive({
        type: 'request', id: 905, method: 'applyGraphEdit',
        params: { uri: uri.toString(), version: doc.version, edit: { op: 'renameActivity', campaign: 'welcome', name: 'loyal', newName: 'faithful' } }
    });
    const response = await waitFor('the applyGraphEdit response', () => panel.sent.find(m => m.type === 'response' && m.id === 905));
    assert(!response.error && response.result.applied, `edit not applied: ${JSON.stringify(response)}`);
    const text = doc.getText();
    assert(text.includes('audience faithful:') && text.includes('from faithful') && !/\bloyal\b/.test(text), `renamed text:\n${text}`);
    assert(text.includes('// The end-to-end tests'), 'the comment was lost');
    // A stale version is refused, never guessed.
    panel.receive({
        type: 'request', id: 906, method: 'applyGraphEdit',
        params: { uri: uri.toString(), version: doc.version - 1, edit: { op: 'deleteActivity', campaign: 'welcome', name: 'faithful' } }
    });
    const stale = await waitFor('the stale response', () => panel.sent.find(m => m.type === 'response' && m.id === 906));
    assert(stale.result && stale.result.applied === false, `stale edit applied: ${JSON.stringify(stale)}`);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the text', () => doc.getText() === original, 5000);
});

test('the inspector\'s live check: the server validates a typed value without applying it', async () => {
    const panel = api.graphPanel(uri);
    const doc = await document();
    const before = doc.getText();
    const edit = value => ({ op: 'setOption', campaign: 'welcome', activity: 'loyal', key: 'where', value });
    panel.receive({ type: 'request', id: 907, method: 'checkGraphEdit', params: { uri: uri.toString(), version: doc.version, edit: edit('countryy = "FR"') } });
    const bad = await waitFor('the check of a bad value', () => panel.sent.find(m => m.type === 'response' && m.id === 907));
    assert(bad.result && bad.result.ok && bad.result.diagnostics.some(d => d.severity === 1 && /countryy/.test(d.message)), `check: ${JSON.stringify(bad)}`);
    panel.receive({ type: 'request', id: 908, method: 'checkGraphEdit', params: { uri: uri.toString(), version: doc.version, edit: edit('country = "IT"') } });
    const good = await waitFor('the check of a good value', () => panel.sent.find(m => m.type === 'response' && m.id === 908));
    assertEqual(good.result, { ok: true, diagnostics: [] }, 'check of a valid value');
    assertEqual(doc.getText(), before, 'the text after checks');
});

test('context-menu commands act on the node of their context; forged contexts are ignored', async () => {
    const panel = api.graphPanel(uri);
    const context = extra => ({ webview: 'campaignStudio.graph', webviewSection: 'activity', uri: uri.toString(), campaign: 'welcome', ...extra });
    const before = panel.sent.length;
    await vscode.commands.executeCommand('campaignStudio.graph.delete', context({ webview: 'markdown.preview', activity: 'tiers' }));
    await vscode.commands.executeCommand('campaignStudio.graph.delete', context({ activity: 'tiers; drop' }));
    await vscode.commands.executeCommand('campaignStudio.graph.disconnect', context({ activity: 'tiers' }));
    await vscode.commands.executeCommand('campaignStudio.graph.rename', context({ activity: 'tiers' }));
    const action = await waitFor('the rename action', () => panel.sent.slice(before).find(m => m.type === 'graphAction'));
    assertEqual(action, { type: 'graphAction', action: 'rename', campaign: 'welcome', activity: 'tiers' }, 'the only action posted');
    assertEqual(panel.sent.slice(before).filter(m => m.type === 'graphAction').length, 1, 'actions posted');
    const sql = await vscode.commands.executeCommand('campaignStudio.graph.showSql', context({ activity: 'tiers' }));
    assert(typeof sql === 'string' && sql.includes('-- split tiers') && !sql.includes('-- audience loyal'), `SQL of tiers: ${String(sql).slice(0, 300)}`);
    // The SQL opened in the active editor: the tests after this one work in the campaign's text.
    await vscode.window.showTextDocument(await document(), vscode.ViewColumn.One);
});

test('a test run counts every transition, like an independent count of the fixture', async () => {
    // Written beside the fixture by the launcher, from its own count of the rows (lib/fixture.mjs).
    const expected = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'expected-counts.json'))).toString('utf8'));
    assert(expected.loyal > 0, 'no expected counts');
    const record = await vscode.commands.executeCommand('campaignStudio.testRun', uri, 'welcome');
    assert(record, 'the test run returned nothing (see the Campaign Studio log)');
    for (const [ref, count] of Object.entries(expected)) {
        assertEqual(record.result.counts[ref], count, `count of ${ref}`);
    }
    assert(api.statusBarText.includes('welcome: test run'), `status bar: ${api.statusBarText}`);
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 20);
    const titles = lenses.map(l => l.command && l.command.title).join(' | ');
    assert(titles.includes(`${expected.loyal} rows`), `no count lens: ${titles}`);
    const panel = api.graphPanel(uri);
    assert(panel.sent.some(m => m.type === 'runResult' && m.result.counts.loyal === expected.loyal), 'the graph got no run overlay');
});

test('Preview Rows shows the rows of a transition in the graph\'s drawer (and returns them)', async () => {
    const expected = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'expected-counts.json'))).toString('utf8'));
    const rows = await vscode.commands.executeCommand('campaignStudio.previewRows', uri, 'welcome', 'tiers.vip');
    assert(rows && rows.ref === 'tiers.vip', `rows: ${JSON.stringify(rows)}`);
    assertEqual(rows.total, expected['tiers.vip'], 'total rows of tiers.vip');
    assert(rows.columns.includes('email'), `columns: ${rows.columns}`);
    const panel = api.graphPanel(uri);
    await waitFor('the rows in the graph panel', () => panel.sent.some(m => m.type === 'showRows' && m.campaign === 'welcome' && m.rows.ref === 'tiers.vip' && m.rows.total === rows.total));
    // From the edge's context menu, with the edge's context.
    const before = panel.sent.length;
    const again = await vscode.commands.executeCommand('campaignStudio.graph.previewRows',
        { webview: 'campaignStudio.graph', webviewSection: 'transition', uri: uri.toString(), campaign: 'welcome', ref: 'tiers.rest', edge: 'tiers.rest->x:from' });
    assertEqual(again && again.total, expected['tiers.rest'], 'total rows of tiers.rest');
    await waitFor('the rest rows in the panel', () => panel.sent.slice(before).some(m => m.type === 'showRows' && m.rows.ref === 'tiers.rest'));
    await vscode.window.showTextDocument(await document(), vscode.ViewColumn.One);
});

test('Test Run up to Here (a node\'s menu) runs its ancestors and pauses the rest; the text is not changed', async () => {
    const expected = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'expected-counts.json'))).toString('utf8'));
    const before = (await document()).getText();
    const record = await vscode.commands.executeCommand('campaignStudio.graph.runUpToHere',
        { webview: 'campaignStudio.graph', webviewSection: 'activity', uri: uri.toString(), campaign: 'welcome', activity: 'tiers' });
    assert(record, 'the run returned nothing (see the Campaign Studio log)');
    const statuses = Object.fromEntries(record.result.activities.map(a => [a.name, a.status]));
    assertEqual(statuses, { loyal: 'done', tiers: 'done', vipOffer: 'paused' }, 'statuses');
    assertEqual(record.result.counts['tiers.vip'], expected['tiers.vip'], 'count of tiers.vip');
    assertEqual((await document()).getText(), before, 'the text after the run');
});

test('editing the text clears the run counts', async () => {
    const doc = await document();
    assert(api.lastRun(uri, 'welcome'), 'no run to clear');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// edited\n');
    await vscode.workspace.applyEdit(edit);
    await waitFor('the run to be cleared', () => api.lastRun(uri, 'welcome') === undefined, 5000);
    assert(api.graphPanel(uri).sent.some(m => m.type === 'runCleared'), 'the graph was not told');
    await vscode.commands.executeCommand('undo');
    assert(!doc.getText().startsWith('// edited'), 'undo failed');
});

test('a cancelled run stops its worker and says so', async () => {
    const source = new vscode.CancellationTokenSource();
    const running = api.runs.run(uri, 'welcome', 'test', source.token);
    setTimeout(() => source.cancel(), 30);
    const started = Date.now();
    const record = await running;
    assertEqual(record, undefined, 'result of a cancelled run');
    assert(Date.now() - started < 5000, 'cancelling took too long');
    assert(api.statusBarText.includes('run cancelled'), `status bar: ${api.statusBarText}`);
});

test('a run of a campaign with errors fails with the location of the first one', async () => {
    const original = (await document()).getText();
    const edit = new vscode.WorkspaceEdit();
    const line = original.split('\n').findIndex(l => l.includes('segment vip where'));
    edit.replace(uri, new vscode.Range(line, 0, line + 1, 0), '    segment vip where nonsense = 1\n');
    await vscode.workspace.applyEdit(edit);
    let message = '';
    try {
        await api.runs.run(uri, 'welcome', 'test');
    } catch (error) {
        message = error.message;
    }
    await restoreFixture(original);
    assert(new RegExp(`welcome cannot run: .*shop\\.campaign:${line + 1}:`).test(message), `error: ${message}`);
    assert(api.statusBarText.includes('run failed'), `status bar: ${api.statusBarText}`);
});

test('Restart Language Server brings diagnostics back', async () => {
    const before = api.client;
    await vscode.commands.executeCommand('campaignStudio.restartServer');
    await api.ready;
    assert(api.client !== before && api.client.isRunning(), 'no new running client');
    const line = (await emailBlockEnd()) + 1;
    const original = (await document()).getText();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(line, 0), '  audience again: Customer where\n');
    await vscode.workspace.applyEdit(edit);
    await waitFor('a syntax error from the new server', () => vscode.languages.getDiagnostics(uri).some(d => d.severity === vscode.DiagnosticSeverity.Error));
    await restoreFixture(original);
});

test('typing in an open template file changes the diagnostics of the campaign that reads it; closing it unsaved reverts', async () => {
    // extension/template-sync.ts sends the editor's text of the files campaigns read (after the
    // restart above: to the new server); the disk has one mistake, the editor's text others.
    const templateUri = vscode.Uri.joinPath(folder(), 'templates', 'unsaved.html');
    const campaignUri = vscode.Uri.joinPath(folder(), 'unsaved-template.campaign');
    await vscode.workspace.fs.writeFile(templateUri, Buffer.from('<p>\n  Hi {{firstNme}}\n</p>\n'));
    await vscode.workspace.fs.writeFile(campaignUri, Buffer.from('campaign unsavedTemplate {\n  audience a: Customer\n  email hi from a {\n'
        + '    subject "Hi"\n    body file "templates/unsaved.html"\n  }\n}\n'));
    const templateMessages = () => vscode.languages.getDiagnostics(campaignUri).map(d => d.message).filter(m => m.startsWith('templates/unsaved.html:'));
    const showing = (what, test) => waitFor(what, () => {
        const messages = templateMessages();
        return test(messages) ? messages : undefined;
    });
    try {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(campaignUri), vscode.ViewColumn.One);
        await showing('the mistake on disk', m => m.length === 1 && m[0].includes("Unknown name 'firstNme'"));
        const template = await vscode.workspace.openTextDocument(templateUri);
        await vscode.window.showTextDocument(template, vscode.ViewColumn.Two);
        const edit = new vscode.WorkspaceEdit();
        edit.replace(templateUri, new vscode.Range(0, 0, template.lineCount, 0), '<p>\n  Hi {{firstName}}\n</p>\n<p>{{emial}}</p>\n');
        assert(await vscode.workspace.applyEdit(edit), 'edit refused');
        assert(template.isDirty, 'the template should be unsaved');
        const typed = await showing('the editor\'s mistake instead', m => m.length === 1 && m[0].includes("Unknown name 'emial'"));
        assert(typed[0].startsWith('templates/unsaved.html:4:6:'), `message: ${typed[0]}`);
        // A restarted server starts from the disk: the client sends it the unsaved text again.
        const before = api.client;
        await vscode.commands.executeCommand('campaignStudio.restartServer');
        await api.ready;
        assert(api.client !== before, 'no new client');
        await showing('the editor\'s mistake from the new server', m => m.length === 1 && m[0].includes("Unknown name 'emial'"));
        await vscode.window.showTextDocument(template, vscode.ViewColumn.Two);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        await showing('the disk\'s mistake again', m => m.length === 1 && m[0].includes("Unknown name 'firstNme'"));
    } finally {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(campaignUri), vscode.ViewColumn.One);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        for (const file of [campaignUri, templateUri]) await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
});

test('a test run after typing into an open template renders the editor\'s text, not the saved one', async () => {
    // extension/run/job-workspace.ts sends the unsaved file with the job; the worker reads it before the disk.
    const templateUri = vscode.Uri.joinPath(folder(), 'templates', 'run-unsaved.html');
    const campaignUri = vscode.Uri.joinPath(folder(), 'run-unsaved.campaign');
    await vscode.workspace.fs.writeFile(templateUri, Buffer.from('<p>Saved for {{firstName}}</p>\n'));
    await vscode.workspace.fs.writeFile(campaignUri, Buffer.from('campaign runUnsaved {\n  audience a: Customer\n  email hi from a {\n'
        + '    subject "Hi"\n    body file "templates/run-unsaved.html"\n  }\n}\n'));
    try {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(campaignUri), vscode.ViewColumn.One);
        const template = await vscode.workspace.openTextDocument(templateUri);
        await vscode.window.showTextDocument(template, vscode.ViewColumn.Two);
        const edit = new vscode.WorkspaceEdit();
        edit.replace(templateUri, new vscode.Range(0, 0, template.lineCount, 0), '<p>Typed for {{country}}</p>\n');
        assert(await vscode.workspace.applyEdit(edit), 'edit refused');
        assert(template.isDirty, 'the template should be unsaved');
        const record = await vscode.commands.executeCommand('campaignStudio.testRun', campaignUri, 'runUnsaved');
        assert(record, 'the test run returned nothing (see the Campaign Studio log)');
        const body = record.result.samples.hi && record.result.samples.hi.body;
        assert(/^<p>Typed for [A-Z]{2}<\/p>/.test(body || ''), `sample body: ${JSON.stringify(body)}`);
        await vscode.window.showTextDocument(template, vscode.ViewColumn.Two);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(campaignUri), vscode.ViewColumn.One);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        for (const file of [campaignUri, templateUri]) await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
});

test('graphs opened together, amid other webviews, all come up (a page that does not load is set again)', async () => {
    // In code-server a webview created while another loads can leave the loading one blank for good
    // (extension/webview-loader.ts): graphs opened together, or restored together after a reload,
    // are exposed. Three graphs open at once while plain webviews keep being created; each panel's
    // real page must run (say `ready` and pull its graph), after loads again if need be.
    const extra = ['first', 'second'].map((name, i) => ({
        uri: vscode.Uri.joinPath(folder(), `together-${name}.campaign`),
        text: `entity Together${i} table "customers" {\n  key id: int\n  tier: string\n}\n\ncampaign together${i} {\n  audience all${i}: Together${i} where tier = "gold"\n}\n`
    }));
    for (const file of extra) await vscode.workspace.fs.writeFile(file.uri, Buffer.from(file.text));
    api.graphPanel(uri)?.panel.dispose();
    await vscode.window.showTextDocument(await document(), vscode.ViewColumn.One);
    const storm = [];
    let panels = [];
    try {
        panels = [uri, ...extra.map(f => f.uri)].map(u => api.openGraph(u));
        for (let i = 0; i < 12; i++) {
            const webview = vscode.window.createWebviewPanel('campaignStudio.testStorm', `storm ${i}`, { viewColumn: vscode.ViewColumn.Three, preserveFocus: true }, {});
            webview.webview.html = '<!DOCTYPE html><html><body>storm</body></html>';
            storm.push(webview);
            await new Promise(resolve => setTimeout(resolve, 150));
        }
        for (const panel of panels) {
            // The graphs share a column: the first two are behind the third, and code-server loads a
            // covered panel only when it is shown (its loader does not wait meanwhile). As a user
            // would, each tab is clicked in turn. Nobody plays the webview here: `ready` and the
            // request come from the page itself; two reloads at most (10 s and 20 s) on a loaded machine.
            panel.panel.reveal(panel.panel.viewColumn, true);
            await waitFor(`the graph of ${panel.uri.path.split('/').pop()} to come up`,
                () => panel.isReady && panel.received.some(m => m.type === 'request' && m.method === 'getGraph'), 80_000).catch(error => {
                throw new Error(`${error.message}: ${JSON.stringify(panels.map(panelState))}`);
            });
        }
        const loads = panel => `${panel.uri.path.split('/').pop()}: ${panel.loader.attempts} load(s)${panel.loader.reloads.length ? ` (${panel.loader.reloads.join('; ')})` : ''}`;
        console.log(`  ${storm.length} webviews opened meanwhile; ${panels.map(loads).join(', ')}`);
    } finally {
        for (const webview of storm) webview.dispose();
        for (const panel of panels) panel.panel.dispose();
        for (const file of extra) await vscode.workspace.fs.delete(file.uri).then(undefined, () => undefined);
    }
}, { timeout: 180_000 });

module.exports.run = () => runAll('extension-host');
