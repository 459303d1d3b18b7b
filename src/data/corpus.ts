// A document store looked up by id, URL or folded title: trajectories name documents in all three
// ways, and a search snippet must be matched to the full text a corpus holds.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { parseWith } from '../schema.js';
import { normalizeText } from '../text/index.js';
import type { Doc } from './types.js';

/** A corpus indexed for lookups by id, URL and folded title. */
export interface CorpusIndex {
  readonly size: number;
  /** The document with this id, URL or (folded) title, in that order. */
  find(doc: Doc): Doc | undefined;
  /** Every document, in the order they were added. */
  docs(): readonly Doc[];
}

/** What tierDocuments and buildContext accept as a corpus. */
export type Corpus = CorpusIndex | Map<string, Doc> | Iterable<Doc>;

/** The key a URL is compared by: no scheme, no `www.`, no fragment, no trailing slash, lower-case host. */
export function urlKey(url: string): string {
  let u = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hash = u.indexOf('#');
  if (hash >= 0) u = u.slice(0, hash);
  u = u.replace(/^www\./i, '');
  const slash = u.indexOf('/');
  u = slash < 0 ? u.toLowerCase() : u.slice(0, slash).toLowerCase() + u.slice(slash);
  // A loop, not /\/+$/: that regex is quadratic on a long run of slashes not at the end.
  let end = u.length;
  while (end > 0 && u.charCodeAt(end - 1) === 0x2f) end--;
  return u.slice(0, end);
}

/** The key a title is compared by: folded (case, accents, punctuation) with the text layer's tokenizer. */
export function titleKey(title: string): string {
  return normalizeText(title);
}

export function isCorpusIndex(value: unknown): value is CorpusIndex {
  return typeof value === 'object' && value !== null && typeof (value as CorpusIndex).find === 'function' && typeof (value as CorpusIndex).docs === 'function';
}

/** Indexes documents (an iterable, a Map by id, or an index already) for lookups by id, URL and title. */
export function indexCorpus(corpus: Corpus): CorpusIndex {
  if (isCorpusIndex(corpus)) return corpus;
  const list: Doc[] = [];
  const byId = new Map<string, Doc>();
  const byUrl = new Map<string, Doc>();
  const byTitle = new Map<string, Doc>();
  const source: Iterable<Doc> = corpus instanceof Map ? corpus.values() : corpus;
  for (const doc of source) {
    // The first document of an id wins, as in a JSONL file read top to bottom.
    if (byId.has(doc.id)) continue;
    list.push(doc);
    byId.set(doc.id, doc);
    if (doc.url !== undefined) {
      const key = urlKey(doc.url);
      if (!byUrl.has(key)) byUrl.set(key, doc);
    }
    if (doc.title !== undefined) {
      const key = titleKey(doc.title);
      if (key !== '' && !byTitle.has(key)) byTitle.set(key, doc);
    }
  }
  return {
    size: list.length,
    docs: () => list,
    find(doc) {
      return (
        byId.get(doc.id) ??
        (doc.url !== undefined ? byUrl.get(urlKey(doc.url)) : undefined) ??
        (doc.title !== undefined ? byTitle.get(titleKey(doc.title)) : undefined)
      );
    },
  };
}

const CorpusRowSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  title: z.string().optional(),
  url: z.string().optional(),
  text: z.string().optional(),
  // MuSiQue / HotpotQA-style dumps name the text differently.
  contents: z.string().optional(),
  paragraph_text: z.string().optional(),
});

/** Reads a JSONL corpus (`{ id, title?, url?, text }` per line) line by line into documents. */
export async function* readCorpusFile(path: string): AsyncGenerator<Doc> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ValidationError('INVALID_INPUT', [{ path: [path, n], code: 'invalid_json', message: `line ${n} of ${path} is not JSON (${(error as Error).message})` }]);
    }
    let row: z.infer<typeof CorpusRowSchema>;
    try {
      row = parseWith(CorpusRowSchema, value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError('INVALID_INPUT', error.issues.map((i) => ({ ...i, path: [path, n, ...i.path], message: `line ${n} of ${path}: ${i.message}` })));
    }
    const doc: Doc = { id: String(row.id) };
    if (row.title !== undefined) doc.title = row.title;
    if (row.url !== undefined) doc.url = row.url;
    const text = row.text ?? row.contents ?? row.paragraph_text;
    if (text !== undefined) doc.text = text;
    yield doc;
  }
}

/** Reads a whole JSONL corpus file into an index. */
export async function loadCorpus(path: string): Promise<CorpusIndex> {
  const docs: Doc[] = [];
  for await (const doc of readCorpusFile(path)) docs.push(doc);
  return indexCorpus(docs);
}
