// Reading a JSONL corpus into documents. The shapes people have: `{ id, title, text }`, wiki-18's
// `{ id, contents: "\"Title\"\ntext" }`, MuSiQue / HotpotQA `paragraph_text`, and a `url`. The
// in-memory store and the on-disk index read rows through the same function, so both see the same
// documents and skip the same lines.
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { readJsonl } from '../../io/index.js';
import { parseWith } from '../../schema.js';
import { createMemoryStore } from './memory-store.js';
import type { DocumentStore } from './document-store.js';
import type { Doc } from '../types.js';

const CorpusRowSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  title: z.string().optional(),
  url: z.string().optional(),
  text: z.string().optional(),
  // MuSiQue / HotpotQA-style dumps name the text differently.
  contents: z.string().optional(),
  paragraph_text: z.string().optional(),
});

/**
 * Splits wiki-18's `contents` (`"Title"` on the first line, the passage after it) into title and
 * text; anything else is all text.
 */
export function splitWikiContents(contents: string): { title?: string; text: string } {
  const nl = contents.indexOf('\n');
  if (nl < 2 || contents.charCodeAt(0) !== 0x22) return { text: contents };
  let end = nl;
  if (contents.charCodeAt(end - 1) === 0x0d) end--;
  if (end < 3 || contents.charCodeAt(end - 1) !== 0x22) return { text: contents };
  return { title: contents.slice(1, end - 1), text: contents.slice(nl + 1) };
}

/** The document a corpus row describes; throws `ValidationError` naming the field at fault. */
export function docFromRow(value: unknown): Doc {
  const row = parseWith(CorpusRowSchema, value);
  const doc: Doc = { id: String(row.id) };
  let title = row.title;
  let text = row.text;
  if (text === undefined && row.contents !== undefined) {
    const split = splitWikiContents(row.contents);
    text = split.text;
    title ??= split.title;
  }
  text ??= row.paragraph_text;
  if (title !== undefined) doc.title = title;
  if (row.url !== undefined) doc.url = row.url;
  if (text !== undefined) doc.text = text;
  return doc;
}

/** Why a corpus line was skipped. */
export type CorpusSkipReason = 'not-json' | 'no-id' | 'no-text';

/** One line of a corpus: its document, or why it has none. */
export type CorpusLine =
  | { line: number; bytes: number; doc: Doc; skip?: undefined; message?: undefined }
  | { line: number; bytes: number; doc?: undefined; skip: CorpusSkipReason; message: string };

/** Reads a JSONL corpus line by line: each line's document, or the reason it has none (no throw). */
export async function* readCorpusLines(path: string): AsyncGenerator<CorpusLine> {
  for await (const row of readJsonl(path)) {
    const { line, bytes } = row;
    if (row.error !== undefined) {
      yield { line, bytes, skip: 'not-json', message: `line ${line} of ${path} is ${row.error}` };
      continue;
    }
    let doc: Doc;
    try {
      doc = docFromRow(row.value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      yield { line, bytes, skip: 'no-id', message: `line ${line} of ${path}: ${error.message}` };
      continue;
    }
    if (doc.text === undefined || doc.text.trim() === '') {
      yield { line, bytes, skip: 'no-text', message: `line ${line} of ${path}: no text (text, contents or paragraph_text)` };
      continue;
    }
    yield { line, bytes, doc };
  }
}

export interface ReadCorpusOptions {
  /** A line that is not JSON, has no id or no text: `throw` a `ValidationError` naming it, or `skip` it. @default 'throw' */
  onInvalid?: 'throw' | 'skip' | undefined;
  /** Called for each skipped line (with `onInvalid: 'skip'`). */
  onSkip?: ((line: CorpusLine & { skip: CorpusSkipReason }) => void) | undefined;
}

/** Reads a JSONL corpus (`{ id, title?, url?, text }` per line) line by line into documents. */
export async function* readCorpusFile(path: string, options: ReadCorpusOptions = {}): AsyncGenerator<Doc> {
  for await (const row of readCorpusLines(path)) {
    if (row.doc !== undefined) {
      yield row.doc;
      continue;
    }
    if (options.onInvalid === 'skip') {
      options.onSkip?.(row);
      continue;
    }
    throw new ValidationError('INVALID_INPUT', [{ path: [path, row.line], code: row.skip === 'not-json' ? 'invalid_json' : row.skip, message: row.message }]);
  }
}

/** Reads a whole JSONL corpus file into a store in memory. */
export async function loadCorpus(path: string, options: ReadCorpusOptions = {}): Promise<DocumentStore> {
  const docs: Doc[] = [];
  for await (const doc of readCorpusFile(path, options)) docs.push(doc);
  return createMemoryStore(docs);
}
