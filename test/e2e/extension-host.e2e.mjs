// Runs test/extension-host/index.js inside code-server's Node extension host, test-electron style:
// the extension loads from the source folder (extensionDevelopmentPath), the tests' `run()` result
// comes back through window.codeAutomationExit, their output through codeAutomationLog.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { prepareProfile, startCodeServer } from './lib/code-server.mjs';
import { makeWorkspace } from './lib/fixture.mjs';
import { checkPrerequisites, EXTENSION_TESTS, ROOT } from './lib/paths.mjs';

/**
 * `untrusted: true` runs test/extension-host/untrusted.js with Workspace Trust on and the folder
 * not trusted (Restricted Mode); otherwise index.js in a trusted workspace.
 */
export async function runExtensionHostTests({ timeout = 360_000, untrusted = false } = {}) {
    checkPrerequisites({ vsix: false });
    const runDir = mkdtempSync(join(tmpdir(), 'campaign-eh-'));
    const workspace = await makeWorkspace();
    const profile = prepareProfile(runDir, untrusted
        ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }
        : {});
    const testsPath = untrusted ? EXTENSION_TESTS.replace(/index\.js$/, 'untrusted.js') : EXTENSION_TESTS;
    const started = Date.now();
    let server, browser;
    const lines = [];
    try {
        server = await startCodeServer({ workspace, profile, trust: !untrusted });
        browser = await launchBrowser();
        const { page } = browser;
        const exit = new Promise(resolve => {
            void page.exposeFunction('codeAutomationExit', code => resolve(code));
        });
        await page.exposeFunction('codeAutomationLog', (_type, args) => {
            const text = (Array.isArray(args) ? args : [args]).map(a => typeof a === 'string' ? a : JSON.stringify(a)).join(' ');
            lines.push(text);
            console.log(text);
        });
        const payload = [
            ['extensionDevelopmentPath', server.remote(ROOT)],
            ['extensionTestsPath', server.remote(testsPath)]
        ];
        await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
        let timer;
        const code = await Promise.race([
            exit,
            new Promise(resolve => { timer = setTimeout(() => resolve('timeout'), timeout); })
        ]);
        // A pending timer would keep Node alive for the rest of the timeout after the tests finished.
        clearTimeout(timer);
        if (code === 'timeout') console.log(`not ok - extension-host: the tests did not finish within ${timeout / 1000} s`);
        const summary = lines.map(l => /(\d+) passed, (\d+) failed/.exec(l)).filter(Boolean).at(-1);
        const passed = summary ? Number(summary[1]) : 0;
        const failed = summary ? Number(summary[2]) : 1;
        console.log(`extension-host${untrusted ? ' (untrusted)' : ''}: exit code ${code} after ${Date.now() - started} ms`);
        return { passed, failed: code === 0 ? failed : Math.max(failed, 1) };
    } finally {
        await browser?.context.close().catch(() => undefined);
        await server?.stop();
        rmSync(runDir, { recursive: true, force: true });
        rmSync(join(workspace, '..'), { recursive: true, force: true });
    }
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const result = await runExtensionHostTests({ untrusted: process.argv.includes('--untrusted') }).catch(error => {
        console.error(error.message);
        process.exit(error.prerequisite ? 2 : 1);
    });
    process.exitCode = result.failed > 0 ? 1 : 0;
}
