import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoff, LatencyRecorder, retryAfter, sleep, untilAborted } from './index.js';

describe('LatencyRecorder', () => {
  it('keeps cumulative buckets that end at the count of values within the last bound', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 200, noNaN: true })), (values) => {
        const h = new LatencyRecorder([1, 10, 100]);
        for (const v of values) h.observe(v);
        const s = h.snapshot();
        expect(s.count).toBe(values.length);
        expect(s.buckets.map((b) => b.count)).toEqual([1, 10, 100].map((le) => values.filter((v) => v <= le).length));
      }),
    );
  });
});

describe('backoff and Retry-After', () => {
  it.each([
    ['2', 2000],
    ['0', 0],
    ['', undefined],
    ['soon', undefined],
  ])('Retry-After %j is %s ms', (value, ms) => {
    expect(retryAfter(value)).toBe(ms);
  });

  it('stays within [ceiling/2, ceiling] and honours Retry-After up to the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), (attempt) => {
        const ceiling = Math.min(1000, 10 * 2 ** attempt);
        const d = backoff(attempt, undefined, 10, 1000);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
        expect(backoff(attempt, 5000, 10, 1000)).toBe(1000);
      }),
    );
  });
});

describe('abort helpers', () => {
  it('untilAborted and sleep reject with the signal reason', async () => {
    const controller = new AbortController();
    const never = new Promise<never>(() => {});
    const racing = untilAborted(never, controller.signal);
    const sleeping = sleep(60_000, controller.signal);
    controller.abort(new Error('gone'));
    await expect(racing).rejects.toThrow('gone');
    await expect(sleeping).rejects.toThrow('gone');
  });
});
