// A reply cache in front of a transport (outside its retries, as ky's beforeRequest hook may answer
// from a cache): the key is a hash of everything that decides a reply (the endpoint, the model, the
// transport's defaults and the whole request), only replies the caller accepted are stored, and
// identical requests under way share one call. A store that fails never fails a call.
import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import type { ChatReply, ChatRequest, ChatTransport, SendOptions } from './chat-request.js';
import { SingleFlight } from './single-flight.js';

/** Counters of a reply store since it was made. */
export interface ReplyStoreStats {
  /** Lookups answered with a stored reply. */
  hits: number;
  /** Lookups that found nothing usable (absent, truncated, corrupt or unreadable). */
  misses: number;
  /** Replies stored. */
  writes: number;
  /** Entries that could not be read or parsed, and writes that failed. */
  errors: number;
}

/** Where a reply cache keeps replies: `get` never throws for a bad entry (it is a miss), `set` never throws for a failed write. */
export interface ReplyStore {
  get(key: string): Promise<ChatReply | undefined>;
  set(key: string, reply: ChatReply): Promise<void>;
  stats(): ReplyStoreStats;
}

// Keys sorted at every level, undefined left out as JSON does: one request, one text, whatever the
// order its fields were written in.
// Made on first use: a call at import would keep this module (and its import) in every bundle.
let canonical: ReturnType<typeof configure> | undefined;

/** The cache key of `request` on `transport`: the sha256 (hex) of a canonical JSON of endpoint, model, defaults and request. */
export function replyCacheKey(transport: ChatTransport, request: ChatRequest): string {
  canonical ??= configure({ deterministic: true, circularValue: Error, bigint: false });
  const text = canonical({ v: 1, baseURL: transport.baseURL ?? null, model: transport.model, defaults: transport.defaults ?? {}, request });
  return createHash('sha256').update(text ?? '').digest('hex');
}

/**
 * `transport` with a reply cache in front: a stored reply the caller accepts answers at once;
 * otherwise one call (shared by identical requests under way) whose reply is stored.
 * @example const cached = withReplyCache(createLlmClient({ baseURL, model }), createFileReplyStore());
 */
export function withReplyCache(transport: ChatTransport, store: ReplyStore): ChatTransport {
  const flights = new SingleFlight<ChatReply>(0);
  const lookup = async (key: string): Promise<ChatReply | undefined> => {
    try {
      return await store.get(key);
    } catch {
      return undefined;
    }
  };
  const keep = async (key: string, reply: ChatReply): Promise<void> => {
    try {
      await store.set(key, reply);
    } catch {
      // A store that throws (its contract says it should not) costs the cache, not the call.
    }
  };
  async function send(request: ChatRequest, options: SendOptions = {}): Promise<ChatReply> {
    const { signal, accept } = options;
    signal?.throwIfAborted();
    const key = replyCacheKey(transport, request);
    const stored = await lookup(key);
    if (stored !== undefined && (accept === undefined || accept(stored))) return { ...stored, cached: true };
    const { value, how } = await flights.run(
      key,
      async (shared) => {
        const reply = await transport.send(request, { signal: shared, accept });
        await keep(key, reply);
        return reply;
      },
      signal,
      () => {},
    );
    // A call joined under way was accepted by its starter's test; this caller's may differ.
    if (how === 'joined' && accept !== undefined && !accept(value)) return transport.send(request, { signal, accept });
    return value;
  }
  const cached: ChatTransport = { model: transport.model, send };
  if (transport.baseURL !== undefined) Object.assign(cached, { baseURL: transport.baseURL });
  if (transport.defaults !== undefined) Object.assign(cached, { defaults: transport.defaults });
  return cached;
}

/** A reply store in memory (for tests, and for one process that repeats itself); replies are copied in and out. */
export function createMemoryReplyStore(): ReplyStore & { readonly size: number } {
  const entries = new Map<string, string>();
  const counters: ReplyStoreStats = { hits: 0, misses: 0, writes: 0, errors: 0 };
  return {
    get size() {
      return entries.size;
    },
    get(key) {
      const text = entries.get(key);
      if (text === undefined) counters.misses++;
      else counters.hits++;
      return Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as ChatReply));
    },
    set(key, reply) {
      entries.set(key, JSON.stringify(reply));
      counters.writes++;
      return Promise.resolve();
    },
    stats: () => ({ ...counters }),
  };
}
