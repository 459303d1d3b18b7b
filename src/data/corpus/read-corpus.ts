// Reading a JSONL corpus into documents. The shapes people have: `{ id, title, text }`, wiki-18's
// `{ id, contents: "\"Title\"\ntext" }`, MuSiQue / HotpotQA `paragraph_text`, and a `url`.
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

/** The document a corpus row describes; throws `ValidationError` naming the field at fault. */
export function docFromRow(value: unknown): Doc {
  const row = parseWith(CorpusRowSchema, value);
  const doc: Doc = { id: String(row.id) };
  if (row.title !== undefined) doc.title = row.title;
  if (row.url !== undefined) doc.url = row.url;
  const text = row.text ?? row.contents ?? row.paragraph_text;
  if (text !== undefined) doc.text = text;
  return doc;
}

/** Reads a JSONL corpus (`{ id, title?, url?, text }` per line) line by line into documents. */
export async function* readCorpusFile(path: string): AsyncGenerator<Doc> {
  for await (const row of readJsonl(path)) {
    const n = row.line;
    if (row.error !== undefined) {
      throw new ValidationError('INVALID_INPUT', [{ path: [path, n], code: 'invalid_json', message: `line ${n} of ${path} is ${row.error}` }]);
    }
    try {
      yield docFromRow(row.value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError('INVALID_INPUT', error.issues.map((i) => ({ ...i, path: [path, n, ...i.path], message: `line ${n} of ${path}: ${i.message}` })));
    }
  }
}

/** Reads a whole JSONL corpus file into a store in memory. */
export async function loadCorpus(path: string): Promise<DocumentStore> {
  const docs: Doc[] = [];
  for await (const doc of readCorpusFile(path)) docs.push(doc);
  return createMemoryStore(docs);
}
