import { createEntityMatcher, isEntityMatcher, type EntityMatcher, type EntityMatcherOptions, type GoldEntity } from '../entities/index.js';
import { boundedCache, DEFAULT_CACHE_SIZE, type Cache } from '../verify/cache.js';
import { DEFAULT_GOLD_CACHE, type CompiledGold } from '../verify/compiled-gold.js';

/** The compiled entity lists of the default scorer (`rubricScore`, `rubricReward`): rollouts of a group share theirs. */
export const DEFAULT_MATCHER_CACHE: Cache<EntityMatcher> = boundedCache(DEFAULT_CACHE_SIZE);

/** The compiled matcher for these entities, from `matchers` when the same list was seen before. */
export function matcherFor(
  entities: readonly GoldEntity[] | EntityMatcher,
  options: EntityMatcherOptions | undefined,
  matchers: Cache<EntityMatcher> = DEFAULT_MATCHER_CACHE,
): EntityMatcher {
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


/** The caches one scorer compiles into: gold answers for the verifier, entity lists for the rubric. */
export interface ScorerCaches {
  gold: Cache<CompiledGold>;
  matchers: Cache<EntityMatcher>;
}

/** The caches behind the library's top-level functions (the default scorer's). */
export const DEFAULT_CACHES: ScorerCaches = { gold: DEFAULT_GOLD_CACHE, matchers: DEFAULT_MATCHER_CACHE };
