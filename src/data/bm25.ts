// The fallback for users without agent trajectories: a one-shot BM25 search over the corpus simulates
// one (the top results of each query count as read, the next ones as seen). It is the baseline the
// LongTraceRL paper compares agent tiers against, and its tiers are labelled `bm25` so they are
// never mistaken for an agent's.
import { LongtraceError, ValidationError } from '../errors.js';
import { normalizeText, tokenize } from '../text/index.js';
import type { GoldEntity } from '../entities/index.js';
import { goldAliases, type GoldAnswer } from '../verify/index.js';
import { indexCorpus, type Corpus, type CorpusIndex } from './corpus.js';
import { tierDocuments, type TierOptions, type Tiers } from './tiers.js';
import type { Doc, Trajectory } from './types.js';

/** The part of wink-bm25-text-search (plain JavaScript, no types of its own) used here. */
interface WinkBm25Engine {
  defineConfig(config: { fldWeights: Record<string, number> }): boolean;
  definePrepTasks(tasks: Array<(input: string) => string[]>): number;
  addDoc(doc: Record<string, string>, id: number): number;
  consolidate(): boolean;
  search(text: string, limit?: number): Array<[string, number]>;
}
// A variable specifier: the type checker needs no declaration of the untyped module, and the
// library is loaded only when BM25 is used.
const WINK = 'wink-bm25-text-search';

/** A BM25 index over a corpus. */
export interface Bm25Retriever {
  readonly corpus: CorpusIndex;
  /** The `limit` best documents for `query`, best first (ties in corpus order). */
  search(query: string, limit: number): Doc[];
}

export interface Bm25Options {
  /** Weight of the title against the text. @default 2 */
  titleWeight?: number | undefined;
}

// Words too common to tell documents apart; BM25's idf would mostly discount them anyway, but
// leaving them out keeps the index small.
const STOP = new Set('a an and are as at be by for from has he in is it its of on or that the to was were which who with what when where how did does do'.split(' '));

/** The search keys of a text: the text layer's folded word, number and date keys, stop words out. */
function prep(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) if (t.kind !== 'sym' && !STOP.has(t.key)) out.push(t.key);
  return out;
}

/** Builds a BM25 index over `corpus` (wink-bm25-text-search, loaded on first use). */
export async function createBm25Retriever(corpus: Corpus, options: Bm25Options = {}): Promise<Bm25Retriever> {
  const index = indexCorpus(corpus);
  const docs = index.docs();
  if (docs.length < 3) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['corpus'], code: 'too_small', message: `BM25 needs a corpus of at least 3 documents, got ${docs.length}` }]);
  }
  let bm25: () => WinkBm25Engine;
  try {
    bm25 = ((await import(WINK)) as { default: () => WinkBm25Engine }).default;
  } catch (error) {
    throw new LongtraceError('INTERNAL', 'wink-bm25-text-search could not be loaded; reinstall longtrace-reward (it is a dependency)', { cause: error });
  }
  const engine = bm25();
  engine.defineConfig({ fldWeights: { title: options.titleWeight ?? 2, body: 1 } });
  engine.definePrepTasks([prep]);
  // wink keys documents by position so a corpus id can be any string.
  docs.forEach((d, i) => engine.addDoc({ title: d.title ?? '', body: d.text ?? '' }, i));
  engine.consolidate();
  return {
    corpus: index,
    search(query, limit) {
      if (limit <= 0 || prep(query).length === 0) return [];
      return engine.search(query, limit).map(([i]) => docs[Number(i)]!);
    },
  };
}

export interface SimulateOptions {
  /** Results per query counted as read (opened). @default 3 */
  read?: number | undefined;
  /** Further results per query counted as seen (in the results, never opened). @default 10 */
  seen?: number | undefined;
}

/** A trajectory simulated by BM25: per query, the top `read` results are read, the next `seen` seen. */
export function simulateTrajectory(retriever: Bm25Retriever, queries: readonly string[], options: SimulateOptions = {}): Trajectory {
  const nRead = options.read ?? 3;
  const nSeen = options.seen ?? 10;
  const read = new Map<string, Doc>();
  const seen = new Map<string, Doc>();
  for (const q of queries) {
    retriever.search(q, nRead + nSeen).forEach((doc, rank) => {
      seen.set(doc.id, doc);
      if (rank < nRead) read.set(doc.id, doc);
    });
  }
  return { queries: [...queries], seen: [...seen.values()], read: [...read.values()], cited: [] };
}

export interface Bm25TierInput {
  retriever: Bm25Retriever;
  question: string;
  /** The chain's entities: each one's name is a query, as an agent would search each hop. */
  entities?: readonly GoldEntity[] | undefined;
  gold: readonly Doc[];
  answer: GoldAnswer;
}

/**
 * Tiers without a trajectory: the question and each hop entity are searched with BM25; labelled
 * `source: 'bm25'` (the one-shot-search baseline, not agent tiers).
 */
export function bm25Tiers(input: Bm25TierInput, options: SimulateOptions & Omit<TierOptions, 'source'> = {}): Tiers {
  // The answer entity is left out: searching for it would only find documents the leak check drops.
  const answers = new Set(goldAliases(input.answer).map(normalizeText));
  const hops = (input.entities ?? []).map((e) => (typeof e === 'string' ? e : e.name)).filter((n) => !answers.has(normalizeText(n)));
  const trajectory = simulateTrajectory(input.retriever, [input.question, ...hops], options);
  return tierDocuments({ trajectory, gold: input.gold, answer: input.answer, corpus: input.retriever.corpus }, { ...options, source: 'bm25' });
}
