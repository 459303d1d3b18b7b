import { ValidationError } from '../errors.js';

/** How the outcome and the rubric combine into a reward (o = outcome, r = rubric, η = eta). */
export type RewardStrategy = 'positive-only' | 'mixed' | 'negative-only' | 'outcome-only';

export const STRATEGIES: readonly RewardStrategy[] = ['positive-only', 'mixed', 'negative-only', 'outcome-only'];
export const DEFAULT_ETA = 0.3;

/**
 * Combines outcome and rubric:
 * - `positive-only`: o > 0 ? (1−η)·o + η·r : 0 (the rubric only ever adds to a correct answer)
 * - `mixed`: (1−η)·o + η·r
 * - `negative-only`: o > 0 ? o : η·r
 * - `outcome-only`: o
 */
export function combine(outcome: number, rubric: number, strategy: RewardStrategy, eta: number): number {
  switch (strategy) {
    case 'positive-only':
      return outcome > 0 ? (1 - eta) * outcome + eta * rubric : 0;
    case 'mixed':
      return (1 - eta) * outcome + eta * rubric;
    case 'negative-only':
      return outcome > 0 ? outcome : eta * rubric;
    case 'outcome-only':
      return outcome;
  }
}

/**
 * Whether the outcome can change the reward: not under `mixed` with η = 1 (reward = rubric), where
 * its weight is 0 and no gate reads it. The other strategies gate on it or weigh it. A judge is
 * not asked about an outcome that cannot matter (issue 25).
 */
export function outcomeMatters(strategy: RewardStrategy, eta: number): boolean {
  return !(strategy === 'mixed' && eta >= 1);
}

/** Whether the correctness gate zeroed the reward (positive-only and a wrong answer). */
export function isGated(outcome: number, strategy: RewardStrategy): boolean {
  return strategy === 'positive-only' && outcome <= 0;
}

/** Validates `eta` and `strategy`, naming the option at fault. */
export function checkStrategy(eta: unknown, strategy: unknown): { eta: number; strategy: RewardStrategy } {
  const e = eta ?? DEFAULT_ETA;
  if (typeof e !== 'number' || !Number.isFinite(e) || e < 0 || e > 1) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: ['eta'], code: 'out_of_range', message: `eta must be a number in [0, 1], got ${String(eta)}` }]);
  }
  const s = strategy ?? 'positive-only';
  if (!STRATEGIES.includes(s as RewardStrategy)) {
    throw new ValidationError('INVALID_OPTIONS', [
      { path: ['strategy'], code: 'invalid_enum', message: `strategy must be one of ${STRATEGIES.join(', ')}, got ${String(strategy)}` },
    ]);
  }
  return { eta: e, strategy: s as RewardStrategy };
}
