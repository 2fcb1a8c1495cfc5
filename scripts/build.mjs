// Bundles with esbuild: the extension, the language server and the command line as CommonJS for Node.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const polyfill = require.resolve('../language/polyfills/object-group-by.cjs');

/** @type {import('esbuild').BuildOptions} */
const node = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    outdir: 'dist',
    external: ['vscode'],
    // Chevrotain needs Object.groupBy before any module body runs.
    inject: [polyfill],
    sourcemap: !minify,
    minify,
    logLevel: 'warning'
};

const entryPoints = { 'language-server': 'language/main.ts' };
const contexts = [await esbuild.context({ ...node, entryPoints })];

// The command line (the package's `campaign` bin): its own context for the shebang banner.
const pkg = JSON.parse(await import('node:fs').then(fs => fs.promises.readFile(new URL('../package.json', import.meta.url), 'utf8')));
contexts.push(await esbuild.context({
    ...node,
    entryPoints: { cli: 'language/cli/main.ts' },
    banner: { js: '#!/usr/bin/env node' },
    define: { CAMPAIGN_VERSION: JSON.stringify(pkg.version) }
}));

// The VS Code extension and its run worker (a worker_threads script: parses, compiles and runs
// campaigns on sql.js off the extension host's thread). sql.js finds its WASM beside the bundles.
contexts.push(await esbuild.context({
    ...node,
    // The extension needs no Langium (so no polyfill); the language client is a bundle of its own,
    // loaded after activation (extension/client-loader.ts).
    inject: [],
    entryPoints: { extension: 'extension/main.ts', 'language-client': 'extension/client.ts' },
    // When the bundle starts and ends loading: the activation benchmark counts module loading too.
    banner: { js: 'globalThis.__campaignStudioLoadStart ??= performance.now(); globalThis.__campaignStudioCpuStart ??= process.cpuUsage();' },
    footer: { js: 'globalThis.__campaignStudioLoadEnd ??= performance.now();' }
}));
contexts.push(await esbuild.context({ ...node, entryPoints: { 'run-worker': 'extension/run/run-worker.ts' } }));
const { copyFile, mkdir, writeFile } = await import('node:fs/promises');
await mkdir(new URL('../dist/', import.meta.url), { recursive: true });
await copyFile(require.resolve('sql.js/dist/sql-wasm.wasm'), new URL('../dist/sql-wasm.wasm', import.meta.url));
// The runner loads sql.js through createRequire, which esbuild cannot follow: ship the module
// itself where Node's resolution from dist/*.cjs finds it, since the .vsix has no node_modules.
await mkdir(new URL('../dist/node_modules/sql.js/dist/', import.meta.url), { recursive: true });
await copyFile(require.resolve('sql.js/dist/sql-wasm.js'), new URL('../dist/node_modules/sql.js/dist/sql-wasm.js', import.meta.url));
await writeFile(new URL('../dist/node_modules/sql.js/package.json', import.meta.url),
    JSON.stringify({ name: 'sql.js', main: './dist/sql-wasm.js' }, null, 2));

// The graph webview: one browser bundle with fixed names (dist/webview/index.js and index.css, no
// code splitting), and elkjs' layout worker beside it (started from a blob URL by the webview).
contexts.push(await esbuild.context({
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { index: 'webview/index.tsx' },
    outdir: 'dist/webview',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.svg': 'dataurl', '.woff2': 'dataurl' },
    sourcemap: !minify,
    minify: true,
    logLevel: 'warning'
}));
await mkdir(new URL('../dist/webview/', import.meta.url), { recursive: true });
await copyFile(require.resolve('elkjs/lib/elk-worker.min.js'), new URL('../dist/webview/elk-worker.js', import.meta.url));

for (const ctx of contexts) {
    if (watch) {
        await ctx.watch();
    } else {
        await ctx.rebuild();
        await ctx.dispose();
    }
}
