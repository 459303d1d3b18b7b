import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreLine } from '../rows/score-row.js';
import { rubricReward } from '../index.js';
import { createRewardServer } from '../server/index.js';
import { bm25Tiers } from './bm25-tiers.js';
import { createBm25Retriever } from './search/bm25-memory.js';
import { buildContext } from './context.js';
import { fromTrainingRow } from './from-training-row.js';
import { toTrainingRow, TRAINING_FORMATS, type TrainingSample } from './training-row.js';
import type { Chain, Doc } from './types.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'data-build');
interface Musique { id: string; question: string; answer: string; aliases: string[]; hops: { answer: string }[]; paragraphs: { idx: number; title: string; text: string; supporting: boolean }[] }
const musique = readFileSync(join(FIXTURES, 'musique.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Musique);

// The 60 real paragraphs of three MuSiQue questions are the corpus.
const corpus: Doc[] = musique.flatMap((m) => m.paragraphs.map((p) => ({ id: `${m.id}-${p.idx}`, title: p.title, text: p.text })));
const retriever = await createBm25Retriever(corpus);
const m = musique[0]!;
const gold = m.paragraphs.filter((p) => p.supporting).map((p) => ({ id: `${m.id}-${p.idx}` }));
const answer = { answer: m.answer, aliases: m.aliases };
const entities = m.hops.map((h) => h.answer);
const tiers = await bm25Tiers({ retriever, question: m.question, entities, gold, answer });
const context = buildContext({ gold: tiers.gold, tier1: tiers.tier1, tier2: tiers.tier2, pool: retriever.corpus }, { budgetTokens: 3000, seed: 3, question: m.question, answer });
const chain: Chain = {
  id: 'c1', seed: 9, entities, answer: { answer: m.answer, aliases: m.aliases },
  triples: [{ subject: 'Q1', relation: 'P123', object: 'Q2', subjectLabel: 'Journal of Psychotherapy Integration', relationLabel: 'publisher', objectLabel: 'American Psychological Association' }],
};
const sample: TrainingSample = { id: m.id, question: m.question, answer, entities, context, chain, tiers: tiers.source };

const rollouts = {
  right: `<think>The journal is published by the American Psychological Association, whose first president was G. Stanley Hall.</think><answer>G. Stanley Hall</answer>`,
  partial: `<think>The American Psychological Association publishes it.</think><answer>William James</answer>`,
  wrong: `<think>No idea.</think><answer>Sigmund Freud</answer>`,
  // Right answer, bridge entity never named: the rubric lowers the reward.
  bare: `<answer>G. Stanley Hall</answer>`,
};
const direct = Object.fromEntries(
  Object.entries(rollouts).map(([k, response]) => [k, rubricReward({ response, answer, entities, question: m.question }).reward]),
) as Record<keyof typeof rollouts, number>;
// /evaluate returns what LongTraceRL's launch_server.py returns: (1 − η)·outcome + η·rubric, ungated
// (slime gates on outcome_reward itself); `score` keeps the library's default, positive-only.
const reference = Object.fromEntries(
  Object.entries(rollouts).map(([k, response]) => [k, rubricReward({ response, answer, entities, question: m.question }, { strategy: 'mixed' }).reward]),
) as Record<keyof typeof rollouts, number>;

const app = createRewardServer({ workers: 0 });
afterAll(() => app.close());
async function post(url: string, payload: unknown): Promise<Record<string, unknown>> {
  const res = await app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('toTrainingRow', () => {
  it('slime: the shape LongTraceRL\'s slime reads (source, input_messages, label, metadata.extra_reward_info)', () => {
    const row = toTrainingRow(sample, 'slime');
    expect(Object.keys(row)).toEqual(['source', 'input_messages', 'label', 'metadata']);
    expect(row.source).toBe('longqa');
    expect(row.input_messages).toEqual([{ role: 'user', content: context.prompt }]);
    expect(row.label).toEqual(['G. Stanley Hall', 'Stanley Hall']);
    expect(row.metadata.extra_reward_info).toEqual({ question: m.question, rubrics: entities, dataset_name: 'longtrace' });
    const plain = toTrainingRow({ ...sample, entities: [{ name: 'A', aliases: ['a'] }] }, 'slime', { plain: true, source: 'mine', dataset: 'd' });
    expect(plain.label).toBe('G. Stanley Hall');
    // One type per column across rows: a lone answer is a one-element list too (issue 26 item 8).
    expect(toTrainingRow({ ...sample, answer: 'G. Stanley Hall' }, 'slime').label).toEqual(['G. Stanley Hall']);
    expect(plain.metadata.extra_reward_info).toMatchObject({ rubrics: ['A'], dataset_name: 'd' });
    expect(plain.source).toBe('mine');
  });

  it('carries provenance in every format: path, doc ids per tier, gold positions, tokens, tier source', () => {
    for (const format of TRAINING_FORMATS) {
      const row = toTrainingRow(sample, format) as unknown as Record<string, unknown>;
      const p = JSON.stringify(row).includes('"provenance"') ? (JSON.parse(JSON.stringify(row)) as { provenance?: unknown; metadata?: { provenance: unknown }; extra_info?: { provenance: unknown } }) : undefined;
      const prov = (p?.provenance ?? p?.metadata?.provenance ?? p?.extra_info?.provenance) as { docs: { gold: string[] }; goldPositions: number[]; tokens: number; tiers: string; path: unknown[]; chainSeed: number };
      expect(prov.docs.gold).toEqual(gold.map((g) => g.id));
      expect(prov.goldPositions).toEqual(context.goldPositions);
      expect(prov.tokens).toBe(context.tokens);
      expect(prov.tokens).toBeLessThanOrEqual(3000);
      expect(prov.tiers).toBe('bm25');
      expect(prov.path).toHaveLength(1);
      expect(prov.chainSeed).toBe(9);
    }
  });

  it('names a bad answer and a bad format', () => {
    expect(() => toTrainingRow({ ...sample, answer: 3 as unknown as string }, 'native')).toThrow(expect.objectContaining({ code: 'INVALID_GOLD_ANSWER' }));
    expect(() => toTrainingRow(sample, 'csv' as 'native')).toThrow(/format/);
  });
});

describe('the loop closes: rows built here are scored by our score command and service with no conversion', () => {
  it.each(Object.keys(rollouts) as (keyof typeof rollouts)[])('slime row + %s rollout → /evaluate and score give the direct reward', async (kind) => {
    const row = toTrainingRow(sample, 'slime');
    // What slime sends: the row's label and extra_reward_info, and the history of the rollout.
    const body = { label: row.label, extra_reward_info: row.metadata.extra_reward_info, history: [...row.input_messages, { role: 'assistant', content: rollouts[kind] }] };
    const reply = await post('/evaluate', body);
    expect(reply['reward']).toBeCloseTo(reference[kind], 12);
    const scored = scoreLine(JSON.stringify(body), 1, { defaults: {}, groupBy: 'group' });
    expect(scored.kind).toBe('scored');
    if (scored.kind === 'scored') expect(scored.result.reward).toBeCloseTo(direct[kind], 12);
  });

  it('openrlhf rows → /get_reward (query = prompt + response)', async () => {
    const row = toTrainingRow(sample, 'openrlhf');
    const kinds = Object.keys(rollouts) as (keyof typeof rollouts)[];
    const reply = await post('/get_reward', { query: kinds.map((k) => row.input + rollouts[k]), prompts: kinds.map(() => row.input), labels: kinds.map(() => row.label) });
    (reply['rewards'] as number[]).forEach((r, i) => expect(r).toBeCloseTo(direct[kinds[i]!], 12));
  });

  it('native and verl rows → score and /v1/reward once a response is attached', async () => {
    const native = toTrainingRow(sample, 'native');
    const verl = toTrainingRow(sample, 'verl');
    for (const kind of Object.keys(rollouts) as (keyof typeof rollouts)[]) {
      const scored = scoreLine(JSON.stringify({ ...native, response: rollouts[kind] }), 1, { defaults: {}, groupBy: 'group' });
      expect(scored.kind === 'scored' && scored.result.reward).toBeCloseTo(direct[kind], 12);
      const reply = await post('/v1/reward', { ...verl.extra_info.reward_input, response: rollouts[kind] });
      expect(reply['reward']).toBeCloseTo(direct[kind], 12);
    }
    expect(direct.right).toBeGreaterThan(direct.partial);
    expect(direct.partial).toBe(0);
    expect(direct.right).toBe(1);
    expect(direct.bare).toBeGreaterThan(0);
    expect(direct.bare).toBeLessThan(1);
  });
});

describe('every format data build writes is scored with its chain (issue 21)', () => {
  const row = (format: (typeof TRAINING_FORMATS)[number], response: string): string => JSON.stringify({ ...toTrainingRow(sample, format), response });
  const ctx = { defaults: {}, groupBy: 'group', keepInput: false };

  it.each(TRAINING_FORMATS)('%s: score reads the rubric, not an outcome-only score', (format) => {
    const scored = scoreLine(row(format, rollouts.bare), 1, ctx);
    expect(scored.kind).toBe('scored');
    if (scored.kind !== 'scored') return;
    expect(scored.result.rubricDetail.total).toBe(entities.length);
    expect(scored.result.reward).toBeCloseTo(direct.bare, 10);
    expect(scored.result.reward).toBeLessThan(1);
  });

  it.each(TRAINING_FORMATS)('%s: /v1/reward reads it too', async (format) => {
    const body = await post('/v1/reward', JSON.parse(row(format, rollouts.bare)));
    expect(body['reward']).toBeCloseTo(direct.bare, 10);
  });

  it('fromTrainingRow is the inverse of toTrainingRow for every format', () => {
    for (const format of TRAINING_FORMATS) {
      const parts = fromTrainingRow(toTrainingRow(sample, format));
      expect(parts?.format).toBe(format);
      expect(parts?.entities).toEqual(entities);
      expect(parts?.question).toBe(m.question);
      expect(parts?.prompt).toBe(context.prompt);
      expect(parts?.provenance?.goldPositions).toEqual(context.goldPositions);
    }
  });

  it('a slime row whose chain is gone says so on its row', () => {
    const slime = toTrainingRow(sample, 'slime') as unknown as { metadata: { extra_reward_info: Record<string, unknown> } };
    delete slime.metadata.extra_reward_info['rubrics'];
    const scored = scoreLine(JSON.stringify({ ...slime, response: rollouts.right }), 1, ctx);
    expect(scored).toMatchObject({ kind: 'error', error: { code: 'INVALID_INPUT', message: expect.stringMatching(/without its chain/) } });
  });

  it('refuses a prompt without its question, and a question of blanks', () => {
    const noQuestion = buildContext({ gold: tiers.gold }, { budgetTokens: 3000 });
    expect(() => toTrainingRow({ ...sample, context: noQuestion }, 'slime')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: 'context.prompt' }));
    expect(() => toTrainingRow({ ...sample, question: '  ' }, 'slime')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: 'question' }));
  });
});
