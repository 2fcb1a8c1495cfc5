// Runs `langium generate` with the Node 20 polyfill loaded; with --check, fails when the committed
// generated files differ from what the grammar generates (generated code is never edited by hand).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, cpSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const cli = 'node_modules/langium-cli/bin/langium.js';
const polyfill = require.resolve('../language/polyfills/object-group-by.cjs');
const generatedDirs = ['language/generated'];
const generatedFiles = ['grammars/campaign.tmLanguage.json'];

function generate() {
    execFileSync(process.execPath, ['-r', polyfill, cli, 'generate'], { stdio: 'inherit' });
}

function snapshot() {
    const files = new Map();
    for (const dir of generatedDirs) {
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir)) files.set(join(dir, name), readFileSync(join(dir, name), 'utf8'));
    }
    for (const file of generatedFiles) if (existsSync(file)) files.set(file, readFileSync(file, 'utf8'));
    return files;
}

if (process.argv.includes('--check')) {
    const before = snapshot();
    const backup = mkdtempSync(join(tmpdir(), 'langium-check-'));
    for (const dir of generatedDirs) if (existsSync(dir)) cpSync(dir, join(backup, dir), { recursive: true });
    generate();
    const after = snapshot();
    const drift = [...new Set([...before.keys(), ...after.keys()])].filter(f => before.get(f) !== after.get(f));
    rmSync(backup, { recursive: true, force: true });
    if (drift.length > 0) {
        console.error(`Generated files differ from the grammar: ${drift.join(', ')}\nRun \`npm run langium:generate\` and commit the result.`);
        process.exit(1);
    }
    console.log('Generated files match the grammar.');
} else {
    generate();
}
