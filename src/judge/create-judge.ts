// The LLM judge: the shared chat client (HTTP, retries, timeouts, concurrency, stats), a
// single-flight cache in front of it, and the judge's own prompt and reply parser.
import { ValidationError, type ValidationIssue } from '../errors.js';
import { checkNumber, createChatClient, LLM_LATENCY_BUCKETS_MS, type ChatClientOptions } from '../llm/index.js';
import { goldAliases, type GoldAnswer } from '../verify/index.js';
import { JudgeError } from './judge-error.js';
import { JUDGE_ERROR_CODES, judgeStats, type JudgeStats } from './judge-stats.js';
import { parseJudgeReply, type JudgeReply } from './parse-reply.js';
import { buildJudgeMessages } from './prompt.js';
import { SingleFlight } from '../llm/index.js';

export type { JudgeStats } from './judge-stats.js';
export type { LatencyHistogram } from '../llm/index.js';

export interface JudgeOptions extends ChatClientOptions {
  /**
   * Verdicts kept, keyed by model, question, gold and answer (0: no cache).
   * @default 10000
   */
  cacheSize?: number | undefined;
}

/** One question for the judge. */
export interface JudgeRequest {
  question?: string | undefined;
  gold: GoldAnswer;
  /** The response's final answer only. */
  answer: string;
}

/** The judge's verdict on one answer. */
export interface JudgeResult extends JudgeReply {
  /** Answered from the cache, or by joining an identical call already under way. */
  cached: boolean;
}

/** A judge bound to one endpoint and model, with its own concurrency limit, cache and counters. */
export interface Judge {
  readonly model: string;
  /**
   * Asks whether `answer` is right for `gold`. Rejects with `JudgeError` when no verdict comes, with
   * `ValidationError` on a bad gold answer, and with the signal's reason when `signal` aborts.
   */
  grade(request: JudgeRequest, options?: { signal?: AbortSignal | undefined }): Promise<JudgeResult>;
  stats(): JudgeStats;
  clearCache(): void;
}

/** Upper bounds of the latency histogram, in milliseconds. */
export const JUDGE_LATENCY_BUCKETS_MS: readonly number[] = LLM_LATENCY_BUCKETS_MS;

const DEFAULT_CACHE_SIZE = 10_000;

/**
 * Creates a judge talking to an OpenAI-compatible `/chat/completions` endpoint.
 * @example
 * const judge = createJudge({ baseURL: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B', apiKey: process.env.KEY });
 * const verdict = await verifyAnswerAsync(response, gold, { judge, question });
 */
export function createJudge(options: JudgeOptions): Judge {
  const issues: ValidationIssue[] = [];
  const cacheSize = typeof options === 'object' && options !== null ? checkNumber(options, 'cacheSize', DEFAULT_CACHE_SIZE, 0, true, issues) : 0;
  const client = createChatClient(options, {
    what: 'createJudge',
    issues,
    wording: { endpoint: 'judge endpoint', sender: 'judge', result: 'verdict', unreadable: 'a readable "Correct: yes/no" field' },
    makeError: (kind, message, details) => new JudgeError(JUDGE_ERROR_CODES[kind], message, { ...details, attempts: details.attempts ?? 0 }),
  });
  const flights = new SingleFlight<JudgeReply>(cacheSize);
  let cacheHits = 0;

  async function grade(request: JudgeRequest, gradeOptions: { signal?: AbortSignal | undefined } = {}): Promise<JudgeResult> {
    const signal = gradeOptions.signal;
    signal?.throwIfAborted();
    const gold = goldAliases(request.gold);
    if (typeof request.answer !== 'string') {
      throw new ValidationError('INVALID_INPUT', [{ path: ['answer'], code: 'invalid_type', message: `answer must be a string, got ${typeof request.answer}` }]);
    }
    const key = JSON.stringify([client.model, request.question ?? '', gold, request.answer]);
    const messages = buildJudgeMessages({ question: request.question, gold, answer: request.answer });
    const { value, how } = await flights.run(
      key,
      (callSignal) => client.complete(messages, parseJudgeReply, { signal: callSignal }),
      signal,
      () => void cacheHits++,
    );
    return { ...value, cached: how !== 'called' };
  }

  return {
    model: client.model,
    grade,
    stats: () => judgeStats(client.stats(), cacheHits),
    clearCache: () => flights.clear(),
  };
}
