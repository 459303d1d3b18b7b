// Options of a chat client (the LLM judge, the question writer), validated once, naming the option
// at fault and never quoting the API key.
import { ValidationError, type ValidationIssue } from '../errors.js';

export interface ChatClientOptions {
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
   * HTTP requests open at once, across all callers of this client.
   * @default 8
   */
  maxConcurrency?: number | undefined;
  /**
   * Extra attempts after a 429, a 408, a 5xx, a network error, a timed-out attempt or an unparseable reply.
   * @default 3
   */
  retries?: number | undefined;
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
   * `max_tokens` of the reply; null leaves it out. Raise it for a model that thinks before replying.
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

/** Validated options with their defaults. */
export interface ChatConfig {
  /** `{baseURL}/chat/completions`. */
  url: string;
  /** `{baseURL}/completions`, where prompt requests go. */
  completionsUrl: string;
  /** The base URL, normalised (a reply cache keys on it). */
  baseURL: string;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
  maxConcurrency: number;
  retries: number;
  deadlineMs: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  temperature: number | null;
  maxTokens: number | null;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  maxConcurrency: 8,
  retries: 3,
  deadlineMs: 120_000,
  retryDelayMs: 500,
  maxRetryDelayMs: 10_000,
  temperature: 0,
  maxTokens: 512,
} as const;

/**
 * Validates chat client options into a config; pushes problems onto `issues` (the caller may add
 * its own before throwing). `what` names the caller in the message about a missing object.
 */
export function checkChatOptions(options: ChatClientOptions, issues: ValidationIssue[], what: string): ChatConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: [], code: 'invalid_type', message: `${what} needs { baseURL, model }` }]);
  }
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
  const number = (key: keyof typeof DEFAULTS, min: number, integer: boolean): number => checkNumber(options, key, DEFAULTS[key], min, integer, issues);
  const nullable = (key: 'temperature' | 'maxTokens', min: number): number | null => (options[key] === null ? null : number(key, min, key === 'maxTokens'));
  return {
    url,
    completionsUrl: url === '' ? '' : withPath(url, (path) => `${path.slice(0, -'/chat/completions'.length)}/completions`),
    baseURL: url === '' ? '' : withPath(url, (path) => path.slice(0, -'/chat/completions'.length)),
    model: options.model,
    apiKey: options.apiKey,
    timeoutMs: number('timeoutMs', 1, false),
    maxConcurrency: number('maxConcurrency', 1, true),
    retries: number('retries', 0, true),
    deadlineMs: number('deadlineMs', 1, false),
    retryDelayMs: number('retryDelayMs', 0, false),
    maxRetryDelayMs: number('maxRetryDelayMs', 0, false),
    temperature: nullable('temperature', 0),
    maxTokens: nullable('maxTokens', 1),
  };
}

/** `options[key]` (or its default) when it is a finite number ≥ `min` (an integer if asked); else an issue and the default. */
export function checkNumber<K extends string>(
  options: Partial<Record<K, unknown>>,
  key: K,
  fallback: number,
  min: number,
  integer: boolean,
  issues: ValidationIssue[],
): number {
  const value: unknown = options[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    issues.push({ path: [key], code: 'out_of_range', message: `${key} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${String(options[key])}` });
    return fallback;
  }
  return value;
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
  let end = parsed.pathname.length;
  while (end > 0 && parsed.pathname.charCodeAt(end - 1) === 0x2f) end--; // not /\/+$/: quadratic on many slashes
  const path = parsed.pathname.slice(0, end);
  parsed.pathname = path.endsWith('/chat/completions') ? path : `${path}/chat/completions`;
  return parsed.toString();
}

/** `url` with its path changed by `change` (query and fragment kept). */
function withPath(url: string, change: (path: string) => string): string {
  const parsed = new URL(url);
  parsed.pathname = change(parsed.pathname);
  return parsed.toString();
}
