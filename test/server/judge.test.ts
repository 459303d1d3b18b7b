// The service with an LLM judge: a loopback chat server (test/judge/fake-chat-server.ts) plays the
// judge, the reward server runs on port 0. The rules decide what they can; only the rows they leave
// undecided cost a call, made from the server's thread, and the judge's counters show in /metrics.
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { groupRewards, rubricReward, ValidationError, type RewardInput } from '../../src/index.js';
import { createRewardServer, startServer, type RewardServerOptions } from '../../src/server/index.js';
import { startFakeChatServer, verdictReply, type Respond } from '../judge/fake-chat-server.js';
import { get, metric, post, serve } from './helpers.js';

const SECRET = 'sk-test-4f9c2e-never-log-me';

// The judge says yes to any answer naming "Uralic"; a tag in the question picks a failure.
const respond: Respond = (r) => {
  if (r.question.includes('[garbage]')) return { reply: 'Hmm, hard to say. Maybe?' };
  if (r.question.includes('[down]')) return { status: 503, body: '{"error": "overloaded"}' };
  // Some gateways echo the Authorization header back in an error.
  if (r.question.includes('[echo]')) return { status: 401, body: JSON.stringify({ error: `invalid key: ${String(r.headers.authorization)}` }) };
  const reply = { reply: verdictReply(/uralic/i.test(r.answer), r.answer) };
  return r.question.includes('[slow]') ? { ...reply, delayMs: 3_000 } : reply;
};

const chat = await startFakeChatServer(respond);
afterAll(() => chat.close());

/** Every pino line any server of this file wrote. */
const logs: string[] = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logs.push(chunk.toString('utf8'));
    done();
  },
});
const logger = { level: 'trace', stream };
const judge = { baseURL: chat.baseURL, model: 'judge-model', apiKey: SECRET, retries: 0 };

const { url } = await serve({ judge, logger });
const throwing = await serve({ judge: { ...judge, timeoutMs: 300 }, onJudgeError: 'throw', logger });

// Rubric 2/3 (Finnish and Estonian in the reasoning); the rules leave "Uralic" for "Uralic
// languages" undecided.
const ENTITIES = ['Finnish', 'Estonian', 'Uralic languages'];
const UNDECIDED = '<think>Finnish is close to Estonian.</think> The answer is Uralic.';
const RIGHT = '<think>Finnish is close to Estonian.</think> The answer is \\boxed{Uralic languages}.';
const WRONG = '<think>Finnish is close to Estonian.</think> The answer is \\boxed{Indo-European}.';
let asked = 0;
/** A row with a question of its own, so that the judge's cache starts cold for it. */
function row(response: string, tag = ''): RewardInput & { question: string; answer: string; entities: string[] } {
  return { response, answer: 'Uralic languages', entities: ENTITIES, question: `Finnish is part of which family? (${++asked})${tag === '' ? '' : ` ${tag}`}` };
}
const evaluateBody = (r: ReturnType<typeof row>) => ({ label: r.answer, extra_reward_info: { rubrics: r.entities, question: r.question, rubric_reward_ratio: 0.3 }, response: r.response });
const calls = (question: string) => chat.received.filter((r) => r.question === question).length;
/** positive-only with η 0.3 and the outcome 1. */
const judgedYes = (rubric: number) => 0.7 * 1 + 0.3 * rubric;

describe('cascade: the judge settles only what the rules leave undecided', () => {
  it('the example is undecided for the rules (2/3 rubric, gated)', () => {
    const r = rubricReward(row(UNDECIDED));
    expect([r.verdict.method, r.outcome, r.reward, r.rubric]).toEqual(['undecided', 0, 0, 2 / 3]);
  });

  it('a row the rules decide makes no call', async () => {
    const before = chat.received.length;
    for (const response of [RIGHT, WRONG]) {
      const input = row(response);
      const { status, body } = await post(`${url}/evaluate`, evaluateBody(input));
      // /evaluate combines as launch_server.py:195 does (strategy mixed).
      const r = rubricReward(input, { strategy: 'mixed' });
      expect(status).toBe(200);
      expect(body).toEqual({ reward: r.reward, outcome_reward: r.outcome, rubric_reward: r.rubric });
    }
    expect(chat.received.length).toBe(before);
  });

  it('/evaluate: an undecided row makes one call; the judge’s yes makes the outcome 1 and the reward positive-only’s', async () => {
    const input = row(UNDECIDED);
    const { status, body } = await post(`${url}/evaluate`, evaluateBody(input));
    expect(status).toBe(200);
    expect(body.outcome_reward).toBe(1);
    expect(body.rubric_reward).toBeCloseTo(2 / 3, 12);
    expect(body.reward).toBeCloseTo(judgedYes(2 / 3), 12);
    expect(calls(input.question)).toBe(1);
    const sent = chat.received.find((r) => r.question === input.question)!;
    // Only the final answer goes out, with the key as a Bearer token.
    expect(sent.answer).toBe('Uralic');
    expect(sent.reference).toBe('Uralic languages');
    expect(sent.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(sent.body.model).toBe('judge-model');
  });

  it('the cache answers a repeat without a call, and /metrics counts the hit', async () => {
    const input = row(UNDECIDED);
    const hits = metric((await get(`${url}/metrics`)).body, 'longtrace_judge_cache_hits_total');
    const first = await post(`${url}/evaluate`, evaluateBody(input));
    const again = await post(`${url}/evaluate`, evaluateBody(input));
    expect(again.body).toEqual(first.body);
    expect(calls(input.question)).toBe(1);
    expect(metric((await get(`${url}/metrics`)).body, 'longtrace_judge_cache_hits_total')).toBe(hits + 1);
  });

  it('/v1/reward: the verdict says the judge decided it', async () => {
    const input = row(UNDECIDED);
    const { status, body } = await post(`${url}/v1/reward`, { id: 'u1', ...input });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'u1', outcome: 1, gated: false, verdict: { method: 'judge', judged: true, correct: true, score: 1, extracted: 'Uralic', matched: null } });
    expect(body.verdict.justification).toEqual(expect.any(String));
    expect(body.reward).toBeCloseTo(judgedYes(body.rubric as number), 12);
    // The rubric detail is the rules' own.
    expect(body.rubricDetail).toEqual(JSON.parse(JSON.stringify(rubricReward(input).rubricDetail)));
  });

  it('/v1/reward: a rule-decided verdict is marked judged: false', async () => {
    const { body } = await post(`${url}/v1/reward`, row(RIGHT));
    expect(body.verdict).toMatchObject({ judged: false, correct: true });
    expect(body.verdict.method).not.toBe('judge');
  });

  it('/get_reward: only the undecided rows are sent, and each gets its own verdict', async () => {
    const rows = [row(RIGHT), row(UNDECIDED), row(WRONG), row('<think>Finnish.</think> The answer is Uralic, I think.')];
    const prompts = rows.map((r) => `Q: ${r.question}\nA:`);
    const before = chat.received.length;
    const { status, body } = await post(`${url}/get_reward`, {
      query: rows.map((r, i) => `${prompts[i]}${r.response}`),
      prompts,
      labels: rows.map((r) => JSON.stringify({ answer: r.answer, entities: r.entities, question: r.question })),
    });
    expect(status).toBe(200);
    const ruled = rows.map((r) => rubricReward(r));
    const undecided = ruled.map((r) => r.verdict.method === 'undecided');
    expect(chat.received.length - before).toBe(undecided.filter(Boolean).length);
    expect(body.extra_logs.outcome).toEqual(ruled.map((r, i) => (undecided[i] ? 1 : r.outcome)));
    body.rewards.forEach((reward: number, i: number) => expect(reward).toBeCloseTo(undecided[i] ? judgedYes(ruled[i]!.rubric) : ruled[i]!.reward, 12));
    expect(body.scores).toEqual(body.rewards);
  });

  it('/v1/rewards: outcomes are settled before the group rewards and advantages', async () => {
    const group = [row(UNDECIDED), row(WRONG), row(RIGHT)].map((r, i) => ({ ...r, id: i, group: 'g' }));
    const { status, body } = await post(`${url}/v1/rewards`, { items: group });
    expect(status).toBe(200);
    expect(body.results.map((r: { outcome: number }) => r.outcome)).toEqual([1, 0, 1]);
    const settled = group.map((r, i) => ({ outcome: [1, 0, 1][i]!, rubric: rubricReward(r).rubric }));
    const expected = groupRewards(settled);
    body.results.forEach((r: { reward: number; advantage: number }, i: number) => {
      expect(r.reward).toBeCloseTo(expected.rewards[i]!, 12);
      expect(r.advantage).toBeCloseTo(expected.advantages[i]!, 12);
    });
    expect(body.rewards).toEqual(body.results.map((r: { reward: number }) => r.reward));
  });

  it('identical undecided rows of one batch share one call', async () => {
    const input = row(UNDECIDED);
    const { body } = await post(`${url}/v1/rewards`, { items: [input, input, input], groups: false });
    expect(body.results.map((r: { outcome: number }) => r.outcome)).toEqual([1, 1, 1]);
    expect(calls(input.question)).toBe(1);
  });

  it('an invalid row fails the request before the judge is asked anything', async () => {
    const input = row(UNDECIDED);
    const { status, body } = await post(`${url}/v1/rewards`, { items: [input, { ...row(UNDECIDED), entities: [''] }] });
    expect(status).toBe(400);
    expect(body.error.path).toBe('items[1].entities[0]');
    expect(calls(input.question)).toBe(0);
  });
});

describe('a failed judge call', () => {
  it('with onJudgeError rules (the default): the rule verdict with its error, counted in /metrics', async () => {
    const input = row(UNDECIDED, '[garbage]');
    const { status, body } = await post(`${url}/v1/reward`, input);
    expect(status).toBe(200);
    const r = rubricReward(input);
    expect(body).toMatchObject({ outcome: r.outcome, reward: r.reward, gated: true, verdict: { method: 'undecided', judged: false, error: { code: 'JUDGE_UNPARSEABLE' } } });
    const text = (await get(`${url}/metrics`)).body as string;
    expect(metric(text, 'longtrace_judge_errors_total{code="JUDGE_UNPARSEABLE"}')).toBe(1);
    expect(metric(text, 'longtrace_judge_fallbacks_total{code="JUDGE_UNPARSEABLE"}')).toBe(1);
    // A failure is not cached: the next request asks again.
    await post(`${url}/evaluate`, evaluateBody(input));
    expect(calls(input.question)).toBe(2);
  });

  it.each([
    ['garbage', '[garbage]', 502, 'JUDGE_UNPARSEABLE'],
    ['a 503', '[down]', 502, 'JUDGE_UNAVAILABLE'],
    ['a reply after the timeout', '[slow]', 504, 'JUDGE_TIMEOUT'],
  ])('with onJudgeError throw, %s (%s) is %i %s', async (_what, tag, status, code) => {
    const reply = await post(`${throwing.url}/evaluate`, evaluateBody(row(UNDECIDED, tag)));
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ error: { code, message: expect.any(String), path: '' } });
  });

  // Issue 25: with rubric_reward_ratio = 1 the reward is the rubric and the outcome 0 whatever the
  // verdict; the reference answers 200 there, and so do we, without asking the judge.
  it.each([
    ['with rubrics', { rubric_reward_ratio: 1 }],
    ['without a usable rubric', { rubric_reward_ratio: 1, rubrics: [] }],
  ])('with throw, rubric_reward_ratio = 1 makes no call and answers 200, the judge down (%s)', async (_what, info) => {
    const input = row(UNDECIDED, '[down]');
    const body = evaluateBody(input);
    const reply = await post(`${throwing.url}/evaluate`, { ...body, extra_reward_info: { ...body.extra_reward_info, ...info } });
    expect(reply.status).toBe(200);
    expect(reply.body.outcome_reward).toBe(0);
    expect(calls(input.question)).toBe(0);
  });

  it('/v1/reward with mixed and eta 1 makes no call either, the judge down', async () => {
    const input = row(UNDECIDED, '[down]');
    const reply = await post(`${throwing.url}/v1/reward`, { ...input, options: { strategy: 'mixed', eta: 1 } });
    expect(reply.status).toBe(200);
    expect(reply.body.reward).toBeCloseTo(2 / 3);
    expect(calls(input.question)).toBe(0);
  });

  it('with throw, a rule-decided row still makes no call and answers 200', async () => {
    const { status, body } = await post(`${throwing.url}/evaluate`, evaluateBody(row(RIGHT, '[garbage]')));
    expect([status, body.outcome_reward]).toEqual([200, 1]);
  });

  it('the request timeout cancels the judge call', async () => {
    const { url: short } = await serve({ judge: { ...judge, deadlineMs: 10_000 }, requestTimeoutMs: 300 });
    const input = row(UNDECIDED, '[slow]');
    const started = performance.now();
    const { status, body } = await post(`${short}/evaluate`, evaluateBody(input));
    expect(status).toBe(503);
    expect(body.error.code).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(calls(input.question)).toBe(1);
    await expect.poll(() => chat.open).toBe(0);
  });

  it('the server sets the judge’s deadline below the request timeout, so a slow judge falls back', async () => {
    const { url: short } = await serve({ judge, requestTimeoutMs: 1_000 });
    const { status, body } = await post(`${short}/v1/reward`, row(UNDECIDED, '[slow]'));
    expect(status).toBe(200);
    expect(body.verdict.error.code).toBe('JUDGE_TIMEOUT');
  });
});

describe('the API key', () => {
  it('is never in the logs, an error answer, or /metrics', async () => {
    // A gateway that echoes the header back, with the error thrown and logged.
    const echoed = await post(`${throwing.url}/evaluate`, evaluateBody(row(UNDECIDED, '[echo]')));
    expect(echoed.status).toBe(502);
    expect(echoed.body.error.code).toBe('JUDGE_UNAVAILABLE');
    expect(echoed.body.error.message).toContain('[redacted]');
    expect(JSON.stringify(echoed.body)).not.toContain(SECRET);
    const fallback = await post(`${url}/v1/reward`, row(UNDECIDED, '[echo]'));
    expect(fallback.body.verdict.error.message).toContain('[redacted]');
    expect(JSON.stringify(fallback.body)).not.toContain(SECRET);

    // startServer's own log line names the judge.
    const server = await startServer({ host: '127.0.0.1', port: 0, workers: 0, signals: false, logger, judge });
    await server.close();

    const text = logs.join('');
    expect(text).toContain('"judge":{"model":"judge-model","mode":"cascade","onJudgeError":"rules"}');
    expect(text).toContain('the judge gave no verdict');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(3, 15));
    for (const base of [url, throwing.url]) expect((await get(`${base}/metrics`)).body).not.toContain(SECRET);
  });
});

describe('/metrics', () => {
  it('shows the judge’s counters, gauges and latency histogram', async () => {
    const text = (await get(`${url}/metrics`)).body as string;
    for (const family of [
      'longtrace_judge_calls_total counter', 'longtrace_judge_requests_total counter', 'longtrace_judge_cache_hits_total counter',
      'longtrace_judge_retries_total counter', 'longtrace_judge_errors_total counter', 'longtrace_judge_fallbacks_total counter',
      'longtrace_rows_judged_total counter', 'longtrace_judge_in_flight gauge', 'longtrace_judge_queued gauge',
      'longtrace_judge_duration_seconds histogram',
    ]) expect(text).toContain(`# TYPE ${family}\n`);
    const callsTotal = metric(text, 'longtrace_judge_calls_total');
    expect(callsTotal).toBeGreaterThan(5);
    expect(metric(text, 'longtrace_judge_requests_total')).toBe(callsTotal);
    expect(metric(text, 'longtrace_judge_retries_total')).toBe(0);
    for (const code of ['JUDGE_UNAVAILABLE', 'JUDGE_UNPARSEABLE', 'JUDGE_TIMEOUT']) expect(text).toContain(`longtrace_judge_errors_total{code="${code}"} `);
    expect(metric(text, 'longtrace_judge_in_flight')).toBe(0);
    expect(metric(text, 'longtrace_judge_queued')).toBe(0);
    expect(metric(text, 'longtrace_rows_judged_total{route="/evaluate"}')).toBeGreaterThan(0);
    // Seconds, cumulative; +Inf is the count of finished calls.
    expect(text).toContain('longtrace_judge_duration_seconds_bucket{le="0.05"} ');
    expect(text).toContain('longtrace_judge_duration_seconds_bucket{le="120"} ');
    expect(metric(text, 'longtrace_judge_duration_seconds_bucket{le="+Inf"}')).toBe(callsTotal);
    expect(metric(text, 'longtrace_judge_duration_seconds_count')).toBe(callsTotal);
    expect(metric(text, 'longtrace_judge_duration_seconds_sum')).toBeGreaterThan(0);
    const buckets = [...text.matchAll(/^longtrace_judge_duration_seconds_bucket\{le="[^"]+"\} (\d+)$/gm)].map((m) => Number(m[1]));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });

  it('a server without a judge shows no judge series', async () => {
    const app = createRewardServer({ workers: 0 });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    await app.close();
    expect(text).not.toContain('longtrace_judge_');
  });
});

describe('modes and options', () => {
  it('judgeMode judge asks about every answer, the rules’ decided ones too', async () => {
    const { url: always } = await serve({ judge, judgeMode: 'judge' });
    const input = row(WRONG);
    const { body } = await post(`${always}/v1/reward`, input);
    expect(calls(input.question)).toBe(1);
    expect(body.verdict).toMatchObject({ method: 'judge', judged: true, correct: false });
  });

  it('judgeMode rules never asks', async () => {
    const { url: never } = await serve({ judge, judgeMode: 'rules' });
    const input = row(UNDECIDED);
    const { body } = await post(`${never}/v1/reward`, input);
    expect(calls(input.question)).toBe(0);
    expect(body.verdict).toMatchObject({ method: 'undecided', judged: false });
  });

  it.each<[string, RewardServerOptions, string]>([
    ['a judge URL with credentials', { judge: { ...judge, baseURL: `http://user:${SECRET}@127.0.0.1:1/v1` } }, 'judge.baseURL'],
    ['a judge without a model', { judge: { ...judge, model: '' } }, 'judge.model'],
    ['a judge with 0 concurrency', { judge: { ...judge, maxConcurrency: 0 } }, 'judge.maxConcurrency'],
    ['judgeMode judge without a judge', { judgeMode: 'judge' }, 'judge'],
    ['an unknown judgeMode', { judge, judgeMode: 'sometimes' as never }, 'judgeMode'],
    ['an unknown onJudgeError', { judge, onJudgeError: 'retry' as never }, 'onJudgeError'],
  ])('refuses %s, never quoting the key', (_what, options, path) => {
    let thrown: unknown;
    try {
      createRewardServer({ workers: 0, ...options }).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).code).toBe('INVALID_OPTIONS');
    expect((thrown as ValidationError).path).toBe(path);
    expect((thrown as Error).message).not.toContain(SECRET);
  });

  it('takes a judge already made, and shares its cache with the caller', async () => {
    const { createJudge } = await import('../../src/index.js');
    const made = createJudge({ baseURL: chat.baseURL, model: 'judge-model', retries: 0 });
    const { url: shared } = await serve({ judge: made });
    const input = row(UNDECIDED);
    await post(`${shared}/evaluate`, evaluateBody(input));
    expect(made.stats()).toMatchObject({ calls: 1, cacheHits: 0 });
  });
});

describe('with the worker pool', () => {
  it('threads send back what the judge needs; batches and single rows are settled alike', async () => {
    const { url: pooled, app } = await serve({ judge, workers: 2, requestTimeoutMs: 30_000 });
    expect((app.server.address() as AddressInfo).port).toBeGreaterThan(0);
    const single = row(UNDECIDED);
    const one = await post(`${pooled}/evaluate`, evaluateBody(single));
    expect(one.body.outcome_reward).toBe(1);
    expect(one.body.reward).toBeCloseTo(judgedYes(2 / 3), 12);
    // Two threads: the batch is spread over them and comes back as rows.
    const items = [row(RIGHT), row(UNDECIDED), row(WRONG), row(UNDECIDED)];
    const { body } = await post(`${pooled}/v1/rewards`, { items, groups: false });
    expect(body.results.map((r: { outcome: number }) => r.outcome)).toEqual([1, 1, 0, 1]);
    expect(body.results.map((r: { verdict: { judged: boolean } }) => r.verdict.judged)).toEqual([false, true, false, true]);
    for (const r of [single, ...items]) expect(calls(r.question)).toBe(r.response === UNDECIDED ? 1 : 0);
  }, 30_000);
});
