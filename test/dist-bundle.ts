// The bundles in dist/ that some tests run as separate processes (the CLI bin, the language server).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '..');

/**
 * The absolute path of `dist/<name>`, built first when it is missing: `npm test` builds before
 * vitest, but a test file run alone (`npx vitest run test/cli/check.test.ts`) must not depend on it.
 */
export function distBundle(name: string): string {
    const bundle = join(REPO, 'dist', name);
    if (!existsSync(bundle)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    if (!existsSync(bundle)) throw new Error(`dist/${name} is missing after \`node scripts/build.mjs\``);
    return bundle;
}
