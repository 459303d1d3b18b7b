// The endpoints over real HTTP (fetch against a server on port 0), with scoring in the server's
// thread (`workers: 0`): the numbers must be exactly what the library gives in-process.
import { describe, expect, it } from 'vitest';
import { fixtures } from '../../fixtures/index.js';
import { groupRewards, rubricReward, type RewardResult } from '../../src/index.js';
import { get, metric, post, serve, wire } from './helpers.js';

const { url } = await serve();

const RESPONSE = '<think>Cologne lies on the Rhine, which flows into the North Sea.</think>\nThe answer is \\boxed{North Sea}.';
const CHAIN = ['Cologne', 'Rhine', 'North Sea'];
const withResponse = fixtures.filter((f) => f.response !== undefined);

describe('POST /evaluate (LongTraceRL / slime)', () => {
  // launch_server.py:195: reward = (1 − η)·outcome + η·rubric, ungated (slime gates itself).
  it.each(withResponse.map((f) => [f.id, f] as const))('%s: response mode equals rubricReward in-process, strategy mixed', async (_id, f) => {
    const { status, body } = await post(`${url}/evaluate`, {
      prompt: f.question, // slime sends the prompt too; it is ignored
      label: f.answer,
      extra_reward_info: { question: f.question, rubrics: f.entities, rubric_reward_ratio: 0.3, dataset_name: 'fixtures' },
      response: f.response,
    });
    const r = rubricReward({ response: f.response, answer: f.answer, entities: f.entities, question: f.question }, { eta: 0.3, strategy: 'mixed' });
    expect(status).toBe(200);
    expect(body).toEqual({ reward: r.reward, outcome_reward: r.outcome, rubric_reward: r.rubric });
  });

  it('history mode reads the assistant messages, as rubricReward does with messages', async () => {
    const f = fixtures.find((x) => x.messages !== undefined)!;
    const { status, body } = await post(`${url}/evaluate`, { label: f.answer, extra_reward_info: { rubrics: f.entities, rubric_reward_ratio: 0.3 }, history: f.messages });
    const r = rubricReward({ messages: f.messages, answer: f.answer, entities: f.entities }, { strategy: 'mixed' });
    expect(status).toBe(200);
    expect(body).toEqual({ reward: r.reward, outcome_reward: r.outcome, rubric_reward: r.rubric });
    expect(r.rubric).toBeGreaterThan(0);
  });

  it('rubric_reward_ratio 0 makes reward equal outcome_reward; the rubric is not computed (launch_server.py:176)', async () => {
    const half = '<think>Cologne is on a river.</think> \\boxed{North Sea}';
    const { body } = await post(`${url}/evaluate`, { label: 'North Sea', extra_reward_info: { rubrics: CHAIN, rubric_reward_ratio: 0 }, response: half });
    expect(body).toEqual({ reward: 1, outcome_reward: 1, rubric_reward: 0 });
  });

  it('the rubric_use_* flags choose where the rubric reads', async () => {
    const response = '<think>Cologne, Rhine.</think> North Sea is where it goes. \\boxed{North Sea}';
    const reasoning = await post(`${url}/evaluate`, {
      label: 'North Sea', extra_reward_info: { rubrics: CHAIN, rubric_use_content: false, rubric_reward_ratio: 0.3 }, response,
    });
    const r = rubricReward({ response, answer: 'North Sea', entities: CHAIN }, { rubricSource: 'reasoning' });
    expect(reasoning.body.rubric_reward).toBe(r.rubric);
    expect(r.rubric).toBeCloseTo(2 / 3);
  });

  it('without extra_reward_info (slime\'s built-in remote_rm) the reward is the outcome', async () => {
    const { body } = await post(`${url}/evaluate`, { label: 'Paris', response: 'The answer is \\boxed{Paris}' });
    expect(body).toEqual({ reward: 1, outcome_reward: 1, rubric_reward: 0 });
  });
});

describe('POST /get_reward (OpenRLHF)', () => {
  it('strips the prompt, reads JSON and bare labels, answers rewards, scores and extra_logs', async () => {
    const picked = withResponse.slice(0, 6);
    const prompts = picked.map((f) => `<|im_start|>user\n${f.question}<|im_end|>\n<|im_start|>assistant\n`);
    // OpenRLHF may decode left padding in front of the prompt.
    const query = picked.map((f, i) => `${i === 0 ? '<|endoftext|><|endoftext|>' : ''}${prompts[i]}${f.response}`);
    const labels = picked.map((f, i) => (i % 2 === 0 ? JSON.stringify({ answer: f.answer, entities: f.entities }) : (Array.isArray(f.answer) ? f.answer[0]! : String(f.answer))));
    const { status, body } = await post(`${url}/get_reward`, { query, prompts, labels });
    const expected = picked.map((f, i) =>
      i % 2 === 0
        ? rubricReward({ response: f.response, answer: f.answer, entities: f.entities })
        : rubricReward({ response: f.response, answer: Array.isArray(f.answer) ? f.answer[0]! : String(f.answer), entities: [] }, { strategy: 'outcome-only' }),
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      rewards: expected.map((r) => r.reward),
      scores: expected.map((r) => r.reward),
      extra_logs: { outcome: expected.map((r) => r.outcome), rubric: expected.map((r) => r.rubric) },
    });
  });

  it('the prompt does not count towards the rubric', async () => {
    const prompt = 'Which sea does the river through Cologne (the Rhine) flow into?';
    const { body } = await post(`${url}/get_reward`, {
      query: [`${prompt} \\boxed{North Sea}`],
      prompts: [prompt],
      labels: [JSON.stringify({ answer: 'North Sea', entities: ['Cologne', 'Rhine'] })],
    });
    expect(body.extra_logs.rubric).toEqual([0]);
  });

  it('accepts a label object as well as a JSON string', async () => {
    const { body } = await post(`${url}/get_reward`, { query: [`Q ${RESPONSE}`], prompts: ['Q '], labels: [{ answer: 'North Sea', entities: CHAIN }] });
    expect(body.rewards).toEqual([rubricReward({ response: RESPONSE, answer: 'North Sea', entities: CHAIN }).reward]);
  });

  it('an empty batch is an empty answer', async () => {
    const { status, body } = await post(`${url}/get_reward`, { query: [], prompts: [], labels: [] });
    expect({ status, body }).toEqual({ status: 200, body: { rewards: [], scores: [], extra_logs: { outcome: [], rubric: [] } } });
  });
});

describe('POST /v1/reward', () => {
  it('returns the whole RewardResult, with the id', async () => {
    const { status, body } = await post(`${url}/v1/reward`, { id: 'row-7', response: RESPONSE, answer: 'North Sea', entities: CHAIN });
    expect(status).toBe(200);
    expect(body).toEqual({ id: 'row-7', ...wire(rubricReward({ response: RESPONSE, answer: 'North Sea', entities: CHAIN })) });
  });

  it("with strategy 'outcome-only' entities may be omitted (issue 15)", async () => {
    const { status, body } = await post(`${url}/v1/reward`, { response: RESPONSE, answer: 'North Sea', options: { strategy: 'outcome-only' } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ reward: 1, outcome: 1, rubric: 0 });
  });

  it('applies the request options', async () => {
    const wrong = '<think>Cologne lies on the Rhine.</think> \\boxed{Baltic Sea}';
    const { body } = await post(`${url}/v1/reward`, { response: wrong, answer: 'North Sea', entities: CHAIN, options: { strategy: 'mixed', eta: 0.5 } });
    expect(body.reward).toBe(rubricReward({ response: wrong, answer: 'North Sea', entities: CHAIN }, { strategy: 'mixed', eta: 0.5 }).reward);
    expect(body.reward).toBeCloseTo(1 / 3);
  });
});

describe('POST /v1/rewards', () => {
  const rollouts = [
    '<think>Cologne lies on the Rhine. The Rhine flows into the North Sea.</think>\nThe answer is \\boxed{North Sea}.',
    '<think>Cologne is in Germany, and its river reaches the North Sea.</think>\n\\boxed{North Sea}',
    '<think>Cologne lies on the Rhine, which I think ends in the Baltic.</think>\n\\boxed{Baltic Sea}',
  ];

  it('scores a grouped batch with groupRewards: group rewards and advantages', async () => {
    const items = [
      ...rollouts.map((response, i) => ({ id: i, response, answer: 'North Sea', entities: CHAIN, group: 'q1' })),
      { id: 'alone', response: RESPONSE, answer: 'North Sea', entities: CHAIN },
      // Same key, other JSON type: another group.
      { id: 'other', response: rollouts[1]!, answer: 'North Sea', entities: ['Cologne', 'Rhine'], group: 1 },
    ];
    const { status, body } = await post(`${url}/v1/rewards`, { items });
    expect(status).toBe(200);
    const singles = rollouts.map((response) => rubricReward({ response, answer: 'North Sea', entities: CHAIN }));
    const group = groupRewards(singles);
    expect(body.results.slice(0, 3)).toEqual(
      singles.map((r, i) => ({ id: i, group: 'q1', ...wire(r), reward: group.rewards[i], advantage: group.advantages[i] })),
    );
    expect(body.results[3]).toEqual({ id: 'alone', ...wire(rubricReward({ response: RESPONSE, answer: 'North Sea', entities: CHAIN })) });
    expect(body.results[4].advantage).toBe(0);
    expect(body.rewards).toEqual(body.results.map((r: RewardResult) => r.reward));
    expect(group.advantages.map((a) => a.toFixed(2))).toEqual(['0.82', '0.59', '-1.41']);
  });

  it('groups: false scores every item alone', async () => {
    const items = rollouts.map((response) => ({ response, answer: 'North Sea', entities: CHAIN, group: 'q1' }));
    const { body } = await post(`${url}/v1/rewards`, { items, groups: false, options: { eta: 0.5 } });
    expect(body.rewards).toEqual(rollouts.map((response) => rubricReward({ response, answer: 'North Sea', entities: CHAIN }, { eta: 0.5 }).reward));
    expect(body.results.every((r: { advantage?: number }) => r.advantage === undefined)).toBe(true);
  });

  it('scores messages rows', async () => {
    const f = fixtures.find((x) => x.messages !== undefined)!;
    const { body } = await post(`${url}/v1/rewards`, { items: [{ messages: f.messages, answer: f.answer, entities: f.entities }] });
    expect(body.results[0]).toEqual(wire(rubricReward({ messages: f.messages, answer: f.answer, entities: f.entities })));
  });
});

describe('GET /healthz and GET /metrics', () => {
  it('healthz answers ok with the pool size', async () => {
    const { status, body } = await get(`${url}/healthz`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', workers: 0 });
  });

  it('metrics count requests by route and status, rows scored, and latency', async () => {
    const before = (await get<string>(`${url}/metrics`)).body;
    await post(`${url}/evaluate`, { label: 'x', response: '\\boxed{x}' });
    await post(`${url}/evaluate`, { label: 'x' });
    await post(`${url}/get_reward`, { query: ['a b', 'a c'], prompts: ['a', 'a'], labels: ['b', 'c'] });
    const { status, headers, body: after } = await get<string>(`${url}/metrics`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const delta = (series: string): number => metric(after, series) - metric(before, series);
    expect(delta('longtrace_http_requests_total{route="/evaluate",method="POST",status="200"}')).toBe(1);
    expect(delta('longtrace_http_requests_total{route="/evaluate",method="POST",status="400"}')).toBe(1);
    expect(delta('longtrace_rows_scored_total{route="/evaluate"}')).toBe(1);
    expect(delta('longtrace_rows_scored_total{route="/get_reward"}')).toBe(2);
    expect(delta('longtrace_http_request_duration_seconds_count{route="/evaluate"}')).toBe(2);
    expect(metric(after, 'longtrace_http_request_duration_seconds_bucket{route="/evaluate",le="+Inf"}')).toBe(
      metric(after, 'longtrace_http_request_duration_seconds_count{route="/evaluate"}'),
    );
    expect(after).toMatch(/^# TYPE longtrace_http_request_duration_seconds histogram$/m);
    expect(after).toMatch(/^longtrace_pool_threads 0$/m);
    expect(after).toMatch(/^longtrace_pool_queue_size 0$/m);
  });

  it('every response carries a request id, the caller’s when it sent one', async () => {
    const mine = await post(`${url}/evaluate`, { label: 'x', response: 'x' }, { 'x-request-id': 'trainer-step-42' });
    expect(mine.headers.get('x-request-id')).toBe('trainer-step-42');
    const generated = await get(`${url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
