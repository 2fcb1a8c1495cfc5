// Starts code-server (the real VS Code 1.100 workbench with a Node extension host) on loopback,
// with a fresh user-data and extensions folder per run, and stops its whole process group.
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CODE_SERVER } from './paths.mjs';

const run = promisify(execFile);

const USER_SETTINGS = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'workbench.editor.enablePreview': false,
    'chat.disableAIFeatures': true,
    // Typing in the tests must not be completed or covered by a suggestion list.
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.acceptSuggestionOnEnter': 'off'
};

export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

export function prepareProfile(runDir, settings = {}) {
    const userData = join(runDir, 'user-data');
    const extensions = join(runDir, 'extensions');
    mkdirSync(join(userData, 'User'), { recursive: true });
    mkdirSync(extensions, { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
    return { userData, extensions };
}

/** Installs a .vsix into the profile's extensions folder with code-server's own CLI. */
export async function installVsix(vsix, profile) {
    const { stdout, stderr } = await run(process.execPath, [CODE_SERVER, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, '--install-extension', vsix], { timeout: 60_000 });
    const text = `${stdout}\n${stderr}`;
    if (!/successfully installed/i.test(text)) throw new Error(`installing ${vsix} failed:\n${text}`);
    return text.trim();
}

/** `trust: false` keeps Workspace Trust on, so an unknown folder opens in Restricted Mode. */
export async function startCodeServer({ workspace, profile, log = () => {}, trust = true }) {
    const port = await freePort();
    const child = spawn(process.execPath, [
        CODE_SERVER,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry', '--disable-update-check', ...(trust ? ['--disable-workspace-trust'] : []), '--disable-getting-started-override',
        '--user-data-dir', profile.userData,
        '--extensions-dir', profile.extensions,
        workspace
    ], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        // No gallery: the workbench would otherwise try open-vsx.org.
        env: { ...process.env, EXTENSIONS_GALLERY: '{}' }
    });
    let output = '';
    const started = Date.now();
    await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`code-server did not listen within 30 s:\n${output}`)), 30_000);
        const onData = chunk => {
            output += chunk;
            log(String(chunk).trimEnd());
            if (output.includes('HTTP server listening')) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('exit', code => {
            clearTimeout(timer);
            reject(new Error(`code-server exited (${code}) before listening:\n${output}`));
        });
    });
    return {
        port,
        url: `http://127.0.0.1:${port}`,
        listenMs: Date.now() - started,
        remote: path => `vscode-remote://127.0.0.1:${port}${path}`,
        output: () => output,
        async stop() {
            // The extension host, file watcher and language server are in the group: stop them all.
            const kill = signal => { try { process.kill(-child.pid, signal); } catch { /* gone */ } };
            kill('SIGTERM');
            const exited = await Promise.race([
                new Promise(resolve => child.once('exit', () => resolve(true))),
                new Promise(resolve => setTimeout(() => resolve(false), 3000))
            ]);
            if (!exited) kill('SIGKILL');
        }
    };
}
