// Building a corpus index from a JSONL corpus, streaming: rows are read line by line and written in
// batched transactions, so memory holds one batch whatever the corpus size. The index is written to
// OUTPUT.partial and renamed over OUTPUT only once complete (and marked complete inside), so a killed
// run never leaves a file that looks like a finished index.
import { rename, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LongtraceError, ValidationError } from '../../errors.js';
import { InputError, partialPath, workerEntry } from '../../io/index.js';
import { prepareRows, type PreparedRow, type RowText } from './index-terms.js';
import { readCorpusLines, type CorpusSkipReason } from './read-corpus.js';
import {
  CORPUS_INDEX_APPLICATION_ID, CORPUS_INDEX_FORMAT, CORPUS_INDEX_VERSION, INDEX_SCHEMA, loadSqlite, type SqliteDatabase,
} from './sqlite-store.js';

export { indexTerms } from './index-terms.js';

/** Progress of a build, reported every batch. */
export interface IndexProgress {
  /** Documents written so far. */
  documents: number;
  /** Lines skipped so far (not JSON, no id, no text). */
  skipped: number;
  duplicates: number;
  /** Bytes of input read (uncompressed). */
  bytes: number;
  /** The phase: reading rows, then building the lookup indexes and term table. */
  phase: 'rows' | 'finishing';
}

export interface BuildIndexOptions {
  /** A line that is not JSON, has no id or no text: `skip` it (counted, first lines kept) or `throw`. @default 'skip' */
  onInvalid?: 'skip' | 'throw' | undefined;
  onProgress?: ((progress: IndexProgress) => void) | undefined;
  /** Documents per transaction (and per batch sent to a thread). @default 5000 */
  batchSize?: number | undefined;
  /**
   * Threads that prepare the text layer's terms and keys while this thread reads and writes; 0
   * prepares them here. The index is the same either way. @default the cores but one, at most 3
   */
  threads?: number | undefined;
  /** SQLite page cache while building, in MiB. @default 256 */
  cacheMiB?: number | undefined;
}

/** What a build did. */
export interface BuildIndexResult {
  output: string;
  documents: number;
  /** Lines skipped, by reason, with the first few line numbers of each. */
  skipped: Record<CorpusSkipReason, { count: number; firstLines: number[] }>;
  /** Rows whose id an earlier row had: skipped, the first row of an id wins (as in memory). */
  duplicates: { count: number; firstLines: number[] };
  seconds: number;
  /** Size of the index file in bytes. */
  bytes: number;
}

const FIRST_LINES = 5;

/**
 * Builds an on-disk corpus index from a JSONL corpus (`.gz` too): documents, lookup keys and BM25 terms.
 * @example const result = await buildCorpusIndex('wiki-18.jsonl.gz', 'wiki-18.idx', { onProgress: (p) => log(p.documents) });
 */
export async function buildCorpusIndex(input: string, output: string, options: BuildIndexOptions = {}): Promise<BuildIndexResult> {
  const started = performance.now();
  const Database = await loadSqlite();
  const partial = partialPath(output);
  await rm(partial, { force: true });
  const db = writable(partial, () => new Database(partial));
  const skipped: BuildIndexResult['skipped'] = {
    'not-json': { count: 0, firstLines: [] },
    'no-id': { count: 0, firstLines: [] },
    'no-text': { count: 0, firstLines: [] },
  };
  const duplicates = { count: 0, firstLines: [] as number[] };
  let documents = 0;
  let totalLength = 0;
  let bytes = 0;
  let skippedCount = 0;
  let preparer: Preparer | undefined;
  try {
    const prep = await createPreparer(options.threads ?? Math.min(3, availableParallelism() - 1));
    preparer = prep;
    // A partial file is never read; a crash mid-build costs the build, not a finished index.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 256)}`);
    db.pragma(`application_id = ${CORPUS_INDEX_APPLICATION_ID}`);
    db.pragma(`user_version = ${CORPUS_INDEX_VERSION}`);
    db.exec(INDEX_SCHEMA);
    // No merging of FTS5 segments while rows go in: the one `optimize` at the end merges them all
    // (SQLite's crisis merge still bounds the segment count on the way).
    db.exec("INSERT INTO fts (fts, rank) VALUES ('automerge', 0)");
    const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('format', CORPUS_INDEX_FORMAT);
    setMeta.run('version', String(CORPUS_INDEX_VERSION));
    setMeta.run('complete', '0');
    const insertDoc = db.prepare('INSERT OR IGNORE INTO docs (id, title, url, text, url_key, title_key, terms) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertFts = db.prepare('INSERT INTO fts (rowid, terms) VALUES (?, ?)');
    type Row = { line: number; id: string; title: string | null; url: string | null; text: string };
    const writeBatch = db.transaction((rows: Row[], prepared: PreparedRow[]) => {
      rows.forEach((r, i) => {
        const p = prepared[i]!;
        const res = insertDoc.run(r.id, r.title, r.url, r.text, p.urlKey, p.titleKey, p.terms);
        if (res.changes === 0) {
          duplicates.count++;
          if (duplicates.firstLines.length < FIRST_LINES) duplicates.firstLines.push(r.line);
          return;
        }
        insertFts.run(res.lastInsertRowid, p.terms);
        totalLength += p.length;
        documents++;
      });
    });
    const batchSize = options.batchSize ?? 5000;
    let batch: Row[] = [];
    const report = (phase: IndexProgress['phase']): void =>
      options.onProgress?.({ documents, skipped: skippedCount, duplicates: duplicates.count, bytes, phase });
    // Batches in flight: being prepared (in a thread, or here) and written in read order.
    const inFlight: { rows: Row[]; prepared: Promise<PreparedRow[]> }[] = [];
    const maxInFlight = Math.max(2, 2 * prep.threads);
    const send = (rows: Row[]): void => {
      const prepared = prep.prepare(rows.map(({ title, url, text }) => ({ title, url, text })));
      prepared.catch(() => undefined); // awaited in order below; no unhandled rejection meanwhile
      inFlight.push({ rows, prepared });
    };
    const writeOldest = async (): Promise<void> => {
      const next = inFlight.shift()!;
      writeBatch(next.rows, await next.prepared);
      report('rows');
    };
    for await (const row of readCorpusLines(input)) {
      bytes = row.bytes;
      if (row.doc === undefined) {
        if (options.onInvalid === 'throw') {
          throw new ValidationError('INVALID_INPUT', [{ path: [input, row.line], code: row.skip === 'not-json' ? 'invalid_json' : row.skip, message: row.message }]);
        }
        const s = skipped[row.skip];
        s.count++;
        skippedCount++;
        if (s.firstLines.length < FIRST_LINES) s.firstLines.push(row.line);
        continue;
      }
      const d = row.doc;
      batch.push({ line: row.line, id: d.id, title: d.title ?? null, url: d.url ?? null, text: d.text ?? '' });
      if (batch.length >= batchSize) {
        send(batch);
        batch = [];
        while (inFlight.length >= maxInFlight) await writeOldest();
      }
    }
    if (batch.length > 0) send(batch);
    while (inFlight.length > 0) await writeOldest();
    report('finishing');
    finish(db, { documents, totalLength, source: input });
    db.close();
    preparer = undefined;
    await prep.close();
    await rename(partial, output);
  } catch (error) {
    if (db.open) db.close();
    await preparer?.close();
    await rm(partial, { force: true });
    // A driver error here is the output's (a full disk, a directory that is not there).
    if (LongtraceError.isInstance(error)) throw error;
    throw new InputError('INVALID_INPUT', partial, 0, `cannot be written (${(error as Error).message})`, { cause: error });
  }
  return {
    output,
    documents,
    skipped,
    duplicates,
    seconds: (performance.now() - started) / 1000,
    bytes: (await stat(output)).size,
  };
}

/** Prepares batches of rows: in worker threads, or in this thread for `threads: 0`. */
interface Preparer {
  readonly threads: number;
  prepare(rows: RowText[]): Promise<PreparedRow[]>;
  close(): Promise<void>;
}

async function createPreparer(threads: number): Promise<Preparer> {
  if (!Number.isInteger(threads) || threads < 0) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: ['threads'], code: 'invalid_value', message: `expected a whole number ≥ 0, got ${threads}` }]);
  }
  if (threads === 0) return { threads, prepare: (rows) => Promise.resolve(prepareRows(rows)), close: () => Promise.resolve() };
  const { Piscina } = await import('piscina');
  const entry = workerEntry(dirname(fileURLToPath(import.meta.url)), 'index-worker.cjs', 'index-worker.ts', 'the corpus index worker');
  const pool = new Piscina<RowText[], PreparedRow[]>({
    filename: entry.filename,
    minThreads: threads,
    maxThreads: threads,
    ...(entry.execArgv === undefined ? {} : { execArgv: entry.execArgv }),
  });
  return { threads, prepare: (rows) => pool.run(rows), close: () => pool.destroy() };
}

/** Runs `fn`, turning a driver error into an `InputError` naming the file being written. */
function writable<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new InputError('INVALID_INPUT', path, 0, `cannot be written (${(error as Error).message})`, { cause: error });
  }
}

/** After the rows: the URL and title indexes, merged FTS segments, the term table, and the meta that marks the index complete. */
function finish(db: SqliteDatabase, info: { documents: number; totalLength: number; source: string }): void {
  db.exec(`
    CREATE INDEX docs_url ON docs (url_key) WHERE url_key IS NOT NULL;
    CREATE INDEX docs_title ON docs (title_key) WHERE title_key IS NOT NULL;
    INSERT INTO fts (fts) VALUES ('optimize');
    INSERT INTO fts (fts, rank) VALUES ('automerge', 4);
    CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, row);
    INSERT INTO terms (term, df) SELECT term, doc FROM temp.vocab;
    DROP TABLE temp.vocab;
  `);
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    setMeta.run('documents', String(info.documents));
    setMeta.run('total_length', String(info.totalLength));
    setMeta.run('source', info.source);
    setMeta.run('created', new Date().toISOString());
    setMeta.run('complete', '1');
  })();
}
