// The loader of the graph and compare panels (extension/webview-loader.ts): a page that does not say
// `ready` is set again, with growing patience, a bounded number of times. The webview and the log
// are stand-ins (the real code-server case is the extension-host test "webviews created while a
// comparison loads"); the clock is vitest's fake one, so nothing here depends on the machine's speed.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { LOAD_TIMEOUTS_MS, WebviewLoader } from '../../extension/webview-loader.js';

function fakes() {
    const pages: string[] = [];
    const warnings: string[] = [];
    let n = 0;
    const webview = { set html(value: string) { pages.push(value); } } as unknown as import('vscode').Webview;
    const log = { warn: (m: string) => warnings.push(m) } as unknown as import('vscode').LogOutputChannel;
    const loader = new WebviewLoader(webview, () => `page ${++n}`, log, 'compare webview (after)');
    return { pages, warnings, loader };
}

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('WebviewLoader', () => {
    test('a page that says ready in time is set once', () => {
        const { pages, loader } = fakes();
        loader.load();
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[0] - 1);
        loader.ready();
        vi.advanceTimersByTime(10 * LOAD_TIMEOUTS_MS[2]);
        expect(pages).toEqual(['page 1']);
        expect(loader.reloads).toEqual([]);
    });

    test('no ready: set again after 10 s, then 20 s, then 40 s, and then left alone', () => {
        const { pages, warnings, loader } = fakes();
        loader.load();
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[0]);
        expect(pages).toEqual(['page 1', 'page 2']);
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[1] - 1);
        expect(pages).toHaveLength(2);
        vi.advanceTimersByTime(1);
        expect(pages).toHaveLength(3);
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[2]);
        expect(pages).toHaveLength(4);
        vi.advanceTimersByTime(10 * LOAD_TIMEOUTS_MS[2]);
        expect(pages).toHaveLength(4);
        expect(loader.attempts).toBe(4);
        expect(warnings[0]).toBe("compare webview (after): no 'ready' after 10 s; loading the page again");
        // A late ready is still welcome.
        loader.ready();
    });

    test('a deliberate load (trust granted) starts a new series of retries', () => {
        const { pages, loader } = fakes();
        loader.load();
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[0] + LOAD_TIMEOUTS_MS[1] + LOAD_TIMEOUTS_MS[2]);
        expect(pages).toHaveLength(4);
        loader.ready();
        loader.load();
        expect(pages).toHaveLength(5);
        // Waits 10 s again, not forever as the fourth page of the first series did.
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[0]);
        expect(pages).toHaveLength(6);
        expect(loader.attempts).toBe(6);
        expect(loader.reloads).toHaveLength(4);
    });

    test('a hidden panel is not waited for: its wait starts again when it is shown', () => {
        const { pages, loader } = fakes();
        loader.load();
        loader.setVisible(false);
        vi.advanceTimersByTime(10 * LOAD_TIMEOUTS_MS[2]);
        expect(pages).toEqual(['page 1']);
        loader.setVisible(true);
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[0] - 1);
        expect(pages).toHaveLength(1);
        vi.advanceTimersByTime(1);
        expect(pages).toHaveLength(2);
        loader.ready();
        loader.setVisible(false);
        loader.setVisible(true);
        vi.advanceTimersByTime(10 * LOAD_TIMEOUTS_MS[2]);
        expect(pages).toHaveLength(2);
    });

    test('shown before the first load: nothing is set until load()', () => {
        const { pages, loader } = fakes();
        loader.setVisible(false);
        loader.setVisible(true);
        vi.advanceTimersByTime(10 * LOAD_TIMEOUTS_MS[2]);
        expect(pages).toEqual([]);
        expect(loader.attempts).toBe(0);
    });

    test('shown again after the series was used up: a new page and a new series', () => {
        const { pages, loader } = fakes();
        loader.load();
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[0] + LOAD_TIMEOUTS_MS[1] + LOAD_TIMEOUTS_MS[2]);
        expect(pages).toHaveLength(4);
        loader.setVisible(false);
        loader.setVisible(true);
        expect(pages).toHaveLength(5);
        vi.advanceTimersByTime(LOAD_TIMEOUTS_MS[0]);
        expect(pages).toHaveLength(6);
    });

    test('a failed resource reloads a running page once; a disposed loader does nothing', () => {
        const { pages, loader } = fakes();
        loader.load();
        loader.ready();
        expect(loader.resourceFailed('the layout worker')).toBe(true);
        loader.ready();
        expect(loader.resourceFailed('the layout worker')).toBe(false);
        expect(pages).toEqual(['page 1', 'page 2']);
        expect(loader.reloads).toEqual(['resource failed: the layout worker']);
        loader.load();
        loader.dispose();
        vi.advanceTimersByTime(10 * LOAD_TIMEOUTS_MS[2]);
        loader.load();
        expect(pages).toEqual(['page 1', 'page 2', 'page 3']);
    });
});
