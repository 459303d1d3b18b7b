// `data report` and `data build --report` on the command line, in-process.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { captureStderr } from '../../src/cli/shared/capture-stderr.test-helper.js';
import { readDataReport } from '../../src/report/training-rows/index.js';

interface Musique { id: string; question: string; answer: string; aliases: string[]; hops: { answer: string }[]; paragraphs: { idx: number; title: string; text: string; supporting: boolean }[] }
const musique = readFileSync(fileURLToPath(new URL('../../fixtures/data-build/musique.jsonl', import.meta.url)), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Musique);

const dir = mkdtempSync(join(tmpdir(), 'data-report-cli-'));
const write = (name: string, rows: unknown[]): string => {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  return path;
};
const corpus = write('corpus.jsonl', musique.flatMap((m) => m.paragraphs.map((p) => ({ id: `${m.id}-${p.idx}`, title: p.title, text: p.text }))));
const questions = write('questions.jsonl', [
  ...musique.map((m) => ({
    id: m.id, question: m.question, answer: { answer: m.answer, aliases: m.aliases }, entities: m.hops.map((h) => h.answer),
    gold: m.paragraphs.filter((p) => p.supporting).map((p) => `${m.id}-${p.idx}`),
  })),
  { id: 'no-gold', question: 'Who?', answer: 'X', entities: ['Nowhere'], gold: ['nowhere'] },
]);
const stderr = captureStderr();
const cli = (...args: string[]): Promise<number> => run(['node', 'longtrace-reward', 'data', ...args]);
const build = async (format: string, extra: string[] = []): Promise<string> => {
  const out = join(dir, `train-${format}.jsonl`);
  expect(await cli('build', '--questions', questions, '--corpus', corpus, '--bm25', '--budget', '3000', '--format', format, '-o', out, '--summary', 'none', '--no-progress', ...extra)).toBe(0);
  return out;
};

describe('data build --report', () => {
  it.each(['slime', 'verl', 'openrlhf', 'native'])('%s: the page shows every row written, the manifest\'s drops, and equals data report on the file', async (format) => {
    const page = join(dir, `build-${format}.html`);
    const rows = await build(format, ['--report', page]);
    const fromBuild = readDataReport(readFileSync(page, 'utf8'));
    expect(fromBuild.index.rows.map((r) => [r.row, r.format])).toEqual([[1, format], [2, format], [3, format]]);
    expect(fromBuild.index.manifest).toEqual({ questions: 4, kept: 3, dropped: { 'gold-not-in-corpus': 1 }, distractorsDropped: expect.any(Object) as unknown });
    expect(stderr.text).toContain(`wrote ${page}: 3 rows`);
    // The same page (but for its date) from the file and its manifest.
    const again = join(dir, `report-${format}.html`);
    expect(await cli('report', rows, '-o', again, '--title', `train-${format}.jsonl`)).toBe(0);
    const fromFile = readDataReport(readFileSync(again, 'utf8'));
    expect({ ...fromFile, index: { ...fromFile.index, created: '' } }).toEqual({ ...fromBuild, index: { ...fromBuild.index, created: '' } });
  });
});

describe('data report', () => {
  it('exit 1 and a message naming the file: a missing or malformed manifest, no row to show, the output over the input', async () => {
    const rows = await build('native');
    expect(await cli('report', rows, '-o', join(dir, 'a.html'), '--manifest', join(dir, 'nope.json'))).toBe(1);
    expect(stderr.text).toContain('nope.json: cannot be read (ENOENT)');
    const bad = write('bad-manifest.json', ['{"counts": {"kept": "three"}}']);
    expect(await cli('report', rows, '-o', join(dir, 'a.html'), '--manifest', bad)).toBe(1);
    expect(stderr.text).toContain('bad-manifest.json: not a data build manifest');
    const none = write('none.jsonl', ['{"id": 1}', 'nope']);
    expect(await cli('report', none, '-o', join(dir, 'none.html'))).toBe(1);
    expect(stderr.text).toContain(`${none}: no training row could be shown`);
    expect(readDataReport(readFileSync(join(dir, 'none.html'), 'utf8')).index.skipped.count).toBe(2);
    expect(await cli('report', rows, '-o', rows)).toBe(2);
    expect(stderr.text).toContain('the output file is the rows file');
  });
});
