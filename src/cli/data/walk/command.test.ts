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
    await cli('walk', ...GRAPH, '--hops', '2', '-n', '12', '--seed', '5', '-o', chainsFile, '--summary', 'none', '--no-progress');
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
      const rows = lines(out) as { check: { ok: boolean; reasons: string[] } }[];
      expect(rows).toHaveLength(12);
      expect(rows.filter((r) => r.check.reasons.includes('answer-leak')).length).toBe(6);
      expect(JSON.parse(stderr.text.trim().split('\n').at(-1)!)).toMatchObject({ chains: 12, kept: 6, writer: 'writer', rejected: { 'answer-leak': 6 } });
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
