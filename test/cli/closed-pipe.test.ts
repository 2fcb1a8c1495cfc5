import { spawn } from 'node:child_process';
import { expect, test } from 'vitest';
import { distBundle } from '../dist-bundle.js';

// `campaign … | head` closes the pipe before the command has printed everything: the command ends
// quietly, as Unix tools do, instead of dying on an unhandled EPIPE with a stack trace.
test('a reader that closes standard output early ends the command quietly', async () => {
    const bin = distBundle('cli.cjs');
    const child = spawn(process.execPath, [bin, 'help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reading end is closed before the command writes: its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', chunk => { stderr += String(chunk); });
    const code = await new Promise<number | null>(resolve => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
    // 0 when `help` had finished before the closed pipe was noticed, 141 (128 + SIGPIPE) before.
    expect([0, 141]).toContain(code);
});
