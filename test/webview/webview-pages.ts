// For a vitest file of webview tests: the page server and Chromium, started before its tests and
// stopped after. Kept apart from harness.ts, which the graph benchmark bundles without vitest.
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch, openWebview, startServer, type Fixture } from './harness.js';

export function webviewPages(): { open(fixture: Fixture): Promise<Page> } {
    let browser: Browser | undefined;
    let server: Server | undefined;
    let url = '';
    beforeAll(async () => {
        ({ server, url } = await startServer());
        browser = await launch();
    });
    afterAll(async () => {
        await browser?.close();
        server?.close();
    });
    return {
        open: fixture => {
            if (!browser) throw new Error('Chromium is not running: webviewPages() must be called at the top of a test file');
            return openWebview(browser, url, fixture);
        }
    };
}
