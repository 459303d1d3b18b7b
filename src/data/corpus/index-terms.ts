// The text layer's work for one corpus row of the index: its BM25 terms and its lookup keys. Pure and
// per row, so a build can run it in worker threads (index-worker.ts) while the main thread writes.
import { searchTerms } from '../search/bm25-memory.js';
import { titleKey, urlKey } from './doc-key.js';
import { ftsToken } from './sqlite-store.js';

/** What a build needs of a row to prepare it. */
export interface RowText {
  title: string | null;
  url: string | null;
  text: string;
}

/** A row prepared for the index: stored terms, their BM25 length, and the URL and title keys (null for none). */
export interface PreparedRow {
  terms: string;
  length: number;
  urlKey: string | null;
  titleKey: string | null;
}

/** The FTS text of a document: title terms twice and text terms once (the in-memory BM25's field weights), and its BM25 length. */
export function indexTerms(title: string | undefined, text: string): { terms: string; length: number } {
  const body = searchTerms(text);
  const head = title === undefined ? [] : searchTerms(title);
  let terms = '';
  if (head.length > 0) {
    for (let i = 0; i < head.length; i++) head[i] = ftsToken(head[i]!);
    const h = head.join(' ');
    terms = body.length === 0 ? `${h} ${h}` : `${h} ${h} `;
  }
  for (let i = 0; i < body.length; i++) body[i] = ftsToken(body[i]!);
  terms += body.join(' ');
  return { terms, length: 2 * head.length + body.length };
}

/** Prepares a batch of rows for the index (terms and keys), in order. */
export function prepareRows(rows: readonly RowText[]): PreparedRow[] {
  return rows.map((r) => {
    const { terms, length } = indexTerms(r.title ?? undefined, r.text);
    const tk = r.title === null ? '' : titleKey(r.title);
    return { terms, length, urlKey: r.url === null || r.url === '' ? null : urlKey(r.url), titleKey: tk === '' ? null : tk };
  });
}
