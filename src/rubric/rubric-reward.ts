import { isEntityMatcher, type EntityMatcher, type EntityMatcherOptions, type GoldEntity } from '../entities/index.js';
import { ValidationError } from '../errors.js';
import { expectOptions } from '../response/arguments.js';
import { splitMessages, splitResponse, type ChatMessage, type Span, type SplitOptions } from '../response/index.js';
import { verifyAnswerWith } from '../verify/verify-answer.js';
import { goldAliases, verifyFinal, type GoldAnswer, type Verdict, type VerifyOptions } from '../verify/index.js';
import { DEFAULT_CACHES, matcherFor, type ScorerCaches } from './matcher-cache.js';
import { rubricScoreWith, type RubricScore } from './rubric-score.js';
import { checkStrategy, combine, isGated, type RewardStrategy } from './strategy.js';

/** Where the rubric reads the reasoning chain. */
export type RubricSource = 'reasoning' | 'content' | 'all';
const SOURCES: readonly RubricSource[] = ['reasoning', 'content', 'all'];

/** One rollout to score: a response (or a chat), the gold answer and the gold chain entities. */
export interface RewardInput {
  /** The raw response; may carry `<think>…</think>`. Give this or `messages`. */
  response?: string | undefined;
  /** An OpenAI-style chat; only assistant messages count. Give this or `response`. */
  messages?: readonly ChatMessage[] | undefined;
  answer: GoldAnswer;
  /** The gold chain e0 → e1 → … → answer, or a matcher compiled from it; may be omitted with strategy `'outcome-only'`. */
  entities?: readonly GoldEntity[] | EntityMatcher | undefined;
  question?: string | undefined;
}

export interface RewardOptions {
  /**
   * Weight of the rubric in the reward.
   * @default 0.3
   */
  eta?: number | undefined;
  /** @default 'positive-only' */
  strategy?: RewardStrategy | undefined;
  /** @default 'all' */
  rubricSource?: RubricSource | undefined;
  /** Retrieved-document and tool-call blocks to leave out (default: the common search-agent markers). */
  split?: SplitOptions | undefined;
  /** Options of the entity matcher (fuzzy matching, acronym case). */
  matcher?: EntityMatcherOptions | undefined;
  /** Options of the answer verifier. */
  verify?: Omit<VerifyOptions, 'question' | 'split'> | undefined;
}

/** The reward of one rollout, with everything that went into it. */
export interface RewardResult {
  reward: number;
  /** 1 when the final answer is correct, else 0. */
  outcome: number;
  /** Recall of the chain entities in the reasoning, in [0, 1]. */
  rubric: number;
  /** The correctness gate zeroed the reward (positive-only strategy, wrong answer). */
  gated: boolean;
  verdict: Verdict;
  rubricDetail: RubricScore;
}

/**
 * Scores one rollout: verifies the final answer (outcome), measures recall of the gold chain
 * entities in the reasoning (rubric), and combines them with the strategy; by default
 * `correct ? 0.7·outcome + 0.3·rubric : 0`.
 * @example
 * rubricReward({
 *   response: '<think>Cologne lies on the Rhine, which flows into the North Sea.</think> \\boxed{North Sea}',
 *   answer: 'North Sea',
 *   entities: ['Cologne', 'Rhine', 'North Sea'],
 * }).reward // 1
 */
export function rubricReward(input: RewardInput, rewardOptions?: RewardOptions | null): RewardResult {
  return rubricRewardWith(DEFAULT_CACHES, input, rewardOptions);
}

/** `rubricReward` compiling into a scorer's own caches (see `createScorer`). */
export function rubricRewardWith(caches: ScorerCaches, input: RewardInput, rewardOptions?: RewardOptions | null): RewardResult {
  // null means the defaults (a caller forwarding an absent JSON field); anything else must be an object.
  if (rewardOptions !== null) expectOptions(rewardOptions);
  const options = rewardOptions ?? {};
  const { eta, strategy } = checkStrategy(options.eta, options.strategy);
  const source = options.rubricSource ?? 'all';
  if (!SOURCES.includes(source)) {
    throw new ValidationError('INVALID_OPTIONS', [
      { path: ['rubricSource'], code: 'invalid_enum', message: `rubricSource must be one of ${SOURCES.join(', ')}, got ${String(source)}` },
    ]);
  }
  const chain = readChain(input, options.split);
  const gold = goldAliases(input.answer);
  if (input.entities === undefined && strategy !== 'outcome-only') {
    throw new ValidationError('INVALID_INPUT', [
      { path: ['entities'], code: 'missing', message: "required field is missing (it may be omitted only with strategy 'outcome-only')" },
    ]);
  }
  const entities = input.entities ?? [];
  if (!isEntityMatcher(entities) && !Array.isArray(entities)) {
    throw new ValidationError('INVALID_ENTITY', [{ path: ['entities'], code: 'invalid_type', message: 'expected an array of entities' }]);
  }
  const matcher = matcherFor(entities, options.matcher, caches.matchers);
  if (matcher.entities.length === 0 && strategy !== 'outcome-only') {
    throw new ValidationError('INVALID_ENTITY', [
      { path: ['entities'], code: 'empty', message: "at least one gold entity is needed for the rubric (or use strategy 'outcome-only')" },
    ]);
  }

  const verifyOptions = { ...options.verify, question: input.question, split: options.split };
  const verdict = chain.finalSpan === undefined
    ? verifyAnswerWith(caches.gold, chain.final, gold, verifyOptions)
    : verifyFinal(chain.text, chain.finalSpan, gold, verifyOptions, caches.gold);
  const ranges = source === 'reasoning' ? chain.reasoning : source === 'content' ? chain.content : mergeSpans(chain.reasoning, chain.content);
  const rubricDetail = rubricScoreWith(caches, chain.text, matcher, { ranges });
  const outcome = verdict.correct ? 1 : 0;
  const rubric = rubricDetail.recall;
  return { reward: combine(outcome, rubric, strategy, eta), outcome, rubric, gated: isGated(outcome, strategy), verdict, rubricDetail };
}

interface Chain {
  /** The text the mention spans point into: the response, or the joined assistant messages. */
  text: string;
  reasoning: Span[];
  content: Span[];
  /** What the verifier reads for the final answer. */
  final: string;
  /** For a response: its final region, already found by the split (so the verifier does not split again). */
  finalSpan?: Span | null;
}

function readChain(input: RewardInput, split: SplitOptions | undefined): Chain {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('INVALID_INPUT', [{ path: [], code: 'invalid_type', message: 'expected an object { response | messages, answer, entities }' }]);
  }
  const { response, messages } = input;
  if (response !== undefined && messages !== undefined) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['messages'], code: 'conflict', message: 'give either response or messages, not both' }]);
  }
  if (typeof response === 'string') {
    const parts = underPath('split', () => splitResponse(response, split));
    return { text: response, reasoning: parts.reasoning, content: parts.content, final: response, finalSpan: parts.final };
  }
  if (response !== undefined) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['response'], code: 'invalid_type', message: `expected a string, got ${typeof response}` }]);
  }
  if (!Array.isArray(messages)) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['response'], code: 'missing', message: 'either response (a string) or messages (an array) is required' }]);
  }
  messages.forEach((m: unknown, i) => {
    const role = typeof m === 'object' && m !== null ? (m as { role?: unknown }).role : undefined;
    if (role !== 'system' && role !== 'user' && role !== 'assistant' && role !== 'tool') {
      throw new ValidationError('INVALID_INPUT', [
        { path: ['messages', i, 'role'], code: 'invalid_enum', message: "role must be 'system', 'user', 'assistant' or 'tool'" },
      ]);
    }
    if (role !== 'assistant') return;
    // Checked here rather than left to splitMessages, which only knows the message's index:
    // the caller should read `messages[3].content`, not `[3].content`.
    for (const key of ['reasoning_content', 'content'] as const) {
      const value = (m as Record<string, unknown>)[key];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw new ValidationError('INVALID_INPUT', [{ path: ['messages', i, key], code: 'invalid_type', message: `${key} must be a string or null` }]);
      }
    }
  });
  const parts = underPath('split', () => splitMessages(messages, split));
  const last = messages[messages.length - 1];
  // The final answer is the last message's, and only when the assistant spoke last.
  const final = last?.role === 'assistant' && typeof last.content === 'string' ? last.content : '';
  return { text: parts.text, reasoning: parts.reasoning, content: parts.content, final };
}

/**
 * Runs `fn`, re-throwing a `ValidationError` about options with its paths under `key`: the
 * splitter names `exclude[0].open`, but the caller passed it as `split.exclude[0].open`.
 */
function underPath<T>(key: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof ValidationError) || error.code !== 'INVALID_OPTIONS') throw error;
    throw new ValidationError(error.code, error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })), { cause: error });
  }
}

/** Union of two sorted span lists, sorted. */
function mergeSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  return [...a, ...b].sort((x, y) => x.start - y.start);
}
