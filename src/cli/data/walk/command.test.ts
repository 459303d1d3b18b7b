import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { startFakeChatServer, type FakeChatServer } from '../../../../test/judge/fake-chat-server.js';
import { rubricReward } from '../../../index.js';
import { captureStderr } from '../../shared/capture-stderr.test-helper.js';
import { run } from '../../program.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../../fixtures/graph/${name}`, import.meta.url));
const GRAPH = ['--graph', fixture('countries.tsv'), '--labels', fixture('countries-labels.jsonl'), '--relations', fixture('countries-relations.jsonl')];
const dir = mkdtempSync(join(tmpdir(), 'data-cli-'));
const lines = (path: string): Record<string, unknown>[] => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

const stderr = captureStderr();

const cli = (...args: string[]): Promise<number> => run(['node', 'longtrace-reward', 'data', ...args]);

describe('data walk', () => {
  it('writes chains as JSONL and a summary of kept and rejected by reason', async () => {
    const out = join(dir, 'chains.jsonl');
    expect(await cli('walk', ...GRAPH, '--hops', '2-3', '-n', '40', '--seed', '7', '-o', out, '--summary', 'json', '--no-progress')).toBe(0);
    const chains = lines(out);
    expect(chains).toHaveLength(40);
    const summary = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as { kept: number; walks: number; nodes: number; rejected: Record<string, number> };
    expect(summary).toMatchObject({ walks: 40, kept: 40, nodes: expect.any(Number) });
    expect(Object.keys(summary.rejected)).toContain('ambiguous');
    const chain = chains[0] as { entities: never[]; answer: { answer: string; aliases: string[] } };
    const response = `The answer is ${chain.answer.answer}.`;
    expect(rubricReward({ response, answer: chain.answer, entities: chain.entities }).outcome).toBe(1);
  });

  it('the summary has the hop histogram and the commonest answers and bridges with their shares', async () => {
    const out = join(dir, 'mix.jsonl');
    expect(await cli('walk', ...GRAPH, '-n', '300', '--seed', '2', '-o', out, '--summary', 'json', '--no-progress', '--pilot-walks', '500')).toBe(0);
    type Share = { id: string; label: string; chains: number; percent: number };
    const summary = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as { kept: number; hops: Record<string, { chains: number; percent: number }>; topAnswers: Share[]; topBridges: Share[] };
    const chains = lines(out) as { triples: unknown[]; answer: { answer: string } }[];
    expect(Object.keys(summary.hops).sort()).toEqual(['2', '3', '4']);
    for (const h of ['2', '3', '4']) expect(summary.hops[h]!.chains).toBe(chains.filter((c) => c.triples.length === Number(h)).length);
    const top = summary.topAnswers[0]!;
    expect(top.chains).toBe(chains.filter((c) => c.answer.answer === top.label).length);
    expect(top.percent).toBeCloseTo((100 * top.chains) / summary.kept, 1);
    expect(summary.topBridges.length).toBeGreaterThan(0);
    stderr.clear();
    expect(await cli('walk', ...GRAPH, '-n', '50', '--seed', '2', '-o', out, '--summary', 'table', '--no-progress', '--pilot-walks', '200')).toBe(0);
    expect(stderr.text).toMatch(/hops\n {4}2 +\d+ +\d+\.\d%/);
    expect(stderr.text).toContain('topAnswers');
  });

  it.each([
    [['--allow', 'contry,place of brith'], 1, 'relations.allow: no relation "contry" in the graph; closest: '],
    [['--deny', 'nonexistent'], 1, 'relations.deny: no relation "nonexistent" in the graph; closest: '],
    [['--hops', '2-4', '--hop-weights', '1,1'], 2, 'option --hop-weights: expected 3 weights, one per hop count from 2 to 4'],
    [['--hop-weights', '1,x,2'], 2, 'option --hop-weights: expected non-negative weights'],
    [['--max-answer-share', '0'], 2, 'option --max-answer-share: expected a number in'],
  ])('%j is exit %i: %s', async (args, code, message) => {
    expect(await cli('walk', ...GRAPH, '-n', '5', '-o', join(dir, 'bad-flags.jsonl'), '--no-progress', ...args)).toBe(code);
    expect(stderr.text).toContain(message);
  });

  it('reads relation labels from a CoDEx-style relations.json keyed by id', async () => {
    const relations = join(dir, 'relations.json');
    const records = readFileSync(fixture('countries-relations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; label: string });
    writeFileSync(relations, JSON.stringify(Object.fromEntries(records.map((r) => [r.id, { label: r.label, description: '…' }]))));
    const out = join(dir, 'codex-style.jsonl');
    expect(await cli('walk', '--graph', fixture('countries.tsv'), '--labels', fixture('countries-labels.jsonl'), '--relations', relations, '-n', '10', '-o', out, '--summary', 'none', '--no-progress', '--allow', 'shares border with,currency', '--hops', '2')).toBe(0);
    const chains = lines(out) as { triples: { relationLabel: string }[] }[];
    expect(chains.length).toBeGreaterThan(0);
    for (const chain of chains) for (const t of chain.triples) expect(['shares border with', 'currency']).toContain(t.relationLabel);
  });

  it('on a terminal the progress bar counts chains and exhausted walks, not errors', async () => {
    const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    try {
      expect(await cli('walk', ...GRAPH, '-n', '20', '--seed', '2', '-o', join(dir, 'tty.jsonl'), '--summary', 'none', '--pilot-walks', '100')).toBe(0);
    } finally {
      if (tty === undefined) delete (process.stderr as { isTTY?: boolean }).isTTY;
      else Object.defineProperty(process.stderr, 'isTTY', tty);
    }
    expect(stderr.text).toContain('exhausted');
    expect(stderr.text).toContain('chains/s');
    expect(stderr.text).not.toContain('errors');
  });

  it('shards 0/3, 1/3, 2/3 give the unsharded chains', async () => {
    const whole = join(dir, 'whole.jsonl');
    await cli('walk', ...GRAPH, '-n', '30', '--seed', '3', '-o', whole, '--summary', 'none', '--no-progress');
    const parts: Record<string, unknown>[] = [];
    for (const i of [0, 1, 2]) {
      const out = join(dir, `part-${i}.jsonl`);
      expect(await cli('walk', ...GRAPH, '-n', '30', '--seed', '3', '--shard', `${i}/3`, '-o', out, '--summary', 'none', '--no-progress')).toBe(0);
      parts.push(...lines(out));
    }
    const index = (c: Record<string, unknown>): number => Number(String(c['id']).split('-').at(-1));
    expect(parts.sort((a, b) => index(a) - index(b))).toEqual(lines(whole));
  });

  it('a bad graph line is exit 1 naming file and line; a bad flag is a usage error (2)', async () => {
    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, 'a\tr\tb\nbroken line\n');
    expect(await cli('walk', '--graph', bad, '-o', join(dir, 'x.jsonl'), '--no-progress')).toBe(1);
    expect(stderr.text).toContain(`${bad} line 2: expected 3 tab-separated fields`);
    expect(await cli('walk', '--graph', bad, '--on-invalid', 'skip', '-o', join(dir, 'y.jsonl'), '--no-progress', '--summary', 'json')).toBe(0);
    expect(stderr.text).toContain('"skippedLines":1');
    stderr.clear();
    expect(await cli('walk', '--graph', bad, '--hops', '4-2')).toBe(2);
    expect(stderr.text).toContain('option --hops: expected hops as N or MIN-MAX');
    expect(await cli('walk', '--graph', bad, '--shard', '8/8')).toBe(2);
    expect(stderr.text).toContain('option --shard: expected INDEX/COUNT with INDEX below COUNT');
  });
});

describe('data questions', () => {
  let chainsFile: string;
  beforeEach(async () => {
    chainsFile = join(dir, 'q-chains.jsonl');
    // The caps and the hub filter off: the chains of a run before they existed, which these tests were written on.
    await cli('walk', ...GRAPH, '--hops', '2', '-n', '12', '--seed', '5', '-o', chainsFile, '--summary', 'none', '--no-progress', '--max-answer-share', '1', '--max-bridge-share', '1', '--hub-percentile', '0');
  });

  it('--template writes checked questions with the rubric and answer', async () => {
    const out = join(dir, 'questions.jsonl');
    expect(await cli('questions', chainsFile, '--template', '-o', out, '--summary', 'json', '--no-progress')).toBe(0);
    const rows = lines(out) as { question: string; check: { ok: boolean }; entities: unknown[]; answer: { answer: string } }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.question).toMatch(/^What is .+\?$/);
      expect(row.check.ok).toBe(true);
    }
    expect(JSON.parse(stderr.text.trim().split('\n').at(-1)!)).toMatchObject({ chains: 12, writer: 'template' });
  });

  it('--llm-url asks a chat model (loopback) and counts leaks as rejections', async () => {
    let n = 0;
    const server: FakeChatServer = await startFakeChatServer((r) => {
      const answer = /^Answer \(hidden\): (.*)$/m.exec(r.body.messages[1]!.content)![1]!;
      const start = /^Start entity: (.*)$/m.exec(r.body.messages[1]!.content)![1]!;
      // Every other question leaks its answer.
      return { reply: n++ % 2 === 0 ? `Is it ${answer}, starting from ${start}?` : `What follows from ${start}?` };
    });
    try {
      const out = join(dir, 'llm.jsonl');
      const code = await cli('questions', chainsFile, '--llm-url', server.baseURL, '--llm-model', 'writer', '--keep-rejected', '-o', out, '--summary', 'json', '--no-progress');
      expect(code).toBe(0);
      const rows = lines(out) as { question: string; check: { ok: boolean; reasons: string[] } }[];
      expect(rows).toHaveLength(12);
      expect(rows.filter((r) => r.check.reasons.includes('answer-leak')).length).toBe(6);
      for (const row of rows) expect(row.check.reasons.includes('answer-leak')).toBe(row.question.startsWith('Is it'));
      // Requests run concurrently, so which chains get a leaking reply varies; a start such as
      // "Kuwait City" names its bridge whatever the reply, so kept is counted, not fixed.
      const kept = rows.filter((r) => r.check.ok).length;
      expect(kept).toBeGreaterThanOrEqual(4);
      expect(JSON.parse(stderr.text.trim().split('\n').at(-1)!)).toMatchObject({ chains: 12, kept, writer: 'writer', rejected: { 'answer-leak': 6 } });
    } finally {
      await server.close();
    }
  });

  it('--chains FILE is the positional file; both at once (different) is a usage error', async () => {
    const a = join(dir, 'q-positional.jsonl');
    const b = join(dir, 'q-flag.jsonl');
    expect(await cli('questions', chainsFile, '--template', '-o', a, '--summary', 'none', '--no-progress')).toBe(0);
    expect(await cli('questions', '--chains', chainsFile, '--template', '-o', b, '--summary', 'none', '--no-progress')).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(await cli('questions', a, '--chains', chainsFile, '--template')).toBe(2);
    expect(stderr.text).toContain('give the chains once');
    expect(await cli('questions', '--chains', chainsFile, '--template', '--llm-retries', '2')).toBe(2);
    expect(stderr.text).toContain('option --llm-retries: needs --llm-url');
  });

  it.each([
    ['0', 12],
    ['1', 24],
  ])('--llm-retries %s: a failing model gets %i requests for 12 chains', async (retries, requests) => {
    const server: FakeChatServer = await startFakeChatServer(() => ({ status: 503, body: 'down' }));
    try {
      const out = join(dir, `retries-${retries}.jsonl`);
      const code = await cli('questions', '--chains', chainsFile, '--llm-url', server.baseURL, '--llm-model', 'writer', '--llm-retries', retries, '--llm-timeout-ms', '2000', '--llm-deadline-ms', '20000', '-o', out, '--summary', 'json', '--no-progress');
      expect(code).toBe(0);
      expect(server.received).toHaveLength(requests);
      expect(JSON.parse(stderr.text.trim().split('\n').at(-1)!)).toMatchObject({ chains: 12, kept: 0 });
    } finally {
      await server.close();
    }
  });

  it('a bad chain row is exit 1 naming the line; neither --template nor --llm-url is a usage error', async () => {
    const bad = join(dir, 'bad-chains.jsonl');
    writeFileSync(bad, `${readFileSync(chainsFile, 'utf8').split('\n')[0]}\n{"id":"x"}\n`);
    expect(await cli('questions', bad, '--template', '-o', join(dir, 'z.jsonl'), '--no-progress')).toBe(1);
    expect(stderr.text).toMatch(/bad-chains\.jsonl line 2: seed: .* \(expected a chain from data walk\)/);
    expect(await cli('questions', bad)).toBe(2);
    expect(stderr.text).toContain('give either --template or --llm-url');
    expect(await cli('questions', bad, '--llm-url', 'http://127.0.0.1:9/v1')).toBe(2);
    expect(stderr.text).toContain('option --llm-model: required with --llm-url');
  });
});
