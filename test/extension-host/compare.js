// Extension-host tests of Compare Graph with HEAD / with Revision, in code-server with the real
// built-in git extension, the real language server and the real webviews. The launcher
// (compare-run.js) makes the workspace a git repository: review.campaign at HEAD~1, at HEAD, and
// changed in the working copy; new.campaign untracked.
'use strict';

const vscode = require('vscode');
const { test, runAll, assert, assertEqual, waitFor } = require('./harness.js');

const WITH_HEAD = 'campaignStudio.compareGraphWithHead';
const WITH_REVISION = 'campaignStudio.compareGraphWithRevision';

let api;
/** The comparison of review.campaign: later commands on the same file reuse its panels. */
let first;

function file(name) {
    return vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, name);
}

/** Node name → status of one side's highlight, unchanged left out. */
function changed(highlight) {
    const out = {};
    for (const [id, status] of Object.entries(highlight.statuses)) if (status !== 'unchanged') out[id.split('/')[1]] = status;
    return out;
}

/** Waits until the real webview of a panel said `ready`, pulled its graph and got the highlights. */
async function drawn(panel, { graph = true, timeout = 40_000 } = {}) {
    await waitFor(`the ${panel.side} webview to pull its graph`, () => panel.isReady
        && panel.received.some(m => m.type === 'request' && m.method === 'getGraph')
        && panel.sent.some(m => m.type === 'response' && m.result && (graph ? m.result.graph : m.result.graph === undefined))
        && panel.sent.some(m => m.type === 'diffStatuses'), timeout).catch(error => {
        console.log('[compare] diagnose');
        const state = { ready: panel.isReady, visible: panel.panel.visible, received: panel.received.map(m => m.method ?? m.type), sent: panel.sent.map(m => m.type) };
        throw new Error(`${error.message}: ${JSON.stringify(state)}`);
    });
    return panel.sent.filter(m => m.type === 'diffStatuses').at(-1);
}

test('the extension and the git extension are up, the commands registered', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('review.campaign')));
    api = await vscode.extensions.getExtension('campaign-studio.campaign-studio').activate();
    await api.ready;
    const git = await vscode.extensions.getExtension('vscode.git').activate();
    await waitFor('git to find the repository', () => git.getAPI(1).getRepository(file('review.campaign')), 30_000);
    const all = await vscode.commands.getCommands(true);
    assert(all.includes(WITH_HEAD) && all.includes(WITH_REVISION), 'compare commands missing');
}, { timeout: 60_000 });

test('Compare Graph with HEAD opens the base on the left (read-only) and the working copy on the right', async () => {
    const session = await vscode.commands.executeCommand(WITH_HEAD, file('review.campaign'));
    assert(session && session.before && session.after, 'no comparison opened (see the Campaign Studio log)');
    assertEqual(session.current.campaign, 'spring', 'campaign compared');
    assertEqual(session.before.panel.viewColumn, vscode.ViewColumn.One, 'base column');
    assertEqual(session.after.panel.viewColumn, vscode.ViewColumn.Two, 'working copy column');
    assert(/\(HEAD\)/.test(session.before.panel.title), `base title: ${session.before.panel.title}`);

    const after = await drawn(session.after);
    assertEqual(changed(after), { later: 'changed', fresh: 'added' }, 'working copy statuses');
    assertEqual(after.elsewhere, { removed: 1 }, 'removed nodes counted for the legend');
    const before = await drawn(session.before);
    assertEqual(changed(before), { later: 'changed', farewell: 'removed' }, 'base statuses');

    // Edges: the one to farewell is removed (on the base); the working copy has no new edge.
    const baseEdges = session.before.sent.find(m => m.type === 'response' && m.result && m.result.graph).result.graph.edges;
    const toFarewell = baseEdges.find(e => e.target === 'spring/farewell').id;
    assertEqual(before.edges, { [toFarewell]: 'removed' }, 'base edge statuses');
    assertEqual(after.edges, {}, 'working copy edge statuses');
    // The list of changes goes to the working copy's panel only.
    assertEqual(after.changes.map(c => c.text), ['+ audience fresh', '- email farewell', '~ wait later', '- edge loyal → farewell'], 'list of changes');
    assertEqual(after.changes[2].details, ['~ for: 2 days → 3 days'], 'details of later');
    assertEqual(before.changes, undefined, 'a list on the base');
    // A click on a change in the working copy's list shows its nodes in the base too.
    session.after.receive({ type: 'diffFocus', before: ['spring/farewell'], after: [] });
    assertEqual(session.before.sent.filter(m => m.type === 'diffFocus').at(-1), { type: 'diffFocus', before: ['spring/farewell'], after: [] }, 'forwarded focus');
    session.after.receive({ type: 'diffFocus', before: ['<script>'], after: [] });
    assertEqual(session.before.sent.filter(m => m.type === 'diffFocus').length, 1, 'a malformed focus was forwarded');

    // The base's graph is HEAD's text (farewell is there), the working copy's the editor's.
    const baseGraph = session.before.sent.find(m => m.type === 'response' && m.result && m.result.graph).result.graph;
    assertEqual(baseGraph.nodes.map(n => n.name), ['loyal', 'later', 'offer', 'farewell'], 'base nodes');
    const init = session.before.sent.find(m => m.type === 'init');
    assert(init.canEdit === false && init.canRun === false, `base init: ${JSON.stringify(init)}`);
    assert(session.after.sent.find(m => m.type === 'init').canEdit === true, 'the working copy is editable');

    // A graph edit on the base is refused by the host too, whatever the webview sends.
    const version = (await vscode.workspace.openTextDocument(file('review.campaign'))).version;
    session.before.receive({ type: 'request', id: 9001, method: 'applyGraphEdit',
        params: { uri: session.before.key, version, edit: { op: 'deleteActivity', campaign: 'spring', name: 'loyal' } } });
    const answer = await waitFor('the refusal', () => session.before.sent.find(m => m.type === 'response' && m.id === 9001));
    assertEqual(answer.result.applied, false, 'edit on the base applied');
    assert(!(await vscode.workspace.openTextDocument(file('review.campaign'))).isDirty, 'the document changed');
    first = session;
}, { timeout: 90_000 });

test('with Revision… HEAD~1: what changed since the older commit', async () => {
    const session = await vscode.commands.executeCommand(WITH_REVISION, file('review.campaign'), 'HEAD~1');
    assert(session === first, 'the panels of review.campaign were not reused');
    assert(/\(HEAD~1\)/.test(session.before.panel.title), `base title: ${session.before.panel.title}`);
    assertEqual(changed(await drawn(session.after)), { later: 'changed', fresh: 'added' }, 'working copy statuses');
    // farewell came and went after HEAD~1: nothing removed.
    assertEqual(changed(await drawn(session.before)), { later: 'changed' }, 'base statuses');
    await waitFor('the base to pull HEAD~1', () => session.before.sent.filter(m => m.type === 'response' && m.result && m.result.graph).at(-1).result.graph.nodes.length === 3);
}, { timeout: 90_000 });

test('with Revision… and no revision given: the real QuickPick offers HEAD, branches, tags and the file\'s commits', async () => {
    const answer = require('node:path').join(require('node:os').tmpdir(), `compare-quickpick-${process.pid}-${Date.now()}.json`);
    const pending = vscode.commands.executeCommand(WITH_REVISION, file('review.campaign'));
    // The launcher (compare-run.js) writes the rows it sees to `answer`, then types `v2` and presses Enter.
    console.log(`[compare] quickpick v2 ${answer}`);
    const session = await pending;
    const seen = JSON.parse(require('node:fs').readFileSync(answer, 'utf8'));
    require('node:fs').rmSync(answer, { force: true });
    assert(!seen.error, `the QuickPick: ${seen.error}`);
    assertEqual(seen.title, 'Compare Graph with Revision', 'QuickPick title');
    const rows = seen.rows.map(r => r.replace(/\s+/g, ' ').trim());
    for (const expected of ['HEAD', 'main', 'v2', 'second: farewell', 'first']) {
        assert(rows.some(r => r.includes(expected)), `no row with ${expected}: ${JSON.stringify(rows)}`);
    }
    assert(session === first, 'the panels of review.campaign were not reused');
    assert(/\(v2\)/.test(session.before.panel.title), `base title: ${session.before.panel.title}`);
    // v2 is HEAD's commit: farewell is back in the base.
    assertEqual(changed(await drawn(session.before)), { later: 'changed', farewell: 'removed' }, 'base statuses at v2');
    await waitFor('the base to pull v2', () => session.before.sent.filter(m => m.type === 'response' && m.result && m.result.graph).at(-1).result.graph.nodes.length === 4);
}, { timeout: 90_000 });

test('editing the working copy compares again', async () => {
    const session = await vscode.commands.executeCommand(WITH_HEAD, file('review.campaign'));
    await drawn(session.after);
    const document = await vscode.workspace.openTextDocument(file('review.campaign'));
    const text = document.getText();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), text.replace('for 3 days', 'for 2 days'));
    await vscode.workspace.applyEdit(edit);
    try {
        await waitFor('new highlights without `later`', () => {
            const last = session.after.sent.filter(m => m.type === 'diffStatuses').at(-1);
            return last && JSON.stringify(changed(last)) === JSON.stringify({ fresh: 'added' });
        }, 20_000);
        assert(session.after.sent.some(m => m.type === 'graphChanged'), 'the working copy was not told to pull again');
    } finally {
        // Back to the working copy the other tests expect (undo would act on whatever has the focus).
        const restore = new vscode.WorkspaceEdit();
        restore.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
        await vscode.workspace.applyEdit(restore);
        await document.save();
    }
}, { timeout: 90_000 });

/** The comparison of new.campaign (the last test opens it again). */
let fresh;

test('a file new since HEAD compares against nothing: everything added', async () => {
    const session = await vscode.commands.executeCommand(WITH_HEAD, file('new.campaign'));
    fresh = session;
    assert(session, 'no comparison opened');
    assertEqual(session.current.before, undefined, 'a base graph for a new file');
    assertEqual(changed(await drawn(session.after)), { first: 'added', second: 'added' }, 'working copy statuses');
    // The base has no graph (the webview says the file has no campaign there).
    assertEqual(changed(await drawn(session.before, { graph: false })), {}, 'base statuses');
    assertEqual(session.before.sent.find(m => m.type === 'diffStatuses').elsewhere, { added: 2 }, 'added nodes counted for the base legend');
}, { timeout: 90_000 });

test('from the Source Control diff view: a git: URI and a resource state name the file', async () => {
    const gitUri = file('review.campaign').with({ scheme: 'git', query: JSON.stringify({ path: file('review.campaign').fsPath, ref: 'HEAD' }) });
    const fromDiff = await vscode.commands.executeCommand(WITH_HEAD, gitUri);
    assert(fromDiff === first, 'git: URI not resolved to the file');
    const fromScm = await vscode.commands.executeCommand(WITH_HEAD, { resourceUri: file('review.campaign') });
    assert(fromScm === first, 'resource state not resolved');
    await drawn(fromScm.after);
    await drawn(fromScm.before);
    // The launcher takes a screenshot of the workbench now (both panels side by side).
    console.log('[compare] screenshot');
    await new Promise(resolve => setTimeout(resolve, 4000));
    // Closing one side ends the comparison: the other closes too.
    let closed = false;
    fromScm.onDidDispose(() => { closed = true; });
    fromScm.after.panel.dispose();
    await waitFor('the base panel to close', () => closed);
}, { timeout: 90_000 });

test('a file outside any repository: a clear error, no panel', async () => {
    const outside = vscode.Uri.file(require('node:os').tmpdir() + `/not-in-git-${Date.now()}.campaign`);
    await vscode.workspace.fs.writeFile(outside, Buffer.from('campaign x {\n}\n'));
    const session = await vscode.commands.executeCommand(WITH_HEAD, outside);
    assertEqual(session, undefined, 'a comparison opened outside git');
    await vscode.workspace.fs.delete(outside);
}, { timeout: 60_000 });

test('webviews created while a comparison loads: both of its panels still come up', async () => {
    // In code-server a webview created while another loads can break the loading one (see
    // extension/compare/webview-loader.ts); the panels load again until they say `ready`. Plain
    // webviews are opened every 150 ms for 3 s while the comparison opens, to make that happen.
    fresh.dispose();
    const storm = [];
    let stop = false;
    const opening = (async () => {
        for (let i = 0; i < 20 && !stop; i++) {
            const panel = vscode.window.createWebviewPanel('campaignStudio.testStorm', `storm ${i}`, { viewColumn: vscode.ViewColumn.Three, preserveFocus: true }, {});
            panel.webview.html = '<!DOCTYPE html><html><body>storm</body></html>';
            storm.push(panel);
            await new Promise(resolve => setTimeout(resolve, 150));
        }
    })();
    try {
        const session = await vscode.commands.executeCommand(WITH_HEAD, file('new.campaign'));
        assert(session && session !== fresh, 'no new comparison opened');
        // The webviews stop after 3 s, so a reload or two (10 s, 20 s) bring both up; if not, the
        // session replaces that side's panel by a new webview at 40 s, which gets the loader's whole
        // series (70 s) and a grace of 20 s (the base before the working copy's panel is created).
        const report = panel => `${panel.side}: ${panel.loader.attempts} load(s)${panel.loader.reloads.length ? ` (${panel.loader.reloads.join('; ')})` : ''}`
            + (session.replaced[panel.side] ? `, replaced by a new webview ${session.replaced[panel.side]} time(s)` : '');
        try {
            await drawn(session.after, { timeout: 280_000 });
            await drawn(session.before, { graph: false, timeout: 60_000 });
        } catch (error) {
            throw new Error(`${error.message}; ${report(session.before)}; ${report(session.after)}`);
        }
        stop = true;
        await opening;
        console.log(`  ${storm.length} webviews opened meanwhile; ${report(session.before)}, ${report(session.after)}`);
        session.dispose();
    } finally {
        stop = true;
        await opening;
        for (const panel of storm) panel.dispose();
    }
}, { timeout: 360_000 });

module.exports.run = () => runAll('extension-host (compare)');
