// A search backend over Search-R1's retrieval server (`POST /retrieve`). Agents running at once
// search one query at a time; their queries are gathered for a few milliseconds and sent as one
// request (the server embeds and searches a batch at the cost of about one query), then each
// agent gets its own list back. The documents a search returned are kept (an LRU), so `open(id)`
// gives the full contents the server sent for that id without another request.
import { LRUCache } from 'lru-cache';
import { backoff, retryAfter } from '../../llm/index.js';
import { ValidationError, type ValidationIssue } from '../../errors.js';
import type { Doc } from '../types.js';
import { RetrieverError } from './retriever-error.js';
import { docFromWire, RetrieveResponseSchema } from './retrieve-wire.js';
import type { SearchHit, SearchBackend } from './search-backend.js';

/** Options of `createRetrieveClient`. */
export interface RetrieveClientOptions {
  /** The server's URL: its base (`http://127.0.0.1:8000`) or the full `/retrieve` URL. */
  url: string;
  /**
   * How long queries wait for others to join their request, in ms (0: only those asked in the same tick).
   * @default 5
   */
  batchWindowMs?: number | undefined;
  /**
   * Most queries in one request; a full batch is sent at once.
   * @default 64
   */
  maxBatch?: number | undefined;
  /**
   * Time limit of one HTTP request, in ms.
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * Extra attempts after a network error, a timeout, a 408, a 429 or a 5xx.
   * @default 2
   */
  retries?: number | undefined;
  /**
   * First backoff in ms, doubling with each retry.
   * @default 200
   */
  retryDelayMs?: number | undefined;
  /**
   * Documents kept for `open` (the most recently returned).
   * @default 100000
   */
  keepDocuments?: number | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch | undefined;
}

/** A `SearchBackend` over a retrieval server, with its counters. */
export interface RetrieveClient extends SearchBackend {
  /** The full document a search returned under this id, or undefined. */
  open(id: string): Promise<Doc | undefined>;
  stats(): RetrieveClientStats;
}

/** Counters of a retrieve client since it was made. */
export interface RetrieveClientStats {
  /** Queries asked. */
  queries: number;
  /** HTTP requests sent (batches, and their retries). */
  requests: number;
  /** Requests that failed for good. */
  errors: number;
}

interface Pending {
  query: string;
  resolve: (results: SearchHit[]) => void;
  reject: (error: unknown) => void;
}

const SNIPPET_CHARS = 200;

/**
 * A search backend over a Search-R1 retrieval server; queries asked within `batchWindowMs` of
 * each other share one request. Fails with `RetrieverError` (`RETRIEVER_UNAVAILABLE`,
 * `RETRIEVER_BAD_REPLY`).
 * @example const search = createRetrieveClient({ url: 'http://127.0.0.1:8000' }); await search.search(['Oslo'], 3);
 */
export function createRetrieveClient(options: RetrieveClientOptions): RetrieveClient {
  const issues: ValidationIssue[] = [];
  const url = retrieveURL(options.url, issues);
  const number = (key: keyof RetrieveClientOptions, fallback: number, min: number): number => {
    const value: unknown = options[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      issues.push({ path: [key], code: 'out_of_range', message: `${key} must be a number ≥ ${min}, got ${String(options[key])}` });
      return fallback;
    }
    return value;
  };
  const windowMs = number('batchWindowMs', 5, 0);
  const maxBatch = Math.floor(number('maxBatch', 64, 1));
  const timeoutMs = number('timeoutMs', 30_000, 1);
  const retries = Math.floor(number('retries', 2, 0));
  const retryDelayMs = number('retryDelayMs', 200, 0);
  const keep = Math.floor(number('keepDocuments', 100_000, 1));
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);
  const fetchFn = options.fetch ?? globalThis.fetch;
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  const documents = new LRUCache<string, Doc>({ max: keep });
  const counters: RetrieveClientStats = { queries: 0, requests: 0, errors: 0 };
  // Queries waiting for their batch, by k: one request carries one topk.
  const waiting = new Map<number, { items: Pending[]; timer: ReturnType<typeof setTimeout> | undefined }>();

  function flush(k: number): void {
    const batch = waiting.get(k);
    if (batch === undefined) return;
    waiting.delete(k);
    clearTimeout(batch.timer);
    void send(batch.items, k);
  }

  async function send(items: Pending[], k: number): Promise<void> {
    try {
      const lists = await post(items.map((p) => p.query), k);
      items.forEach((p, i) => p.resolve(lists[i]!));
    } catch (error) {
      counters.errors++;
      for (const p of items) p.reject(error);
    }
  }

  async function post(queries: string[], k: number): Promise<SearchHit[][]> {
    const body = JSON.stringify({ queries, topk: k, return_scores: true });
    for (let attempt = 0; ; attempt++) {
      counters.requests++;
      const failure = await once(body, queries.length, attempt + 1);
      if (failure.ok) return failure.value;
      if (!failure.retryable || attempt >= retries) throw failure.error;
      await new Promise((resolve) => setTimeout(resolve, backoff(attempt, failure.retryAfterMs, retryDelayMs, 10_000)));
    }
  }

  type Outcome = { ok: true; value: SearchHit[][] } | { ok: false; error: RetrieverError; retryable: boolean; retryAfterMs: number | undefined };

  async function once(body: string, count: number, attempts: number): Promise<Outcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetchFn(url, { method: 'POST', headers, body, signal: controller.signal });
      const text = await response.text();
      if (!response.ok) {
        const status = response.status;
        const error = new RetrieverError('RETRIEVER_UNAVAILABLE', `retriever ${url} answered HTTP ${status}: ${snippet(text)}`, { status, attempts });
        return { ok: false, error, retryable: status === 408 || status === 429 || status >= 500, retryAfterMs: retryAfter(response.headers.get('retry-after')) };
      }
      const lists = readResponse(text, count);
      if (typeof lists === 'string') {
        return { ok: false, error: new RetrieverError('RETRIEVER_BAD_REPLY', `retriever ${url} sent ${lists}: ${snippet(text)}`, { status: response.status, attempts }), retryable: false, retryAfterMs: undefined };
      }
      for (const list of lists) for (const { doc } of list) documents.set(doc.id, doc);
      return { ok: true, value: lists };
    } catch (error) {
      const why = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : `unreachable: ${describe(error)}`;
      return { ok: false, error: new RetrieverError('RETRIEVER_UNAVAILABLE', `retriever ${url} ${why}`, { cause: error, attempts }), retryable: true, retryAfterMs: undefined };
    } finally {
      clearTimeout(timer);
    }
  }

  function search(queries: readonly string[], k: number, searchOptions: { signal?: AbortSignal | undefined } = {}): Promise<SearchHit[][]> {
    const { signal } = searchOptions;
    if (!Number.isInteger(k) || k < 1) {
      return Promise.reject(new ValidationError('INVALID_INPUT', [{ path: ['k'], code: 'out_of_range', message: `k must be an integer ≥ 1, got ${String(k)}` }]));
    }
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    counters.queries += queries.length;
    const answers = queries.map(
      (query) =>
        new Promise<SearchHit[]>((resolve, reject) => {
          let batch = waiting.get(k);
          if (batch === undefined) {
            batch = { items: [], timer: undefined };
            waiting.set(k, batch);
            batch.timer = setTimeout(() => flush(k), windowMs);
          }
          batch.items.push({ query, resolve, reject });
          if (batch.items.length >= maxBatch) flush(k);
        }),
    );
    const all = Promise.all(answers);
    if (signal === undefined) return all;
    // The batch goes on for the others; this caller stops waiting.
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      all.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  return {
    name: 'retriever',
    search,
    open: (id) => Promise.resolve(documents.get(id)),
    stats: () => ({ ...counters }),
  };
}

/** The lists of a response body, or what is wrong with it. */
function readResponse(text: string, count: number): SearchHit[][] | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'a body that is not JSON';
  }
  const parsed = RetrieveResponseSchema.safeParse(json);
  if (!parsed.success) return 'a body that is not {"result": [[…]]}';
  if (parsed.data.result.length !== count) return `${parsed.data.result.length} result lists for ${count} queries`;
  return parsed.data.result.map((list) => {
    const out: SearchHit[] = [];
    list.forEach((item, rank) => {
      const scored = 'document' in item && typeof item.document === 'object' && item.document !== null;
      const doc = docFromWire(scored ? (item as { document: Parameters<typeof docFromWire>[0] }).document : item);
      // Without scores, the rank stands in: best first, as the server ordered them.
      const score = scored ? ((item as { score?: number | null }).score ?? 1 / (rank + 1)) : 1 / (rank + 1);
      if (doc !== undefined) out.push({ doc, score });
    });
    return out;
  });
}

function retrieveURL(value: unknown, issues: ValidationIssue[]): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    issues.push({ path: ['url'], code: 'invalid_url', message: 'url must be an http(s) URL, e.g. http://127.0.0.1:8000' });
    return '';
  }
  let end = parsed.pathname.length;
  while (end > 0 && parsed.pathname.charCodeAt(end - 1) === 0x2f) end--;
  const path = parsed.pathname.slice(0, end);
  parsed.pathname = path.endsWith('/retrieve') ? path : `${path}/retrieve`;
  return parsed.toString();
}

function snippet(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > SNIPPET_CHARS ? `${one.slice(0, SNIPPET_CHARS)}…` : one || '(empty)';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
}
