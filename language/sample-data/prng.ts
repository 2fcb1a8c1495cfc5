/**
 * A tiny seeded pseudo-random generator, so that sample data is the same on every machine for a
 * given seed. It is mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by a
 * Weyl sequence and finalised by a multiply-xorshift mix. It passes gjrand's and PractRand's
 * small tests, which is far more than fake retail data needs, and it is a few lines that cannot
 * drift with a dependency's version.
 */
export class Prng {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** A float in [0, 1). */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    /** An integer in [min, max], both included. */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    /** True with probability `p`. */
    chance(p: number): boolean {
        return this.next() < p;
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.next() * items.length)];
    }

    /** One of `items`, drawn with the given relative weights. */
    weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
        let total = 0;
        for (const [, w] of items) total += w;
        let r = this.next() * total;
        for (const [item, w] of items) {
            r -= w;
            if (r < 0) return item;
        }
        return items[items.length - 1][0];
    }

    /** Hex digits, for tokens. */
    hex(length: number): string {
        let out = '';
        while (out.length < length) out += Math.floor(this.next() * 4294967296).toString(16).padStart(8, '0');
        return out.slice(0, length);
    }
}

/**
 * A seed given on the command line: a whole number is used as is (mod 2^32), any other text is
 * hashed (FNV-1a), so `--seed spring` works too.
 */
export function seedFrom(value: string | number): number {
    if (typeof value === 'number' || /^\d+$/.test(value)) return Number(value) >>> 0;
    let h = 0x811c9dc5;
    for (let i = 0; i < value.length; i++) {
        h ^= value.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
