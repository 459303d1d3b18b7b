// BM25 over a corpus held in memory (wink-bm25-text-search, loaded on first use). Terms are the text
// layer's folded word, number and date keys without stop words, so the index finds what the
// reward's matcher would (accents and case folded).
import { ValidationError } from '../../errors.js';
import { importOptional } from '../../optional-import.js';
import { tokenize } from '../../text/index.js';
import { indexCorpus } from '../corpus/memory-store.js';
import type { Corpus, DocumentStore } from '../corpus/document-store.js';
import type { SearchBackend, SearchHit } from './search-backend.js';
import type { Doc } from '../types.js';

/** The part of wink-bm25-text-search (plain JavaScript, no types of its own) used here. */
interface WinkBm25Engine {
  defineConfig(config: { fldWeights: Record<string, number> }): boolean;
  definePrepTasks(tasks: Array<(input: string) => string[]>): number;
  addDoc(doc: Record<string, string>, id: number): number;
  consolidate(): boolean;
  search(text: string, limit?: number): Array<[string, number]>;
}

/** A BM25 index over a corpus in memory: a {@link SearchBackend}, also searchable synchronously. */
export interface Bm25Retriever extends SearchBackend {
  readonly name: 'bm25';
  /** The corpus searched, for looking documents up by id, URL or title. */
  readonly corpus: DocumentStore;
  /** The `limit` best documents for one query, best first (ties in corpus order). */
  searchOne(query: string, limit: number): SearchHit[];
}

export interface Bm25Options {
  /** Weight of the title against the text. @default 2 */
  titleWeight?: number | undefined;
}

/** Words too common to tell documents apart; BM25's idf would mostly discount them anyway. */
export const BM25_STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from has he in is it its of on or that the to was were which who with what when where how did does do'.split(' '),
);

/** The search terms of a text: the text layer's folded word, number and date keys, stop words out. */
export function searchTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) if (t.kind !== 'sym' && !BM25_STOP_WORDS.has(t.key)) out.push(t.key);
  return out;
}

/**
 * Builds a BM25 index over `corpus` (wink-bm25-text-search, loaded on first use).
 * @example const bm25 = await createBm25Retriever(docs); const [hits] = await bm25.search(['Rhine delta'], 5);
 */
export async function createBm25Retriever(corpus: Corpus, options: Bm25Options = {}): Promise<Bm25Retriever> {
  const store = indexCorpus(corpus);
  if (store.size < 3) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['corpus'], code: 'too_small', message: `BM25 needs a corpus of at least 3 documents, got ${store.size}` }]);
  }
  const wink = await importOptional<{ default: () => WinkBm25Engine }>('wink-bm25-text-search', 'the BM25 retriever; a dependency of longtrace-reward');
  const engine = wink.default();
  engine.defineConfig({ fldWeights: { title: options.titleWeight ?? 2, body: 1 } });
  engine.definePrepTasks([searchTerms]);
  // wink keys documents by position so a corpus id can be any string.
  let i = 0;
  for (const d of store.scan()) engine.addDoc({ title: d.title ?? '', body: d.text ?? '' }, i++);
  engine.consolidate();
  const searchOne = (query: string, limit: number): SearchHit[] => {
    if (limit <= 0 || searchTerms(query).length === 0) return [];
    return engine.search(query, limit).map(([at, score]) => ({ doc: store.at(Number(at)), score }));
  };
  return {
    name: 'bm25',
    corpus: store,
    searchOne,
    search: (queries, k) => Promise.resolve(queries.map((q) => searchOne(q, k))),
    open: (id: string) => Promise.resolve<Doc | undefined>(store.find({ id })),
  };
}
