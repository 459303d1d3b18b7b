// openCorpus tells JSONL from an index by the file's first bytes (not its name), and docFromRow reads
// wiki-18's `contents` the same way for both.
import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../io/index.js';
import { buildCorpusIndex } from './corpus/build-index.js';
import { docFromRow, splitWikiContents } from './corpus/read-corpus.js';
import { CorpusIndexError } from './corpus/sqlite-store.js';
import { detectCorpusKind, openCorpus } from './open-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'open-corpus-'));
const rows = [
  { id: 'a', contents: '"São Paulo"\nThe largest city in Brazil.' },
  { id: 'b', title: 'Rhine', text: 'A river.' },
  { id: 'c', title: 'Danube', paragraph_text: 'Another river.' },
];
const jsonl = join(dir, 'corpus.jsonl');
const idx = join(dir, 'corpus.idx');

beforeAll(async () => {
  writeFileSync(jsonl, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'corpus.jsonl.gz'), gzipSync(readable(rows)));
  await buildCorpusIndex(jsonl, idx);
});

function readable(list: unknown[]): string {
  return list.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

describe('splitWikiContents / docFromRow', () => {
  it.each([
    ['"Title"\ntext', { title: 'Title', text: 'text' }],
    ['"São Paulo"\r\nline one\nline two', { title: 'São Paulo', text: 'line one\nline two' }],
    ['"Quoted "inner" title"\nx', { title: 'Quoted "inner" title', text: 'x' }],
    ['no title line', { text: 'no title line' }],
    ['"unclosed\ntext', { text: '"unclosed\ntext' }],
    ['""\ntext', { text: '""\ntext' }],
    ['"Title" and more\ntext', { text: '"Title" and more\ntext' }],
  ])('%j', (contents, expected) => {
    expect(splitWikiContents(contents)).toEqual(expected);
  });

  it('an explicit title wins over the one in contents; text wins over contents', () => {
    expect(docFromRow({ id: 1, title: 'Given', contents: '"Other"\nbody' })).toEqual({ id: '1', title: 'Given', text: 'body' });
    expect(docFromRow({ id: 1, text: 'plain', contents: '"Other"\nbody' })).toEqual({ id: '1', text: 'plain' });
  });
});

describe('openCorpus', () => {
  it.each([
    ['JSONL', jsonl, 'jsonl'],
    ['gzipped JSONL', join(dir, 'corpus.jsonl.gz'), 'jsonl'],
    ['an index', idx, 'index'],
  ])('opens %s as what it is, with the same documents', async (_, path, kind) => {
    const corpus = await openCorpus(path);
    try {
      expect(corpus.kind).toBe(kind);
      expect(corpus.size).toBe(3);
      expect(corpus.find({ id: 'x', title: 'sao paulo' })).toEqual({ id: 'a', title: 'São Paulo', text: 'The largest city in Brazil.' });
      const search = await corpus.createSearch();
      const [hits] = await search.search(['largest city Brazil'], 2);
      expect(hits!.map((h) => h.doc.id)).toEqual(['a']);
      expect(search.corpus.size).toBe(3);
    } finally {
      corpus.close();
    }
  });

  it('an index named like JSONL is still an index (content, not name)', async () => {
    const path = join(dir, 'really-an-index.jsonl');
    copyFileSync(idx, path);
    expect(await detectCorpusKind(path)).toBe('index');
  });

  it.each([
    ['JSONL named .idx', 'looks.idx', readable(rows), /named like an index but is not one/],
    ['an empty .idx (a build that never finished)', 'empty.idx', '', /is empty/],
  ])('%s is a CorpusIndexError naming the file', async (_, name, content, message) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    const error = await openCorpus(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusIndexError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(message);
  });

  it('a missing file or a directory is an InputError naming it', async () => {
    const sub = join(dir, 'a-dir');
    mkdirSync(sub);
    await expect(openCorpus(join(dir, 'none.jsonl'))).rejects.toThrow(InputError);
    await expect(openCorpus(join(dir, 'none.jsonl'))).rejects.toThrow(/none\.jsonl: no such file/);
    await expect(openCorpus(sub)).rejects.toThrow(/a-dir: is a directory/);
  });
});
