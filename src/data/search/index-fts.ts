// BM25 over an on-disk corpus index (sqlite-store.ts). Two steps:
//  1. candidates: the postings lists of the query's rarer terms (FTS5, no ranking in SQLite), rarest
//     first while their document frequencies sum to at most `postingsBudget`, so a long
//     natural-language query does not touch every passage holding "also" or "film" (the idea of
//     Lucene's WAND: a common term alone cannot lift a document into the top k). When even the
//     rarest term is in more passages than that, the passages holding the rarest terms together
//     (at most `postingsBudget` of them) are the candidates. Documents are ordered by the summed
//     idf of the terms they hold and the best `max(candidates, 8·k)` kept;
//  2. exact scores: each candidate is re-scored with every query term by the in-memory BM25's
//     formula (wink-bm25-text-search: BM25F, title weighted 2, k1 = 1.2, b = 0.75,
//     idf = ln((N − n + 0.5) / (n + 0.5) + 1), each term's part rounded to 4 decimals), from the
//     folded terms stored at build time. When no term is pruned and all postings fit (small
//     corpora), every matching document is re-scored and the ranking is exactly the in-memory one.
import { ValidationError } from '../../errors.js';
import { searchTerms } from './bm25-memory.js';
import { ftsToken, guard, type IndexStore, type SqliteStatement } from '../corpus/sqlite-store.js';
import type { SearchBackend, SearchHit } from './search-backend.js';
import type { Doc } from '../types.js';

export interface IndexSearchOptions {
  /** Most postings (summed document frequencies) read for candidates; rarer terms first. @default 20000 */
  postingsBudget?: number | undefined;
  /** Candidates re-scored per query: `max(candidates, 8·k)`. @default 100 */
  candidates?: number | undefined;
}

/** BM25 search over a corpus index: a {@link SearchBackend} whose `corpus` is the index's store. */
export interface IndexSearch extends SearchBackend {
  readonly name: 'bm25';
  readonly corpus: IndexStore;
  /** The `limit` best documents for one query, best first (ties in corpus order). */
  searchOne(query: string, limit: number): SearchHit[];
}

const K1 = 1.2;
const B = 0.75;
/** Below this many postings in all, every matching document is re-scored (exact, small corpora). */
const EXHAUSTIVE_POSTINGS = 1000;

/**
 * BM25 search over an index opened with {@link openIndexStore}; ranks as {@link createBm25Retriever} does.
 * @example const search = createIndexSearch(await openIndexStore('wiki.idx')); const [hits] = await search.search(['Rhine delta'], 10);
 */
export function createIndexSearch(store: IndexStore, options: IndexSearchOptions = {}): IndexSearch {
  const { db, path } = store;
  const budget = positive(options.postingsBudget ?? 20_000, 'postingsBudget');
  const minCandidates = positive(options.candidates ?? 100, 'candidates');
  const n = store.meta.documents;
  const avgLength = n > 0 ? store.meta.totalLength / n : 1;
  const dfStmt = guard(path, () => db.prepare('SELECT df FROM terms WHERE term = ?').pluck(true));
  const postingsStmt = guard(path, () => db.prepare('SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?').pluck(true));
  // SQLite's LIMIT takes an integer: `Infinity` (read everything) becomes the largest safe one.
  const rowLimit = Math.min(Math.floor(budget), Number.MAX_SAFE_INTEGER);
  const phrase = (term: string): string => `"${ftsToken(term).replaceAll('"', '""')}"`;
  const docsStmts = new Map<number, SqliteStatement>();
  const dfCache = new Map<string, number>();

  const df = (term: string): number => {
    let v = dfCache.get(term);
    if (v === undefined) {
      v = (guard(path, () => dfStmt.get(ftsToken(term))) as number | undefined) ?? 0;
      if (dfCache.size > 100_000) dfCache.clear();
      dfCache.set(term, v);
    }
    return v;
  };
  /** The candidates' documents and stored terms (title terms twice, then the text's: as the index was built). */
  const docsByRowid = (rowids: readonly number[]): Map<number, { doc: Doc; terms: string }> => {
    const out = new Map<number, { doc: Doc; terms: string }>();
    // One statement per batch size up to 100, so few statements are ever prepared.
    for (let i = 0; i < rowids.length; i += 100) {
      const chunk = rowids.slice(i, i + 100);
      const size = chunk.length;
      let stmt = docsStmts.get(size);
      if (stmt === undefined) {
        stmt = guard(path, () => db.prepare(`SELECT rowid, id, title, url, text, terms FROM docs WHERE rowid IN (${Array(size).fill('?').join(',')})`).raw(true));
        docsStmts.set(size, stmt);
      }
      const rows = guard(path, () => stmt.all(...chunk) as [number, string, string | null, string | null, string, string][]);
      for (const [rowid, id, title, url, text, terms] of rows) {
        const doc: Doc = { id };
        if (title !== null) doc.title = title;
        if (url !== null) doc.url = url;
        doc.text = text;
        out.set(rowid, { doc, terms });
      }
    }
    return out;
  };

  const searchOne = (query: string, limit: number): SearchHit[] => {
    if (limit <= 0 || n === 0) return [];
    // Query terms as wink sees them: in order, repeats kept, unknown terms dropped.
    const qterms = searchTerms(query).filter((t) => df(t) > 0);
    if (qterms.length === 0) return [];
    const unique = [...new Set(qterms)].sort((a, b) => df(a) - df(b));
    const chosen: string[] = [];
    let postings = 0;
    for (const t of unique) {
      if (postings + df(t) > budget) break;
      chosen.push(t);
      postings += df(t);
    }
    const tokens = qterms.map(ftsToken);
    const idf = new Map(tokens.map((t, i) => [t, Math.log((n - df(qterms[i]!) + 0.5) / (df(qterms[i]!) + 0.5) + 1)]));
    const weightOf = (terms: readonly string[]): number => terms.reduce((sum, t) => sum + idf.get(ftsToken(t))!, 0);
    const want = Math.max(minCandidates, 8 * limit);
    // Candidates: the documents holding the chosen terms, by the sum of those terms' idf (the
    // index keeps no term frequencies: detail=none keeps it small), read as plain postings lists.
    const bound = new Map<number, number>();
    const add = (terms: readonly string[]): void => {
      const weight = weightOf(terms);
      const rows = guard(path, () => postingsStmt.all(terms.map(phrase).join(' AND '), rowLimit) as number[]);
      for (const r of rows) bound.set(r, Math.max(bound.get(r) ?? 0, weight));
    };
    if (chosen.length > 0) {
      for (const t of chosen) {
        const weight = weightOf([t]);
        const rows = guard(path, () => postingsStmt.all(phrase(t), rowLimit) as number[]);
        for (const r of rows) bound.set(r, (bound.get(r) ?? 0) + weight);
      }
    } else {
      // Even the rarest term is in more than `budget` passages (a query of common words on a large
      // corpus): the candidates are the passages holding the rarest terms together (FTS5 intersects
      // the lists), three, then two, then the rarest alone, at most `budget` rows each, so memory and
      // time stay bounded whatever the corpus size.
      for (let k = Math.min(3, unique.length); k >= 1 && bound.size < want; k--) add(unique.slice(0, k));
    }
    // When every posting of every term fits, all are re-scored: the ranking is then exactly wink's.
    const exact = chosen.length === unique.length && postings <= EXHAUSTIVE_POSTINGS;
    let rowids = [...bound.keys()];
    if (!exact && rowids.length > want) {
      rowids = [...bound].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, want).map(([r]) => r);
    }
    const docs = docsByRowid(rowids);
    const scored: { rowid: number; doc: Doc; score: number }[] = [];
    for (const rowid of rowids) {
      const found = docs.get(rowid);
      if (found === undefined) continue;
      // Counted in the stored string (no split: a candidate costs no allocation per term).
      const padded = ` ${found.terms} `;
      let length = found.terms === '' ? 0 : 1;
      for (let i = 0; i < found.terms.length; i++) if (found.terms.charCodeAt(i) === 0x20) length++;
      const tf = new Map<string, number>();
      for (const t of idf.keys()) {
        const needle = ` ${t} `;
        let c = 0;
        for (let at = padded.indexOf(needle); at >= 0; at = padded.indexOf(needle, at + needle.length - 1)) c++;
        if (c > 0) tf.set(t, c);
      }
      const norm = 1 - B + (B * length) / avgLength;
      let score = 0;
      for (const t of tokens) {
        const f = tf.get(t);
        if (f === undefined) continue;
        score += Number((((f * (K1 + 1)) / (K1 * norm + f)) * idf.get(t)!).toFixed(4));
      }
      scored.push({ rowid, doc: found.doc, score });
    }
    scored.sort((a, b) => b.score - a.score || a.rowid - b.rowid);
    return scored.slice(0, limit).map(({ doc, score }) => ({ doc, score }));
  };

  return {
    name: 'bm25',
    corpus: store,
    searchOne,
    search: (queries, k) => {
      try {
        return Promise.resolve(queries.map((q) => searchOne(q, k)));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    open: (id: string) => Promise.resolve(store.find({ id })),
    close: () => {
      store.close();
      return Promise.resolve();
    },
  };
}

/** An option that must be a number ≥ 1 (`Infinity` allowed: no limit). */
function positive(value: number, name: string): number {
  if (Number.isNaN(value) || value < 1) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: [name], code: 'too_small', message: `expected a number ≥ 1 (Infinity for no limit), got ${value}` }]);
  }
  return value;
}
