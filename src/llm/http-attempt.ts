// One HTTP attempt of a chat completion: the request under its own timer, the reply read and
// parsed, and every way it can fail turned into a typed failure that says whether to retry.
import { retryAfter as retryAfterOf } from './backoff.js';
import type { ChatConfig } from './chat-options.js';

/** How a call failed: the endpoint refused or could not be reached, its reply was unreadable, or time ran out. */
export type ChatFailure = 'unavailable' | 'unparseable' | 'timeout';

/** What an error factory gets besides the message. */
export interface ChatErrorDetails {
  status?: number | undefined;
  attempts?: number | undefined;
  cause?: unknown;
}

/** An error a chat client throws: its caller picks the class (`JudgeError`, `LlmError`). */
export type ChatError = Error & { readonly status: number | undefined };

/** Builds the caller's error for a failure. */
export type MakeChatError<E extends ChatError> = (kind: ChatFailure, message: string, details: ChatErrorDetails) => E;

/** The words messages use: `judge endpoint answered HTTP 500`, `judge sent …`, `no verdict within …`. */
export interface ChatWording {
  endpoint: string;
  sender: string;
  result: string;
  /** What a reply that `parse` refused lacks, e.g. `a readable "Correct: yes/no" field`. */
  unreadable: string;
}

export type Attempt<T, E> =
  | { ok: true; value: T }
  | { ok: false; kind: ChatFailure; error: E; retryable: boolean; retryAfterMs: number | undefined };

/** A chat message as sent. */
export interface ChatRequestMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** How much of an error reply goes into a message. */
const SNIPPET_CHARS = 200;

export interface AttemptContext<E extends ChatError> {
  config: ChatConfig;
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  extraBody: Readonly<Record<string, unknown>> | undefined;
  wording: ChatWording;
  makeError: MakeChatError<E>;
  redact: (text: string) => string;
}

/** Sends one request; resolves with the parsed value or a failure, rejects only with the call signal's reason. */
export async function attemptOnce<T, E extends ChatError>(
  context: AttemptContext<E>,
  messages: readonly ChatRequestMessage[],
  parse: (content: string) => T | null,
  signal: AbortSignal,
  deadlineAt: number,
): Promise<Attempt<T, E>> {
  const { config, wording, makeError } = context;
  const { timeoutMs } = config;
  const attempt = new AbortController();
  const timedOut = new Error('attempt timed out');
  const onAbort = (): void => attempt.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  // When the deadline comes first, it ends the attempt (and says so): no timer of our own.
  const timer = timeoutMs < deadlineAt - performance.now() ? setTimeout(() => attempt.abort(timedOut), timeoutMs) : undefined;
  const body: Record<string, unknown> = { model: config.model, messages };
  if (config.temperature !== null) body['temperature'] = config.temperature;
  if (config.maxTokens !== null) body['max_tokens'] = config.maxTokens;
  Object.assign(body, context.extraBody);
  const snippet = (text: string): string => {
    const one = context.redact(text).replace(/\s+/g, ' ').trim();
    return one.length > SNIPPET_CHARS ? `${one.slice(0, SNIPPET_CHARS)}…` : one || '(empty)';
  };
  try {
    const response = await context.fetch(config.url, { method: 'POST', headers: context.headers, body: JSON.stringify(body), signal: attempt.signal });
    // The body is read under the same timer: a server that sends headers and stalls is a timeout too.
    const text = await response.text();
    if (!response.ok) {
      const status = response.status;
      const retryable = status === 408 || status === 429 || status >= 500;
      const error = makeError('unavailable', `${wording.endpoint} answered HTTP ${status}: ${snippet(text)}`, { status });
      return { ok: false, kind: 'unavailable', error, retryable, retryAfterMs: retryAfterOf(response.headers.get('retry-after')) };
    }
    const content = messageContent(text);
    const value = content === null ? null : parse(content);
    if (value === null) {
      const what = content === null ? 'a body without choices[0].message.content' : `a reply without ${wording.unreadable}`;
      const error = makeError('unparseable', `${wording.sender} sent ${what}: ${snippet(content ?? text)}`, { status: response.status });
      return { ok: false, kind: 'unparseable', error, retryable: true, retryAfterMs: undefined };
    }
    return { ok: true, value };
  } catch (error) {
    // The call's own end (deadline, or every waiter gone) is no failure of this attempt.
    if (signal.aborted) throw signal.reason;
    if (attempt.signal.reason === timedOut) {
      return { ok: false, kind: 'timeout', error: makeError('timeout', `no reply within ${timeoutMs} ms`, {}), retryable: true, retryAfterMs: undefined };
    }
    const message = `${wording.endpoint} unreachable: ${context.redact(describe(error))}`;
    return { ok: false, kind: 'unavailable', error: makeError('unavailable', message, { cause: error }), retryable: true, retryAfterMs: undefined };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

/** `choices[0].message.content` of a chat-completions body, or null. */
export function messageContent(text: string): string | null {
  try {
    const body = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] } | null;
    const content = body?.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content : null;
  } catch {
    return null;
  }
}

/** fetch's "fetch failed" says little; its cause has the code (ECONNREFUSED, UND_ERR_SOCKET). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail === '' ? error.message : `${error.message} (${detail})`;
}
