// Long runs survive (issue 24), in process: a run stopped at any byte of its output (the partial
// file a kill leaves, torn last line included) and continued with --resume writes exactly what an
// uninterrupted run writes; model replies come from the on-disk cache; budgets stop cleanly; an
// endpoint that cannot be reached stops the run before anything is written (issue 21, item 14).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { distinctChains, GRAPH, writeGraphCorpus } from './country-graph.js';
import { captureStderr } from '../../src/cli/shared/capture-stderr.test-helper.js';
import { run } from '../../src/cli/program.js';
import { fakeChatServers, type Action, type Received } from '../judge/fake-chat-server.js';
import { writeRollouts } from './generate.js';

const dir = mkdtempSync(join(tmpdir(), 'resume-'));
const stderr = captureStderr();
const serve = fakeChatServers();
const cli = (...args: string[]): Promise<number> => run(['node', 'longtrace-reward', ...args]);
const read = (path: string): string => readFileSync(path, 'utf8');
const sortedLines = (text: string): string[] => text.split('\n').filter(Boolean).sort();

/** Leaves `reference`'s first `cut` bytes as the partial file of `target`, as a kill would. */
function stopAt(reference: string, target: string, cut: number): void {
  writeFileSync(`${target}.partial`, Buffer.from(read(reference)).subarray(0, cut));
}

let chains = '';
let questions = '';
let corpus = '';
/** Distinct model requests of the chains (two chains asking the same share one call and one cache entry). */
let distinct = 0;
beforeAll(async () => {
  chains = join(dir, 'chains.jsonl');
  questions = join(dir, 'questions.jsonl');
  corpus = join(dir, 'corpus.jsonl');
  await cli('data', 'walk', ...GRAPH, '--hops', '2', '-n', '60', '--seed', '11', '-o', chains, '--summary', 'none', '--no-progress');
  await cli('data', 'questions', chains, '--template', '-o', questions, '--summary', 'none', '--no-progress');
  await writeGraphCorpus(corpus);
  distinct = distinctChains(chains);
});

describe('score --resume', () => {
  let input = '';
  let reference = '';
  beforeAll(async () => {
    input = join(dir, 'rollouts.jsonl');
    await writeRollouts(input, 120, { seed: 4, scale: 0.1 });
    // Rows without a group and failed rows among the groups: every kind of unit the output holds.
    const lines = read(input).split('\n').filter(Boolean);
    lines.splice(13, 0, '{not json');
    lines.splice(40, 0, JSON.stringify({ response: 'Paris', answer: 'Paris', entities: ['France'] }));
    lines.splice(70, 0, '');
    writeFileSync(input, `${lines.join('\n')}\n`);
    reference = join(dir, 'scored-reference.jsonl');
    await cli('score', input, '-o', reference, '--summary', 'none', '--no-progress');
  });

  it('continues from any byte a run stopped at: the same file as an uninterrupted run, a group rescored whole', async () => {
    const size = Buffer.byteLength(read(reference));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: size }), async (cut) => {
        const out = join(dir, `scored-${cut}.jsonl`);
        stopAt(reference, out, cut);
        expect(await cli('score', input, '-o', out, '--resume', '--summary', 'json', '--no-progress')).toBe(1); // the input's broken row
        expect(read(out)).toBe(read(reference));
        expect(existsSync(`${out}.partial`)).toBe(false);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('says how many results it found done, and without --resume says it overwrites', async () => {
    const out = join(dir, 'scored-note.jsonl');
    stopAt(reference, out, 20_000);
    await cli('score', input, '-o', out, '--resume', '--summary', 'json', '--no-progress');
    const summary = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as { resumedRows: number; rows: number };
    expect(summary.resumedRows).toBeGreaterThan(0);
    expect(summary.resumedRows + summary.rows).toBe(read(reference).split('\n').filter(Boolean).length);
    stderr.clear();
    await cli('score', input, '-o', out, '--summary', 'none', '--no-progress');
    expect(stderr.text).toMatch(/scored-note\.jsonl exists \(\d+ bytes\); it is replaced when this run completes/);
    expect(await cli('score', input, '--resume')).toBe(2);
    expect(stderr.text).toMatch(/option --resume: needs -o FILE/);
  });
});

describe('data build --resume', () => {
  const args = (out: string): string[] => ['data', 'build', '--questions', questions, '--corpus', corpus, '--bm25', '--budget', '1500', '--seed', '3', '-o', out, '--summary', 'json', '--no-progress'];
  let reference = '';
  beforeAll(async () => {
    reference = join(dir, 'train-reference.jsonl');
    expect(await cli(...args(reference))).toBe(0);
  });

  it('continues from any byte: row i keeps its seed stream, every row once, the manifest counts them all', async () => {
    const size = Buffer.byteLength(read(reference));
    const full = JSON.parse(read(`${reference}.manifest.json`)) as { counts: { kept: number; questions: number }; tokens: unknown };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: size }), async (cut) => {
        const out = join(dir, `train-${cut}.jsonl`);
        stopAt(reference, out, cut);
        expect(await cli(...args(out), '--resume')).toBe(0);
        expect(sortedLines(read(out))).toEqual(sortedLines(read(reference)));
        const manifest = JSON.parse(read(`${out}.manifest.json`)) as { status: string; counts: { kept: number; questions: number }; tokens: unknown };
        expect(manifest).toMatchObject({ status: 'complete', counts: { kept: full.counts.kept, questions: full.counts.questions }, tokens: full.tokens });
      }),
      { numRuns: 10 },
    );
  }, 120_000);

  it('without --resume a partial file is started anew and a complete output is kept until the run completes', async () => {
    const out = join(dir, 'train-anew.jsonl');
    writeFileSync(out, 'the previous complete output\n');
    stopAt(reference, out, 5000);
    expect(await cli(...args(out))).toBe(0);
    expect(stderr.text).toMatch(/train-anew\.jsonl exists .*replaced when this run completes/);
    expect(stderr.text).toMatch(/train-anew\.jsonl\.partial from an earlier run is started anew/);
    expect(read(out)).toBe(read(reference));
  });
});

describe('data questions with a model: --resume, the reply cache, budgets, the start-up check', () => {
  /** A writer that names the start entity, with `usage` as the API reports it. */
  const writer = (r: Received): Action => {
    const start = /^Start entity: (.*)$/m.exec(r.body.messages[1]!.content)![1]!;
    const content = `Which place is reached from ${start} along the chain?`;
    return {
      raw: JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 90, completion_tokens: 10, total_tokens: 100 } }),
      delayMs: 2,
    };
  };
  const posts = (server: { received: Received[] }): number => server.received.length;
  const ask = (url: string, out: string, cache: string, ...more: string[]): Promise<number> =>
    cli('data', 'questions', chains, '--llm-url', url, '--llm-model', 'writer', '--concurrency', '4', '--keep-rejected', '-o', out, '--cache', cache, '--summary', 'json', '--no-progress', ...more);
  const summary = (): Record<string, unknown> => JSON.parse(stderr.text.trim().split('\n').filter((l) => l.startsWith('{')).at(-1)!) as Record<string, unknown>;

  it('a budget stops the run cleanly (exit 4, rows kept), --resume finishes it, and the cache answers what was asked before', async () => {
    const server = await serve(writer);
    const cache = join(dir, 'cache-budget');
    const reference = join(dir, 'q-reference.jsonl');
    expect(await ask(server.baseURL, reference, join(dir, 'cache-ref'))).toBe(0);
    expect(posts(server)).toBe(distinct);

    const out = join(dir, 'q-budget.jsonl');
    expect(await ask(server.baseURL, out, cache, '--max-calls', '25')).toBe(4);
    expect(stderr.text).toMatch(/budget reached \(the budget of 25 model calls is spent\): \d+ rows written to .*q-budget\.jsonl\.partial; raise the budget and continue with --resume/);
    expect(summary()).toMatchObject({ calls: 25, tokens: 2500, status: 'budget' });
    const stopped = JSON.parse(read(`${out}.partial.manifest.json`)) as { status: string; usage: { calls: number; totalTokens: number } };
    expect(stopped).toMatchObject({ status: 'budget', usage: { calls: 25, totalTokens: 2500 } });
    const done = read(`${out}.partial`).split('\n').filter(Boolean).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThanOrEqual(25);

    stderr.clear();
    const before = posts(server);
    expect(await ask(server.baseURL, out, cache, '--resume')).toBe(0);
    expect(sortedLines(read(out))).toEqual(sortedLines(read(reference)));
    // Calls answered but not yet written (the window of 4) come from the cache: no request is paid twice.
    expect(posts(server) - before).toBe(distinct - 25);
    expect(summary()).toMatchObject({ foundDone: done, calls: distinct - 25 });
    expect(existsSync(`${out}.partial.manifest.json`)).toBe(false);
    expect(JSON.parse(read(`${out}.manifest.json`))).toMatchObject({ status: 'complete', usage: { calls: distinct - 25, totalTokens: (distinct - 25) * 100 } });

    // A finished run asked again makes no model call at all.
    stderr.clear();
    const again = join(dir, 'q-again.jsonl');
    const calls = posts(server);
    expect(await ask(server.baseURL, again, cache)).toBe(0);
    expect(posts(server)).toBe(calls);
    expect(summary()).toMatchObject({ calls: 0, cacheHits: 60, cacheMisses: 0 });
    expect(stderr.text).toContain(`reply cache: ${cache}`);
    expect(read(again)).toBe(read(reference));
  });

  it('--max-tokens stops on the usage the API reports', async () => {
    const server = await serve(writer);
    const out = join(dir, 'q-tokens.jsonl');
    expect(await ask(server.baseURL, out, join(dir, 'cache-tokens'), '--max-tokens', '1000', '--concurrency', '1')).toBe(4);
    expect(summary()).toMatchObject({ calls: 10, tokens: 1000, status: 'budget' });
    expect(read(`${out}.partial`).split('\n').filter(Boolean)).toHaveLength(10);
  });

  it.each([
    ['holds garbage (torn entries, a stray file)', (path: string) => {
      for (const shard of ['00', 'ab', 'ff']) {
        mkdirSync(join(path, shard), { recursive: true });
        writeFileSync(join(path, shard, `${shard}${'0'.repeat(62)}.json`), '{"v":1,"key":"tor');
      }
      writeFileSync(join(path, 'README'), 'not a cache entry');
      return { path, writable: true };
    }],
    ['is a file', (path: string) => {
      writeFileSync(path, 'not a directory');
      return { path, writable: false };
    }],
    ['refuses writes (read-only)', (path: string) => {
      // chmod does not stop root: there, a place of sysfs, which refuses to make directories.
      if (process.getuid?.() === 0) return { path: '/sys/longtrace-reward-cache-test', writable: false };
      mkdirSync(path, { recursive: true });
      chmodSync(path, 0o500);
      return { path, writable: false };
    }],
  ])('a cache directory that %s never ends the run', async (_, make) => {
    const server = await serve(writer);
    const cache = make(join(dir, `cache-${Math.random().toString(36).slice(2)}`));
    const out = join(dir, `q-cache-${Math.random().toString(36).slice(2)}.jsonl`);
    expect(await ask(server.baseURL, out, cache.path)).toBe(0);
    expect(read(out).split('\n').filter(Boolean)).toHaveLength(60);
    if (cache.writable) {
      expect(posts(server)).toBe(distinct);
    } else {
      // No entry can be stored: every chain asks (identical requests under way still share a call).
      expect(posts(server)).toBeGreaterThanOrEqual(distinct);
      expect(stderr.text).toMatch(/warning: reply cache .* cannot be written \(\w+\); model replies are no longer cached/);
    }
  });

  it('an endpoint that cannot be reached exits 1 before anything is written (one request at start)', async () => {
    const server = await serve(writer);
    const url = server.baseURL;
    await server.close();
    const out = join(dir, 'q-down.jsonl');
    expect(await ask(url, out, join(dir, 'cache-down'))).toBe(1);
    expect(stderr.text).toMatch(/the model endpoint http:\/\/127\.0\.0\.1:\d+\/v1: it cannot be reached \(ECONNREFUSED\); nothing was written/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it.each([
    [['--max-calls', '5', '--template'], /option --max-calls: needs --llm-url/],
    [['--max-calls', '0'], /option --max-calls: expected a whole number/],
  ])('usage: %j', async (extra, message) => {
    expect(await cli('data', 'questions', chains, ...(extra.includes('--template') ? [] : ['--llm-url', 'http://127.0.0.1:1/v1', '--llm-model', 'm']), ...extra)).toBe(2);
    expect(stderr.text).toMatch(message);
  });
});
