// The real piscina pool (threads run src/server/worker.ts through tsx): first come first served,
// a bounded queue that sheds new requests, queued work dropped when its client goes, a deadline
// that answers at once and stops a thread by force only after the grace.
import { setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error.js';
import { createPoolScorer } from './pool.js';
import type { TaskRow } from './wire.js';

const row = (answer: string): TaskRow => ({ input: { response: `\\boxed{${answer}}`, answer, entities: [answer] }, options: {} });
/** A score task that keeps a thread busy for seconds: 300 rows of ~100 KB each. */
const heavy = (): { kind: 'score'; rows: TaskRow[]; detail: 'numbers' } => {
  const response = `${'Cologne lies on the Rhine, which flows past Düsseldorf into the North Sea. '.repeat(1300)}\\boxed{North Sea}`;
  return { kind: 'score', rows: Array.from({ length: 300 }, () => ({ input: { response, answer: 'North Sea', entities: ['Cologne', 'Rhine'] }, options: {} })), detail: 'numbers' };
};
const never = new AbortController().signal;
// One signal shared by many tasks in these tests.
setMaxListeners(0, never);
const request = (answer: string) => ({ kind: 'request' as const, route: 'reward' as const, body: new TextEncoder().encode(JSON.stringify({ response: `\\boxed{${answer}}`, answer, entities: [answer] })), defaults: {}, fanout: false });

describe('createPoolScorer', () => {
  it('answers first come, first served, and a queued task leaves the queue when its signal aborts', async () => {
    const scorer = createPoolScorer(1);
    try {
      const order: number[] = [];
      const aborted = new AbortController();
      const runs = Array.from({ length: 12 }, (_, i) =>
        scorer.run({ kind: 'score', rows: [row(`a${i}`)], detail: 'numbers' }, i === 5 ? aborted.signal : never).then(
          () => order.push(i),
          (reason: unknown) => order.push(reason === 'gone' ? -i : NaN),
        ),
      );
      expect(scorer.stats().queueSize).toBeGreaterThan(0);
      aborted.abort('gone');
      await Promise.all(runs);
      expect(order).toEqual([-5, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
      expect(scorer.stats()).toMatchObject({ threads: 1, queueSize: 0, inFlight: 0 });
    } finally {
      await scorer.close();
    }
  });

  it('refuses a new request with 503 OVERLOADED and Retry-After once maxQueue requests wait, never a row of an admitted one', async () => {
    const scorer = createPoolScorer({ threads: 1, maxQueue: 2, killGraceMs: 50 });
    try {
      const busy = scorer.run(heavy(), AbortSignal.timeout(200)).catch(() => 'stopped');
      const queued = [scorer.run(request('a'), never, { shed: true }), scorer.run(request('b'), never, { shed: true })];
      expect(scorer.full()).toBeGreaterThanOrEqual(1);
      const refused = await scorer.run(request('c'), never, { shed: true }).then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(HttpError);
      expect(refused).toMatchObject({ status: 503, code: 'OVERLOADED', headers: { 'retry-after': expect.stringMatching(/^\d+$/) } });
      // Rows of a request already admitted are never shed.
      const rows = scorer.run({ kind: 'score', rows: [row('d')], detail: 'numbers' }, never);
      expect(await busy).toBe('stopped');
      expect((await Promise.all(queued)).map((o) => o.ok)).toEqual([true, true]);
      expect((await rows)[0]).toMatchObject({ ok: true, result: { reward: 1 } });
      expect(scorer.full()).toBeUndefined();
    } finally {
      await scorer.close();
    }
  }, 30_000);

  it('drops a queued request whose client has gone, and counts it', async () => {
    const scorer = createPoolScorer({ threads: 1, killGraceMs: 50 });
    try {
      const busy = scorer.run(heavy(), AbortSignal.timeout(100)).catch(() => 'stopped');
      const client = new AbortController();
      const dropped = scorer.run(request('a'), never, { shed: true, cancel: client.signal }).then(() => 'scored', () => 'dropped');
      const kept = scorer.run(request('b'), never, { shed: true, cancel: new AbortController().signal });
      client.abort('gone');
      expect(await dropped).toBe('dropped');
      expect((await kept).ok).toBe(true);
      await busy;
      expect(scorer.counters().dropped).toBe(1);
    } finally {
      await scorer.close();
    }
  }, 30_000);

  it('past the deadline answers at once; a thread still busy after the grace is stopped and replaced', async () => {
    const scorer = createPoolScorer({ threads: 1, killGraceMs: 50 });
    try {
      const started = performance.now();
      // No deadline inside the task: only the force stop can end it early.
      const reason = new Error('deadline');
      const controller = new AbortController();
      const run = scorer.run(heavy(), controller.signal);
      setTimeout(() => controller.abort(reason), 100);
      await expect(run).rejects.toBe(reason);
      expect(performance.now() - started).toBeLessThan(5000);
      // The replacement thread serves the next task.
      const [next] = await scorer.run({ kind: 'score', rows: [row('x')], detail: 'numbers' }, never);
      expect(next).toMatchObject({ ok: true, result: { reward: 1 } });
      expect(scorer.counters().killed).toBe(1);
    } finally {
      await scorer.close();
    }
  }, 30_000);
});
