// Extension-host tests in Restricted Mode (Workspace Trust on, the folder not trusted): editing
// and the language server work, anything that reads or writes a database is refused with a message.
'use strict';

const vscode = require('vscode');
const { test, runAll, assert, waitFor } = require('./harness.js');

let api;
let uri;

test('the folder is untrusted and the extension still activates', async () => {
    assert(vscode.workspace.isTrusted === false, 'the workspace is trusted: the launcher did not keep Workspace Trust on');
    uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'shop.campaign');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    api = await vscode.extensions.getExtension('campaign-studio.campaign-studio').activate();
    await api.ready;
});

test('the language server checks files in Restricted Mode', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), 'entity Broken {\n');
    await vscode.workspace.applyEdit(edit);
    await waitFor('a diagnostic', () => vscode.languages.getDiagnostics(uri).some(d => d.severity === vscode.DiagnosticSeverity.Error));
    await vscode.commands.executeCommand('undo');
});

test('a test run is refused with the way to trust the folder', async () => {
    let message = '';
    try {
        await api.runs.run(uri, 'welcome', 'test');
    } catch (error) {
        message = error.message;
    }
    assert(/needs a trusted workspace/.test(message) && /Manage Workspace Trust/.test(message), `message: ${message}`);
    assert(api.lastRun(uri, 'welcome') === undefined, 'a run result exists');
});

test('reading a database for a schema import is refused too', async () => {
    let message = '';
    try {
        await api.runs.importSchema(vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'data', 'shop.sqlite'));
    } catch (error) {
        message = error.message;
    }
    assert(/needs a trusted workspace/.test(message), `message: ${message}`);
});

test('the graph opens and tells the webview that runs are off', async () => {
    const panel = api.openGraph(uri);
    panel.receive({ type: 'ready' });
    const init = panel.sent.find(m => m.type === 'init');
    assert(init && init.canRun === false, `init: ${JSON.stringify(init)}`);
});

module.exports.run = () => runAll('extension-host (untrusted)');
