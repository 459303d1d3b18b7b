import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { checkStrategy, combine, DEFAULT_ETA, isGated, STRATEGIES, type RewardStrategy } from './strategy.js';

interface Row {
  strategy: RewardStrategy;
  eta: number;
  outcome: number;
  rubric: number;
  reward: number;
}

// Every strategy at the edges and in the middle of eta, for a right and a wrong answer; the
// expected rewards are worked out by hand from the formulas in DESIGN.md.
const rows: Row[] = [
  { strategy: 'positive-only', eta: 0.3, outcome: 1, rubric: 0.5, reward: 0.85 },
  { strategy: 'positive-only', eta: 0.3, outcome: 1, rubric: 0, reward: 0.7 },
  { strategy: 'positive-only', eta: 0.3, outcome: 1, rubric: 1, reward: 1 },
  { strategy: 'positive-only', eta: 0.3, outcome: 0, rubric: 1, reward: 0 },
  { strategy: 'positive-only', eta: 0, outcome: 1, rubric: 0.5, reward: 1 },
  { strategy: 'positive-only', eta: 1, outcome: 1, rubric: 0.25, reward: 0.25 },
  { strategy: 'positive-only', eta: 1, outcome: 0, rubric: 0.25, reward: 0 },
  { strategy: 'mixed', eta: 0.3, outcome: 1, rubric: 0.5, reward: 0.85 },
  { strategy: 'mixed', eta: 0.3, outcome: 0, rubric: 0.5, reward: 0.15 },
  { strategy: 'mixed', eta: 0.3, outcome: 0, rubric: 0, reward: 0 },
  { strategy: 'mixed', eta: 0, outcome: 0, rubric: 1, reward: 0 },
  { strategy: 'mixed', eta: 1, outcome: 1, rubric: 0.25, reward: 0.25 },
  { strategy: 'mixed', eta: 0.5, outcome: 0, rubric: 0.8, reward: 0.4 },
  { strategy: 'negative-only', eta: 0.3, outcome: 1, rubric: 0.5, reward: 1 },
  { strategy: 'negative-only', eta: 0.3, outcome: 1, rubric: 0, reward: 1 },
  { strategy: 'negative-only', eta: 0.3, outcome: 0, rubric: 0.5, reward: 0.15 },
  { strategy: 'negative-only', eta: 1, outcome: 0, rubric: 0.5, reward: 0.5 },
  { strategy: 'negative-only', eta: 0, outcome: 0, rubric: 0.5, reward: 0 },
  { strategy: 'outcome-only', eta: 0.3, outcome: 1, rubric: 0, reward: 1 },
  { strategy: 'outcome-only', eta: 0.3, outcome: 0, rubric: 1, reward: 0 },
  { strategy: 'outcome-only', eta: 1, outcome: 1, rubric: 0, reward: 1 },
];

describe('combine', () => {
  it.each(rows)('$strategy η=$eta o=$outcome r=$rubric → $reward', ({ strategy, eta, outcome, rubric, reward }) => {
    expect(combine(outcome, rubric, strategy, eta)).toBeCloseTo(reward, 12);
  });

  it('positive-only and mixed agree on a right answer, differ on a wrong one', () => {
    expect(combine(1, 0.4, 'positive-only', 0.3)).toBe(combine(1, 0.4, 'mixed', 0.3));
    expect(combine(0, 0.4, 'positive-only', 0.3)).toBe(0);
    expect(combine(0, 0.4, 'mixed', 0.3)).toBeCloseTo(0.12, 12);
  });
});

describe('isGated', () => {
  it.each<{ strategy: RewardStrategy; outcome: number; gated: boolean }>([
    { strategy: 'positive-only', outcome: 0, gated: true },
    { strategy: 'positive-only', outcome: 1, gated: false },
    { strategy: 'mixed', outcome: 0, gated: false },
    { strategy: 'negative-only', outcome: 0, gated: false },
    { strategy: 'outcome-only', outcome: 0, gated: false },
    { strategy: 'outcome-only', outcome: 1, gated: false },
  ])('$strategy with outcome $outcome → $gated', ({ strategy, outcome, gated }) => {
    expect(isGated(outcome, strategy)).toBe(gated);
  });
});

describe('checkStrategy', () => {
  it('defaults to eta 0.3 and positive-only', () => {
    expect(DEFAULT_ETA).toBe(0.3);
    expect(checkStrategy(undefined, undefined)).toEqual({ eta: 0.3, strategy: 'positive-only' });
  });

  it.each(STRATEGIES.flatMap((strategy) => [0, 0.3, 1].map((eta) => ({ strategy, eta }))))('accepts $strategy with eta $eta', ({ strategy, eta }) => {
    expect(checkStrategy(eta, strategy)).toEqual({ eta, strategy });
  });

  it.each<{ name: string; eta: unknown; strategy: unknown; path: string }>([
    { name: 'eta above 1', eta: 2, strategy: undefined, path: 'eta' },
    { name: 'eta below 0', eta: -0.1, strategy: undefined, path: 'eta' },
    { name: 'eta NaN', eta: Number.NaN, strategy: undefined, path: 'eta' },
    { name: 'eta Infinity', eta: Number.POSITIVE_INFINITY, strategy: undefined, path: 'eta' },
    { name: 'eta as a string', eta: '0.3', strategy: undefined, path: 'eta' },
    { name: 'an unknown strategy', eta: undefined, strategy: 'positive', path: 'strategy' },
    { name: 'a strategy of the wrong type', eta: undefined, strategy: 1, path: 'strategy' },
  ])('rejects $name', ({ eta, strategy, path }) => {
    let caught: unknown;
    try {
      checkStrategy(eta, strategy);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).code).toBe('INVALID_OPTIONS');
    expect((caught as ValidationError).path).toBe(path);
  });
});
