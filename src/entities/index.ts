export { createEntityMatcher, isEntityMatcher, matchEntities } from './entity-matcher.js';
export { normalizeEntities, type NormalizedEntity } from './normalize-entities.js';
export type {
  EntityHit, EntityMatcher, EntityMatcherOptions, GoldEntity, MatchOptions, Mention, MentionHow, TextRange,
} from './types.js';
