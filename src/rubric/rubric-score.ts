import {
  createEntityMatcher, isEntityMatcher, normalizeEntities, type EntityHit, type EntityMatcher, type EntityMatcherOptions,
  type GoldEntity, type TextRange,
} from '../entities/index.js';
import { expectOptions, expectText } from '../response/arguments.js';
import { DEFAULT_CACHES, matcherFor, type ScorerCaches } from './matcher-cache.js';

/** How many of the caller's distractor entities the reasoning mentions. */
export interface DistractorReport {
  mentioned: number;
  total: number;
  /** Names of the distractors mentioned, in the order given. */
  names: string[];
}

/** Recall of the gold chain entities in a text. */
export interface RubricScore {
  /** Share of the chain's entities mentioned, weighted by `weight` (0 when there are none). */
  recall: number;
  /** Entities mentioned. */
  hits: number;
  /** Entities in the chain. */
  total: number;
  /** One hit per entity, in chain order. */
  entities: EntityHit[];
  /**
   * The longest run of chain entities whose first mentions come in chain order, over `total`:
   * 1 when the reasoning walks the chain e0 → e1 → … in order. Reported only; `recall` ignores it.
   */
  orderedRecall: number;
  /** Present when `distractors` were given. */
  distractors?: DistractorReport;
}

export interface RubricScoreOptions extends EntityMatcherOptions {
  /** Score only these ranges of the text (for example the reasoning without retrieved documents). */
  ranges?: readonly TextRange[] | undefined;
  /** Entities of distractor documents: how many the text mentions is reported, recall is unchanged. */
  distractors?: readonly GoldEntity[] | EntityMatcher | undefined;
}

/**
 * Scores the recall of the gold chain entities in `text`; pass a matcher from
 * `createEntityMatcher` to reuse the compiled aliases across the rollouts of a question.
 * @example
 * rubricScore('Köln lies on the Rhine…', [{ name: 'Cologne', aliases: ['Köln'] }, 'Rhine', 'North Sea']).recall // 2/3
 */
export function rubricScore(
  text: string,
  entities: readonly GoldEntity[] | EntityMatcher,
  options: RubricScoreOptions = {},
): RubricScore {
  return rubricScoreWith(DEFAULT_CACHES, text, entities, options);
}

/** `rubricScore` compiling entity lists into a scorer's own caches (see `createScorer`). */
export function rubricScoreWith(
  caches: ScorerCaches,
  text: string,
  entities: readonly GoldEntity[] | EntityMatcher,
  options: RubricScoreOptions = {},
): RubricScore {
  expectText(text, 'text');
  expectOptions(options);
  // A list is compiled once and cached (rollouts of a group pass the same one); a matcher is used as is.
  const matcher = matcherFor(entities, matcherOptions(options), caches.matchers);
  const hits = matcher.match(text, { ranges: options.ranges });
  const score = scoreHits(hits);
  if (options.distractors !== undefined) {
    let distractors: EntityMatcher;
    if (isEntityMatcher(options.distractors)) distractors = options.distractors;
    else {
      // Validated under their own name first: createEntityMatcher would call a bad one `entities[i]`.
      normalizeEntities(options.distractors, ['distractors']);
      distractors = createEntityMatcher(options.distractors as readonly GoldEntity[], options);
    }
    const found = distractors.match(text, { ranges: options.ranges }).filter((h) => h.found);
    score.distractors = { mentioned: found.length, total: distractors.entities.length, names: found.map((h) => h.name) };
  }
  return score;
}

/** The options that change how a matcher is compiled (the cache key must not see the others). */
function matcherOptions(options: RubricScoreOptions): EntityMatcherOptions | undefined {
  if (options.fuzzy === undefined && options.acronymCase === undefined) return undefined;
  return { fuzzy: options.fuzzy, acronymCase: options.acronymCase };
}

/** Recall, hits and order from matcher hits. */
export function scoreHits(hits: EntityHit[]): RubricScore {
  let weightFound = 0;
  let weightTotal = 0;
  let found = 0;
  for (const hit of hits) {
    weightTotal += hit.weight;
    if (hit.found) {
      found++;
      weightFound += hit.weight;
    }
  }
  return {
    recall: weightTotal > 0 ? weightFound / weightTotal : 0,
    hits: found,
    total: hits.length,
    entities: hits,
    orderedRecall: hits.length > 0 ? longestInOrder(hits) / hits.length : 0,
  };
}

/** Length of the longest increasing subsequence of first-mention positions, in chain order. */
function longestInOrder(hits: EntityHit[]): number {
  const tails: number[] = [];
  for (const hit of hits) {
    const first = hit.mentions[0];
    if (first === undefined) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < first.start) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = first.start;
  }
  return tails.length;
}
