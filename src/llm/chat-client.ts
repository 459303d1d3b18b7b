// A client of an OpenAI-compatible endpoint, shared by the LLM judge, the question writer and the
// search agent: a `ChatTransport` (typed request → typed reply) with a concurrency limit, retries
// with backoff, a per-attempt timeout and a deadline per call, and counters with a latency
// histogram. What a reply means (a verdict, a question, a tool call) is decided above it: by the
// caller's `parse` in `complete`, or by whoever reads `send`'s reply. What its errors are called is
// the caller's `makeError`.
import type { LimitFunction } from 'p-limit';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { DeadlineReached, sleep, untilAborted } from './abort.js';
import { backoff } from './backoff.js';
import { checkChatOptions, type ChatClientOptions, type ChatConfig } from './chat-options.js';
import { completeWith, type ChatReply, type ChatRequest, type ChatRequestMessage, type ChatTransport, type SendOptions } from './chat-request.js';
import { requestBody } from './chat-wire.js';
import { attemptOnce, type AttemptContext, type ChatError, type ChatFailure, type ChatWording, type MakeChatError, type PreparedRequest } from './http-attempt.js';
import { LatencyRecorder, type LatencyHistogram } from './latency-histogram.js';

/** Counters since the client was created. */
export interface ChatClientStats {
  /** Calls made (each one request, plus its retries). */
  calls: number;
  /** HTTP requests sent: `calls` plus `retries`, less calls that never got a slot before their deadline. */
  requests: number;
  /** Requests that were retries. */
  retries: number;
  /** Calls that ended in an error of the client (not an abort by the caller). */
  errors: number;
  errorsByKind: Record<ChatFailure, number>;
  /** Calls under way (waiting for a slot, sending, or backing off). */
  inFlight: number;
  /** Requests waiting for a slot. */
  queued: number;
  /** Duration of finished calls (all attempts and backoffs), successful or not. */
  latencyMs: LatencyHistogram;
}

/** A client bound to one endpoint and model. */
export interface ChatClient<E extends ChatError = ChatError> extends ChatTransport {
  readonly model: string;
  readonly baseURL: string;
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * Sends `messages` and returns `parse` of the reply's content; a reply `parse` refuses (null) is
   * retried like a 5xx. Rejects with the caller's error type, or with the signal's reason.
   */
  complete<T>(messages: readonly ChatRequestMessage[], parse: (content: string) => T | null, options?: { signal?: AbortSignal | undefined }): Promise<T>;
  stats(): ChatClientStats;
  /** The validated configuration (never holds the API key in a printable place other than `apiKey`). */
  readonly config: ChatConfig;
  /** `makeError` as given, for callers that wrap a failure of their own. */
  readonly makeError: MakeChatError<E>;
}

export interface ChatClientSetup<E extends ChatError> {
  wording: ChatWording;
  makeError: MakeChatError<E>;
  /** Name of the caller in the message about missing options. @default 'createChatClient' */
  what?: string | undefined;
  /** More problems the caller found in its own options, thrown together with the client's. */
  issues?: ValidationIssue[] | undefined;
}

/** Creates a chat client; throws `ValidationError` (`INVALID_OPTIONS`) naming the option at fault. */
export function createChatClient<E extends ChatError>(options: ChatClientOptions, setup: ChatClientSetup<E>): ChatClient<E> {
  const issues = setup.issues ?? [];
  const config = checkChatOptions(options, issues, setup.what ?? 'createChatClient');
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);
  const { apiKey } = config;
  const { makeError } = setup;
  // p-limit ships as ESM only. A static import would stop the package's CommonJS build from loading
  // at all on Node < 20.19 (and misread the default export on later ones); import() works in both.
  let limit: LimitFunction | undefined;
  let loadingLimit: Promise<LimitFunction> | undefined;
  const getLimit = (): Promise<LimitFunction> =>
    (loadingLimit ??= import('p-limit').then((m) => (limit = m.default(config.maxConcurrency))));
  const counters = { calls: 0, requests: 0, errors: 0, retries: 0, inFlight: 0 };
  const errorsByKind: Record<ChatFailure, number> = { unavailable: 0, unparseable: 0, timeout: 0 };
  const latency = new LatencyRecorder();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  if (apiKey !== undefined && apiKey !== '') headers['authorization'] = `Bearer ${apiKey}`;
  // What the transport adds to a request that does not say: sampling defaults and the extra body.
  const defaults: Record<string, unknown> = { temperature: config.temperature, max_tokens: config.maxTokens, ...options.extraBody };
  const context: AttemptContext<E> = {
    config,
    fetch: options.fetch ?? globalThis.fetch,
    headers,
    wording: setup.wording,
    makeError,
    redact: (text) => (apiKey === undefined || apiKey === '' ? text : text.replaceAll(apiKey, '[redacted]')),
  };
  // Which failure an error stands for, to count it and to rebuild it with the number of attempts.
  const kinds = new WeakMap<Error, ChatFailure>();
  const make = (kind: ChatFailure, message: string, details: Parameters<MakeChatError<E>>[2]): E => {
    const error = makeError(kind, message, details);
    kinds.set(error, kind);
    return error;
  };
  context.makeError = make;

  async function send(request: ChatRequest, callOptions: SendOptions = {}): Promise<ChatReply> {
    const prepared: PreparedRequest = {
      url: request.prompt !== undefined ? config.completionsUrl : config.url,
      body: JSON.stringify(requestBody(config.model, request, defaults)),
      kind: request.prompt !== undefined ? 'prompt' : 'chat',
    };
    const outer = callOptions.signal;
    outer?.throwIfAborted();
    const controller = new AbortController();
    const forward = (): void => controller.abort(outer?.reason);
    outer?.addEventListener('abort', forward, { once: true });
    const started = performance.now();
    const deadlineAt = started + config.deadlineMs;
    const deadline = new DeadlineReached(config.deadlineMs);
    const timer = setTimeout(() => controller.abort(deadline), config.deadlineMs);
    const state: { attempts: number; last?: E } = { attempts: 0 };
    counters.calls++;
    counters.inFlight++;
    try {
      return await untilAborted(attemptAll(prepared, callOptions.accept, controller.signal, deadlineAt, state), controller.signal);
    } catch (error) {
      if (controller.signal.reason === deadline) {
        const last = state.last === undefined ? '' : `; last attempt: ${state.last.message}`;
        const attempts = `${state.attempts} attempt${state.attempts === 1 ? '' : 's'}`;
        throw counted(make('timeout', `no ${setup.wording.result} within the deadline of ${config.deadlineMs} ms (${attempts})${last}`, {
          attempts: state.attempts, status: state.last?.status, cause: state.last,
        }));
      }
      if (error instanceof Error && kinds.has(error)) throw counted(error as E);
      throw error;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
      counters.inFlight--;
      latency.observe(performance.now() - started);
    }
  }

  function counted(error: E): E {
    counters.errors++;
    errorsByKind[kinds.get(error) ?? 'unavailable']++;
    return error;
  }

  async function attemptAll(
    prepared: PreparedRequest,
    accept: ((reply: ChatReply) => boolean) | undefined,
    signal: AbortSignal,
    deadlineAt: number,
    state: { attempts: number; last?: E },
  ): Promise<ChatReply> {
    const limiter = await getLimit();
    for (let attempt = 0; ; attempt++) {
      const outcome = await limiter(() => {
        if (signal.aborted) throw signal.reason;
        state.attempts++;
        counters.requests++;
        if (attempt > 0) counters.retries++;
        return attemptOnce(context, prepared, accept, signal, deadlineAt);
      });
      if (outcome.ok) return outcome.value;
      state.last = outcome.error;
      if (!outcome.retryable || attempt >= config.retries) throw withAttempts(outcome.kind, outcome.error, state.attempts);
      const delay = backoff(attempt, outcome.retryAfterMs, config.retryDelayMs, config.maxRetryDelayMs);
      // Sleeping past the deadline only to be cut off: give the caller the real reason now.
      if (performance.now() + delay >= deadlineAt) throw withAttempts(outcome.kind, outcome.error, state.attempts);
      await sleep(delay, signal);
    }
  }

  function withAttempts(kind: ChatFailure, error: E, attempts: number): E {
    return make(kind, attempts > 1 ? `${error.message} (after ${attempts} attempts)` : error.message, {
      attempts, status: error.status, cause: error.cause,
    });
  }

  const client: ChatClient<E> = {
    model: config.model,
    baseURL: config.baseURL,
    defaults,
    config,
    makeError,
    send,
    complete: (messages, parse, callOptions) => completeWith(client, messages, parse, callOptions),
    stats: () => ({
      ...counters,
      errorsByKind: { ...errorsByKind },
      queued: limit?.pendingCount ?? 0,
      latencyMs: latency.snapshot(),
    }),
  };
  return client;
}
