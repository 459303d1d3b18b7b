// Long runs survive real kills (issue 24) and stop cleanly on Ctrl-C (issue 21, item 15): the CLI
// runs as a child process, is killed with SIGKILL once its partial output holds a given number of
// rows (several points per command, concurrency above 1 for the model calls), is run again with
// --resume, and must end with what an uninterrupted run writes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openParquetReader } from '../../src/data/duckdb.test-helper.js';
import { parquetRowSchema, toParquetRow } from '../../src/data/index.js';
import { distinctChains, GRAPH, writeGraphCorpus } from './country-graph.js';
import { fakeChatServers, type Action, type Received } from '../judge/fake-chat-server.js';
import { writeRollouts } from './generate.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kill-'));
const serve = fakeChatServers();
const read = (path: string): string => readFileSync(path, 'utf8');
const sortedLines = (text: string): string[] => text.split('\n').filter(Boolean).sort();
const rowsIn = (path: string): number => (existsSync(path) ? read(path).split('\n').length - 1 : 0);

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the CLI from the sources (tsx), colours off. */
function start(args: readonly string[]): { child: ChildProcess; done: Promise<Exit> } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

/** Runs the CLI to its end. */
const runToEnd = (args: readonly string[]): Promise<Exit> => start(args).done;

/** Runs the CLI and sends `signal` once `partial` holds at least `rows` complete rows; resolves with how it ended. */
async function stopWhen(args: readonly string[], partial: string, rows: number, signal: NodeJS.Signals): Promise<Exit> {
  const { child, done } = start(args);
  let ended = false;
  void done.then(() => (ended = true));
  while (!ended) {
    if (existsSync(partial) && statSync(partial).size > 0 && rowsIn(partial) >= rows) {
      child.kill(signal);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  return done;
}

let chains = '';
let questions = '';
let corpus = '';
let distinct = 0;
beforeAll(async () => {
  chains = join(dir, 'chains.jsonl');
  questions = join(dir, 'questions.jsonl');
  corpus = join(dir, 'corpus.jsonl');
  expect((await runToEnd(['data', 'walk', ...GRAPH, '--hops', '2-3', '-n', '400', '--seed', '5', '-o', chains, '--summary', 'none', '--no-progress'])).code).toBe(0);
  expect((await runToEnd(['data', 'questions', chains, '--template', '-o', questions, '--summary', 'none', '--no-progress'])).code).toBe(0);
  await writeGraphCorpus(corpus);
  distinct = distinctChains(chains);
}, 120_000);

describe('data build killed with SIGKILL, then --resume', () => {
  const args = (out: string): string[] => ['data', 'build', '--questions', questions, '--corpus', corpus, '--bm25', '--budget', '2000', '--seed', '9', '-o', out, '--summary', 'none', '--no-progress'];
  let reference = '';
  beforeAll(async () => {
    reference = join(dir, 'train-reference.jsonl');
    expect((await runToEnd(args(reference))).code).toBe(0);
  }, 120_000);

  it.each([1, 60, 200])('killed once %i rows are written: the resumed file holds every row of the uninterrupted run once', async (rows) => {
    const out = join(dir, `train-kill-${rows}.jsonl`);
    writeFileSync(out, 'the last complete output\n');
    const killed = await stopWhen(args(out), `${out}.partial`, rows, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    // The last complete output is untouched until a run completes.
    expect(read(out)).toBe('the last complete output\n');
    const resumed = await runToEnd([...args(out), '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resume: \d+ rows found done/);
    expect(sortedLines(read(out))).toEqual(sortedLines(read(reference)));
    expect(existsSync(`${out}.partial`)).toBe(false);
  }, 120_000);

  it('Ctrl-C (SIGINT) finishes the row in hand, writes a manifest marked interrupted, says how to continue; --resume completes', async () => {
    const out = join(dir, 'train-sigint.jsonl');
    const stopped = await stopWhen(args(out), `${out}.partial`, 40, 'SIGINT');
    expect(stopped.code).toBe(130);
    const written = rowsIn(`${out}.partial`);
    expect(read(`${out}.partial`).endsWith('\n')).toBe(true);
    expect(stopped.stderr).toContain(`interrupted (SIGINT): ${written} rows written to ${out}.partial; continue with the same command and --resume`);
    const manifest = JSON.parse(read(`${out}.partial.manifest.json`)) as { status: string; counts: { kept: number } };
    expect(manifest).toMatchObject({ status: 'interrupted', counts: { kept: written } });
    expect(existsSync(out)).toBe(false);
    expect((await runToEnd([...args(out), '--resume'])).code).toBe(0);
    expect(sortedLines(read(out))).toEqual(sortedLines(read(reference)));
    expect(existsSync(`${out}.partial.manifest.json`)).toBe(false);
    expect(JSON.parse(read(`${out}.manifest.json`))).toMatchObject({ status: 'complete', resumedRows: written });
  }, 120_000);
  it('-o ROWS.parquet killed with SIGKILL: the last complete file is untouched; --resume writes the rows of the uninterrupted run as Parquet', async () => {
    const out = join(dir, 'train-kill.parquet');
    writeFileSync(out, 'the last complete output\n');
    const killed = await stopWhen([...args(out), '--format', 'verl'], `${out}.partial`, 60, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(read(out)).toBe('the last complete output\n');
    expect(existsSync(`${out}.converting`)).toBe(false);
    const verlReference = join(dir, 'train-reference-verl.jsonl');
    expect((await runToEnd([...args(verlReference), '--format', 'verl'])).code).toBe(0);
    expect((await runToEnd([...args(out), '--format', 'verl', '--resume'])).code).toBe(0);
    const duck = await openParquetReader();
    const rows = await duck.rows(out);
    duck.close();
    const key = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
    const expected = read(verlReference).split('\n').filter(Boolean).map((l) => toParquetRow(JSON.parse(l), parquetRowSchema('verl')));
    expect(rows.map(key).sort()).toEqual(expected.map(key).sort());
    expect(existsSync(`${out}.partial`)).toBe(false);
  }, 120_000);
});

describe('score killed with SIGKILL, then --resume', () => {
  let input = '';
  let reference = '';
  beforeAll(async () => {
    input = join(dir, 'rollouts.jsonl');
    await writeRollouts(input, 10_000, { seed: 2, scale: 0.3 });
    reference = join(dir, 'scored-reference.jsonl');
    expect((await runToEnd(['score', input, '-o', reference, '--summary', 'none', '--no-progress'])).code).toBe(0);
  }, 120_000);

  it.each([1, 2500, 7000])('killed once %i results are written: the same file as an uninterrupted run', async (rows) => {
    const out = join(dir, `scored-kill-${rows}.jsonl`);
    const killed = await stopWhen(['score', input, '-o', out, '--summary', 'none', '--no-progress'], `${out}.partial`, rows, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect((await runToEnd(['score', input, '-o', out, '--resume', '--summary', 'none', '--no-progress'])).code).toBe(0);
    expect(read(out)).toBe(read(reference));
  }, 120_000);
});

describe('data questions (a model, 4 calls at once) killed with SIGKILL, then --resume', () => {
  const writer = (r: Received): Action => {
    const start = /^Start entity: (.*)$/m.exec(r.body.messages[1]!.content)![1]!;
    return { reply: `Which place is reached from ${start} along the chain?`, delayMs: 15 };
  };

  it.each([5, 150])('killed once %i rows are written: every row once, and only calls in flight are paid twice', async (rows) => {
    const server = await serve(writer);
    const cache = join(dir, `cache-${rows}`);
    const args = (out: string, cacheDir: string): string[] => [
      'data', 'questions', chains, '--llm-url', server.baseURL, '--llm-model', 'w', '--concurrency', '4', '--keep-rejected', '-o', out, '--cache', cacheDir, '--summary', 'none', '--no-progress',
    ];
    const reference = join(dir, `q-reference-${rows}.jsonl`);
    expect((await runToEnd(args(reference, join(dir, `cache-ref-${rows}`)))).code).toBe(0);
    const before = server.received.length;
    const out = join(dir, `q-kill-${rows}.jsonl`);
    const killed = await stopWhen(args(out, cache), `${out}.partial`, rows, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect((await runToEnd([...args(out, cache), '--resume'])).code).toBe(0);
    expect(sortedLines(read(out))).toEqual(sortedLines(read(reference)));
    // The start-up check is a GET, not counted; POSTs repeated are at most the 4 under way at the kill.
    const paid = server.received.length - before;
    expect(paid).toBeGreaterThanOrEqual(distinct);
    expect(paid).toBeLessThanOrEqual(distinct + 4);
  }, 120_000);
});
