// Corpora: one interface (DocumentStore), one notion of document identity (doc-key.ts), and the
// stores behind it.
export { urlKey, titleKey, docKeys, isUrl, DocKeySet } from './doc-key.js';
export { isDocumentStore, type DocumentStore, type CorpusIndex, type Corpus } from './document-store.js';
export { indexCorpus, createMemoryStore } from './memory-store.js';
export { readCorpusFile, loadCorpus, docFromRow } from './read-corpus.js';
