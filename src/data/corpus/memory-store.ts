// A corpus held in memory: an array in read order and three maps (id, URL key, title key). The
// right store for corpora up to a few hundred thousand documents; larger ones go in an on-disk index.
import { docKeys, titleKey, urlKey } from './doc-key.js';
import { isDocumentStore, type Corpus, type DocumentStore } from './document-store.js';
import type { Doc } from '../types.js';

// A Map or array indexed once is kept, so a library caller passing the same corpus for every
// question pays for the index once (and not O(corpus) per question).
const indexed = new WeakMap<object, DocumentStore>();

/**
 * Indexes documents (an iterable, a Map by id, or a store already) for lookups by id, URL and title.
 * The first document of an id wins, as in a JSONL file read top to bottom.
 * @example indexCorpus([{ id: 'd1', title: 'Rhine', text: '…' }]).find({ id: 'x', title: 'rhine' })
 */
export function indexCorpus(corpus: Corpus): DocumentStore {
  if (isDocumentStore(corpus)) return corpus;
  const cached = indexed.get(corpus);
  if (cached !== undefined) return cached;
  const store = createMemoryStore(corpus instanceof Map ? corpus.values() : (corpus as Iterable<Doc>));
  indexed.set(corpus, store);
  return store;
}

/** A {@link DocumentStore} over documents held in memory. */
export function createMemoryStore(docs: Iterable<Doc>): DocumentStore {
  const list: Doc[] = [];
  const byKey = new Map<string, Doc>();
  for (const doc of docs) {
    if (byKey.has(`id:${doc.id}`)) continue;
    list.push(doc);
    // The first document with a URL or title keeps it.
    for (const key of docKeys(doc)) if (!byKey.has(key)) byKey.set(key, doc);
  }
  return {
    size: list.length,
    at(i) {
      const doc = list[i];
      if (doc === undefined) throw new RangeError(`no document at position ${i} (the corpus has ${list.length})`);
      return doc;
    },
    scan: () => list.values(),
    find(ref) {
      const byId = byKey.get(`id:${ref.id}`);
      if (byId !== undefined) return byId;
      if (ref.url !== undefined && ref.url !== '') {
        const byUrl = byKey.get(`url:${urlKey(ref.url)}`);
        if (byUrl !== undefined) return byUrl;
      }
      if (ref.title === undefined) return undefined;
      const t = titleKey(ref.title);
      return t === '' ? undefined : byKey.get(`title:${t}`);
    },
  };
}
