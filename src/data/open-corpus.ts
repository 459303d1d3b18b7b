// One way to open a corpus, whatever its form: a JSONL file (read whole into memory, BM25 built in
// memory on demand) or an on-disk index built by `data index` (read page by page, its own BM25).
// The form is told by the file's first bytes, not its name: SQLite's header means an index,
// anything else is JSONL (gzipped or not). The caller gets one DocumentStore and asks it for a
// search engine when it needs one, so code above never branches on the kind of corpus.
import { open } from 'node:fs/promises';
import { InputError } from '../io/index.js';
import { loadCorpus, type ReadCorpusOptions } from './corpus/read-corpus.js';
import { CorpusIndexError, openIndexStore, type IndexStore, type OpenIndexOptions } from './corpus/sqlite-store.js';
import type { DocumentStore } from './corpus/document-store.js';
import { createBm25Retriever, type Bm25Options } from './search/bm25-memory.js';
import { createIndexSearch, type IndexSearchOptions } from './search/index-fts.js';
import type { SearchBackend } from './search/search-backend.js';

/** A search engine over an opened corpus, with the corpus it searches (for full texts). */
export type CorpusSearch = SearchBackend & { readonly name: 'bm25'; readonly corpus: DocumentStore };

/** A corpus opened by {@link openCorpus}: a {@link DocumentStore} that can also make its BM25 search. */
export interface OpenedCorpus extends DocumentStore {
  /** `jsonl` (held in memory) or `index` (on disk). */
  readonly kind: 'jsonl' | 'index';
  readonly path: string;
  /** BM25 over this corpus: built in memory for JSONL (once, on the first call), the index's own for an index. */
  createSearch(): Promise<CorpusSearch>;
  /** Closes the index file (nothing to do for JSONL). */
  close(): void;
}

export interface OpenCorpusOptions extends ReadCorpusOptions, OpenIndexOptions {
  /** For JSONL: options of the in-memory BM25. */
  bm25?: Bm25Options | undefined;
  /** For an index: options of its search. */
  search?: IndexSearchOptions | undefined;
}

const INDEX_EXTENSIONS = ['.idx', '.sqlite', '.sqlite3', '.db'];

/** `index` when the file starts with SQLite's header, else `jsonl`; a missing file is an `InputError` naming it. */
export async function detectCorpusKind(path: string): Promise<'jsonl' | 'index'> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      head = Buffer.alloc(16);
      const { bytesRead } = await handle.read(head, 0, 16, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('INVALID_INPUT', path, 0, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? (error as Error).message})`, { cause: error });
  }
  if (head.toString('latin1') === 'SQLite format 3\u0000') return 'index';
  if (INDEX_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext))) {
    throw new CorpusIndexError('not-an-index', path, head.length === 0
      ? 'is empty, not a corpus index (a build that never finished?): rebuild it with data index'
      : 'is named like an index but is not one (no SQLite header): build one with `longtrace-reward data index CORPUS.jsonl -o INDEX`');
  }
  return 'jsonl';
}

/**
 * Opens a corpus: a JSONL file (`.gz` too) into memory, or an index built by `data index` from disk.
 * @example const corpus = await openCorpus('wiki-18.idx'); const search = await corpus.createSearch(); corpus.find({ id: 'x', title: 'Sao Paulo' });
 */
export async function openCorpus(path: string, options: OpenCorpusOptions = {}): Promise<OpenedCorpus> {
  const kind = await detectCorpusKind(path);
  if (kind === 'index') return fromIndex(await openIndexStore(path, options), options);
  const store = await loadCorpus(path, options);
  let search: Promise<CorpusSearch> | undefined;
  return {
    kind,
    path,
    size: store.size,
    find: (ref) => store.find(ref),
    at: (i) => store.at(i),
    scan: () => store.scan(),
    createSearch: () => (search ??= createBm25Retriever(store, options.bm25)),
    close() {},
  };
}

function fromIndex(store: IndexStore, options: OpenCorpusOptions): OpenedCorpus {
  let search: CorpusSearch | undefined;
  return {
    kind: 'index',
    path: store.path,
    size: store.size,
    find: (ref) => store.find(ref),
    at: (i) => store.at(i),
    scan: () => store.scan(),
    createSearch: () => Promise.resolve((search ??= createIndexSearch(store, options.search))),
    close: () => store.close(),
  };
}
