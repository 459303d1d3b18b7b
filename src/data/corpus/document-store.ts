// What the data half needs of a corpus, whatever holds it: the documents in memory (memory-store.ts)
// or an on-disk index. Lookups are by reference (id, else URL, else folded title: doc-key.ts), by
// position (the context's pool draws random documents), and a scan in order.
import type { Doc } from '../types.js';

/** A corpus looked up by id, URL or folded title, by position, or read in order. */
export interface DocumentStore {
  /** Number of documents. */
  readonly size: number;
  /** The document this reference names: by id, else URL, else folded title. */
  find(ref: Doc): Doc | undefined;
  /** The document at position `i` (0 ≤ i < size), in the order the corpus was read. */
  at(i: number): Doc;
  /** Every document, in order. */
  scan(): Iterable<Doc>;
  /** Releases what the store holds open (an on-disk index's file); a store in memory has nothing to close. */
  close?(): void;
}

/** The corpus type the library's functions return; the same interface as {@link DocumentStore}. */
export type CorpusIndex = DocumentStore;

/** What tierDocuments, buildContext and the BM25 retriever accept as a corpus. */
export type Corpus = DocumentStore | ReadonlyMap<string, Doc> | Iterable<Doc>;

/** True for a {@link DocumentStore} (an object with `find`, `at` and `scan`). */
export function isDocumentStore(value: unknown): value is DocumentStore {
  if (typeof value !== 'object' || value === null) return false;
  const store = value as DocumentStore;
  return typeof store.find === 'function' && typeof store.at === 'function' && typeof store.scan === 'function';
}
