// A corpus on disk: one SQLite file (better-sqlite3, an optional peer loaded on first use) holding the
// documents in read order (rowid = position + 1), their lookup keys (id, URL key, folded title key:
// doc-key.ts) and an FTS5 index of the text layer's folded search terms. Only the pages a lookup
// touches are read, so memory stays flat whatever the corpus size.
//
// The file says what it is three ways: SQLite's own header, an application id in that header, and a
// `meta` table with the format name and version. Opening checks all three before any query, and the
// page count in the header against the file's size (a truncated copy), so a wrong or damaged file is
// a typed error naming it, never an exception from inside the driver.
import { open } from 'node:fs/promises';
import { InputError } from '../../io/index.js';
import { LongtraceError } from '../../errors.js';
import { importOptional } from '../../optional-import.js';
import { titleKey, urlKey } from './doc-key.js';
import type { DocumentStore } from './document-store.js';
import type { Doc } from '../types.js';

/** The format this version writes and reads; an index of another version must be rebuilt. */
export const CORPUS_INDEX_VERSION = 1;
/** The `format` value in an index's meta table. */
export const CORPUS_INDEX_FORMAT = 'longtrace-corpus-index';
/** SQLite's application id for our files ('LTRC'), at byte 68 of the header. */
export const CORPUS_INDEX_APPLICATION_ID = 0x4c545243;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Why a file could not be opened as a corpus index. */
export type CorpusIndexProblem = 'not-an-index' | 'other-version' | 'truncated' | 'corrupt' | 'incomplete';

/** A file that is not a usable corpus index (another format or version, truncated, corrupt), naming it. */
export class CorpusIndexError extends InputError {
  override name = 'CorpusIndexError';
  readonly problem: CorpusIndexProblem;

  constructor(problem: CorpusIndexProblem, file: string, message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', file, 0, message, options);
    this.problem = problem;
  }
}

/** The part of better-sqlite3's API used here (its own types are a dev dependency only). */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(toggle?: boolean): SqliteStatement;
  raw(toggle?: boolean): SqliteStatement;
}
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): SqliteDatabase;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
  readonly open: boolean;
}
type SqliteConstructor = new (path: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => SqliteDatabase;

/** Loads better-sqlite3 (an optional peer dependency); `DEPENDENCY_UNAVAILABLE` names the install. */
export async function loadSqlite(): Promise<SqliteConstructor> {
  const mod = await importOptional<{ default: SqliteConstructor }>('better-sqlite3', 'the on-disk corpus index', 'better-sqlite3@12');
  return mod.default;
}

/** The index's FTS5 tokenizer: ASCII letters and digits, every non-ASCII character and `: . - _` are token characters. */
export const FTS_TOKENIZE = "ascii tokenchars ':.-_'";

/** A search term as one FTS5 token: ASCII characters the tokenizer would split on become `_`. */
export function ftsToken(term: string): string {
  // Most terms need no change: check first, and build a new string only for those that do.
  let i = 0;
  while (i < term.length && isFtsChar(term.charCodeAt(i))) i++;
  if (i === term.length) return term;
  let out = term.slice(0, i);
  for (; i < term.length; i++) out += isFtsChar(term.charCodeAt(i)) ? term[i] : '_';
  return out;
}

/** A character the index's tokenizer keeps inside a token (see {@link FTS_TOKENIZE}). */
function isFtsChar(c: number): boolean {
  return c >= 0x80 || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x3a || c === 0x2e || c === 0x2d || c === 0x5f;
}

/** The schema of format {@link CORPUS_INDEX_VERSION}. */
export const INDEX_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT, url TEXT, text TEXT NOT NULL, url_key TEXT, title_key TEXT, terms TEXT NOT NULL);
CREATE UNIQUE INDEX docs_id ON docs (id);
CREATE VIRTUAL TABLE fts USING fts5 (terms, content = '', detail = none, tokenize = "${FTS_TOKENIZE}");
CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
`;

/** What an index's meta table records. */
export interface CorpusIndexMeta {
  format: string;
  version: number;
  /** Documents in the index. */
  documents: number;
  /** Sum over documents of the BM25 length (title terms counted twice, as the in-memory BM25 weights them). */
  totalLength: number;
  /** The file it was built from, and when. */
  source: string;
  created: string;
}

/** Checks a file's header: SQLite, our application id, not shorter than its page count says. */
export async function checkIndexHeader(path: string): Promise<void> {
  let header: Buffer;
  let size: number;
  try {
    const handle = await open(path, 'r');
    try {
      size = (await handle.stat()).size;
      header = Buffer.alloc(100);
      const { bytesRead } = await handle.read(header, 0, 100, 0);
      header = header.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('INVALID_INPUT', path, 0, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`, { cause: error });
  }
  if (header.length < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    const looksJson = header.length > 0 && (header[0] === 0x7b || (header[0] === 0x1f && header[1] === 0x8b));
    throw new CorpusIndexError('not-an-index', path, looksJson
      ? 'is JSONL (or gzip), not a corpus index: build one with `longtrace-reward data index FILE -o INDEX`, or pass the JSONL where a JSONL corpus is accepted'
      : 'is not a corpus index (no SQLite header): build one with `longtrace-reward data index`');
  }
  if (header.readUInt32BE(68) !== CORPUS_INDEX_APPLICATION_ID) {
    throw new CorpusIndexError('not-an-index', path, 'is an SQLite database but not a longtrace-reward corpus index');
  }
  const pageSizeRaw = header.readUInt16BE(16);
  const pageSize = pageSizeRaw === 1 ? 65536 : pageSizeRaw;
  const pages = header.readUInt32BE(28);
  // The page count in the header is valid when the change counter matches the version-valid-for field.
  if (header.readUInt32BE(24) === header.readUInt32BE(92) && size < pages * pageSize) {
    throw new CorpusIndexError('truncated', path, `is truncated: ${size} bytes, its header says ${pages * pageSize}; rebuild it with data index`);
  }
}

/** Runs `fn`, turning a driver error (SQLITE_CORRUPT, SQLITE_NOTADB, …) into a {@link CorpusIndexError} naming the file. */
export function guard<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (LongtraceError.isInstance(error)) throw error;
    const code = (error as { code?: unknown }).code;
    const what = typeof code === 'string' ? code : (error as Error).message;
    throw new CorpusIndexError('corrupt', path, `cannot be read as a corpus index (${what}: ${(error as Error).message}); rebuild it with data index`, { cause: error });
  }
}

/** A corpus index opened for reading: a {@link DocumentStore} with the database for the search backend. */
export interface IndexStore extends DocumentStore {
  readonly path: string;
  readonly meta: CorpusIndexMeta;
  /** The open database (read-only); the full-text search (index-fts.ts) queries it too. */
  readonly db: SqliteDatabase;
  close(): void;
}

type DocRow = [rowid: number, id: string, title: string | null, url: string | null, text: string];

function toDoc(row: DocRow): Doc {
  const doc: Doc = { id: row[1] };
  if (row[2] !== null) doc.title = row[2];
  if (row[3] !== null) doc.url = row[3];
  doc.text = row[4];
  return doc;
}

/** Reads and checks the meta table; another format or version, or a build that never finished, is an error. */
function readMeta(db: SqliteDatabase, path: string): CorpusIndexMeta {
  const rows = guard(path, () => db.prepare('SELECT key, value FROM meta').raw(true).all() as [string, string][]);
  const m = new Map(rows);
  if (m.get('format') !== CORPUS_INDEX_FORMAT) throw new CorpusIndexError('not-an-index', path, 'has no longtrace-reward corpus index metadata');
  const version = Number(m.get('version'));
  if (version !== CORPUS_INDEX_VERSION) {
    throw new CorpusIndexError('other-version', path, `is a corpus index of format version ${m.get('version') ?? '?'}; this version of longtrace-reward reads version ${CORPUS_INDEX_VERSION}: rebuild it with data index`);
  }
  if (m.get('complete') !== '1') throw new CorpusIndexError('incomplete', path, 'is an index whose build did not finish: rebuild it with data index');
  return {
    format: CORPUS_INDEX_FORMAT,
    version,
    documents: Number(m.get('documents')),
    totalLength: Number(m.get('total_length')),
    source: m.get('source') ?? '',
    created: m.get('created') ?? '',
  };
}

export interface OpenIndexOptions {
  /** SQLite page cache for this connection, in MiB. @default 64 */
  cacheMiB?: number | undefined;
}

/**
 * Opens a corpus index built by `data index` / {@link buildCorpusIndex} read-only.
 * @example const store = await openIndexStore('wiki.idx'); store.find({ id: 'x', title: 'Sao Paulo' });
 */
export async function openIndexStore(path: string, options: OpenIndexOptions = {}): Promise<IndexStore> {
  await checkIndexHeader(path);
  const Database = await loadSqlite();
  const db = guard(path, () => new Database(path, { readonly: true, fileMustExist: true }));
  try {
    guard(path, () => db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 64)}`));
    const meta = readMeta(db, path);
    return createIndexStore(db, path, meta);
  } catch (error) {
    db.close();
    throw error;
  }
}

function createIndexStore(db: SqliteDatabase, path: string, meta: CorpusIndexMeta): IndexStore {
  const cols = 'rowid, id, title, url, text';
  const prepare = (sql: string): SqliteStatement => guard(path, () => db.prepare(sql).raw(true));
  const byId = prepare(`SELECT ${cols} FROM docs WHERE id = ?`);
  const byUrl = prepare(`SELECT ${cols} FROM docs WHERE url_key = ? ORDER BY rowid LIMIT 1`);
  const byTitle = prepare(`SELECT ${cols} FROM docs WHERE title_key = ? ORDER BY rowid LIMIT 1`);
  const byRowid = prepare(`SELECT ${cols} FROM docs WHERE rowid = ?`);
  const page = prepare(`SELECT ${cols} FROM docs WHERE rowid > ? ORDER BY rowid LIMIT ?`);
  const one = (stmt: SqliteStatement, key: unknown): Doc | undefined => {
    const row = guard(path, () => stmt.get(key) as DocRow | undefined);
    return row === undefined ? undefined : toDoc(row);
  };
  return {
    path,
    meta,
    db,
    size: meta.documents,
    find(ref) {
      const found = one(byId, ref.id);
      if (found !== undefined) return found;
      if (ref.url !== undefined && ref.url !== '') {
        const u = one(byUrl, urlKey(ref.url));
        if (u !== undefined) return u;
      }
      if (ref.title === undefined) return undefined;
      const t = titleKey(ref.title);
      return t === '' ? undefined : one(byTitle, t);
    },
    at(i) {
      const doc = Number.isInteger(i) && i >= 0 && i < meta.documents ? one(byRowid, i + 1) : undefined;
      if (doc === undefined) throw new RangeError(`no document at position ${i} (the corpus has ${meta.documents})`);
      return doc;
    },
    *scan() {
      // Pages of rows rather than one open cursor, so lookups may run while a scan is under way.
      let after = 0;
      for (;;) {
        const rows = guard(path, () => page.all(after, 1000) as DocRow[]);
        for (const row of rows) yield toDoc(row);
        const last = rows.at(-1);
        if (last === undefined || rows.length < 1000) return;
        after = last[0];
      }
    },
    close() {
      if (db.open) db.close();
    },
  };
}
