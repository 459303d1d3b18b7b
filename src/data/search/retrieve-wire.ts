// The wire of Search-R1's retrieval server (search_r1/search/retrieval_server.py), the protocol
// search-agent RL projects run over e5 + faiss or BM25: `POST /retrieve {queries, topk,
// return_scores}` → `{result: [[{document: {id, contents}, score}, …], …]}`, or with
// `return_scores: false` each item the document itself. `contents` is `"Title"\ntext`. Checked
// with zod here, at the edge; the rest of the library sees `Doc`s.
import { z } from 'zod';
import type { Doc } from '../types.js';

/** A request body of `POST /retrieve`. */
export const RetrieveRequestSchema = z.object({
  queries: z.array(z.string()),
  topk: z.number().int().positive().nullish(),
  return_scores: z.boolean().nullish(),
});
export type RetrieveRequest = z.infer<typeof RetrieveRequestSchema>;

/** A document as the retrieval server sends it: wiki-18 has `id` and `contents`; other corpora add `title` and `text`. */
export const WireDocumentSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  contents: z.string().nullish(),
  title: z.string().nullish(),
  text: z.string().nullish(),
});
export type WireDocument = z.infer<typeof WireDocumentSchema>;

const ScoredSchema = z.object({ document: WireDocumentSchema, score: z.number().nullish() });

/** A response body of `POST /retrieve`: one list per query, each item scored or the document itself. */
export const RetrieveResponseSchema = z.object({
  result: z.array(z.array(z.union([ScoredSchema, WireDocumentSchema]))),
});
export type RetrieveResponse = z.infer<typeof RetrieveResponseSchema>;

/**
 * A wire document as a `Doc`: the title is the first line of `contents` without its quotes (or
 * `title`), the text the rest (or `text`); the id is `id`, else the title. Undefined when it has
 * neither an id nor a title.
 */
export function docFromWire(wire: WireDocument): Doc | undefined {
  let title = wire.title ?? undefined;
  let text = wire.text ?? undefined;
  if (typeof wire.contents === 'string') {
    const newline = wire.contents.indexOf('\n');
    const first = newline < 0 ? wire.contents : wire.contents.slice(0, newline);
    title ??= unquote(first.trim());
    text ??= newline < 0 ? '' : wire.contents.slice(newline + 1);
  }
  const id = wire.id !== undefined && wire.id !== null ? String(wire.id) : title;
  if (id === undefined || id === '') return undefined;
  const doc: Doc = { id };
  if (title !== undefined && title !== '') doc.title = title;
  if (text !== undefined) doc.text = text;
  return doc;
}

/** A `Doc` as the retrieval server sends it: `{ id, contents: '"Title"\ntext' }`, as wiki-18 stores it. */
export function docToWire(doc: Doc): { id: string; contents: string } {
  return { id: doc.id, contents: `"${doc.title ?? doc.id}"\n${doc.text ?? ''}` };
}

function unquote(title: string): string {
  return title.length >= 2 && title.startsWith('"') && title.endsWith('"') ? title.slice(1, -1) : title;
}
