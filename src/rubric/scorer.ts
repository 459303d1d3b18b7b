import type { EntityMatcher, GoldEntity } from '../entities/index.js';
import { ValidationError } from '../errors.js';
import { expectOptions } from '../response/arguments.js';
import { boundedCache, DEFAULT_CACHE_SIZE } from '../verify/cache.js';
import type { GoldAnswer, Verdict, VerifyOptions } from '../verify/index.js';
import { verifyAnswerWith } from '../verify/verify-answer.js';
import { DEFAULT_CACHES, type ScorerCaches } from './matcher-cache.js';
import { rubricRewardWith, type RewardInput, type RewardOptions, type RewardResult } from './rubric-reward.js';
import { rubricScoreWith, type RubricScore, type RubricScoreOptions } from './rubric-score.js';

export interface ScorerOptions {
  /**
   * How many compiled gold answers, and how many compiled entity lists, the scorer keeps (least
   * recently used dropped first); 0 keeps none and compiles on every call.
   * @default 2048
   */
  cacheSize?: number | undefined;
}

/** How full a scorer's caches are. */
export interface CacheStats {
  /** Compiled gold answers (the verifier's). */
  golds: number;
  /** Compiled entity lists (the rubric's). */
  matchers: number;
  /** The most each cache keeps. */
  max: number;
}

/** The scoring functions bound to their own caches, which can be sized, inspected and cleared. */
export interface Scorer {
  /** `verifyAnswer`, compiling gold answers into this scorer's cache. */
  verifyAnswer(response: string, gold: GoldAnswer, options?: VerifyOptions): Verdict;
  /** `rubricScore`, compiling entity lists into this scorer's cache. */
  rubricScore(text: string, entities: readonly GoldEntity[] | EntityMatcher, options?: RubricScoreOptions): RubricScore;
  /** `rubricReward`, with both caches of this scorer. */
  rubricReward(input: RewardInput, options?: RewardOptions | null): RewardResult;
  /** Empties both caches (a long-running service between datasets, a test between cases). */
  clearCache(): void;
  /** How many entries each cache holds now. */
  cacheStats(): CacheStats;
}

/**
 * Creates a scorer with caches of its own: `verifyAnswer`, `rubricScore` and `rubricReward` as
 * methods, plus `clearCache` and `cacheStats`. The top-level functions share `defaultScorer`'s.
 * @example
 * const scorer = createScorer({ cacheSize: 256 });
 * scorer.rubricReward({ response, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] });
 * scorer.cacheStats(); // { golds: 1, matchers: 1, max: 256 }
 */
export function createScorer(options?: ScorerOptions): Scorer {
  expectOptions(options);
  const size = options?.cacheSize ?? DEFAULT_CACHE_SIZE;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ValidationError('INVALID_OPTIONS', [
      { path: ['cacheSize'], code: 'out_of_range', message: `cacheSize must be a whole number ≥ 0, got ${String(size)}` },
    ]);
  }
  return scorerOver({ gold: boundedCache(size), matchers: boundedCache(size) }, size);
}

function scorerOver(caches: ScorerCaches, max: number): Scorer {
  return {
    verifyAnswer: (response, gold, options) => verifyAnswerWith(caches.gold, response, gold, options),
    rubricScore: (text, entities, options) => rubricScoreWith(caches, text, entities, options),
    rubricReward: (input, options) => rubricRewardWith(caches, input, options),
    clearCache: () => {
      caches.gold.clear();
      caches.matchers.clear();
    },
    cacheStats: () => ({ golds: caches.gold.size, matchers: caches.matchers.size, max }),
  };
}

/** The scorer behind the top-level `verifyAnswer`, `rubricScore` and `rubricReward`: clear or inspect their caches here. */
export const defaultScorer: Scorer = scorerOver(DEFAULT_CACHES, DEFAULT_CACHE_SIZE);
