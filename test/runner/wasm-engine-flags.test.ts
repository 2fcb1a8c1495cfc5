import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WASM_ENGINE_FLAGS } from '../../language/runner/wasm-engine-flags.js';

describe('V8 settings for sql.js (wasm-engine-flags.ts)', () => {
    it('every flag is one this Node knows (V8 rejects an unknown one at launch)', () => {
        const child = spawnSync(process.execPath, [...WASM_ENGINE_FLAGS, '-e', '0'], { encoding: 'utf8' });
        expect(child.stderr).toBe('');
        expect(child.status).toBe(0);
    });

    it('an unknown flag is rejected, so the check above can fail', () => {
        const child = spawnSync(process.execPath, ['--wasm-no-such-setting', '-e', '0'], { encoding: 'utf8' });
        expect(child.status).not.toBe(0);
    });
});
