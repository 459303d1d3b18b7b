// What a search agent and the BM25 tiers need of a search engine: ranked documents for a batch of
// queries, and (optionally) a document by id. The in-memory BM25 (bm25-memory.ts) is the first
// implementation; an on-disk full-text index and Search-R1's /retrieve server are others.
import type { Doc } from '../types.js';

/** One ranked result. */
export interface SearchHit {
  doc: Doc;
  /** The engine's score: higher is better; comparable only within one query's results. */
  score: number;
}

/** A search engine: the top `k` documents for each query, best first. */
export interface SearchBackend {
  /** Short name of the engine (`bm25`, `retriever`, …); recorded as the tier source where it makes tiers. */
  readonly name: string;
  /** Results for each query, in the order of `queries`; an empty query gets no results. */
  search(queries: readonly string[], k: number, options?: { signal?: AbortSignal | undefined }): Promise<SearchHit[][]>;
  /** The full document with this id, when the engine can return it. */
  open?(id: string, options?: { signal?: AbortSignal | undefined }): Promise<Doc | undefined>;
  /** Releases what the engine holds open. */
  close?(): Promise<void>;
}
