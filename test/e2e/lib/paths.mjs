// Where the end-to-end tests find things; one place so that the prerequisite messages agree.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CS_VERSION = process.env.CS_VERSION ?? '4.100.3';
export const CODE_SERVER = join(ROOT, '.e2e/code-server/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const VSIX = join(ROOT, 'campaign-studio.vsix');
export const FIXTURE_WORKSPACE = join(ROOT, 'test/e2e/workspace');
export const EXTENSION_TESTS = join(ROOT, 'test/extension-host/index.js');
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp/campaign-e2e';

export function extensionId() {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    return { id: `${pkg.publisher}.${pkg.name}`, version: pkg.version };
}

/** Fails with the command that installs whatever is missing. */
export function checkPrerequisites({ vsix = true } = {}) {
    const missing = [];
    if (!existsSync(CODE_SERVER) || !existsSync(join(ROOT, `.e2e/code-server/.e2e-installed-${CS_VERSION}`))) {
        missing.push(`code-server ${CS_VERSION} is not installed: run  npm run setup:e2e`);
    }
    if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} is missing: run  npm run setup:e2e  (or apt-get install -y chromium)`);
    if (!existsSync(join(ROOT, 'node_modules/playwright-core/package.json'))) missing.push('playwright-core is missing: run  npm ci');
    if (vsix && !existsSync(VSIX)) missing.push(`${VSIX} is missing: run  npm run package`);
    if (!existsSync(join(ROOT, 'dist/extension.cjs'))) missing.push('dist/extension.cjs is missing: run  npm run build');
    if (missing.length > 0) {
        const error = new Error(`end-to-end prerequisites missing:\n  ${missing.join('\n  ')}`);
        error.prerequisite = true;
        throw error;
    }
}
