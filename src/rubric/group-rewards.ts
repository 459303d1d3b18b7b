import { ValidationError } from '../errors.js';
import { expectOptions } from '../response/arguments.js';
import type { RewardResult } from './rubric-reward.js';
import { checkStrategy, combine, type RewardStrategy } from './strategy.js';

export interface GroupOptions {
  /** @default 0.3 */
  eta?: number | undefined;
  /** @default 'positive-only' */
  strategy?: RewardStrategy | undefined;
  /**
   * Divide each rubric by the group's best rubric before combining.
   * @default true
   */
  normalizeRubric?: boolean | undefined;
}

export interface GroupRewards {
  rewards: number[];
  /** GRPO advantages: (reward − mean) / (std + 1e-6), population std; all 0 when the rewards are equal. */
  advantages: number[];
}

/**
 * Rewards and GRPO advantages for the rollouts of one group (one question), with the rubric
 * max-normalised across the group.
 * @example
 * const results = rollouts.map((response) => rubricReward({ response, answer, entities }));
 * const { rewards, advantages } = groupRewards(results);
 */
export function groupRewards(results: readonly Pick<RewardResult, 'outcome' | 'rubric'>[], groupOptions?: GroupOptions | null): GroupRewards {
  if (!Array.isArray(results)) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['results'], code: 'invalid_type', message: 'expected an array of reward results' }]);
  }
  if (groupOptions !== null) expectOptions(groupOptions);
  const options = groupOptions ?? {};
  const { eta, strategy } = checkStrategy(options.eta, options.strategy);
  // A plain loop over the indices: holes of a sparse array are checked too, not skipped.
  let best = 0;
  for (let i = 0; i < results.length; i++) {
    const r = results[i] as Partial<Record<string, unknown>> | null | undefined;
    for (const field of ['outcome', 'rubric'] as const) {
      const v = r?.[field];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
        throw new ValidationError('INVALID_INPUT', [{ path: ['results', i, field], code: 'out_of_range', message: `${field} must be a number in [0, 1]` }]);
      }
    }
    best = Math.max(best, results[i]!.rubric);
  }
  const normalize = (options.normalizeRubric ?? true) && best > 0;
  const rewards: number[] = [];
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    rewards.push(combine(r.outcome, normalize ? r.rubric / best : r.rubric, strategy, eta));
  }
  return { rewards, advantages: advantagesOf(rewards) };
}

/** GRPO advantages of a group's rewards. */
export function advantagesOf(rewards: readonly number[]): number[] {
  const n = rewards.length;
  if (n === 0) return [];
  const mean = rewards.reduce((a, b) => a + b, 0) / n;
  if (rewards.every((r) => r === rewards[0])) return rewards.map(() => 0);
  const std = Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / n);
  return rewards.map((r) => (r - mean) / (std + 1e-6));
}
