import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createJudge, JudgeError, LongtraceError, verifyAnswer, verifyAnswerAsync, ValidationError, type Judge, type JudgeOptions,
} from '../../src/index.js';
import { judgeBy, fakeChatServers, verdictReply, type FakeChatServer, type Respond } from './fake-chat-server.js';

const serve = fakeChatServers();

async function judgeServing(respond: Respond, options: Partial<JudgeOptions> = {}): Promise<{ server: FakeChatServer; judge: Judge }> {
  const server = await serve(respond);
  const judge = createJudge({ baseURL: server.baseURL, model: 'judge-model', retryDelayMs: 1, maxRetryDelayMs: 5, ...options });
  return { server, judge };
}

const alwaysYes = judgeBy(() => true);
const alwaysNo = judgeBy(() => false);
const QUESTION = 'Finnish is part of which family?';
// The rules leave "Uralic" for "Uralic languages" undecided (a partial overlap).
const UNDECIDED = '<think>Finnish is related to Estonian and Hungarian.</think> The answer is Uralic.';
const GOLD = ['Uralic languages', 'Finno-Ugric'];

// Issue 25: FRAMES r1-distill/413, qwen3/59, qwen3/387 — an "Answer:" label followed by the answer
// on several lines reached the judge as its first line only.
describe('verifyAnswerAsync: a multi-line final answer reaches the judge whole', () => {
  it.each([
    ['r1-distill/413', "<think>…</think>\n\n**Answer:**\nClosest to Kerrigan's assault:\nAwake by Dream Theater", "Closest to Kerrigan's assault: Awake by Dream Theater"],
    ['qwen3/59', '<think>…</think>\nAnswer:\n1. World War I\n2. The Great Depression\n3. World War II', '1. World War I 2. The Great Depression 3. World War II'],
    ['qwen3/387', '<think>…</think>\nFinal answer: Sydney\n/ Athens', 'Sydney / Athens'],
  ])('%s', async (_id, response, sent) => {
    const { server, judge } = await judgeServing(alwaysYes);
    await verifyAnswerAsync(response, 'Awake', { judge, mode: 'judge' });
    expect(server.received[0]?.answer).toBe(sent);
  });

  it('an explicit answer (boxed, tags) is sent alone, and a long block is bounded', async () => {
    const { server, judge } = await judgeServing(alwaysYes);
    await verifyAnswerAsync('<think>…</think> \\boxed{Paris}\nBecause it is the capital.', 'Paris', { judge, mode: 'judge' });
    expect(server.received[0]?.answer).toBe('Paris');
    await verifyAnswerAsync(`<think>…</think>\nAnswer:\n${'word '.repeat(3000)}`, 'Paris', { judge, mode: 'judge' });
    expect(server.received[1]!.answer!.length).toBeLessThanOrEqual(2010);
  });
});

describe('verifyAnswerAsync: cascade', () => {
  it('asks the judge when the rules leave the answer undecided, sending only the final answer', async () => {
    const { server, judge } = await judgeServing(alwaysYes);
    expect(verifyAnswer(UNDECIDED, GOLD, { question: QUESTION }).method).toBe('undecided');
    const verdict = await verifyAnswerAsync(UNDECIDED, GOLD, { judge, question: QUESTION });
    expect(verdict).toEqual({
      correct: true, score: 1, method: 'judge', extracted: 'Uralic', matched: null,
      judged: true, justification: 'It names the same thing.', cached: false,
    });
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect({ answer: request?.answer, question: request?.question, reference: request?.reference }).toEqual({
      answer: 'Uralic', question: QUESTION, reference: 'Uralic languages',
    });
    // The reasoning never leaves the process.
    expect(JSON.stringify(request?.body)).not.toContain('Estonian');
  });

  it('takes the judge\'s no', async () => {
    const { judge } = await judgeServing(alwaysNo);
    await expect(verifyAnswerAsync(UNDECIDED, GOLD, { judge })).resolves.toMatchObject({ correct: false, score: 0, method: 'judge', judged: true });
  });

  it.each([
    ['exact', '<think>…</think> \\boxed{Paris}', 'Paris'],
    ['contains', '<think>…</think> Answer: Paris, France', 'Paris'],
    ['mismatch', '<think>…</think> Lyon', 'Paris'],
    ['hedged', '<think>…</think> Paris or Lyon', 'Paris'],
    ['refusal', '<think>…</think> I cannot determine the answer.', 'Paris'],
    ['no-answer', '<think>never closed', 'Paris'],
    ['number-mismatch', '<think>…</think> 42', '41'],
  ])('does not call the judge when the rules decide (%s)', async (method, response, gold) => {
    const { server, judge } = await judgeServing(alwaysYes);
    const verdict = await verifyAnswerAsync(response, gold, { judge, mode: 'cascade' });
    expect(verdict).toEqual({ ...verifyAnswer(response, gold), judged: false });
    expect(verdict.method).toBe(method);
    expect(server.received).toHaveLength(0);
    expect(judge.stats().calls).toBe(0);
  });

  it('is the default mode when a judge is given', async () => {
    const { server, judge } = await judgeServing(alwaysYes);
    await verifyAnswerAsync('<think>…</think> Paris', 'Paris', { judge });
    await verifyAnswerAsync(UNDECIDED, GOLD, { judge });
    expect(server.received).toHaveLength(1);
  });

  it('asks once for a group of rollouts that give the same undecided answer', async () => {
    const { server, judge } = await judgeServing(judgeBy(() => true, 20));
    const group = Array.from({ length: 8 }, (_, i) => `<think>attempt ${i}</think> The answer is Uralic.`);
    const verdicts = await Promise.all(group.map((r) => verifyAnswerAsync(r, GOLD, { judge, question: QUESTION })));
    expect(verdicts.every((v) => v.correct && v.judged)).toBe(true);
    expect(server.received).toHaveLength(1);
    expect(judge.stats()).toMatchObject({ calls: 1, cacheHits: 7 });
  });
});

describe('verifyAnswerAsync: modes', () => {
  it('judge: asks even when the rules decide, and the judge has the last word', async () => {
    const { server, judge } = await judgeServing(alwaysNo);
    const verdict = await verifyAnswerAsync('<think>…</think> \\boxed{Paris}', 'Paris', { judge, mode: 'judge' });
    expect(verdict).toMatchObject({ correct: false, method: 'judge', judged: true, extracted: 'Paris' });
    expect(server.received[0]?.answer).toBe('Paris');
  });

  it('judge: sends every explicit final answer when they differ, so the judge sees the hedge', async () => {
    const { server, judge } = await judgeServing(alwaysNo);
    await verifyAnswerAsync('<think>…</think> \\boxed{Paris} or maybe \\boxed{Lyon}', 'Paris', { judge, mode: 'judge' });
    expect(server.received[0]?.answer).toBe('Paris; Lyon');
  });

  it('judge: does not ask about a response without a final answer', async () => {
    const { server, judge } = await judgeServing(alwaysYes);
    const verdict = await verifyAnswerAsync('<think>still thinking', 'Paris', { judge, mode: 'judge' });
    expect(verdict).toMatchObject({ correct: false, method: 'no-answer', judged: false });
    expect(server.received).toHaveLength(0);
  });

  it('rules: never calls, even with a judge', async () => {
    const { server, judge } = await judgeServing(alwaysYes);
    const verdict = await verifyAnswerAsync(UNDECIDED, GOLD, { judge, mode: 'rules' });
    expect(verdict).toEqual({ ...verifyAnswer(UNDECIDED, GOLD), judged: false });
    expect(server.received).toHaveLength(0);
  });

  it('rules: is the default without a judge', async () => {
    await expect(verifyAnswerAsync(UNDECIDED, GOLD)).resolves.toEqual({ ...verifyAnswer(UNDECIDED, GOLD), judged: false });
  });

  it.each([
    ['judge mode without a judge', { mode: 'judge' as const }, 'judge'],
    ['cascade without a judge', { mode: 'cascade' as const }, 'judge'],
    ['an unknown mode', { mode: 'both' as 'rules' }, 'mode'],
    ['an unknown onJudgeError', { onJudgeError: 'retry' as 'rules' }, 'onJudgeError'],
    ['a judge that is not one', { judge: {} as Judge }, 'judge'],
  ])('rejects %s with INVALID_OPTIONS', async (_, options, path) => {
    const error = await verifyAnswerAsync(UNDECIDED, GOLD, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect({ code: (error as ValidationError).code, path: (error as ValidationError).path }).toEqual({ code: 'INVALID_OPTIONS', path });
  });

  it('throws INVALID_GOLD_ANSWER on a bad gold, before any call', async () => {
    const { server, judge } = await judgeServing(alwaysYes);
    await expect(verifyAnswerAsync(UNDECIDED, [], { judge })).rejects.toMatchObject({ code: 'INVALID_GOLD_ANSWER' });
    expect(server.received).toHaveLength(0);
  });
});

describe('verifyAnswerAsync: when the judge fails', () => {
  const down: Respond = () => ({ status: 503, body: 'overloaded' });

  it("'rules' (the default): the rule verdict, with the error", async () => {
    const { judge } = await judgeServing(down, { retries: 1 });
    const verdict = await verifyAnswerAsync(UNDECIDED, GOLD, { judge });
    const rules = verifyAnswer(UNDECIDED, GOLD);
    expect(verdict).toEqual({
      ...rules, judged: false,
      error: { code: 'JUDGE_UNAVAILABLE', message: 'judge endpoint answered HTTP 503: overloaded (after 2 attempts)' },
    });
    expect(verdict.score).toBeGreaterThan(0); // the rules' partial-overlap F1
  });

  it("'zero': a wrong verdict scored 0, with the error", async () => {
    const { judge } = await judgeServing(() => ({ reply: 'no idea' }), { retries: 0 });
    const verdict = await verifyAnswerAsync(UNDECIDED, GOLD, { judge, onJudgeError: 'zero' });
    expect(verdict).toMatchObject({ correct: false, score: 0, method: 'undecided', judged: false, error: { code: 'JUDGE_UNPARSEABLE' } });
  });

  it("'zero' in judge mode overrides a correct rule verdict", async () => {
    const { judge } = await judgeServing(down, { retries: 0 });
    const verdict = await verifyAnswerAsync('<think>…</think> Paris', 'Paris', { judge, mode: 'judge', onJudgeError: 'zero' });
    expect(verdict).toMatchObject({ correct: false, score: 0, method: 'exact', error: { code: 'JUDGE_UNAVAILABLE' } });
    const kept = await verifyAnswerAsync('<think>…</think> Paris', 'Paris', { judge, mode: 'judge' });
    expect(kept).toMatchObject({ correct: true, score: 1, method: 'exact', error: { code: 'JUDGE_UNAVAILABLE' } });
  });

  it("'throw': a typed JudgeError", async () => {
    const { judge } = await judgeServing(judgeBy(() => true, 1000), { timeoutMs: 50, retries: 0 });
    const error = await verifyAnswerAsync(UNDECIDED, GOLD, { judge, onJudgeError: 'throw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JudgeError);
    expect(error).toBeInstanceOf(LongtraceError);
    expect((error as JudgeError).code).toBe('JUDGE_TIMEOUT');
  });

  it('a caller abort rejects with its reason, with no fallback', async () => {
    const { judge } = await judgeServing(judgeBy(() => true, 1000));
    const controller = new AbortController();
    const pending = verifyAnswerAsync(UNDECIDED, GOLD, { judge, signal: controller.signal });
    controller.abort(new Error('request timed out'));
    await expect(pending).rejects.toThrow('request timed out');
  });
});

describe('verifyAnswerAsync: properties (in-process fetch)', () => {
  /** A judge whose endpoint is a function: counts calls, always answers `yes`. */
  function countingJudge(): { judge: Judge; calls: () => number } {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      return new Response(JSON.stringify({ choices: [{ message: { content: verdictReply(true) } }] }));
    };
    return { judge: createJudge({ baseURL: 'http://judge.invalid/v1', model: 'm', fetch, cacheSize: 0 }), calls: () => calls };
  }

  const words = fc.constantFrom('Paris', 'Lyon', 'France', 'capital', 'city', 'the', 'of', 'not', 'or', 'Uralic', 'languages', 'Finno-Ugric', '1998', 'unknown');
  const response = fc.tuple(fc.array(words, { maxLength: 8 }), fc.constantFrom('', '\\boxed{', 'Answer: ', '<answer>'), fc.boolean()).map(
    ([ws, wrap, closed]) => {
      const text = ws.join(' ');
      const final = wrap === '\\boxed{' ? `\\boxed{${text}}` : wrap === '<answer>' ? `<answer>${text}</answer>` : `${wrap}${text}`;
      return `<think>reasoning${closed ? '</think>' : ''} ${final}`;
    },
  );
  const gold = fc.constantFrom<string[]>(['Paris'], ['Uralic languages', 'Finno-Ugric'], ['capital city of France'], ['1998']);

  it('cascade = the rule verdict when the rules decide (no call), the judge otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(response, gold, async (r, g) => {
        const { judge, calls } = countingJudge();
        const rules = verifyAnswer(r, g);
        const verdict = await verifyAnswerAsync(r, g, { judge });
        if (rules.method === 'undecided') {
          expect(calls()).toBe(1);
          expect(verdict).toMatchObject({ correct: true, method: 'judge', judged: true });
        } else {
          expect(calls()).toBe(0);
          expect(verdict).toEqual({ ...rules, judged: false });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never calls in rules mode; calls exactly when there is a final answer in judge mode', async () => {
    await fc.assert(
      fc.asyncProperty(response, gold, async (r, g) => {
        const { judge, calls } = countingJudge();
        await verifyAnswerAsync(r, g, { judge, mode: 'rules' });
        expect(calls()).toBe(0);
        const verdict = await verifyAnswerAsync(r, g, { judge, mode: 'judge' });
        expect(calls()).toBe(verifyAnswer(r, g).extracted === null ? 0 : 1);
        expect(verdict.judged).toBe(calls() === 1);
      }),
      { numRuns: 200 },
    );
  });
});
