// Weights are validated one by one (finite, ≥ 0) and, when their sum overflows, scaled together:
// the reward is a finite number in [0, 1] whatever the weights (issue 10, defect 3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupRewards, rubricReward, rubricScore } from '../index.js';
import { normalizeEntities } from './normalize-entities.js';

const NAMES = ['Cologne', 'Rhine', 'North Sea', 'Düsseldorf', 'Bonn'];
const TEXT = '<think>Cologne lies on the Rhine, which flows into the North Sea.</think> \\boxed{North Sea}';

describe('weights whose sum overflows', () => {
  it.each([
    [[1e308, 1e308], 0.5],
    [[Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE], 1 / 3],
    [[1e308, 1e308, 0], 0.5],
    [[Number.MAX_VALUE, 1], 1],
  ])('%j: recall is the weighted share, finite (%d)', (weights, recall) => {
    // Only the first entity is in the text.
    const entities = weights.map((weight, i) => ({ name: i === 0 ? 'Rhine' : `Absent${i}`, weight }));
    const score = rubricScore('The Rhine.', entities);
    expect(score.recall).toBeCloseTo(recall, 12);
    const reward = rubricReward({ response: TEXT, answer: 'North Sea', entities });
    expect(Number.isFinite(reward.reward)).toBe(true);
  });

  it('keeps the ratios and leaves weights alone when the sum is finite', () => {
    const scaled = normalizeEntities([{ name: 'a', weight: 1e308 }, { name: 'b', weight: 1e308 }, { name: 'c', weight: 5e307 }]);
    expect(scaled.map((e) => e.weight / scaled[2]!.weight)).toEqual([2, 2, 1]);
    expect(Number.isFinite(scaled.reduce((a, e) => a + e.weight, 0))).toBe(true);
    expect(normalizeEntities([{ name: 'a', weight: 3 }, 'b']).map((e) => e.weight)).toEqual([3, 1]);
  });

  it('still refuses a weight that is not a finite number ≥ 0, naming it', () => {
    for (const weight of [Infinity, -1, Number.NaN]) {
      expect(() => normalizeEntities([{ name: 'a', weight }])).toThrow(/entities\[0\]\.weight/);
    }
  });
});

describe('property: the reward is finite and in [0, 1] for any weights', () => {
  const weight = fc.oneof(
    fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }),
    fc.constantFrom(0, Number.MIN_VALUE, 1, 1e308, Number.MAX_VALUE),
  );
  const chain = fc.array(fc.record({ name: fc.constantFrom(...NAMES), weight }), { minLength: 1, maxLength: 5 });

  it('rubricReward, every strategy, and the group maths', () => {
    fc.assert(
      fc.property(chain, fc.constantFrom('positive-only', 'mixed', 'negative-only', 'outcome-only') as fc.Arbitrary<'mixed'>, (entities, strategy) => {
        const results = [TEXT, 'The Rhine. \\boxed{Baltic Sea}', 'nothing'].map((response) => rubricReward({ response, answer: 'North Sea', entities }, { strategy }));
        for (const r of results) {
          for (const x of [r.reward, r.rubric, r.rubricDetail.recall]) {
            expect(Number.isFinite(x)).toBe(true);
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
          }
        }
        const { rewards, advantages } = groupRewards(results, { strategy });
        expect([...rewards, ...advantages].every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
