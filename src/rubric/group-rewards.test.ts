import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { advantagesOf, groupRewards, type GroupOptions } from './group-rewards.js';
import { rubricReward } from './rubric-reward.js';

type R = { outcome: number; rubric: number };
const r = (outcome: number, rubric: number): R => ({ outcome, rubric });

function expectClose(actual: number[], expected: number[], digits = 9): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(a, `index ${i}`).toBeCloseTo(expected[i]!, digits));
}

describe('groupRewards: rubric normalisation', () => {
  // The best rubric of the group is 0.5, so normalisation doubles every rubric.
  const group = [r(1, 0.5), r(1, 0.25), r(0, 0.4), r(0, 0)];

  it.each<{ name: string; options: GroupOptions; rewards: number[] }>([
    { name: 'default: normalised, positive-only, η 0.3', options: {}, rewards: [1, 0.85, 0, 0] },
    { name: 'normalisation off', options: { normalizeRubric: false }, rewards: [0.85, 0.775, 0, 0] },
    { name: 'mixed, normalised', options: { strategy: 'mixed' }, rewards: [1, 0.85, 0.24, 0] },
    { name: 'mixed, not normalised', options: { strategy: 'mixed', normalizeRubric: false }, rewards: [0.85, 0.775, 0.12, 0] },
    { name: 'negative-only, normalised, η 0.5', options: { strategy: 'negative-only', eta: 0.5 }, rewards: [1, 1, 0.4, 0] },
    { name: 'outcome-only ignores the rubric', options: { strategy: 'outcome-only' }, rewards: [1, 1, 0, 0] },
    { name: 'η 1: the normalised rubric alone', options: { eta: 1 }, rewards: [1, 0.5, 0, 0] },
  ])('$name', ({ options, rewards }) => {
    expectClose(groupRewards(group, options).rewards, rewards, 12);
  });

  it('leaves a group whose best rubric is 0 alone (no division by zero)', () => {
    const { rewards, advantages } = groupRewards([r(1, 0), r(0, 0), r(1, 0)]);
    expectClose(rewards, [0.7, 0, 0.7], 12);
    expect(advantages.every(Number.isFinite)).toBe(true);
  });

  it('a group whose best rubric is already 1 is unchanged by normalisation', () => {
    const group = [r(1, 1), r(1, 0.5), r(0, 0.2)];
    expect(groupRewards(group)).toEqual(groupRewards(group, { normalizeRubric: false }));
  });

  it('takes the results of rubricReward as they are', () => {
    const entities = ['Cologne', 'Rhine', 'Netherlands', 'North Sea'];
    const results = [
      '<think>Cologne lies on the Rhine.</think>\\boxed{North Sea}',
      '<think>Cologne.</think>\\boxed{North Sea}',
      '<think>Cologne, Rhine, Netherlands.</think>\\boxed{Baltic Sea}',
    ].map((response) => rubricReward({ response, answer: 'North Sea', entities }));
    expect(results.map((x) => [x.outcome, x.rubric])).toEqual([[1, 0.75], [1, 0.5], [0, 0.75]]);
    // Best rubric 0.75: the first becomes 1, the second 2/3.
    expectClose(groupRewards(results).rewards, [1, 0.7 + 0.3 * (2 / 3), 0], 12);
  });
});

describe('groupRewards: advantages', () => {
  it.each<{ name: string; group: R[]; options?: GroupOptions; rewards: number[]; advantages: number[] }>([
    {
      name: 'two right, two wrong',
      group: [r(1, 0), r(0, 0), r(1, 0), r(0, 0)],
      options: { strategy: 'outcome-only' },
      rewards: [1, 0, 1, 0],
      // mean 0.5, population std 0.5: ±0.5 / (0.5 + 1e-6)
      advantages: [0.999998000004, -0.999998000004, 0.999998000004, -0.999998000004],
    },
    {
      name: 'one right of three',
      group: [r(1, 0), r(0, 0), r(0, 0)],
      options: { strategy: 'outcome-only' },
      rewards: [1, 0, 0],
      // mean 1/3, population std √2/3
      advantages: [1.4142105623794592, -0.7071052811897295, -0.7071052811897295],
    },
    {
      name: 'rubric separates two right answers',
      group: [r(1, 1), r(1, 0.5), r(0, 0.9), r(0, 0)],
      rewards: [1, 0.85, 0, 0],
      advantages: [1.15459398894556, 0.8323817129607525, -0.9934878509531564, -0.9934878509531564],
    },
  ])('$name', ({ group, options, rewards, advantages }) => {
    const out = groupRewards(group, options);
    expectClose(out.rewards, rewards, 12);
    expectClose(out.advantages, advantages, 9);
  });

  it.each<{ name: string; group: R[]; options?: GroupOptions }>([
    { name: 'all right with the same rubric', group: [r(1, 0.5), r(1, 0.5), r(1, 0.5)] },
    { name: 'all wrong under positive-only, whatever the rubric', group: [r(0, 0.1), r(0, 0.9), r(0, 0.5)] },
    { name: 'all wrong under outcome-only', group: [r(0, 0.1), r(0, 0.9)], options: { strategy: 'outcome-only' } },
    { name: 'a single rollout', group: [r(1, 0.3)] },
  ])('equal rewards give zero advantages: $name', ({ group, options }) => {
    const { rewards, advantages } = groupRewards(group, options);
    expect(new Set(rewards).size).toBe(1);
    expect(advantages).toEqual(rewards.map(() => 0));
  });

  it('an empty group gives empty lists', () => {
    expect(groupRewards([])).toEqual({ rewards: [], advantages: [] });
    expect(advantagesOf([])).toEqual([]);
  });

  it('advantagesOf uses the population std', () => {
    // Rewards 0 and 2: mean 1, population std 1 (the sample std would be √2).
    expectClose(advantagesOf([0, 2]), [-1 / (1 + 1e-6), 1 / (1 + 1e-6)], 12);
  });
});

describe('groupRewards: validation', () => {
  function errorOf(fn: () => unknown): { code: string; path: string; message: string } {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { code: error.code, path: error.path, message: error.message };
    }
    throw new Error('expected a ValidationError');
  }
  const bad = (results: unknown, options?: unknown) => errorOf(() => groupRewards(results as R[], options as GroupOptions));

  it('results that are not an array', () => {
    expect(bad({ outcome: 1, rubric: 1 })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_INPUT",
        "message": "results: expected an array of reward results",
        "path": "results",
      }
    `);
  });

  it('an outcome out of range', () => {
    expect(bad([r(1, 0), r(2, 0)])).toMatchInlineSnapshot(`
      {
        "code": "INVALID_INPUT",
        "message": "results[1].outcome: outcome must be a number in [0, 1]",
        "path": "results[1].outcome",
      }
    `);
  });

  it.each<{ name: string; result: unknown; path: string }>([
    { name: 'a missing rubric', result: { outcome: 1 }, path: 'results[0].rubric' },
    { name: 'a NaN rubric', result: { outcome: 1, rubric: Number.NaN }, path: 'results[0].rubric' },
    { name: 'a negative rubric', result: { outcome: 1, rubric: -0.1 }, path: 'results[0].rubric' },
    { name: 'a string outcome', result: { outcome: '1', rubric: 0 }, path: 'results[0].outcome' },
    { name: 'null', result: null, path: 'results[0].outcome' },
  ])('$name → $path', ({ result, path }) => {
    expect(bad([result])).toMatchObject({ code: 'INVALID_INPUT', path });
  });

  it('bad options', () => {
    expect(bad([r(1, 0)], { eta: -1 })).toMatchObject({ code: 'INVALID_OPTIONS', path: 'eta' });
    expect(bad([r(1, 0)], { strategy: 'grpo' })).toMatchObject({ code: 'INVALID_OPTIONS', path: 'strategy' });
  });
});
