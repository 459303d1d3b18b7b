import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../../data/open-corpus.js';
import { CorpusIndexError, openIndexStore } from '../../../data/corpus/sqlite-store.js';
import { captureStderr } from '../../shared/capture-stderr.test-helper.js';
import { run } from '../../program.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'data-build');
const dir = mkdtempSync(join(tmpdir(), 'data-index-cli-'));
const stderr = captureStderr();
const cli = (...args: string[]): Promise<number> => run(['node', 'longtrace-reward', 'data', ...args]);

describe('data index', () => {
  it('indexes a corpus with bad lines and duplicates, and says what it skipped (JSON summary)', async () => {
    const input = join(dir, 'mixed.jsonl');
    writeFileSync(input, [
      JSON.stringify({ id: 'a', title: 'Alpha', text: 'first' }),
      'oops',
      JSON.stringify({ id: 'a', title: 'Alpha again', text: 'second' }),
      JSON.stringify({ id: 'b', contents: '"Beta"\nbeta text' }),
      JSON.stringify({ id: 'c' }),
    ].join('\n') + '\n');
    const out = join(dir, 'mixed.idx');
    expect(await cli('index', input, '-o', out, '--summary', 'json', '--no-progress')).toBe(0);
    const summary = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({
      passages: 2,
      skipped: { 'not-json': { count: 1, firstLines: [2] }, 'no-id': { count: 0, firstLines: [] }, 'no-text': { count: 1, firstLines: [5] } },
      duplicates: { count: 1, firstLines: [3] },
      bytes: statSync(out).size,
    });
    const corpus = await openCorpus(out);
    expect(corpus.find({ id: 'a' })?.title).toBe('Alpha');
    corpus.close();
  });

  it('the table summary names reasons with their first lines; --on-invalid throw exits 1 naming the line', async () => {
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, `${JSON.stringify({ id: 'a', text: 'x' })}\n{"id":\n`);
    expect(await cli('index', input, '-o', join(dir, 'bad.idx'), '--no-progress')).toBe(0);
    expect(stderr.text).toMatch(/not-json\s+1 \(first lines 2\)/);
    expect(await cli('index', input, '-o', join(dir, 'bad2.idx'), '--on-invalid', 'throw', '--no-progress')).toBe(1);
    expect(stderr.text).toContain(`line 2 of ${input}`);
    expect(existsSync(join(dir, 'bad2.idx'))).toBe(false);
  });

  it('data build --bm25 writes the same rows over the index as over the JSONL', { timeout: 120_000 }, async () => {
    const corpus = join(FIXTURES, 'corpus-wiki.jsonl');
    const idx = join(dir, 'wiki.idx');
    expect(await cli('index', corpus, '-o', idx, '--summary', 'none', '--no-progress')).toBe(0);
    const questions = join(dir, 'questions.jsonl');
    const qs = readFileSync(join(FIXTURES, 'corpus-questions.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 12);
    writeFileSync(questions, qs.join('\n') + '\n');
    const build = async (from: string, out: string): Promise<string> => {
      expect(await cli('build', '--questions', questions, '--corpus', from, '--bm25', '--budget', '4000', '--seed', '3', '-o', out, '--summary', 'none', '--no-progress')).toBe(0);
      return readFileSync(out, 'utf8');
    };
    const fromJsonl = await build(corpus, join(dir, 'rows-jsonl.jsonl'));
    const fromIndex = await build(idx, join(dir, 'rows-index.jsonl'));
    expect(fromIndex.split('\n').filter(Boolean)).toHaveLength(12);
    expect(fromIndex).toBe(fromJsonl);
  });

  it('data build --corpus with a JSONL named .idx exits 1 naming the file', async () => {
    const fake = join(dir, 'fake.idx');
    writeFileSync(fake, `${JSON.stringify({ id: 'a', text: 'x' })}\n`);
    expect(await cli('build', '--questions', join(FIXTURES, 'corpus-questions.jsonl'), '--corpus', fake, '--bm25', '-o', join(dir, 'x.jsonl'), '--no-progress')).toBe(1);
    expect(stderr.text).toContain(`${fake}: is named like an index but is not one`);
  });

  it('kill -9 while indexing leaves no index, a partial file that is refused, and a rerun builds cleanly', { timeout: 120_000 }, async () => {
    const input = join(dir, 'big.jsonl');
    const words = readFileSync(join(FIXTURES, 'corpus-wiki.jsonl'), 'utf8').slice(0, 20_000).split(/\s+/);
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const body = Array.from({ length: 60 }, (_, j) => words[(i * 31 + j * 7) % words.length]).join(' ');
      lines.push(JSON.stringify({ id: String(i), contents: `"Page ${i}"\n${body}` }));
    }
    writeFileSync(input, lines.join('\n') + '\n');
    const out = join(dir, 'big.idx');
    const partial = `${out}.partial`;
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'data', 'index', input, '-o', out, '--no-progress'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    // Kill once the partial file has grown past its first batches.
    const deadline = Date.now() + 60_000;
    while (!(existsSync(partial) && statSync(partial).size > 1_000_000) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(partial)).toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    await expect(openCorpus(out)).rejects.toThrow(/no such file/);
    const error = await openIndexStore(partial).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusIndexError);
    expect((error as Error).message).toContain(partial);
    // A rerun starts the partial file anew and completes.
    expect(await cli('index', input, '-o', out, '--summary', 'none', '--no-progress')).toBe(0);
    expect(existsSync(partial)).toBe(false);
    const corpus = await openCorpus(out);
    expect(corpus.size).toBe(30_000);
    expect(corpus.find({ id: 'x', title: 'page 29999' })?.id).toBe('29999');
    corpus.close();
  });
});
