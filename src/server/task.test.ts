import { describe, expect, it } from 'vitest';
import { rubricReward } from '../rubric/index.js';
import { runTask } from './task.js';

const utf8 = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const ROW = { response: '<think>Rhine</think> \\boxed{North Sea}', answer: 'North Sea', entities: ['Rhine', 'Elbe'] };

describe('runTask', () => {
  it('a request task parses, validates and scores one row, and sends no rows back', () => {
    const out = runTask({ kind: 'request', route: 'reward', body: utf8({ id: 7, ...ROW }), defaults: {}, fanout: true });
    expect(out).toEqual({ ok: true, plan: expect.objectContaining({ route: 'reward', rows: [], ids: [7] }), outcomes: [{ ok: true, result: rubricReward(ROW) }] });
  });

  it('with fanout, a batch comes back as rows to spread over the pool', () => {
    const out = runTask({ kind: 'request', route: 'rewards', body: utf8({ items: [ROW, ROW] }), defaults: {}, fanout: true });
    expect(out.ok && out.outcomes).toBe(undefined);
    expect(out.ok && out.plan.rows.length).toBe(2);
  });

  it('without fanout, a batch is scored in the same task', () => {
    const out = runTask({ kind: 'request', route: 'rewards', body: utf8({ items: [ROW, ROW] }), defaults: {}, fanout: false });
    expect(out.ok && out.outcomes?.map((o) => o.ok && o.result.reward)).toEqual([0.85, 0.85]);
  });

  it('the trainer-facing routes send back numbers only', () => {
    const out = runTask({ kind: 'request', route: 'evaluate', body: utf8({ label: 'North Sea', extra_reward_info: { rubrics: ['Rhine'] }, response: ROW.response }), defaults: {}, fanout: false });
    expect(out.ok && out.outcomes).toEqual([{ ok: true, result: { reward: 1, outcome: 1, rubric: 1, gated: false } }]);
  });

  it.each([
    [undefined, { code: 'INVALID_JSON', message: 'the body is empty; send a JSON object' }],
    [new TextEncoder().encode('{'), { code: 'INVALID_JSON', message: expect.stringMatching(/^the body is not valid JSON/) }],
    [utf8({ response: 'x' }), { code: 'INVALID_INPUT', message: expect.any(String), issues: expect.any(Array) }],
  ])('a bad body is an error as data: %s', (body, error) => {
    expect(runTask({ kind: 'request', route: 'reward', body, defaults: {}, fanout: false })).toEqual({ ok: false, error });
  });

  it('a score task scores each row, a failing one as data', () => {
    const out = runTask({ kind: 'score', rows: [{ input: ROW, options: {} }, { input: { ...ROW, answer: '' }, options: {} }], detail: 'numbers' });
    expect(out[0]).toEqual({ ok: true, result: { reward: 0.85, outcome: 1, rubric: 0.5, gated: false } });
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'INVALID_GOLD_ANSWER', issues: [{ path: ['answer'] }] } });
  });
});
