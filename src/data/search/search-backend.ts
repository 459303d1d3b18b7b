// One interface for every place an agent can search: the in-memory BM25 of a JSONL corpus, the
// on-disk index, or a retrieval server over HTTP. Async, batched (a retriever answers many queries
// at the cost of about one), and cancellable.
import type { Doc } from '../types.js';

/** A document a search found, with the backend's score (higher is better). */
export interface ScoredDoc {
  doc: Doc;
  score: number;
}

/** Somewhere to search: `search` answers each query with its best `k` documents, best first. */
export interface SearchBackend {
  /** What the backend is (`bm25`, `retriever`, …); tiers made from its results name it as their source. */
  readonly name: string;
  /** One list per query, in the order of `queries`, each at most `k` long. */
  search(queries: readonly string[], k: number, options?: { signal?: AbortSignal | undefined }): Promise<ScoredDoc[][]>;
  /** The full document with this id, when the backend can give it; undefined for an id it does not know. */
  open?(id: string, options?: { signal?: AbortSignal | undefined }): Promise<Doc | undefined>;
}
