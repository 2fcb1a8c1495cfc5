// Runs test/extension-host/compare.js in code-server's extension host (as extension-host.e2e.mjs
// runs index.js), on the fixture workspace made a git repository with two commits:
//   node test/extension-host/compare-run.js        (needs `node scripts/build.mjs` and `npm run setup:e2e`)
'use strict';

const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const SCHEMA = `entity Shopper table "customers" {
  key id: int
  email: string? @email
  tier: string
}
`;
const V1 = `${SCHEMA}
campaign spring {
  audience loyal: Shopper where tier = "gold"
  wait later from loyal for 2 days
  email offer from later { subject "Hi"; body "Hello" }
}
`;
const V2 = V1.replace('}\n', '}\n').replace(/\n}\n$/, '\n  email farewell from loyal { subject "Old"; body "Gone" }\n}\n');
// The working copy: later changed, offer only reformatted, farewell removed, fresh added.
const V3 = `${SCHEMA}
campaign spring {
  audience loyal: Shopper where tier = "gold"
  wait later from loyal for 3 days
  email offer from later {
    subject "Hi"
    body "Hello"
  }
  audience fresh: Shopper where tier = "silver"
}
`;
const NEW = `${SCHEMA.replace('Shopper', 'Visitor')}
campaign fresh {
  audience first: Visitor where tier = "gold"
  email second from first { subject "Welcome"; body "Hi" }
}
`;

function makeRepository(dir) {
    const git = (...args) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    writeFileSync(join(dir, '.gitignore'), 'data/\n');
    writeFileSync(join(dir, 'review.campaign'), V1);
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    writeFileSync(join(dir, 'review.campaign'), V2);
    git('commit', '-q', '-am', 'second: farewell');
    git('tag', 'v2');
    writeFileSync(join(dir, 'review.campaign'), V3);
    writeFileSync(join(dir, 'new.campaign'), NEW);
}

async function main() {
    const { launchBrowser } = await import('../e2e/lib/browser.mjs');
    const { prepareProfile, startCodeServer } = await import('../e2e/lib/code-server.mjs');
    const { makeWorkspace } = await import('../e2e/lib/fixture.mjs');
    const { checkPrerequisites, ROOT } = await import('../e2e/lib/paths.mjs');
    checkPrerequisites({ vsix: false });
    const runDir = mkdtempSync(join(tmpdir(), 'campaign-compare-'));
    const workspace = await makeWorkspace();
    makeRepository(workspace);
    const profile = prepareProfile(runDir, {});
    let server, browser;
    const lines = [];
    try {
        server = await startCodeServer({ workspace, profile });
        browser = await launchBrowser();
        const { page } = browser;
        const exit = new Promise(resolve => void page.exposeFunction('codeAutomationExit', code => resolve(code)));
        if (process.env.COMPARE_DEBUG) {
            page.on('console', m => console.log(`[console ${m.type()} ${m.location().url?.slice(0, 120)}] ${m.text()}`));
            page.on('pageerror', e => console.log(`[pageerror] ${e.message}`));
            page.on('requestfailed', r => console.log(`[requestfailed] ${r.url().slice(0, 200)} ${r.failure()?.errorText}`));
            page.on('response', r => { if (r.status() >= 400) console.log(`[response ${r.status()}] ${r.url().slice(0, 200)}`); });
            browser.context.on('serviceworker', w => console.log(`[serviceworker] ${w.url().slice(0, 200)}`));
        }
        await page.exposeFunction('codeAutomationLog', async (_type, args) => {
            const text = (Array.isArray(args) ? args : [args]).map(a => typeof a === 'string' ? a : JSON.stringify(a)).join(' ');
            lines.push(text);
            console.log(text);
            if (text.includes('[compare] diagnose')) {
                for (const f of page.frames()) {
                    const title = await f.frameElement().then(e => e.getAttribute('title')).catch(() => '');
                    const body = await f.evaluate(() => document.body ? document.body.innerText.slice(0, 80) : '(no body)').catch(e => `(${e.message.slice(0, 60)})`);
                    console.log(`[frame] ${f.url().slice(0, 160)} title=${title} body=${JSON.stringify(body)}`);
                }
            }
            const pick = /\[compare\] quickpick (\S+) (\S+)/.exec(text);
            if (pick) {
                // The real QuickPick of "Compare Graph with Revision…": its rows go to a file the test
                // reads, then the revision is typed and chosen as a user would.
                const [, revision, file] = pick;
                const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
                try {
                    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'HEAD' }).first().waitFor({ timeout: 30_000 });
                    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'first' }).first().waitFor({ timeout: 30_000 });
                    const title = await page.locator('.quick-input-widget .quick-input-title').innerText().catch(() => '');
                    writeFileSync(file, JSON.stringify({ title, rows: await rows.allInnerTexts() }));
                    await page.locator('.quick-input-widget input').fill(revision);
                    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: revision }).first().waitFor();
                    await page.keyboard.press('Enter');
                } catch (error) {
                    writeFileSync(file, JSON.stringify({ error: String(error && error.message || error) }));
                    await page.keyboard.press('Escape');
                }
            }
            if (text.includes('[compare] screenshot')) {
                // Let the webviews paint and lay out first.
                await new Promise(resolve => setTimeout(resolve, 2500));
                await page.screenshot({ path: process.env.COMPARE_SCREENSHOT ?? '/tmp/compare-code-server.png' }).catch(e => console.log(`screenshot failed: ${e.message}`));
            }
        });
        const payload = [
            ['extensionDevelopmentPath', server.remote(ROOT)],
            ['extensionTestsPath', server.remote(join(ROOT, 'test/extension-host/compare.js'))]
        ];
        await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
        let timer;
        const code = await Promise.race([exit, new Promise(resolve => { timer = setTimeout(() => resolve('timeout'), 600_000); })]);
        // A pending timer would keep Node alive for the rest of the ten minutes.
        clearTimeout(timer);
        const summary = lines.map(l => /(\d+) passed, (\d+) failed/.exec(l)).filter(Boolean).at(-1);
        console.log(`extension-host (compare): exit code ${code}`);
        return code === 0 && summary && Number(summary[2]) === 0 ? 0 : 1;
    } finally {
        await browser?.context.close().catch(() => undefined);
        await server?.stop();
        rmSync(runDir, { recursive: true, force: true });
        rmSync(join(workspace, '..'), { recursive: true, force: true });
    }
}

main().then(code => { process.exitCode = code; }, error => {
    console.error(error && error.stack || error);
    process.exitCode = error && error.prerequisite ? 2 : 1;
});
