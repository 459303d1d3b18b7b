// The fallback for users without agent trajectories: a one-shot search over the corpus simulates
// one (the top results of each query count as read, the next ones as seen). It is the baseline the
// LongTraceRL paper compares agent tiers against, and its tiers are labelled with the search
// engine's name (`bm25`) so they are never mistaken for an agent's.
import { normalizeText } from '../text/index.js';
import type { GoldEntity } from '../entities/index.js';
import { goldAliases, type GoldAnswer } from '../verify/index.js';
import type { DocumentStore } from './corpus/document-store.js';
import type { SearchBackend } from './search/search-backend.js';
import { tierDocuments, type TierOptions, type Tiers } from './tiers.js';
import type { Doc, Trajectory } from './types.js';

export interface SimulateOptions {
  /** Results per query counted as read (opened). @default 3 */
  read?: number | undefined;
  /** Further results per query counted as seen (in the results, never opened). @default 10 */
  seen?: number | undefined;
}

/** A trajectory simulated by one search: per query, the top `read` results are read, the next `seen` seen. */
export async function simulateTrajectory(search: SearchBackend, queries: readonly string[], options: SimulateOptions = {}): Promise<Trajectory> {
  const nRead = options.read ?? 3;
  const nSeen = options.seen ?? 10;
  const read = new Map<string, Doc>();
  const seen = new Map<string, Doc>();
  const results = await search.search(queries, nRead + nSeen);
  for (const hits of results) {
    hits.forEach(({ doc }, rank) => {
      seen.set(doc.id, doc);
      if (rank < nRead) read.set(doc.id, doc);
    });
  }
  return { queries: [...queries], seen: [...seen.values()], read: [...read.values()], cited: [] };
}

export interface Bm25TierInput {
  /** The search engine; its `corpus`, when it has one, supplies full texts. */
  retriever: SearchBackend & { readonly corpus?: DocumentStore | undefined };
  question: string;
  /** The chain's entities: each one's name is a query, as an agent would search each hop. */
  entities?: readonly GoldEntity[] | undefined;
  gold: readonly Doc[];
  answer: GoldAnswer;
  /** Where full texts are looked up. @default retriever.corpus */
  corpus?: DocumentStore | undefined;
}

/**
 * Tiers without a trajectory: the question and each hop entity are searched once; labelled with the
 * engine's name as `source` (the one-shot-search baseline, not agent tiers).
 * @example const tiers = await bm25Tiers({ retriever, question, entities, gold, answer });
 */
export async function bm25Tiers(input: Bm25TierInput, options: SimulateOptions & Omit<TierOptions, 'source'> = {}): Promise<Tiers> {
  // The answer entity is left out: searching for it would only find documents the leak check drops.
  const answers = new Set(goldAliases(input.answer).map(normalizeText));
  const hops = (input.entities ?? []).map((e) => (typeof e === 'string' ? e : e.name)).filter((n) => !answers.has(normalizeText(n)));
  const trajectory = await simulateTrajectory(input.retriever, [input.question, ...hops], options);
  const corpus = input.corpus ?? input.retriever.corpus;
  return tierDocuments({ trajectory, gold: input.gold, answer: input.answer, corpus }, { ...options, source: input.retriever.name });
}
