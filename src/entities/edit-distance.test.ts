import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { osaDistance } from './edit-distance.js';

describe('osaDistance', () => {
  it.each<[string, string, number]>([
    ['einstein', 'einstein', 0],
    ['einstien', 'einstein', 1], // a swap is one edit
    ['eisntien', 'einstein', 2],
    ['tchaikovksy', 'tchaikovsky', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['ca', 'abc', 3], // optimal string alignment edits no substring twice (Damerau would say 2)
  ])('%s / %s = %i', (a, b, d) => {
    expect(osaDistance(a, b)).toBe(d);
    expect(osaDistance(b, a)).toBe(d);
  });

  it('stops at max + 1', () => {
    expect(osaDistance('abcdefgh', 'hgfedcba', 1)).toBe(2);
    expect(osaDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('is symmetric, at most Levenshtein, 0 only for equal words, and capped by max', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 });
    fc.assert(
      fc.property(word, word, fc.nat({ max: 4 }), (a, b, max) => {
        const d = osaDistance(a, b);
        expect(osaDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(distance(a, b));
        expect(d === 0).toBe(a === b);
        expect(osaDistance(a, b, max)).toBe(Math.min(d, max + 1));
      }),
      { numRuns: 2000 },
    );
  });
});
