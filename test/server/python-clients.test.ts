// Real trainer-shaped clients in Python (standard library only, test/server/clients/*.py) against
// a live server with its worker pool: the numbers they read must equal rubricReward in-process.
// docs/integrations.md shows the same functions.
import { describe, expect, it } from 'vitest';
import { fixtures } from '../../fixtures/index.js';
import { rubricReward, type GoldAnswer } from '../../src/index.js';
import { parquetRowSchema, toParquetRow, type VerlRow } from '../../src/data/index.js';
import { python, runClient, serve } from './helpers.js';

const { url } = await serve({ workers: 2 });

const withResponse = fixtures.filter((f) => f.response !== undefined);
const chat = fixtures.filter((f) => f.messages !== undefined);
const firstAlias = (answer: GoldAnswer): string => (typeof answer === 'string' ? answer : Array.isArray(answer) ? answer[0]! : (answer as { answer: string }).answer);
const score = (f: (typeof fixtures)[number], options = {}) =>
  rubricReward({ response: f.response, messages: f.messages, answer: f.answer, entities: f.entities, question: f.question }, options);

describe.skipIf(python === undefined)('Python clients (urllib) against the live server', () => {
  it('slime: POST /evaluate with the LongTraceRL body, response and history modes, 8 at a time', async () => {
    const samples = [
      ...withResponse.map((f, i) => ({
        prompt: f.question,
        response: f.response,
        label: f.answer,
        extra_reward_info: { question: f.question, rubrics: f.entities, rubric_reward_ratio: i % 3 === 0 ? 0 : 0.3, dataset_name: 'fixtures' },
      })),
      ...chat.map((f) => ({ prompt: f.question, history: f.messages, label: f.answer, extra_reward_info: { question: f.question, rubrics: f.entities, rubric_reward_ratio: 0.3 } })),
    ];
    const answers = await runClient<{ reward: number; outcome_reward: number; rubric_reward: number }[]>('slime_rm.py', { url, samples });
    const expected = [
      ...withResponse.map((f, i) => {
        // launch_server.py:195: (1 − η)·outcome + η·rubric, ungated.
        const r = score(f, { strategy: 'mixed' });
        // rubric_reward_ratio 0: the rubric is not computed (launch_server.py:176), the reward is the outcome.
        return i % 3 === 0 ? { reward: r.outcome, outcome_reward: r.outcome, rubric_reward: 0 } : { reward: r.reward, outcome_reward: r.outcome, rubric_reward: r.rubric };
      }),
      ...chat.map((f) => {
        const r = score(f, { strategy: 'mixed' });
        return { reward: r.reward, outcome_reward: r.outcome, rubric_reward: r.rubric };
      }),
    ];
    expect(answers).toEqual(expected);
    console.info(`slime client: ${answers.length} samples, rewards ${answers.map((a) => a.reward.toFixed(3)).join(' ')}`);
  }, 30_000); // the first call also starts both scoring threads (tsx-loaded), slow on a busy machine

  it('slime: odd samples get a reward, never an HTTPError that would end the step after its retries', async () => {
    const rubrics = ['Cologne', 'Rhine'];
    const samples = [
      // launch_server.py:227-232: the assistant did not speak last.
      { label: 'North Sea', extra_reward_info: { rubrics, rubric_reward_ratio: 0.3 }, history: [{ role: 'assistant', content: 'x' }, { role: 'user', content: 'y' }] },
      // launch_server.py:133-150: longrlvr's integer rubrics.
      { label: 'North Sea', extra_reward_info: { rubrics: [1, 2], rubric_reward_ratio: 0.5, dataset_name: 'longrlvr' }, response: '<useful_chunks><CHUNK_1><CHUNK_2></useful_chunks> The answer is North Sea.' },
      { label: null, extra_reward_info: { rubrics, rubric_reward_ratio: 0.3 }, response: 'The answer is North Sea.' },
      { label: 'North Sea', extra_reward_info: { rubrics: ['', 'Rhine'], rubric_reward_ratio: 0.3 }, history: [{ role: 'observation', content: 'Rhine' }, { role: 'assistant', content: 'The answer is North Sea.' }] },
    ];
    const answers = await runClient<{ reward: number; warnings?: { code: string }[] }[]>('slime_rm.py', { url, samples });
    expect(answers.map((a) => a.reward)).toEqual([0, 2, 0, 0.7]);
    expect(answers.map((a) => a.warnings?.map((w) => w.code))).toEqual([['history-not-assistant-last'], undefined, ['label-null'], ['unknown-role', 'rubric-unusable']]);
  }, 30_000);

  it('slime: the reward key alone', async () => {
    const f = withResponse[0]!;
    const rewards = await runClient<number[]>('slime_rm.py', {
      url,
      reward_key: 'reward',
      samples: [{ response: f.response, label: f.answer, extra_reward_info: { rubrics: f.entities } }],
    });
    expect(rewards).toEqual([score(f).reward]);
  });

  it('OpenRLHF: POST /get_reward with query, prompts and labels (JSON and bare)', async () => {
    const prompts = withResponse.map((f) => `<|im_start|>user\n${f.question}<|im_end|>\n<|im_start|>assistant\n`);
    const query = withResponse.map((f, i) => `${prompts[i]}${f.response}<|im_end|>`);
    // Every third label is a bare answer: outcome only.
    const bare = (i: number): boolean => i % 3 === 2;
    const labels = withResponse.map((f, i) => (bare(i) ? firstAlias(f.answer) : JSON.stringify({ answer: f.answer, entities: f.entities })));
    const answer = await runClient<{ rewards: number[]; scores: number[]; extra_logs: { outcome: number[]; rubric: number[] } }>('openrlhf_rm.py', {
      url, query, prompts, labels,
    });
    const expected = withResponse.map((f, i) =>
      bare(i)
        ? rubricReward({ response: `${f.response}<|im_end|>`, answer: firstAlias(f.answer), entities: [] }, { strategy: 'outcome-only' })
        : rubricReward({ response: `${f.response}<|im_end|>`, answer: f.answer, entities: f.entities }),
    );
    expect(answer).toEqual({
      rewards: expected.map((r) => r.reward),
      scores: expected.map((r) => r.reward),
      extra_logs: { outcome: expected.map((r) => r.outcome), rubric: expected.map((r) => r.rubric) },
    });
    console.info(`OpenRLHF client: ${answer.rewards.length} queries, rewards ${answer.rewards.map((r) => r.toFixed(3)).join(' ')}`);
  });

  it('TRL: a reward_funcs function POSTing /v1/rewards, with string and conversational completions', async () => {
    const rows = [...withResponse, ...chat];
    const completions = rows.map((f) => f.response ?? f.messages!.filter((m) => m.role !== 'user'));
    const rewards = await runClient<number[]>('trl_reward.py', {
      url,
      prompts: rows.map((f) => f.question),
      completions,
      answer: rows.map((f) => f.answer),
      entities: rows.map((f) => f.entities),
      question: rows.map((f) => f.question),
    });
    const expected = rows.map((f, i) => {
      const c = completions[i]!;
      return rubricReward({ ...(typeof c === 'string' ? { response: c } : { messages: c }), answer: f.answer, entities: f.entities, question: f.question }).reward;
    });
    expect(rewards).toEqual(expected);
    expect(rewards).toEqual(rows.map((f) => f.expected.reward));
    console.info(`TRL client: ${rewards.length} completions, rewards ${rewards.map((r) => r.toFixed(3)).join(' ')}`);
  });

  it('verl: a batch compute_score POSTing /v1/rewards, rows without a chain scored on the outcome', async () => {
    const rows = withResponse;
    const noChain = (i: number): boolean => i % 4 === 1;
    const scores = await runClient<{ score: number; outcome: number; rubric: number }[]>('verl_reward.py', {
      url,
      data_sources: rows.map(() => 'fixtures'),
      solution_strs: rows.map((f) => f.response),
      ground_truths: rows.map((f) => f.answer),
      extra_infos: rows.map((f, i) => (noChain(i) ? { question: f.question } : { entities: f.entities, question: f.question })),
    });
    const expected = rows.map((f, i) => {
      const r = noChain(i) ? score({ ...f, entities: [] }, { strategy: 'outcome-only' }) : score(f);
      return { score: r.reward, outcome: r.outcome, rubric: r.rubric };
    });
    expect(scores).toEqual(expected);
    console.info(`verl client: ${scores.length} solutions, scores ${scores.map((s) => s.score.toFixed(3)).join(' ')}`);
  });
  it.each(['jsonl', 'parquet'] as const)('verl: rows of data build --format verl (%s) are scored from extra_info.reward_input, the answer with its aliases', async (file) => {
    // Answers given as an alias the ground_truth string lacks: only the reward_input's aliases make them right.
    const rows = withResponse.filter((f) => typeof f.answer !== 'string' && f.expected.reward > 0);
    expect(rows.length).toBeGreaterThan(0);
    const extraInfos = rows.map((f, i) => {
      const extra: Omit<VerlRow['extra_info'], 'provenance'> = { index: `q${i}`, question: f.question ?? '', reward_input: { answer: f.answer, entities: f.entities, question: f.question ?? '' } };
      if (file === 'jsonl') return extra;
      // As a Parquet reader gives it back: every rubric entry and the answer in their one struct shape.
      const schema = parquetRowSchema('verl')['extra_info'];
      if (schema?.kind !== 'struct') throw new Error('extra_info is a struct');
      const { provenance: _, ...fields } = schema.fields;
      return toParquetRow(extra, fields);
    });
    const scores = await runClient<{ score: number; outcome: number; rubric: number }[]>('verl_reward.py', {
      url,
      data_sources: rows.map(() => 'longtrace'),
      solution_strs: rows.map((f) => f.response),
      // verl's ground_truth: the first alias only (src/data/training-row.ts).
      ground_truths: rows.map((f) => firstAlias(f.answer)),
      extra_infos: extraInfos,
    });
    expect(scores).toEqual(rows.map((f) => {
      const r = score(f);
      return { score: r.reward, outcome: r.outcome, rubric: r.rubric };
    }));
  });
});
