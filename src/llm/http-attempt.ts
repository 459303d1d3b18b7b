// One HTTP attempt of a chat completion: the request under its own timer, the reply read and
// decoded into a `ChatReply`, and every way it can fail turned into a typed failure that says
// whether to retry. What the reply means is not decided here: the caller's `accept` only says
// whether to keep it.
import { retryAfter as retryAfterOf } from './backoff.js';
import type { ChatConfig } from './chat-options.js';
import type { ChatReply } from './chat-request.js';
import { decodeReply } from './chat-wire.js';

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

/** How much of an error reply goes into a message. */
const SNIPPET_CHARS = 200;

export interface AttemptContext<E extends ChatError> {
  config: ChatConfig;
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  wording: ChatWording;
  makeError: MakeChatError<E>;
  redact: (text: string) => string;
}

/** One request ready to send: where, the JSON body, and which kind of reply to expect. */
export interface PreparedRequest {
  url: string;
  body: string;
  kind: 'chat' | 'prompt';
}

/** Sends one request; resolves with an accepted reply or a failure, rejects only with the call signal's reason. */
export async function attemptOnce<E extends ChatError>(
  context: AttemptContext<E>,
  request: PreparedRequest,
  accept: ((reply: ChatReply) => boolean) | undefined,
  signal: AbortSignal,
  deadlineAt: number,
): Promise<Attempt<ChatReply, E>> {
  const { config, wording, makeError } = context;
  const { timeoutMs } = config;
  const attempt = new AbortController();
  const timedOut = new Error('attempt timed out');
  const onAbort = (): void => attempt.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  // When the deadline comes first, it ends the attempt (and says so): no timer of our own.
  const timer = timeoutMs < deadlineAt - performance.now() ? setTimeout(() => attempt.abort(timedOut), timeoutMs) : undefined;
  const snippet = (text: string): string => {
    const one = context.redact(text).replace(/\s+/g, ' ').trim();
    return one.length > SNIPPET_CHARS ? `${one.slice(0, SNIPPET_CHARS)}…` : one || '(empty)';
  };
  try {
    const response = await context.fetch(request.url, { method: 'POST', headers: context.headers, body: request.body, signal: attempt.signal });
    // The body is read under the same timer: a server that sends headers and stalls is a timeout too.
    const text = await response.text();
    if (!response.ok) {
      const status = response.status;
      const retryable = status === 408 || status === 429 || status >= 500;
      const error = makeError('unavailable', `${wording.endpoint} answered HTTP ${status}: ${snippet(text)}`, { status });
      return { ok: false, kind: 'unavailable', error, retryable, retryAfterMs: retryAfterOf(response.headers.get('retry-after')) };
    }
    const reply = decodeReply(text, request.kind);
    if (reply === null || accept?.(reply) === false) {
      const what = reply === null || reply.content === null
        ? `a body without ${request.kind === 'prompt' ? 'choices[0].text' : 'choices[0].message.content'}`
        : `a reply without ${wording.unreadable}`;
      const error = makeError('unparseable', `${wording.sender} sent ${what}: ${snippet(reply?.content ?? text)}`, { status: response.status });
      return { ok: false, kind: 'unparseable', error, retryable: true, retryAfterMs: undefined };
    }
    return { ok: true, value: reply };
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
  return decodeReply(text, 'chat')?.content ?? null;
}

/** fetch's "fetch failed" says little; its cause has the code (ECONNREFUSED, UND_ERR_SOCKET). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail === '' ? error.message : `${error.message} (${detail})`;
}
