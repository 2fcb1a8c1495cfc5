// `npm run test:e2e`: the packaged .vsix, the UI in code-server, the extension-host API tests
// (trusted, then in Restricted Mode).
// Prints one plain `N passed, N failed` line at the end; a missing prerequisite fails with the
// command that installs it (`npm run setup:e2e`, `npm run package`).
import { runUiTests } from './code-server.e2e.mjs';
import { runExtensionHostTests } from './extension-host.e2e.mjs';
import { checkPrerequisites } from './lib/paths.mjs';
import { checkPackage } from './package-check.mjs';

try {
    checkPrerequisites({ vsix: true });
} catch (error) {
    console.error(error.message);
    process.exit(2);
}

const started = Date.now();
let passed = 0;
let failed = 0;
const add = result => {
    passed += result.passed;
    failed += result.failed;
};
add(checkPackage());
add(await runUiTests().then(s => ({ passed: s.passed, failed: s.failed })));
add(await runExtensionHostTests());
add(await runExtensionHostTests({ untrusted: true }));
console.log(`e2e: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = failed > 0 ? 1 : 0;
