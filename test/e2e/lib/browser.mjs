// Debian's chromium driven by playwright-core (no browser download).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './paths.mjs';

export async function launchBrowser() {
    // A persistent context, not launch() + --user-data-dir, which Playwright rejects.
    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'campaign-chromium-')), {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1500, height: 950 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    const page = context.pages()[0] ?? await context.newPage();
    return { context, page };
}
