import { combine, rubricReward, type RewardInput, type RewardOptions, type RewardResult } from '../../rubric/index.js';
import { checkStrategy, isGated, outcomeMatters } from '../../rubric/strategy.js';
import { checkJudgeOptions, decide, type AsyncVerdict, type JudgeCallOptions } from './verify-async.js';

export interface AsyncRewardOptions extends RewardOptions, JudgeCallOptions {}

/** A `RewardResult` whose outcome may come from the judge. */
export interface AsyncRewardResult extends Omit<RewardResult, 'verdict'> {
  verdict: AsyncVerdict;
}

/**
 * `rubricReward` with the outcome from `verifyAnswerAsync`: the rubric part is the same, the
 * outcome is the cascade's (or the judge's) verdict, recombined with the same strategy.
 * @example
 * const r = await rubricRewardAsync({ response, answer, entities, question }, { judge, eta: 0.3 });
 */
export async function rubricRewardAsync(input: RewardInput, options: AsyncRewardOptions = {}): Promise<AsyncRewardResult> {
  const { judge, mode, onJudgeError, signal, ...rewardOptions } = options;
  checkJudgeOptions({ judge, mode, onJudgeError });
  // Validates the input and options, and computes the rubric and the rule verdict.
  return settleReward(rubricReward(input, rewardOptions), input, options);
}

/** The fields of a scored rollout that `settleReward` replaces. */
type Settled = Pick<RewardResult, 'reward' | 'outcome' | 'gated'> & { verdict: AsyncVerdict };

/**
 * Settles a reward the rules already scored (`rubricReward`'s result for the same input and
 * options, or any object with its `verdict` and `rubric`): asks the judge as the mode says and
 * recomputes outcome, reward and gate; other fields are kept. The judge is not asked when the
 * outcome cannot change the reward (`mixed` with η = 1). For a service that scores with the
 * rules in worker threads and keeps one judge (one cache, one concurrency limit) in the main one.
 * @example
 * const scored = rubricReward(input, options);          // e.g. in a worker
 * const final = await settleReward(scored, input, { ...options, judge });
 */
export async function settleReward<R extends Pick<RewardResult, 'verdict' | 'rubric'>>(
  ruled: R,
  input: RewardInput,
  options: AsyncRewardOptions = {},
): Promise<Omit<R, keyof Settled> & Settled> {
  const { judge, mode, onJudgeError, signal } = options;
  checkJudgeOptions({ judge, mode, onJudgeError });
  const { eta, strategy } = checkStrategy(options.eta, options.strategy);
  // An outcome of weight 0 that no gate reads (mixed, η = 1) is not worth a judge call.
  if (!outcomeMatters(strategy, eta)) {
    const outcome = ruled.verdict.correct ? 1 : 0;
    return { ...ruled, reward: combine(outcome, ruled.rubric, strategy, eta), outcome, gated: isGated(outcome, strategy), verdict: { ...ruled.verdict, judged: false } };
  }
  const verdict = await decide(
    ruled.verdict,
    finalText(input),
    input.answer,
    { ...options.verify, question: input.question, split: options.split },
    { judge, mode, onJudgeError, signal },
  );
  const outcome = verdict.correct ? 1 : 0;
  return { ...ruled, reward: combine(outcome, ruled.rubric, strategy, eta), outcome, gated: isGated(outcome, strategy), verdict };
}

/**
 * What `rubricReward` gives the verifier: the response, or the last message's content when the
 * assistant spoke last (input already validated by `rubricReward`).
 */
function finalText(input: RewardInput): string {
  if (typeof input.response === 'string') return input.response;
  const last = input.messages?.[input.messages.length - 1];
  return last?.role === 'assistant' && typeof last.content === 'string' ? last.content : '';
}
