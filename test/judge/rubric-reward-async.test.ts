import { describe, expect, it } from 'vitest';
import {
  createJudge, rubricReward, rubricRewardAsync, settleReward, ValidationError, type ChatMessage, type Judge, type RewardStrategy,
} from '../../src/index.js';
import { judgeBy, fakeChatServers, type FakeChatServer, type Respond } from './fake-chat-server.js';

const serve = fakeChatServers();

async function judgeServing(respond: Respond): Promise<{ server: FakeChatServer; judge: Judge }> {
  const server = await serve(respond);
  return { server, judge: createJudge({ baseURL: server.baseURL, model: 'm', retries: 0 }) };
}

// Rubric 2/3 (Finnish, Estonian in the reasoning; the gold "Uralic languages" is not named whole).
// The rules leave "Uralic" undecided.
const ENTITIES = ['Finnish', 'Estonian', 'Uralic languages'];
const QUESTION = 'Finnish is part of which family?';
const RESPONSE = '<think>Finnish is close to Estonian.</think> The answer is Uralic.';
const input = { response: RESPONSE, answer: ['Uralic languages', 'Finno-Ugric'], entities: ENTITIES, question: QUESTION };

describe('rubricRewardAsync', () => {
  it('without a judge, equals rubricReward', async () => {
    const sync = rubricReward(input);
    const result = await rubricRewardAsync(input);
    expect(result).toEqual({ ...sync, verdict: { ...sync.verdict, judged: false } });
    expect(result.gated).toBe(true);
  });

  it.each<[RewardStrategy, boolean, number]>([
    ['positive-only', true, 0.7 + 0.3 * (2 / 3)],
    ['positive-only', false, 0],
    ['mixed', true, 0.7 + 0.3 * (2 / 3)],
    ['mixed', false, 0.3 * (2 / 3)],
    ['negative-only', true, 1],
    ['negative-only', false, 0.3 * (2 / 3)],
    ['outcome-only', true, 1],
  ])('%s, judge says %s → reward %d', async (strategy, yes, expected) => {
    const { server, judge } = await judgeServing(judgeBy(() => yes));
    const result = await rubricRewardAsync(input, { judge, strategy });
    expect(result.outcome).toBe(yes ? 1 : 0);
    expect(result.rubric).toBeCloseTo(2 / 3, 12);
    expect(result.reward).toBeCloseTo(expected, 12);
    expect(result.gated).toBe(strategy === 'positive-only' && !yes);
    expect(result.verdict).toMatchObject({ method: 'judge', judged: true, correct: yes });
    expect(server.received[0]?.answer).toBe('Uralic');
  });

  it('keeps the rubric detail of rubricReward', async () => {
    const { judge } = await judgeServing(judgeBy(() => true));
    const result = await rubricRewardAsync(input, { judge, rubricSource: 'reasoning' });
    expect(result.rubricDetail).toEqual(rubricReward(input, { rubricSource: 'reasoning' }).rubricDetail);
  });

  it('reads the final answer from the last assistant message of a chat', async () => {
    const { server, judge } = await judgeServing(judgeBy(() => true));
    const messages: ChatMessage[] = [
      { role: 'user', content: QUESTION },
      { role: 'assistant', reasoning_content: 'Finnish is close to Estonian.', content: 'The answer is Uralic.' },
    ];
    const result = await rubricRewardAsync({ messages, answer: input.answer, entities: ENTITIES, question: QUESTION }, { judge });
    expect(result.outcome).toBe(1);
    expect(server.received[0]?.answer).toBe('Uralic');
  });

  it('does not call the judge when the outcome cannot change the reward (mixed, eta 1; issue 25)', async () => {
    const { server, judge } = await judgeServing(judgeBy(() => true));
    const result = await rubricRewardAsync(input, { judge, mode: 'judge', onJudgeError: 'throw', strategy: 'mixed', eta: 1 });
    expect(server.received).toHaveLength(0);
    expect([result.reward, result.verdict.judged]).toEqual([2 / 3, false]);
    // with any weight on the outcome, or a gate, the judge is asked
    const weighed = await rubricRewardAsync(input, { judge, mode: 'judge', strategy: 'mixed', eta: 0.99 });
    const gated = await rubricRewardAsync(input, { judge, mode: 'judge', strategy: 'positive-only', eta: 1 });
    expect([weighed.verdict.judged, gated.verdict.judged]).toEqual([true, true]);
    expect(server.received).toHaveLength(1); // the second answer came from the judge's cache
  });

  it('does not call the judge when the rules decide', async () => {
    const { server, judge } = await judgeServing(judgeBy(() => false));
    const result = await rubricRewardAsync({ ...input, response: '<think>Finnish, Estonian</think> \\boxed{Uralic languages}' }, { judge });
    expect(result).toMatchObject({ outcome: 1, verdict: { method: 'exact', judged: false } });
    expect(server.received).toHaveLength(0);
  });

  it("falls back as asked: 'zero' keeps the reward at 0 and reports the error", async () => {
    const { judge } = await judgeServing(() => ({ status: 500 }));
    const result = await rubricRewardAsync(input, { judge, onJudgeError: 'zero', strategy: 'mixed' });
    expect(result.outcome).toBe(0);
    expect(result.reward).toBeCloseTo(0.3 * (2 / 3), 12);
    expect(result.verdict.error?.code).toBe('JUDGE_UNAVAILABLE');
    await expect(rubricRewardAsync(input, { judge, onJudgeError: 'throw' })).rejects.toMatchObject({ code: 'JUDGE_UNAVAILABLE' });
  });

  it('validates input and options before any call', async () => {
    const { server, judge } = await judgeServing(judgeBy(() => true));
    await expect(rubricRewardAsync({ ...input, entities: [] }, { judge })).rejects.toBeInstanceOf(ValidationError);
    await expect(rubricRewardAsync(input, { judge, eta: 2 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS', path: 'eta' });
    await expect(rubricRewardAsync(input, { mode: 'judge' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS', path: 'judge' });
    expect(server.received).toHaveLength(0);
  });
});

describe('settleReward (rules in a worker, the judge in the main thread)', () => {
  it('settles a rubricReward result as rubricRewardAsync would', async () => {
    const { judge } = await judgeServing(judgeBy(() => true));
    const scored = rubricReward(input, { strategy: 'mixed' });
    const settled = await settleReward(scored, input, { judge, strategy: 'mixed' });
    judge.clearCache();
    expect(settled).toEqual(await rubricRewardAsync(input, { judge, strategy: 'mixed' }));
  });

  it('works on the numbers a worker sends back, keeping their shape', async () => {
    const { server, judge } = await judgeServing(judgeBy(() => true));
    const { reward, outcome, rubric, gated, verdict } = rubricReward(input);
    const settled = await settleReward({ reward, outcome, rubric, gated, verdict }, input, { judge });
    expect(Object.keys(settled).sort()).toEqual(['gated', 'outcome', 'reward', 'rubric', 'verdict']);
    expect(settled).toMatchObject({ outcome: 1, gated: false, verdict: { judged: true } });
    expect(settled.reward).toBeCloseTo(0.7 + 0.3 * (2 / 3), 12);
    expect(server.received).toHaveLength(1);
  });

  it('leaves a decided result as it is, without a call', async () => {
    const { server, judge } = await judgeServing(judgeBy(() => false));
    const decided = { ...input, response: '<think>Finnish, Estonian</think> \\boxed{Uralic languages}' };
    const scored = rubricReward(decided);
    expect(await settleReward(scored, decided, { judge })).toEqual({ ...scored, verdict: { ...scored.verdict, judged: false } });
    expect(server.received).toHaveLength(0);
  });
});
