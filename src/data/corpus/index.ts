// Corpora: one interface (DocumentStore), one notion of document identity (doc-key.ts), and the
// stores behind it.
export { urlKey, titleKey, docKeys, isUrl, hasText, DocKeySet } from './doc-key.js';
export { isDocumentStore, type DocumentStore, type CorpusIndex, type Corpus } from './document-store.js';
export { indexCorpus, createMemoryStore } from './memory-store.js';
export { readCorpusFile, readCorpusLines, loadCorpus, docFromRow, splitWikiContents } from './read-corpus.js';
export type { CorpusLine, CorpusSkipReason, ReadCorpusOptions } from './read-corpus.js';
// The on-disk index (better-sqlite3, an optional peer, loaded on first use).
export { openIndexStore, CorpusIndexError, CORPUS_INDEX_VERSION, CORPUS_INDEX_FORMAT } from './sqlite-store.js';
export type { IndexStore, CorpusIndexMeta, CorpusIndexProblem, OpenIndexOptions } from './sqlite-store.js';
export { buildCorpusIndex } from './build-index.js';
export type { BuildIndexOptions, BuildIndexResult, IndexProgress } from './build-index.js';
