// The packaged .vsix: what VS Code loads and nothing else, sql.js's WASM inside, at most 5 MB.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { VSIX } from './lib/paths.mjs';

const MAX_BYTES = 5 * 1024 * 1024;
const REQUIRED = [
    'extension/package.json', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/language-configuration.json',
    'extension/grammars/campaign.tmLanguage.json', 'extension/icons/campaign-file.svg',
    'extension/dist/extension.cjs', 'extension/dist/language-client.cjs', 'extension/dist/language-server.cjs', 'extension/dist/run-worker.cjs', 'extension/dist/sql-wasm.wasm',
    'extension/dist/webview/index.js', 'extension/dist/webview/index.css', 'extension/dist/webview/elk-worker.js'
];

export function checkPackage() {
    const results = [];
    const check = (name, fn) => {
        try {
            fn();
            results.push({ name, ok: true });
            console.log(`ok - package: ${name}`);
        } catch (error) {
            results.push({ name, ok: false });
            console.log(`not ok - package: ${name}\n  ${error.message}`);
        }
    };
    const size = statSync(VSIX).size;
    // `unzip -Z1` lists entry names; a .vsix is a zip file.
    const entries = execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).split('\n').filter(Boolean);
    check(`the .vsix is at most 5 MB (${(size / 1024 / 1024).toFixed(2)} MB)`, () => {
        if (size > MAX_BYTES) throw new Error(`${size} bytes`);
    });
    check('it carries the bundles, the grammar and sql.js\'s WASM', () => {
        const missing = REQUIRED.filter(f => !entries.includes(f));
        if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}`);
    });
    check('it carries no sources, source maps or node_modules (but sql.js, which the runner loads at run time)', () => {
        const extra = entries.filter(e => /\.map$|\/node_modules\/|\.ts$|\/test\/|\/language\//.test(e))
            .filter(e => !e.startsWith('extension/dist/node_modules/sql.js/'));
        if (extra.length > 0) throw new Error(`unexpected: ${extra.slice(0, 10).join(', ')}`);
    });
    return { passed: results.filter(r => r.ok).length, failed: results.filter(r => !r.ok).length, size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const { failed } = checkPackage();
    process.exitCode = failed > 0 ? 1 : 0;
}
