import { describe, expect, it } from 'vitest';
import { groupRewards, rubricReward } from '../rubric/index.js';
import { groupTask, mayAskJudge, runTask, type GroupTask } from './task.js';

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

describe('group task', () => {
  const task = (n: number, key: (i: number) => string | number | undefined = () => 'g'): GroupTask => ({
    kind: 'group',
    outcomes: Array.from({ length: n }, (_, i) => i % 2),
    rubrics: Array.from({ length: n }, (_, i) => (i % 7) / 7),
    rewards: Array.from({ length: n }, () => 0.5),
    keys: Array.from({ length: n }, (_, i) => key(i)),
  });

  it('gives each group what groupRewards gives it; rows without a group keep their reward', () => {
    const t = task(9, (i) => (i < 3 ? 1 : i < 6 ? '1' : undefined));
    const out = groupTask(t);
    if (!out.ok) throw new Error(out.error.message);
    for (const members of [[0, 1, 2], [3, 4, 5]]) {
      const expected = groupRewards(members.map((i) => ({ outcome: t.outcomes[i]!, rubric: t.rubrics[i]! })));
      expect(members.map((i) => out.rewards[i])).toEqual(expected.rewards);
      expect(members.map((i) => out.advantages[i])).toEqual(expected.advantages);
    }
    expect(out.rewards.slice(6)).toEqual([0.5, 0.5, 0.5]);
    expect(out.advantages.slice(6)).toEqual([null, null, null]);
  });

  it('a failure is an INTERNAL error as data, never a path of the request', () => {
    const out = groupTask({ ...task(2), rubrics: [Number.NaN, 0] });
    expect(out).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(out.ok ? undefined : out.error.issues).toBeUndefined();
  });

  it('is linear in the group size: 32× the rows takes far less than 1024× the time (same-run baseline)', () => {
    const best = (n: number): number => {
      const t = task(n);
      let min = Infinity;
      for (let k = 0; k < 5; k++) {
        // CPU time, not wall time: on a loaded machine a longer run is preempted more often.
        const started = process.cpuUsage();
        groupTask(t);
        const { user, system } = process.cpuUsage(started);
        min = Math.min(min, user + system);
      }
      return Math.max(min, 1);
    };
    best(2500); // warm-up
    // The grouping by array spread was quadratic: 40k rows took ~80× the time of 10k (80k, 70 s).
    // Linear measures 20–60× here (collections land in the larger run): a wide margin either way.
    expect(best(80_000) / best(2500)).toBeLessThan(300);
  }, 60_000);
});

describe('deadline between rows', () => {
  const row = { input: { response: '\\boxed{x}', answer: 'x', entities: ['x'] }, options: {} };
  it.each([
    ['in the past: no row is scored', Date.now() - 1, [false, false, false]],
    ['far ahead: every row is scored', Date.now() + 60_000, [true, true, true]],
    ['absent: every row is scored', undefined, [true, true, true]],
  ])('%s', (_what, deadline, scored) => {
    const out = runTask({ kind: 'score', rows: [row, row, row], detail: 'numbers', deadline });
    expect(out.map((o) => o.ok)).toEqual(scored);
    for (const o of out) if (!o.ok) expect(o.error.code).toBe('TIMEOUT');
  });
});
