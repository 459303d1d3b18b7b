// The on-disk corpus index: built from real MuSiQue / HotpotQA paragraphs (fixtures/data-build/
// corpus-wiki.jsonl, both the { id, title, text } and wiki-18 `contents` shapes), it must hold and
// find exactly what the in-memory store does; bad lines are counted, duplicates resolved the same
// way; a wrong, damaged or unfinished file is a typed error naming it.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { ValidationError } from '../../errors.js';
import { InputError } from '../../io/index.js';
import { buildCorpusIndex, indexTerms } from './build-index.js';
import { searchTerms } from '../search/bm25-memory.js';
import { loadCorpus } from './read-corpus.js';
import { CorpusIndexError, ftsToken, openIndexStore, type IndexStore } from './sqlite-store.js';
import type { DocumentStore } from './document-store.js';

const FIXTURE = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'data-build', 'corpus-wiki.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'corpus-index-'));
const write = (name: string, rows: unknown[]): string => {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  return path;
};

let index: IndexStore;
let memory: DocumentStore;
const indexPath = join(dir, 'wiki.idx');

beforeAll(async () => {
  await buildCorpusIndex(FIXTURE, indexPath);
  index = await openIndexStore(indexPath);
  memory = await loadCorpus(FIXTURE);
});
afterAll(() => index.close());

describe('corpus index over real paragraphs', () => {
  it('holds the same documents in the same order as the in-memory store', () => {
    expect(index.size).toBe(750);
    expect(index.size).toBe(memory.size);
    expect([...index.scan()]).toEqual([...memory.scan()]);
    for (const i of [0, 1, 499, 500, 749]) expect(index.at(i)).toEqual(memory.at(i));
  });

  it('reads wiki-18 contents as title + text', () => {
    const doc = index.find({ id: '5a77ec115542992a6e59dff7/0' });
    expect(doc?.title).toBe('Demon Dice');
    expect(doc?.text?.startsWith('Demon Dice, originally published as Chaos Progenitus')).toBe(true);
  });

  it.each([
    ['id', { id: '2hop__150763_14904/0' }, 'Journal of Mathematical Physics'],
    ['folded title (accents)', { id: 'none', title: 'Rio de la Miel' }, 'Río de la Miel'],
    ['folded title (case, punctuation)', { id: 'none', title: 'east-west SCHISM' }, 'East–West Schism'],
    ['title of a wiki-18 row', { id: 'none', title: 'demon dice' }, 'Demon Dice'],
  ])('finds by %s, as the in-memory store does', (_, ref, title) => {
    expect(index.find(ref)?.title).toBe(title);
    expect(index.find(ref)).toEqual(memory.find(ref));
  });

  it('finds nothing for an unknown reference, and at() outside the corpus is a RangeError', () => {
    expect(index.find({ id: 'nope', title: 'No Such Page', url: 'https://example.org/x' })).toBeUndefined();
    expect(() => index.at(750)).toThrow(RangeError);
    expect(() => index.at(-1)).toThrow(RangeError);
  });

  it('lets lookups run while a scan is under way', () => {
    let n = 0;
    for (const doc of index.scan()) {
      expect(index.find({ id: doc.id })).toEqual(doc);
      if (++n === 1200) break;
    }
    expect(n).toBe(750);
  });
});

describe('threads', () => {
  const dump = (path: string): unknown => {
    const db = new Database(path, { readonly: true });
    try {
      return {
        docs: db.prepare('SELECT rowid, id, title, url, text, url_key, title_key, terms FROM docs ORDER BY rowid').raw(true).all(),
        terms: db.prepare('SELECT term, df FROM terms ORDER BY term').raw(true).all(),
        meta: db.prepare("SELECT key, value FROM meta WHERE key NOT IN ('created', 'source') ORDER BY key").raw(true).all(),
        city: db.prepare("SELECT rowid FROM fts WHERE fts MATCH 'city' ORDER BY rowid").pluck(true).all(),
      };
    } finally {
      db.close();
    }
  };

  it.each([0, 1, 2])('threads: %i builds the same index as the default, in the same order', async (threads) => {
    const path = join(dir, `threads-${threads}.idx`);
    const r = await buildCorpusIndex(FIXTURE, path, { threads, batchSize: 64 });
    expect(r.documents).toBe(750);
    expect(dump(path)).toEqual(dump(indexPath));
  });

  it.each([-1, 1.5, Number.NaN])('threads: %d is an error naming the option, and nothing is written', async (threads) => {
    const path = join(dir, 'bad-threads.idx');
    const error = await buildCorpusIndex(FIXTURE, path, { threads }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toEqual(['threads']);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });
});

describe('shapes, bad lines and duplicates', () => {
  it('reads every corpus shape; "Sao Paulo" finds "São Paulo"; a URL finds its page; first of an id wins', async () => {
    const input = write('shapes.jsonl', [
      { id: 'sp', title: 'São Paulo', text: 'The largest city of Brazil.', url: 'https://en.wikipedia.org/wiki/S%C3%A3o_Paulo' },
      { id: 'w18', contents: '"Rhine"\nThe Rhine flows to the North Sea.' },
      { id: 7, title: 'Numbered', paragraph_text: 'A numeric id.' },
      'not json {',
      { title: 'No id', text: 'x' },
      { id: 'empty', title: 'No text' },
      { id: 'sp', title: 'São Paulo again', text: 'A later row with the same id.' },
      { id: 'sp2', title: 'Sao Paulo', text: 'A later page with the same folded title.' },
    ]);
    const out = join(dir, 'shapes.idx');
    const result = await buildCorpusIndex(input, out);
    expect(result.documents).toBe(4);
    expect(result.skipped).toEqual({
      'not-json': { count: 1, firstLines: [4] },
      'no-id': { count: 1, firstLines: [5] },
      'no-text': { count: 1, firstLines: [6] },
    });
    expect(result.duplicates).toEqual({ count: 1, firstLines: [7] });
    expect(existsSync(`${out}.partial`)).toBe(false);
    const store = await openIndexStore(out);
    const mem = await loadCorpus(input, { onInvalid: 'skip' });
    try {
      expect([...store.scan()]).toEqual([...mem.scan()]);
      expect(store.find({ id: 'x', title: 'Sao Paulo' })?.id).toBe('sp');
      expect(store.find({ id: 'x', url: 'http://www.en.wikipedia.org/wiki/S%C3%A3o_Paulo/' })?.id).toBe('sp');
      expect(store.find({ id: 'sp' })?.text).toBe('The largest city of Brazil.');
      expect(store.find({ id: 'x', title: 'rhine' })?.text).toBe('The Rhine flows to the North Sea.');
      expect(store.find({ id: '7' })?.text).toBe('A numeric id.');
    } finally {
      store.close();
    }
  });

  it("onInvalid: 'throw' stops at the first bad line, names it, and leaves no file behind", async () => {
    const input = write('bad.jsonl', [{ id: 'a', text: 'fine' }, { id: 'b', text: 'fine' }, '{"id": 3, "te']);
    const out = join(dir, 'bad.idx');
    const error = await buildCorpusIndex(input, out, { onInvalid: 'throw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(`line 3 of ${input}`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('an output that cannot be written is an InputError naming it, not a driver exception', async () => {
    const out = join(dir, 'no-such-dir', 'x.idx');
    const error = await buildCorpusIndex(FIXTURE, out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`${out}.partial: cannot be written`);
  });

  it('a missing input is an error naming it, and nothing is written', async () => {
    const out = join(dir, 'missing.idx');
    await expect(buildCorpusIndex(join(dir, 'no-such.jsonl'), out)).rejects.toThrow(/no-such\.jsonl: no such file/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('files that are not a usable index', () => {
  const copy = (name: string): string => {
    const path = join(dir, name);
    writeFileSync(path, readFileSync(indexPath));
    return path;
  };
  const problem = async (path: string): Promise<CorpusIndexError> => {
    const error = await openIndexStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusIndexError);
    expect((error as Error).message).toContain(path);
    return error as CorpusIndexError;
  };

  it('a JSONL corpus given as an index says so', async () => {
    expect((await problem(FIXTURE)).problem).toBe('not-an-index');
    expect((await problem(FIXTURE)).message).toMatch(/is JSONL/);
  });

  it('an SQLite database of someone else is not an index', async () => {
    const path = join(dir, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    db.close();
    expect((await problem(path)).problem).toBe('not-an-index');
  });

  it('an index of another format version asks for a rebuild', async () => {
    const path = copy('v2.idx');
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '2' WHERE key = 'version'").run();
    db.close();
    const error = await problem(path);
    expect(error.problem).toBe('other-version');
    expect(error.message).toMatch(/version 2.*reads version 1/);
  });

  it('an index whose build never finished is refused', async () => {
    const path = copy('unfinished.idx');
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '0' WHERE key = 'complete'").run();
    db.close();
    expect((await problem(path)).problem).toBe('incomplete');
  });

  it.each([0.5, 0.9])('a copy truncated to %s of its size is refused before any query', async (fraction) => {
    const path = copy(`truncated-${fraction}.idx`);
    truncateSync(path, Math.floor(statSync(path).size * fraction));
    expect((await problem(path)).problem).toBe('truncated');
  });

  it('an empty file, or one cut inside the header, is not an index', async () => {
    const path = copy('cut.idx');
    truncateSync(path, 50);
    expect((await problem(path)).problem).toBe('not-an-index');
  });

  it('garbage over the pages is a typed error on open or on the first query, never a driver exception', async () => {
    const path = copy('corrupt.idx');
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    const junk = Buffer.alloc(4096, 0xa5);
    // Leave the header page; scribble over every other page from the second on.
    for (let at = 4096; at < size; at += 8192) writeSync(fd, junk, 0, junk.length, at);
    closeSync(fd);
    const error = await (async () => {
      const store = await openIndexStore(path);
      try {
        for (const _ of store.scan()) void _;
        return undefined;
      } finally {
        store.close();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusIndexError);
    expect((error as CorpusIndexError).problem).toBe('corrupt');
    expect((error as Error).message).toContain(path);
  });

  it('a file grown by junk past its pages still opens (SQLite ignores a tail)', async () => {
    const path = copy('tail.idx');
    appendFileSync(path, Buffer.alloc(100, 1));
    const store = await openIndexStore(path);
    expect(store.size).toBe(750);
    store.close();
  });
});

describe('the terms stored for BM25', () => {
  // The plain formulation the build's faster code must equal: title terms twice, then the text's.
  const reference = (title: string | undefined, text: string): { terms: string; length: number } => {
    const token = (t: string): string => [...t].map((c) => (/^[a-z0-9:._-]$/.test(c) || c.charCodeAt(0) >= 0x80 ? c : '_')).join('');
    const t = title === undefined ? [] : searchTerms(title).map(token);
    const b = searchTerms(text).map(token);
    const parts = t.length === 0 ? b : [...t, ...t, ...b];
    return { terms: parts.join(' '), length: parts.length };
  };

  it.each([
    ['São Paulo', 'the city of São Paulo, March 14, 1879', 'sao paulo sao paulo city sao paulo d:1879-03-14'],
    [undefined, 'A.B. de Villiers scored 1,000 runs', undefined],
    ['', '', ''],
    ['The Who', '', undefined],
    ['Über', "rock'n'roll 3.5% n/a", undefined],
  ])('title %j, text %j', (title, text, expected) => {
    const got = indexTerms(title, text);
    expect(got).toEqual(reference(title, text));
    if (expected !== undefined) expect(got.terms).toBe(expected);
  });

  it('equal the plain formulation for any title and text; every stored token is one FTS5 token', () => {
    const words = fc.constantFrom('Paris', 'São', 'the', 'of', '1879', 'March', '3.5', "O'Neil", 'e-mail', 'N/A', 'x_y', '日本', '$5', 'U.S.');
    const phrase = fc.array(words, { maxLength: 12 }).map((w) => w.join(' '));
    fc.assert(fc.property(fc.option(phrase, { nil: undefined }), phrase, (title, text) => {
      const got = indexTerms(title, text);
      expect(got).toEqual(reference(title, text));
      for (const t of got.terms.split(' ')) expect(ftsToken(t)).toBe(t);
    }));
  });
});
