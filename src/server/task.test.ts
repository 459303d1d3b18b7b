import { describe, expect, it } from 'vitest';
import { rubricReward } from '../rubric/index.js';
import { mayAskJudge, runTask } from './task.js';

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

  describe('with a judge mode, rows the judge may settle come back flagged', () => {
    const UNDECIDED = { response: '<think>Finnish, Estonian.</think> The answer is Uralic.', answer: 'Uralic languages', entities: ['Finnish'] };
    const evaluate = (row: typeof ROW) => utf8({ label: row.answer, extra_reward_info: { rubrics: row.entities }, response: row.response });

    it('a request task flags an undecided row with its verdict and sends that row back', () => {
      const out = runTask({ kind: 'request', route: 'evaluate', body: evaluate(UNDECIDED), defaults: {}, fanout: false, judgeMode: 'cascade' });
      const verdict = rubricReward(UNDECIDED).verdict;
      expect(verdict.method).toBe('undecided');
      expect(out.ok && out.plan.rows).toEqual([]);
      expect(out.ok && out.outcomes).toEqual([
        // /evaluate rows are mixed (launch_server.py:195): ungated.
        { ok: true, result: { reward: 0.3, outcome: 0, rubric: 1, gated: false }, pending: { verdict, row: { input: expect.objectContaining({ response: UNDECIDED.response }), options: expect.any(Object) } } },
      ]);
    });

    it('in cascade mode a decided row is not flagged; in judge mode every row is', () => {
      const cascade = runTask({ kind: 'request', route: 'evaluate', body: evaluate(ROW), defaults: {}, fanout: false, judgeMode: 'cascade' });
      expect(cascade.ok && cascade.outcomes?.[0]).toEqual({ ok: true, result: { reward: 0.85, outcome: 1, rubric: 0.5, gated: false } });
      const judge = runTask({ kind: 'request', route: 'evaluate', body: evaluate(ROW), defaults: {}, fanout: false, judgeMode: 'judge' });
      expect(judge.ok && judge.outcomes?.[0]).toMatchObject({ ok: true, pending: { verdict: { method: 'exact' } } });
    });

    it('a score task flags without sending the row back (the caller has it)', () => {
      const [out] = runTask({ kind: 'score', rows: [{ input: UNDECIDED, options: {} }], detail: 'full', judgeMode: 'cascade' });
      expect(out).toEqual({ ok: true, result: rubricReward(UNDECIDED), pending: { verdict: rubricReward(UNDECIDED).verdict } });
    });

    it.each([
      ['undecided', 'cascade', true],
      ['exact', 'cascade', false],
      ['mismatch', 'cascade', false],
      ['mismatch', 'judge', true],
      ['no-answer', 'judge', true],
    ] as const)('mayAskJudge(%s, %s) is %s', (method, mode, expected) => {
      expect(mayAskJudge({ correct: false, score: 0, method, extracted: null, matched: null }, mode)).toBe(expected);
    });
  });
});
