import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../data/load-graph.js';
import { MAX_LINE_CHARS, readJsonl, readLines } from './read-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'read-lines-'));
const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('readLines', () => {
  it.each([
    ['plain', 'a\nb\r\n\nc', [[1, 'a'], [2, 'b'], [3, ''], [4, 'c']]],
    ['a byte-order mark and a final newline', '\uFEFFa\nb\n', [[1, 'a'], [2, 'b']]],
    ['no text', '', []],
  ])('%s: file line numbers, blank lines counted', async (_, text, expected) => {
    const lines = await collect(readLines(Readable.from([text])));
    expect(lines.map((l) => [l.line, l.text])).toEqual(expected);
  });

  it('reads a gzipped file by its name', async () => {
    const path = join(dir, 'x.jsonl.gz');
    writeFileSync(path, gzipSync('{"a":1}\n\nnot json\n{"b":2}\n'));
    const rows = await collect(readJsonl(path));
    expect(rows).toEqual([
      { line: 1, bytes: 8, value: { a: 1 } },
      { line: 3, bytes: 18, error: expect.stringMatching(/^not JSON/) },
      { line: 4, bytes: 26, value: { b: 2 } },
    ]);
  });

  it('a line over the limit is INPUT_TOO_LARGE naming file and line, split across chunks or not', async () => {
    const chunks = ['ok\n', 'x'.repeat(60), 'y'.repeat(60), '\nafter\n'];
    await expect(collect(readLines(Readable.from(chunks), { maxLineChars: 100, name: 'big.jsonl' }))).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE', file: 'big.jsonl', line: 2,
    });
    await expect(collect(readLines(Readable.from(['ok\n' + 'z'.repeat(200) + '\n']), { maxLineChars: 100 }))).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
  });

  it.each([
    ['a missing file', join(dir, 'missing.jsonl'), /no such file/],
    ['a directory', dir, /is a directory/],
  ])('%s is INVALID_INPUT naming it', async (_, path, message) => {
    await expect(collect(readLines(path))).rejects.toMatchObject({ code: 'INVALID_INPUT', file: path, message });
  });

  it('loadGraph turns a line longer than the limit into a GraphError with file and line (a caller can catch it)', async () => {
    const path = join(dir, 'huge.tsv');
    writeFileSync(path, `a\tr\tb\n${'c'.repeat(MAX_LINE_CHARS + 10)}\n`);
    await expect(loadGraph(path)).rejects.toMatchObject({ name: 'GraphError', code: 'INVALID_GRAPH', line: 2, message: expect.stringMatching(/huge\.tsv.*longer than/) });
  });
});
