import { describe, expect, test, vi } from 'vitest';
import { Funnel } from '../../language/graph/funnel.js';

describe('Funnel', () => {
    test('one flush per quiet period, keeping the last value per key', () => {
        vi.useFakeTimers();
        const flushed: [string, number][][] = [];
        const funnel = new Funnel<string, number>(m => flushed.push([...m]), 120, 400);
        funnel.push('a', 1);
        vi.advanceTimersByTime(100);
        funnel.push('a', 2);
        funnel.push('b', 1);
        vi.advanceTimersByTime(119);
        expect(flushed).toEqual([]);
        vi.advanceTimersByTime(1);
        expect(flushed).toEqual([[['a', 2], ['b', 1]]]);
        vi.useRealTimers();
    });

    test('a steady stream of keystrokes still flushes within the cap', () => {
        vi.useFakeTimers();
        const times: number[] = [];
        const start = Date.now();
        const funnel = new Funnel<string, number>(() => times.push(Date.now() - start), 120, 400);
        for (let t = 0; t < 1000; t += 50) {
            funnel.push('a', t);
            vi.advanceTimersByTime(50);
        }
        expect(times[0]).toBe(400);
        expect(times.length).toBeGreaterThanOrEqual(2);
        funnel.dispose();
        vi.useRealTimers();
    });
});
