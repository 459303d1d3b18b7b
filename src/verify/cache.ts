import { LRUCache } from 'lru-cache';

/** A bounded string-keyed cache: least recently used entries go first. */
export interface Cache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
  clear(): void;
  readonly size: number;
}

// Size 0 turns caching off (lru-cache needs max ≥ 1): every call compiles afresh.
const NO_CACHE: Cache<never> = { get: () => undefined, set: () => undefined, clear: () => undefined, size: 0 };

/** An LRU cache of `max` entries, or one that keeps nothing when `max` is 0. */
export function boundedCache<V extends object>(max: number): Cache<V> {
  return max > 0 ? new LRUCache<string, V>({ max }) : NO_CACHE;
}

/**
 * How many entries each of the library's caches keeps unless a scorer is given another size:
 * questions repeat across the 8+ rollouts of a group and across epochs.
 */
export const DEFAULT_CACHE_SIZE = 2048;
