// Single-flight with a cache: identical calls under way share one request (a GRPO group often
// repeats an answer), results are kept in an LRU, and a shared request is cancelled only when the
// last caller waiting for it gives up.
import { LRUCache } from 'lru-cache';
import { untilAborted } from './abort.js';

interface Shared<V> {
  promise: Promise<V>;
  controller: AbortController;
  waiters: number;
}

/** Joins identical calls and caches their results by key. */
export class SingleFlight<V extends object> {
  readonly #cache: LRUCache<string, V> | undefined;
  readonly #underWay = new Map<string, Shared<V>>();

  /** @param cacheSize results kept (0: none) */
  constructor(cacheSize: number) {
    this.#cache = cacheSize > 0 ? new LRUCache<string, V>({ max: cacheSize }) : undefined;
  }

  /**
   * The cached value for `key`, the result of an identical call under way, or of a new call to
   * `start` (given a signal that aborts when every waiter has left). `how` says which; `onHit` is
   * called at once (before any wait) when the call is answered by the cache or joins one under way.
   */
  async run(
    key: string,
    start: (signal: AbortSignal) => Promise<V>,
    signal: AbortSignal | undefined,
    onHit: () => void,
  ): Promise<{ value: V; how: 'cache' | 'joined' | 'called' }> {
    const hit = this.#cache?.get(key);
    if (hit !== undefined) {
      onHit();
      return { value: hit, how: 'cache' };
    }
    let entry = this.#underWay.get(key);
    const joined = entry !== undefined;
    if (entry === undefined) entry = this.#start(key, start);
    else onHit();
    const shared = entry;
    shared.waiters++;
    // A waiter that gives up leaves; the request is cancelled when no one waits for it any more.
    const leave = (): void => {
      if (--shared.waiters > 0) return;
      // Forget the call at once, so a later identical call starts afresh instead of joining a cancelled one.
      if (this.#underWay.get(key) === shared) this.#underWay.delete(key);
      shared.controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', leave, { once: true });
    try {
      const value = signal === undefined ? await shared.promise : await untilAborted(shared.promise, signal);
      return { value, how: joined ? 'joined' : 'called' };
    } finally {
      if (signal?.aborted !== true) shared.waiters--;
      signal?.removeEventListener('abort', leave);
    }
  }

  clear(): void {
    this.#cache?.clear();
  }

  /** Starts a call and registers it as under way until it settles; a value goes to the cache. */
  #start(key: string, start: (signal: AbortSignal) => Promise<V>): Shared<V> {
    const controller = new AbortController();
    const promise = start(controller.signal);
    const entry: Shared<V> = { promise, controller, waiters: 0 };
    this.#underWay.set(key, entry);
    const forget = (): void => {
      if (this.#underWay.get(key) === entry) this.#underWay.delete(key);
    };
    promise.then(
      (value) => {
        forget();
        this.#cache?.set(key, value);
      },
      forget,
    );
    return entry;
  }
}
