import { LRUCache } from 'lru-cache';
import { createEntityMatcher, isEntityMatcher, type EntityMatcher, type EntityMatcherOptions, type GoldEntity } from '../entities/index.js';

// Rollouts of a group share their entities: compile each list once.
const matchers = new LRUCache<string, EntityMatcher>({ max: 1024 });

/** The compiled matcher for these entities, from the cache when the same list was seen before. */
export function matcherFor(entities: readonly GoldEntity[] | EntityMatcher, options: EntityMatcherOptions | undefined): EntityMatcher {
  if (isEntityMatcher(entities)) return entities;
  let key: string;
  try {
    key = JSON.stringify([entities, options ?? null]);
  } catch {
    // Not JSON (a BigInt weight, a cycle): compile uncached, which validates and names the field.
    return createEntityMatcher(entities, options);
  }
  let matcher = matchers.get(key);
  if (matcher === undefined) {
    matcher = createEntityMatcher(entities, options);
    matchers.set(key, matcher);
  }
  return matcher;
}

