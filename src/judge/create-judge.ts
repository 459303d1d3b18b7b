import { LRUCache } from 'lru-cache';
import type { LimitFunction } from 'p-limit';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { goldAliases, type GoldAnswer } from '../verify/index.js';
import { JudgeError, type JudgeErrorCode } from './judge-error.js';
import { parseJudgeReply, type JudgeReply } from './parse-reply.js';
import { buildJudgeMessages, type JudgeMessage } from './prompt.js';

export interface JudgeOptions {
  /** Base URL of an OpenAI-compatible API, e.g. `http://localhost:8000/v1`; requests go to `{baseURL}/chat/completions`. */
  baseURL: string;
  /** Sent as `Authorization: Bearer …`; never logged, never part of an error message. */
  apiKey?: string | undefined;
  model: string;
  /**
   * Time limit of one HTTP attempt, body included.
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * HTTP requests open at once, across all callers of this judge.
   * @default 8
   */
  maxConcurrency?: number | undefined;
  /**
   * Extra attempts after a 429, a 408, a 5xx, a network error, a timed-out attempt or an unparseable reply.
   * @default 3
   */
  retries?: number | undefined;
  /**
   * Verdicts kept, keyed by model, question, gold and answer (0: no cache).
   * @default 10000
   */
  cacheSize?: number | undefined;
  /**
   * Time limit of a whole call: waiting for a free slot, every attempt and every backoff.
   * @default 120000
   */
  deadlineMs?: number | undefined;
  /**
   * First backoff; it doubles with each retry, with jitter (half fixed, half random).
   * @default 500
   */
  retryDelayMs?: number | undefined;
  /**
   * Longest backoff, also the most a `Retry-After` header is honoured.
   * @default 10000
   */
  maxRetryDelayMs?: number | undefined;
  /**
   * Sampling temperature; null leaves it out of the request (for models that refuse it).
   * @default 0
   */
  temperature?: number | null | undefined;
  /**
   * `max_tokens` of the reply; null leaves it out. Raise it for a judge that thinks before replying.
   * @default 512
   */
  maxTokens?: number | null | undefined;
  /** More fields of the request body, e.g. `{ chat_template_kwargs: { enable_thinking: false } }` for vLLM. */
  extraBody?: Readonly<Record<string, unknown>> | undefined;
  /** More request headers. */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * The fetch to use.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch | undefined;
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

export interface LatencyHistogram {
  count: number;
  sum: number;
  /** Cumulative counts: calls that took at most `le` ms (Prometheus style; `+Inf` is `count`). */
  buckets: { le: number; count: number }[];
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
export const JUDGE_LATENCY_BUCKETS_MS: readonly number[] = [50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000];

const DEFAULTS = {
  timeoutMs: 30_000,
  maxConcurrency: 8,
  retries: 3,
  cacheSize: 10_000,
  deadlineMs: 120_000,
  retryDelayMs: 500,
  maxRetryDelayMs: 10_000,
  temperature: 0,
  maxTokens: 512,
} as const;

/** How much of an error reply goes into a message. */
const SNIPPET_CHARS = 200;

/**
 * Creates a judge talking to an OpenAI-compatible `/chat/completions` endpoint.
 * @example
 * const judge = createJudge({ baseURL: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B', apiKey: process.env.KEY });
 * const verdict = await verifyAnswerAsync(response, gold, { judge, question });
 */
export function createJudge(options: JudgeOptions): Judge {
  const config = checkOptions(options);
  const { model, apiKey } = config;
  const fetchFn = options.fetch ?? globalThis.fetch;
  // p-limit ships as ESM only. A static import would stop the package's CommonJS build from loading
  // at all on Node < 20.19 (and misread the default export on later ones); import() works in both.
  let limit: LimitFunction | undefined;
  let loadingLimit: Promise<LimitFunction> | undefined;
  const getLimit = (): Promise<LimitFunction> =>
    (loadingLimit ??= import('p-limit').then((m) => (limit = m.default(config.maxConcurrency))));
  const cache = config.cacheSize > 0 ? new LRUCache<string, JudgeReply>({ max: config.cacheSize }) : undefined;
  // Identical calls under way share one request: a GRPO group often repeats an answer.
  const underWay = new Map<string, Shared>();
  const counters = { calls: 0, requests: 0, cacheHits: 0, errors: 0, retries: 0, inFlight: 0 };
  const errorsByCode: Record<JudgeErrorCode, number> = { JUDGE_UNAVAILABLE: 0, JUDGE_UNPARSEABLE: 0, JUDGE_TIMEOUT: 0 };
  const latency = { count: 0, sum: 0, counts: JUDGE_LATENCY_BUCKETS_MS.map(() => 0) };

  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  if (apiKey !== undefined && apiKey !== '') headers['authorization'] = `Bearer ${apiKey}`;
  const redact = (text: string): string => (apiKey === undefined || apiKey === '' ? text : text.replaceAll(apiKey, '[redacted]'));

  interface Shared {
    promise: Promise<JudgeReply>;
    controller: AbortController;
    waiters: number;
  }

  async function call(messages: JudgeMessage[], controller: AbortController): Promise<JudgeReply> {
    const started = performance.now();
    const deadlineAt = started + config.deadlineMs;
    const deadline = new DeadlineReached(config.deadlineMs);
    const timer = setTimeout(() => controller.abort(deadline), config.deadlineMs);
    const state: CallState = { attempts: 0 };
    counters.calls++;
    counters.inFlight++;
    try {
      return await untilAborted(attemptAll(messages, controller.signal, deadlineAt, state), controller.signal);
    } catch (error) {
      if (controller.signal.reason === deadline) {
        const last = state.last === undefined ? '' : `; last attempt: ${state.last.message}`;
        throw countError(new JudgeError('JUDGE_TIMEOUT', `no verdict within the deadline of ${config.deadlineMs} ms (${state.attempts} attempt${state.attempts === 1 ? '' : 's'})${last}`, {
          attempts: state.attempts, status: state.last?.status, cause: state.last,
        }));
      }
      if (error instanceof JudgeError) throw countError(error);
      throw error;
    } finally {
      clearTimeout(timer);
      counters.inFlight--;
      observe(performance.now() - started);
    }
  }

  function countError(error: JudgeError): JudgeError {
    counters.errors++;
    errorsByCode[error.code]++;
    return error;
  }

  function observe(ms: number): void {
    latency.count++;
    latency.sum += ms;
    const i = JUDGE_LATENCY_BUCKETS_MS.findIndex((le) => ms <= le);
    if (i >= 0) latency.counts[i]!++;
  }

  async function attemptAll(messages: JudgeMessage[], signal: AbortSignal, deadlineAt: number, state: CallState): Promise<JudgeReply> {
    const limit = await getLimit();
    for (let attempt = 0; ; attempt++) {
      const outcome = await limit(() => {
        if (signal.aborted) throw signal.reason;
        state.attempts++;
        counters.requests++;
        if (attempt > 0) counters.retries++;
        return attemptOnce(messages, signal, deadlineAt);
      });
      if (outcome.ok) return outcome.reply;
      state.last = outcome.error;
      if (!outcome.retryable || attempt >= config.retries) throw withAttempts(outcome.error, state.attempts);
      const delay = backoff(attempt, outcome.retryAfterMs);
      // Sleeping past the deadline only to be cut off: give the caller the real reason now.
      if (performance.now() + delay >= deadlineAt) throw withAttempts(outcome.error, state.attempts);
      await sleep(delay, signal);
    }
  }

  function backoff(attempt: number, retryAfterMs: number | undefined): number {
    const ceiling = Math.min(config.maxRetryDelayMs, config.retryDelayMs * 2 ** attempt);
    const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
    return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, config.maxRetryDelayMs));
  }

  async function attemptOnce(messages: JudgeMessage[], signal: AbortSignal, deadlineAt: number): Promise<Attempt> {
    const { timeoutMs } = config;
    const attempt = new AbortController();
    const timedOut = new Error('attempt timed out');
    const onAbort = (): void => attempt.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // When the deadline comes first, it ends the attempt (and says so): no timer of our own.
    const timer = timeoutMs < deadlineAt - performance.now() ? setTimeout(() => attempt.abort(timedOut), timeoutMs) : undefined;
    const body: Record<string, unknown> = { model, messages };
    if (config.temperature !== null) body['temperature'] = config.temperature;
    if (config.maxTokens !== null) body['max_tokens'] = config.maxTokens;
    Object.assign(body, options.extraBody);
    try {
      const response = await fetchFn(config.url, { method: 'POST', headers, body: JSON.stringify(body), signal: attempt.signal });
      // The body is read under the same timer: a server that sends headers and stalls is a timeout too.
      const text = await response.text();
      if (!response.ok) {
        const status = response.status;
        const retryable = status === 408 || status === 429 || status >= 500;
        const error = new JudgeError('JUDGE_UNAVAILABLE', `judge endpoint answered HTTP ${status}: ${snippet(text)}`, { status });
        return { ok: false, error, retryable, retryAfterMs: retryAfter(response.headers.get('retry-after')) };
      }
      const content = messageContent(text);
      const reply = content === null ? null : parseJudgeReply(content);
      if (reply === null) {
        const what = content === null ? 'a body without choices[0].message.content' : 'a reply without a readable "Correct: yes/no" field';
        const error = new JudgeError('JUDGE_UNPARSEABLE', `judge sent ${what}: ${snippet(content ?? text)}`, { status: response.status });
        return { ok: false, error, retryable: true, retryAfterMs: undefined };
      }
      return { ok: true, reply };
    } catch (error) {
      // The call's own end (deadline, or every waiter gone) is no failure of this attempt.
      if (signal.aborted) throw signal.reason;
      if (attempt.signal.reason === timedOut) {
        return { ok: false, error: new JudgeError('JUDGE_TIMEOUT', `no reply within ${timeoutMs} ms`), retryable: true, retryAfterMs: undefined };
      }
      const message = `judge endpoint unreachable: ${redact(describe(error))}`;
      return { ok: false, error: new JudgeError('JUDGE_UNAVAILABLE', message, { cause: error }), retryable: true, retryAfterMs: undefined };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  function snippet(text: string): string {
    const one = redact(text).replace(/\s+/g, ' ').trim();
    return one.length > SNIPPET_CHARS ? `${one.slice(0, SNIPPET_CHARS)}…` : one || '(empty)';
  }

  async function grade(request: JudgeRequest, gradeOptions: { signal?: AbortSignal | undefined } = {}): Promise<JudgeResult> {
    const signal = gradeOptions.signal;
    signal?.throwIfAborted();
    const gold = goldAliases(request.gold);
    if (typeof request.answer !== 'string') {
      throw new ValidationError('INVALID_INPUT', [{ path: ['answer'], code: 'invalid_type', message: `answer must be a string, got ${typeof request.answer}` }]);
    }
    const question = request.question ?? '';
    const key = JSON.stringify([model, question, gold, request.answer]);
    const hit = cache?.get(key);
    if (hit !== undefined) {
      counters.cacheHits++;
      return { ...hit, cached: true };
    }
    let entry = underWay.get(key);
    const joined = entry !== undefined;
    if (entry === undefined) entry = start(key, request.question, gold, request.answer);
    else counters.cacheHits++;
    const shared = entry;
    shared.waiters++;
    // A waiter that gives up leaves; the request is cancelled when no one waits for it any more.
    const leave = (): void => {
      if (--shared.waiters > 0) return;
      // Forget the call at once, so a later identical call starts afresh instead of joining a cancelled one.
      if (underWay.get(key) === shared) underWay.delete(key);
      shared.controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', leave, { once: true });
    try {
      const reply = signal === undefined ? await shared.promise : await untilAborted(shared.promise, signal);
      return { ...reply, cached: joined };
    } finally {
      if (signal?.aborted !== true) shared.waiters--;
      signal?.removeEventListener('abort', leave);
    }
  }

  /** Starts a call and registers it as under way until it settles; a verdict goes to the cache. */
  function start(key: string, question: string | undefined, gold: string[], answer: string): Shared {
    const controller = new AbortController();
    const promise = call(buildJudgeMessages({ question, gold, answer }), controller);
    const entry: Shared = { promise, controller, waiters: 0 };
    underWay.set(key, entry);
    const forget = (): void => {
      if (underWay.get(key) === entry) underWay.delete(key);
    };
    promise.then(
      (reply) => {
        forget();
        cache?.set(key, reply);
      },
      forget,
    );
    return entry;
  }

  return {
    model,
    grade,
    stats: () => ({
      ...counters,
      errorsByCode: { ...errorsByCode },
      queued: limit?.pendingCount ?? 0,
      latencyMs: {
        count: latency.count,
        sum: latency.sum,
        buckets: JUDGE_LATENCY_BUCKETS_MS.map((le, i) => ({ le, count: latency.counts.slice(0, i + 1).reduce((a, b) => a + b, 0) })),
      },
    }),
    clearCache: () => cache?.clear(),
  };
}

interface CallState {
  attempts: number;
  last?: JudgeError;
}

type Attempt =
  | { ok: true; reply: JudgeReply }
  | { ok: false; error: JudgeError; retryable: boolean; retryAfterMs: number | undefined };

class DeadlineReached extends Error {
  constructor(ms: number) {
    super(`judge deadline of ${ms} ms reached`);
  }
}

function withAttempts(error: JudgeError, attempts: number): JudgeError {
  return new JudgeError(error.code, attempts > 1 ? `${error.message} (after ${attempts} attempts)` : error.message, {
    attempts, status: error.status, cause: error.cause,
  });
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `choices[0].message.content` of a chat-completions body, or null. */
function messageContent(text: string): string | null {
  try {
    const body = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] } | null;
    const content = body?.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content : null;
  } catch {
    return null;
  }
}

/** A `Retry-After` of seconds or an HTTP date, in ms. */
function retryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** fetch's "fetch failed" says little; its cause has the code (ECONNREFUSED, UND_ERR_SOCKET). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail === '' ? error.message : `${error.message} (${detail})`;
}

interface Config {
  url: string;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
  maxConcurrency: number;
  retries: number;
  cacheSize: number;
  deadlineMs: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  temperature: number | null;
  maxTokens: number | null;
}

/** Validates the options, naming the one at fault; never quotes the API key. */
function checkOptions(options: JudgeOptions): Config {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: [], code: 'invalid_type', message: 'createJudge needs { baseURL, model }' }]);
  }
  const issues: ValidationIssue[] = [];
  const url = endpointURL(options.baseURL, issues);
  if (typeof options.model !== 'string' || options.model.trim() === '') {
    issues.push({ path: ['model'], code: 'empty', message: 'model must be a non-empty string' });
  }
  if (options.apiKey !== undefined && typeof options.apiKey !== 'string') {
    issues.push({ path: ['apiKey'], code: 'invalid_type', message: 'apiKey must be a string' });
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    issues.push({ path: ['fetch'], code: 'invalid_type', message: 'fetch must be a function' });
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    issues.push({ path: ['fetch'], code: 'missing', message: 'no global fetch: pass one' });
  }
  const number = (key: keyof typeof DEFAULTS, min: number, integer: boolean): number => {
    const value: unknown = options[key] ?? DEFAULTS[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      issues.push({ path: [key], code: 'out_of_range', message: `${key} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${String(options[key])}` });
      return DEFAULTS[key];
    }
    return value;
  };
  const nullable = (key: 'temperature' | 'maxTokens', min: number): number | null => (options[key] === null ? null : number(key, min, key === 'maxTokens'));
  const config: Config = {
    url,
    model: options.model,
    apiKey: options.apiKey,
    timeoutMs: number('timeoutMs', 1, false),
    maxConcurrency: number('maxConcurrency', 1, true),
    retries: number('retries', 0, true),
    cacheSize: number('cacheSize', 0, true),
    deadlineMs: number('deadlineMs', 1, false),
    retryDelayMs: number('retryDelayMs', 0, false),
    maxRetryDelayMs: number('maxRetryDelayMs', 0, false),
    temperature: nullable('temperature', 0),
    maxTokens: nullable('maxTokens', 1),
  };
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);
  return config;
}

function endpointURL(baseURL: unknown, issues: ValidationIssue[]): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof baseURL === 'string' ? new URL(baseURL) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    issues.push({ path: ['baseURL'], code: 'invalid_url', message: 'baseURL must be an http(s) URL, e.g. http://localhost:8000/v1' });
    return '';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // Not echoed: the URL holds a secret.
    issues.push({ path: ['baseURL'], code: 'credentials', message: 'baseURL must not carry credentials; pass apiKey' });
    return '';
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith('/chat/completions') ? path : `${path}/chat/completions`;
  return parsed.toString();
}
