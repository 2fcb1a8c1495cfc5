// The host validates every message from the webview with parseWebviewMessage before use.
import { describe, expect, test } from 'vitest';
import { parseWebviewMessage } from '../../webview/protocol.js';

const uri = 'file:///w/a.campaign';
const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } };
const edit = (e: Record<string, unknown>) => ({ type: 'request', id: 3, method: 'applyGraphEdit', params: { uri, version: 4, edit: { campaign: 'c', ...e } } });

describe('parseWebviewMessage', () => {
    test('accepts every well-formed message', () => {
        const good: unknown[] = [
            { type: 'ready' }, { type: 'openProblems' }, { type: 'undo' }, { type: 'redo' },
            { type: 'reveal', uri, range }, { type: 'campaignSelected', uri, campaign: 'c' }, { type: 'log', level: 'warn', message: 'x' },
            { type: 'request', id: 1, method: 'getGraph', params: { uri } },
            { type: 'request', id: 2, method: 'testRun', params: { uri, campaign: 'c' } },
            { type: 'request', id: 3, method: 'previewRows', params: { uri, campaign: 'c', ref: 's.vip', limit: 50 } },
            edit({ op: 'addActivity', kind: 'wait', from: ['s.vip'], rewire: { target: 'd', ref: 's.vip' } }),
            edit({ op: 'connect', source: 'a', target: 'b' }),
            edit({ op: 'disconnect', source: 'a.out', target: 'b' }),
            edit({ op: 'deleteActivity', name: 'a' }),
            edit({ op: 'renameActivity', name: 'a', newName: 'b' }),
            edit({ op: 'setOption', activity: 'a', key: 'where', value: 'tier = gold' }),
            edit({ op: 'setOption', activity: 's', key: 'limit', value: null, segment: 'vip' }),
            { type: 'request', id: 4, method: 'checkGraphEdit', params: { uri, version: 4, edit: { op: 'setOption', campaign: 'c', activity: 'a', key: 'where', value: 'tier =' } } }
        ];
        for (const m of good) expect(parseWebviewMessage(m), JSON.stringify(m)).toBe(m);
    });

    test('rejects malformed messages', () => {
        const bad: unknown[] = [
            null, 'ready', [], { type: 'nope' }, { type: 'reveal', uri, range: { start: 1 } }, { type: 'log', level: 'debug', message: 'x' },
            { type: 'request', id: -1, method: 'getGraph', params: { uri } },
            { type: 'request', id: 1, method: 'eval', params: { uri } },
            { type: 'request', id: 1, method: 'getGraph', params: { uri: 5 } },
            { type: 'request', id: 1, method: 'previewRows', params: { uri, campaign: 'c', ref: 'a.b.c' } },
            edit({ op: 'teleport' }),
            edit({ op: 'connect', source: 'a; drop', target: 'b' }),
            edit({ op: 'renameActivity', name: 'a', newName: 'has space' }),
            edit({ op: 'setOption', activity: 'a', key: 'where', value: 'x'.repeat(200_000) }),
            edit({ op: 'setOption', activity: 'a', key: 'where', value: 3 }),
            edit({ op: 'addActivity', kind: 'wait', from: 'a' }),
            { type: 'request', id: 3, method: 'applyGraphEdit', params: { uri, version: 'x', edit: { op: 'deleteActivity', campaign: 'c', name: 'a' } } },
            // Only setOption values are checked live; other edits and bad values are refused.
            { type: 'request', id: 4, method: 'checkGraphEdit', params: { uri, version: 4, edit: { op: 'deleteActivity', campaign: 'c', name: 'a' } } },
            { type: 'request', id: 4, method: 'checkGraphEdit', params: { uri, version: 4, edit: { op: 'setOption', campaign: 'c', activity: 'a b', key: 'where', value: 'x' } } },
            { type: 'request', id: 4, method: 'checkGraphEdit', params: { uri, edit: { op: 'setOption', campaign: 'c', activity: 'a', key: 'where', value: 'x' } } }
        ];
        for (const m of bad) expect(parseWebviewMessage(m), JSON.stringify(m)?.slice(0, 80)).toBeUndefined();
    });
});
