import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../language/runner/dialects/sqlite.js';

// The seeded sample's order must stay the md5 formula PostgreSQL computes with its md5(): the
// one-block JavaScript MD5 (the fast path) is checked against node:crypto on many inputs.
function reference(key: unknown, seed: unknown): number {
    return createHash('md5').update(`${String(seed)}:${String(key)}`, 'utf8').digest().readUInt32BE(0) / 0x100000000;
}

describe('seededRandom', () => {
    test('equals the first 32 bits of md5(seed:key) for short, long, non-ASCII and numeric keys', () => {
        const keys: unknown[] = [0, 1, -5, 3.25, 123456789012, null, '', 'é', 'naïve-ключ', 'x'.repeat(60)];
        // Around the one-block limit (55 bytes of text with the seed).
        for (let n = 40; n <= 60; n++) keys.push('k'.repeat(n));
        for (let i = 0; i < 5000; i++) keys.push(i * 7919, `key${i}`, (i * 2654435761 % 2 ** 32).toString(36).repeat(1 + (i % 4)));
        let checked = 0;
        for (const seed of ['7:tiers.fr', '1:x', '42:a.b']) {
            for (const key of keys) {
                expect(seededRandom(key, seed), `${seed}:${String(key)}`).toBe(reference(key, seed));
                checked++;
            }
        }
        expect(checked).toBeGreaterThan(45000);
    });

    test('is in [0, 1) and spreads keys', () => {
        const values = Array.from({ length: 1000 }, (_, i) => seededRandom(i, 'spread'));
        expect(values.every(v => v >= 0 && v < 1)).toBe(true);
        expect(values.filter(v => v < 0.5).length).toBeGreaterThan(400);
        expect(values.filter(v => v < 0.5).length).toBeLessThan(600);
    });
});
