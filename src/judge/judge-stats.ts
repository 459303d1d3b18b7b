// The judge's counters for a /metrics endpoint: the chat client's (calls, requests, retries,
// latency) with the judge's cache hits and its error codes.
import type { ChatClientStats, ChatFailure, LatencyHistogram } from '../llm/index.js';
import type { JudgeErrorCode } from './judge-error.js';

/** Counters since the judge was created, for a /metrics endpoint. */
export interface JudgeStats {
  /** Calls that went to the endpoint (cache misses); each makes one request, plus its retries. */
  calls: number;
  /** HTTP requests sent: `calls` plus `retries`, less calls that never got a slot before their deadline. */
  requests: number;
  /** Calls answered from the cache or by an identical call under way. */
  cacheHits: number;
  /** Calls that ended without a verdict (a `JudgeError`). */
  errors: number;
  errorsByCode: Record<JudgeErrorCode, number>;
  /** Requests that were retries. */
  retries: number;
  /** Calls under way (waiting for a slot, sending, or backing off). */
  inFlight: number;
  /** Requests waiting for a slot. */
  queued: number;
  /** Duration of finished calls (all attempts and backoffs), successful or not. */
  latencyMs: LatencyHistogram;
}

/** The judge's error code for each way a chat call fails. */
export const JUDGE_ERROR_CODES: Readonly<Record<ChatFailure, JudgeErrorCode>> = {
  unavailable: 'JUDGE_UNAVAILABLE',
  unparseable: 'JUDGE_UNPARSEABLE',
  timeout: 'JUDGE_TIMEOUT',
};

/** The judge's stats from its client's and its own cache-hit count. */
export function judgeStats(client: ChatClientStats, cacheHits: number): JudgeStats {
  const { errorsByKind, ...rest } = client;
  const errorsByCode = { JUDGE_UNAVAILABLE: 0, JUDGE_UNPARSEABLE: 0, JUDGE_TIMEOUT: 0 } as Record<JudgeErrorCode, number>;
  for (const [kind, count] of Object.entries(errorsByKind) as [ChatFailure, number][]) errorsByCode[JUDGE_ERROR_CODES[kind]] += count;
  return { calls: rest.calls, requests: rest.requests, cacheHits, errors: rest.errors, errorsByCode, retries: rest.retries, inFlight: rest.inFlight, queued: rest.queued, latencyMs: rest.latencyMs };
}
