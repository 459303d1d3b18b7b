// Issue 25: one sample whose scoring fails must not fail a training step. A ~4,000-word rubric
// entity once overflowed the stack in the matcher and the whole batch got a 500; the matcher no
// longer recurses, and a sample that still fails scores zeros with a warning of its own.
import { describe, expect, it, vi } from 'vitest';
import { get, metric, post, serve } from './helpers.js';

// A response holding this marker makes rubricReward throw, as an unforeseen bug would.
const MARKER = 'EXPLODE-IN-SCORING';
vi.mock('../../src/rubric/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/rubric/index.js')>();
  return {
    ...original,
    rubricReward: (...args: Parameters<typeof original.rubricReward>) => {
      const [input] = args;
      if (input.response?.includes(MARKER) === true || input.messages?.some((m) => m.content?.includes(MARKER) === true) === true) {
        throw new RangeError('Maximum call stack size exceeded');
      }
      return original.rubricReward(...args);
    },
  };
});

/** Distinct words, so that the text does not repeat the entity's first word all along. */
const longEntity = (n: number): string => Array.from({ length: n }, (_, i) => `w${(i * 7919) % 100003}q`).join(' ');

describe('a very long rubric entity (20,000 words) is scored, not a 500', () => {
  const entity = longEntity(20_000);
  const response = `<think>The chain: ${entity}.</think> \\boxed{North Sea}`;

  it.each(['/evaluate', '/get_reward', '/v1/rewards'])('%s answers 200 with the rubric found', async (route) => {
    const { url } = await serve({ bodyLimit: 10_000_000 });
    const body =
      route === '/evaluate'
        ? { label: 'North Sea', response, extra_reward_info: { rubrics: [entity, 'Rhine'], rubric_reward_ratio: 0.5, rubric_use_reasoning_content: true, rubric_use_content: true } }
        : route === '/get_reward'
          ? { query: [`Q? ${response}`], prompts: ['Q?'], labels: [JSON.stringify({ answer: 'North Sea', entities: [entity, 'Rhine'] })] }
          : { items: [{ response, answer: 'North Sea', entities: [entity, 'Rhine'] }] };
    const reply = await post(`${url}${route}`, body);
    expect(reply.status).toBe(200);
    const rubric = route === '/evaluate' ? reply.body.rubric_reward : route === '/get_reward' ? reply.body.extra_logs.rubric[0] : reply.body.results[0].rubric;
    expect(rubric).toBe(0.5);
  });
});

describe('a sample that fails to score gets zeros and a warning; the batch gets 200', () => {
  it('/get_reward: the other samples are scored as usual', async () => {
    const { url } = await serve();
    const reply = await post(`${url}/get_reward`, {
      query: ['Q? \\boxed{North Sea}', `Q? ${MARKER} \\boxed{North Sea}`, 'Q? \\boxed{Paris}'],
      prompts: ['Q?', 'Q?', 'Q?'],
      labels: ['North Sea', 'North Sea', 'Paris'],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.rewards).toEqual([1, 0, 1]);
    expect(reply.body.warnings).toEqual([{ index: 1, code: 'sample-failed', message: expect.stringContaining('INTERNAL') }]);
    expect(metric((await get<string>(`${url}/metrics`)).body, 'longtrace_warnings_total{route="/get_reward",code="sample-failed"}')).toBe(1);
  });

  it('/get_reward: the index is the sample\'s, also after a sample without a usable label', async () => {
    const { url } = await serve();
    const reply = await post(`${url}/get_reward`, {
      query: ['Q? x', `Q? ${MARKER}`],
      prompts: ['Q?', 'Q?'],
      labels: [null, 'North Sea'],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.warnings.map((w: { index: number; code: string }) => [w.index, w.code])).toEqual([[0, 'label-null'], [1, 'sample-failed']]);
  });

  it('/evaluate: zeros with the warning', async () => {
    const { url } = await serve();
    const reply = await post(`${url}/evaluate`, {
      label: 'North Sea',
      response: `${MARKER} \\boxed{North Sea}`,
      extra_reward_info: { rubrics: ['Rhine'], rubric_reward_ratio: 0.3, rubric_use_reasoning_content: true, rubric_use_content: true },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ reward: 0, outcome_reward: 0, rubric_reward: 0, warnings: [{ code: 'sample-failed' }] });
  });

  it('/v1/rewards (verl, TRL): the failed item carries its error, zeros, and stays out of its group\'s maths', async () => {
    const { url } = await serve();
    const item = (response: string) => ({ response, answer: 'North Sea', entities: ['Rhine'], group: 'g' });
    const reply = await post(`${url}/v1/rewards`, {
      items: [item('<think>Rhine</think> \\boxed{North Sea}'), item(`${MARKER} \\boxed{North Sea}`), item('<think>x</think> \\boxed{Elbe}')],
      options: { strategy: 'mixed', eta: 0.5 },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.results[1]).toEqual({ group: 'g', reward: 0, outcome: 0, rubric: 0, gated: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    // The group is the two others: rewards 1 and 0, advantages ±1.
    expect(reply.body.results.map((r: { advantage?: number }) => r.advantage === undefined ? null : Math.round(r.advantage))).toEqual([1, null, -1]);
    expect(reply.body.rewards).toEqual([1, 0, 0]);
  });

  it('the native /v1/reward still reports the failure as a 500 (not a trainer-facing endpoint)', async () => {
    const { url } = await serve();
    const reply = await post(`${url}/v1/reward`, { response: `${MARKER} Paris`, answer: 'Paris', entities: [] });
    expect(reply.status).toBe(500);
    expect(reply.body.error.code).toBe('INTERNAL');
  });
});

describe('a gold answer of punctuation only is said (issue 25)', () => {
  it('/evaluate: the exact answer is right, with a label-no-words warning', async () => {
    const { url } = await serve();
    const reply = await post(`${url}/evaluate`, { label: '!!!', response: '<think>The band.</think> \\boxed{!!!}', extra_reward_info: { rubric_reward_ratio: 0.3, rubrics: [] } });
    expect(reply.status).toBe(200);
    expect(reply.body.outcome_reward).toBe(1);
    expect(reply.body.warnings).toEqual([{ code: 'label-no-words', message: expect.any(String), path: 'label' }]);
    expect(metric((await get<string>(`${url}/metrics`)).body, 'longtrace_warnings_total{route="/evaluate",code="label-no-words"}')).toBe(1);
  });

  it('/get_reward: per sample', async () => {
    const { url } = await serve();
    const reply = await post(`${url}/get_reward`, { query: ['Q? ?', 'Q? Paris'], prompts: ['Q?', 'Q?'], labels: ['?', 'Paris'] });
    expect(reply.status).toBe(200);
    expect(reply.body.rewards).toEqual([1, 1]);
    expect(reply.body.warnings).toEqual([{ index: 0, code: 'label-no-words', message: expect.any(String), path: 'labels[0]' }]);
  });
});
