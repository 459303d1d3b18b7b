// The real piscina pool, run from src/ (the threads load src/server/worker.ts through tsx): same
// numbers as in-process, a slow request does not hold up the others, a timeout frees the thread.
import { describe, expect, it } from 'vitest';
import { fixtures } from '../../fixtures/index.js';
import { rubricReward } from '../../src/index.js';
import { get, metric, post, serve } from './helpers.js';

const { url } = await serve({ workers: 2, requestTimeoutMs: 30_000 });

const CHAIN = ['Cologne', 'Rhine', 'North Sea'];
/** About `mb` MB of reasoning that walks the chain, then a correct answer. */
const big = (mb: number): string =>
  `<think>${'Cologne lies on the Rhine, which flows past Düsseldorf and on into the North Sea in 1,230 km. '.repeat(Math.ceil((mb * 1e6) / 96))}</think> \\boxed{North Sea}`;

// Thread start-up through tsx takes seconds on a loaded machine: generous timeouts, no timing asserts.
describe('scoring in the worker pool', { timeout: 30_000 }, () => {
  it('gives exactly the in-process numbers, for every fixture, with requests in parallel', async () => {
    const replies = await Promise.all(
      fixtures.map((f) => post(`${url}/v1/reward`, { response: f.response, messages: f.messages, answer: f.answer, entities: f.entities, question: f.question })),
    );
    replies.forEach((reply, i) => {
      const f = fixtures[i]!;
      const r = rubricReward({ response: f.response, messages: f.messages, answer: f.answer, entities: f.entities, question: f.question });
      expect(reply.status).toBe(200);
      expect([reply.body.reward, reply.body.outcome, reply.body.rubric, reply.body.verdict.method]).toEqual([r.reward, r.outcome, r.rubric, r.verdict.method]);
      expect(reply.body.reward).toBe(f.expected.reward);
    });
  });

  it('spreads a batch over the threads and keeps the order', async () => {
    const items = fixtures.map((f, i) => ({ id: i, response: f.response, messages: f.messages, answer: f.answer, entities: f.entities, question: f.question }));
    const { body } = await post(`${url}/v1/rewards`, { items, groups: false });
    expect(body.results.map((r: { id: number }) => r.id)).toEqual(items.map((_, i) => i));
    expect(body.rewards).toEqual(fixtures.map((f) => f.expected.reward));
  });

  it('one slow request does not hold up the others', async () => {
    const started = performance.now();
    let slowDone = 0;
    const slow = post(`${url}/evaluate`, { label: 'North Sea', extra_reward_info: { rubrics: CHAIN }, response: big(6) }).then((r) => {
      slowDone = performance.now() - started;
      return r;
    });
    // Wait until the slow row is on a thread, then ask small questions.
    while (metric((await get<string>(`${url}/metrics`)).body, 'longtrace_pool_tasks_in_flight') < 1) await new Promise((r) => setTimeout(r, 5));
    const small = await Promise.all([1, 2, 3].map(() => post(`${url}/evaluate`, { label: 'x', extra_reward_info: { rubrics: ['x'] }, response: '\\boxed{x}' })));
    const smallDone = performance.now() - started;
    expect(small.map((r) => r.body.reward)).toEqual([1, 1, 1]);
    const { body } = await slow;
    expect(body).toEqual({ reward: 1, outcome_reward: 1, rubric_reward: 1 });
    expect(smallDone).toBeLessThan(slowDone);
  });
});

describe('a timeout with the pool', { timeout: 30_000 }, () => {
  it('answers 503 TIMEOUT, stops the thread, and the pool goes on serving', async () => {
    const tight = await serve({ workers: 1, requestTimeoutMs: 25 });
    const { status, body } = await post(`${tight.url}/evaluate`, { label: 'North Sea', extra_reward_info: { rubrics: CHAIN }, response: big(4) });
    expect(status).toBe(503);
    expect(body.error).toEqual({ code: 'TIMEOUT', message: 'scoring took longer than 25 ms (requestTimeoutMs)', path: '' });
    // The aborted thread is replaced; a small request gets through once it is up. Retries are
    // spaced out: one that waits for a thread still booting times out too, and under load (CI) the
    // boot alone can take longer than 25 ms.
    let after = await post(`${tight.url}/v1/reward`, { response: '\\boxed{x}', answer: 'x', entities: ['x'] });
    for (let i = 0; i < 40 && after.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await post(`${tight.url}/v1/reward`, { response: '\\boxed{x}', answer: 'x', entities: ['x'] });
    }
    expect(after.status).toBe(200);
    expect(after.body.reward).toBe(1);
  });
});
