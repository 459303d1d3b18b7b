import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatReply, ChatTransport } from './chat-request.js';
import { BudgetExhaustedError, withBudget } from './budget.js';
import { createMemoryReplyStore, withReplyCache } from './reply-cache.js';

/** A transport that answers every request, reporting `tokens` used (or no usage). */
function counting(tokens: number | undefined): ChatTransport & { sent: number } {
  const t = {
    model: 'm',
    sent: 0,
    send(): Promise<ChatReply> {
      t.sent++;
      const reply: ChatReply = { content: `reply ${t.sent}`, toolCalls: [], finishReason: 'stop' };
      if (tokens !== undefined) reply.usage = { promptTokens: tokens - 1, completionTokens: 1, totalTokens: tokens };
      return Promise.resolve(reply);
    },
  };
  return t;
}

const ask = (t: ChatTransport, i: number): Promise<ChatReply> => t.send({ messages: [{ role: 'user', content: `q${i}` }] });

describe('withBudget', () => {
  it.each([
    [{ maxCalls: 3 }, 100, 3, 'calls'],
    [{ maxTokens: 250 }, 100, 3, 'tokens'],
    [{ maxCalls: 10, maxTokens: 50 }, 100, 1, 'tokens'],
    [{ maxTokens: 250 }, undefined, 20, undefined],
  ] as const)('%j with %s tokens a call: %i calls, then refused on %s', async (limits, tokens, calls, limit) => {
    const inner = counting(tokens);
    const budgeted = withBudget(inner, limits);
    let refused: unknown;
    for (let i = 0; i < 20 && refused === undefined; i++) await ask(budgeted, i).catch((error: unknown) => (refused = error));
    expect(inner.sent).toBe(calls);
    expect(budgeted.usage()).toMatchObject({ calls, totalTokens: calls * (tokens ?? 0) });
    if (limit === undefined) expect(refused).toBeUndefined();
    else expect(refused).toMatchObject({ name: 'BudgetExhaustedError', code: 'BUDGET_EXHAUSTED', limit });
    if (limit !== undefined) expect(refused).toBeInstanceOf(BudgetExhaustedError);
  });

  it('behind a reply cache, a stored reply costs no call and no budget', async () => {
    const inner = counting(10);
    const budgeted = withBudget(inner, { maxCalls: 2 });
    const cached = withReplyCache(budgeted, createMemoryReplyStore());
    await ask(cached, 1);
    await ask(cached, 2);
    for (let i = 0; i < 5; i++) await ask(cached, 1);
    await expect(ask(cached, 3)).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED' });
    expect(inner.sent).toBe(2);
  });

  it('never lets more calls through than maxCalls, however many are sent at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 40 }), async (max, n) => {
        const inner = counting(1);
        const budgeted = withBudget(inner, { maxCalls: max });
        const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => ask(budgeted, i)));
        expect(inner.sent).toBe(Math.min(max, n));
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(Math.max(0, n - max));
      }),
    );
  });
});
