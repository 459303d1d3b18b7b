// Sorts a search agent's documents into LongTraceRL's distractor tiers: Tier-1 = read − cited − gold
// (opened and judged useless: the most confusable), Tier-2 = seen − read − gold (shown in results,
// never opened). A distractor that contains the answer would make the question ambiguous, so it is
// dropped and reported.
import { createEntityMatcher, type EntityMatcher } from '../entities/index.js';
import { goldAliases, type GoldAnswer } from '../verify/index.js';
import { DocKeySet, hasText, indexCorpus, titleKey, type Corpus, type DocumentStore } from './corpus/index.js';
import type { Doc, Trajectory } from './types.js';

/** Why a document is not in a tier. */
export type DropReason = 'answer-in-distractor' | 'gold' | 'cited' | 'duplicate' | 'no-text';

export interface DroppedDoc {
  id: string;
  reason: DropReason;
  /** The tier it would have been in. */
  tier: 'tier1' | 'tier2';
}

/** Where the tiers came from: an agent's trajectory, or a one-shot search by the engine named (`bm25`). */
export type TierSource = 'trajectory' | 'bm25' | (string & {});

export interface TierInput {
  trajectory: Trajectory;
  gold: readonly Doc[];
  answer: GoldAnswer;
  /** Documents without text (or with a search snippet only) are looked up here by id, URL or title. */
  corpus?: Corpus | undefined;
}

export interface TierOptions {
  /** Keep distractors that mention the answer (they make the question ambiguous). @default false */
  keepAnswerDistractors?: boolean | undefined;
  /** Drop documents that have no text after the corpus lookup (they cannot go in a context). @default true */
  requireText?: boolean | undefined;
  /** Written into `source`; set by the BM25 fallback. @default 'trajectory' */
  source?: TierSource | undefined;
}

export interface Tiers {
  gold: Doc[];
  tier1: Doc[];
  tier2: Doc[];
  dropped: DroppedDoc[];
  source: TierSource;
}

/** The document with the corpus's text where the corpus has it (a search snippet is not the page). */
function withText(doc: Doc, corpus: DocumentStore | undefined): Doc {
  const found = corpus?.find(doc);
  if (found === undefined) return doc;
  const out: Doc = { ...doc };
  out.title ??= found.title;
  out.url ??= found.url;
  if (found.text !== undefined && found.text !== '') out.text = found.text;
  return out;
}

// Yes/no answers are mentioned by almost any text and cannot leak the answer of a comparison.
const YES_NO = new Set(['yes', 'no']);

/** A matcher for the answer and its aliases, or undefined when the answer is yes/no. */
export function answerMatcher(answer: GoldAnswer): EntityMatcher | undefined {
  const aliases = goldAliases(answer);
  const [name, ...rest] = aliases;
  if (name === undefined || aliases.every((a) => YES_NO.has(titleKey(a)))) return undefined;
  return createEntityMatcher([{ name, aliases: rest }]);
}

/** True when `doc` (title or text) mentions the answer. */
export function mentionsAnswer(doc: Doc, matcher: EntityMatcher | undefined): boolean {
  if (matcher === undefined) return false;
  return matcher.match(`${doc.title ?? ''}\n${doc.text ?? ''}`)[0]?.found === true;
}

/**
 * Sorts a trajectory's documents into tiers: Tier-1 = read − cited − gold, Tier-2 = seen − read −
 * gold, deduplicated by id, URL and folded title; a distractor mentioning the answer (any alias) is
 * dropped as `answer-in-distractor`.
 * @example tierDocuments({ trajectory, gold: [{ id: 'g1' }], answer: 'Paris', corpus }).tier1
 */
export function tierDocuments(input: TierInput, options: TierOptions = {}): Tiers {
  const corpus = input.corpus === undefined ? undefined : indexCorpus(input.corpus);
  const requireText = options.requireText ?? true;
  const matcher = options.keepAnswerDistractors === true ? undefined : answerMatcher(input.answer);
  const dropped: DroppedDoc[] = [];

  // Gold documents are told apart by id only: paragraph corpora give two gold paragraphs one title.
  // Their URL and title keys still keep the pages an agent read from becoming distractors.
  const goldKeys = new DocKeySet();
  const goldIds = new Set<string>();
  const gold: Doc[] = [];
  for (const g of input.gold) {
    if (goldIds.has(g.id)) continue;
    goldIds.add(g.id);
    goldKeys.add(g);
    gold.push(withText(g, corpus));
  }
  const citedKeys = new DocKeySet();
  for (const c of input.trajectory.cited) citedKeys.add(c);
  const readKeys = new DocKeySet();
  for (const r of input.trajectory.read) readKeys.add(r);

  const taken = new DocKeySet();
  const pick = (docs: readonly Doc[], tier: 'tier1' | 'tier2', exclude: DocKeySet | undefined): Doc[] => {
    const out: Doc[] = [];
    for (const raw of docs) {
      const reason: DropReason | undefined = goldKeys.has(raw)
        ? 'gold'
        : citedKeys.has(raw)
          ? 'cited'
          : exclude?.has(raw) === true || taken.has(raw)
            ? 'duplicate'
            : undefined;
      if (reason !== undefined) {
        // A seen document that was also opened was already reported (or kept) as Tier-1's.
        if (!(tier === 'tier2' && readKeys.has(raw))) dropped.push({ id: raw.id, reason, tier });
        continue;
      }
      const doc = withText(raw, corpus);
      taken.add(raw);
      taken.add(doc);
      if (requireText && !hasText(doc)) {
        dropped.push({ id: doc.id, reason: 'no-text', tier });
      } else if (mentionsAnswer(doc, matcher)) {
        dropped.push({ id: doc.id, reason: 'answer-in-distractor', tier });
      } else {
        out.push(doc);
      }
    }
    return out;
  };
  const tier1 = pick(input.trajectory.read, 'tier1', undefined);
  const tier2 = pick(input.trajectory.seen, 'tier2', readKeys);
  return { gold, tier1, tier2, dropped, source: options.source ?? 'trajectory' };
}
