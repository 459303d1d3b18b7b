import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createJudge, JudgeError, LongtraceError, ValidationError, type JudgeOptions } from '../../src/index.js';
import { judgeBy, fakeChatServers, verdictReply, type FakeChatServer } from './fake-chat-server.js';

const serve = fakeChatServers();

/** A judge on `server` with fast retries, so the tests spend their time on what they test. */
function judgeOn(server: FakeChatServer, options: Partial<JudgeOptions> = {}) {
  return createJudge({ baseURL: server.baseURL, model: 'judge-model', retryDelayMs: 1, maxRetryDelayMs: 5, ...options });
}

const yesIfParis = judgeBy((answer) => /paris/i.test(answer));
const paris = { question: 'What is the capital of France?', gold: ['Paris', 'Paris, France'], answer: 'the city of Paris' };

async function rejection(promise: Promise<unknown>): Promise<JudgeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof JudgeError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createJudge: the request', () => {
  it('posts a chat completion with the model, the prompt, the key and the sampling options', async () => {
    const server = await serve(yesIfParis);
    const judge = judgeOn(server, { apiKey: 'sk-test-123', extraBody: { chat_template_kwargs: { enable_thinking: false } } });
    const result = await judge.grade(paris);
    expect(result).toEqual({ correct: true, extracted: 'the city of Paris', justification: 'It names the same thing.', cached: false });
    const [request] = server.received;
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers['authorization']).toBe('Bearer sk-test-123');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toMatchObject({ model: 'judge-model', temperature: 0, max_tokens: 512, chat_template_kwargs: { enable_thinking: false } });
    expect(request?.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect({ answer: request?.answer, question: request?.question, reference: request?.reference }).toEqual({
      answer: 'the city of Paris',
      question: 'What is the capital of France?',
      reference: 'Paris',
    });
  });

  it('reads a no', async () => {
    const server = await serve(yesIfParis);
    const result = await judgeOn(server).grade({ ...paris, answer: 'Lyon' });
    expect(result.correct).toBe(false);
  });

  it('sends no Authorization header without a key, and leaves out temperature and max_tokens set to null', async () => {
    const server = await serve(yesIfParis);
    await judgeOn(server, { temperature: null, maxTokens: null }).grade(paris);
    expect(server.received[0]?.headers['authorization']).toBeUndefined();
    expect(server.received[0]?.body).not.toHaveProperty('temperature');
    expect(server.received[0]?.body).not.toHaveProperty('max_tokens');
  });

  it.each([
    ['/v1', '/v1/chat/completions'],
    ['/v1/', '/v1/chat/completions'],
    ['/v1/chat/completions', '/v1/chat/completions'],
    ['', '/chat/completions'],
  ])('baseURL ending in %j posts to %s', async (suffix, path) => {
    const server = await serve(yesIfParis);
    const origin = server.baseURL.replace(/\/v1$/, '');
    await createJudge({ baseURL: origin + suffix, model: 'm' }).grade(paris);
    expect(server.received[0]?.url).toBe(path);
  });
});

describe('createJudge: cache', () => {
  it('answers a repeated question from the cache', async () => {
    const server = await serve(yesIfParis);
    const judge = judgeOn(server);
    await judge.grade(paris);
    const again = await judge.grade(paris);
    expect(again.cached).toBe(true);
    expect(server.received).toHaveLength(1);
    expect(judge.stats()).toMatchObject({ calls: 1, requests: 1, cacheHits: 1 });
  });

  it.each([
    ['the question', { question: 'Which city hosts the Louvre?' }],
    ['the gold', { gold: ['Paris'] }],
    ['the answer', { answer: 'Paris' }],
  ])('keys on %s', async (_, change) => {
    const server = await serve(yesIfParis);
    const judge = judgeOn(server);
    await judge.grade(paris);
    await judge.grade({ ...paris, ...change });
    expect(server.received).toHaveLength(2);
    expect(judge.stats().cacheHits).toBe(0);
  });

  it('keys on the model: two judges on one endpoint do not share verdicts, and a string gold equals its one-alias list', async () => {
    const server = await serve(yesIfParis);
    const a = judgeOn(server, { model: 'a' });
    await a.grade({ gold: 'Paris', answer: 'Paris' });
    await a.grade({ gold: ['Paris'], answer: 'Paris' });
    await judgeOn(server, { model: 'b' }).grade({ gold: 'Paris', answer: 'Paris' });
    expect(server.received.map((r) => r.body.model)).toEqual(['a', 'b']);
  });

  it('makes one request for identical calls under way at the same time', async () => {
    const server = await serve(judgeBy(() => true, 50));
    const judge = judgeOn(server);
    const results = await Promise.all([judge.grade(paris), judge.grade(paris), judge.grade(paris)]);
    expect(results.map((r) => r.cached)).toEqual([false, true, true]);
    expect(server.received).toHaveLength(1);
    expect(judge.stats()).toMatchObject({ calls: 1, cacheHits: 2 });
  });

  it('keeps nothing with cacheSize 0, and nothing after clearCache()', async () => {
    const server = await serve(yesIfParis);
    const judge = judgeOn(server, { cacheSize: 0 });
    await judge.grade(paris);
    await judge.grade(paris);
    expect(server.received).toHaveLength(2);
    const cached = judgeOn(server);
    await cached.grade(paris);
    cached.clearCache();
    await cached.grade(paris);
    expect(server.received).toHaveLength(4);
  });

  it('does not cache a failure', async () => {
    let n = 0;
    const server = await serve(() => (n++ === 0 ? { status: 400, body: '{"error":"bad"}' } : { reply: verdictReply(true) }));
    const judge = judgeOn(server);
    await expect(judge.grade(paris)).rejects.toThrow(JudgeError);
    await expect(judge.grade(paris)).resolves.toMatchObject({ correct: true, cached: false });
  });
});

describe('createJudge: retries', () => {
  it('retries a 429 and succeeds, honouring Retry-After', async () => {
    let n = 0;
    const server = await serve(() => (n++ === 0 ? { status: 429, headers: { 'retry-after': '0.05' }, body: '{"error":"slow down"}' } : { reply: verdictReply(true) }));
    // Retry-After is honoured up to maxRetryDelayMs.
    const judge = judgeOn(server, { maxRetryDelayMs: 1000 });
    const started = performance.now();
    await expect(judge.grade(paris)).resolves.toMatchObject({ correct: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(server.received).toHaveLength(2);
    expect(judge.stats()).toMatchObject({ calls: 1, requests: 2, retries: 1, errors: 0 });
  });

  it.each([500, 502, 503, 408])('retries HTTP %i up to `retries` times, then fails with JUDGE_UNAVAILABLE', async (status) => {
    const server = await serve(() => ({ status, body: 'upstream trouble' }));
    const judge = judgeOn(server, { retries: 2 });
    const error = await rejection(judge.grade(paris));
    expect({ code: error.code, status: error.status, attempts: error.attempts }).toEqual({ code: 'JUDGE_UNAVAILABLE', status, attempts: 3 });
    expect(error.message).toContain(`HTTP ${status}: upstream trouble`);
    expect(server.received).toHaveLength(3);
    expect(judge.stats()).toMatchObject({ calls: 1, requests: 3, retries: 2, errors: 1, errorsByCode: { JUDGE_UNAVAILABLE: 1 } });
  });

  it.each([400, 401, 403, 404])('does not retry HTTP %i', async (status) => {
    const server = await serve(() => ({ status, body: '{"error":{"message":"no"}}' }));
    const error = await rejection(judgeOn(server).grade(paris));
    expect(error.code).toBe('JUDGE_UNAVAILABLE');
    expect(server.received).toHaveLength(1);
  });

  it('retries an unparseable reply, then reports JUDGE_UNPARSEABLE; it never guesses', async () => {
    const server = await serve(() => ({ reply: 'I think this is probably fine.' }));
    const judge = judgeOn(server, { retries: 1 });
    const error = await rejection(judge.grade(paris));
    expect(error.code).toBe('JUDGE_UNPARSEABLE');
    expect(error.message).toContain('I think this is probably fine.');
    expect(server.received).toHaveLength(2);
  });

  it.each([
    ['a body that is not JSON', { raw: '<html>gateway</html>' }],
    ['a body without choices', { raw: '{"object":"error"}' }],
    ['a null content', { raw: '{"choices":[{"message":{"content":null}}]}' }],
  ])('treats %s as unparseable, and succeeds on the retry', async (_, first) => {
    let n = 0;
    const server = await serve(() => (n++ === 0 ? first : { reply: verdictReply(false) }));
    const judge = judgeOn(server);
    await expect(judge.grade(paris)).resolves.toMatchObject({ correct: false });
    expect(judge.stats().retries).toBe(1);
  });

  it('retries a dropped connection', async () => {
    let n = 0;
    const server = await serve(() => (n++ === 0 ? { drop: true } : { reply: verdictReply(true) }));
    const judge = judgeOn(server);
    await expect(judge.grade(paris)).resolves.toMatchObject({ correct: true });
    expect(server.received).toHaveLength(2);
  });

  it('fails with JUDGE_UNAVAILABLE when the connection always drops', async () => {
    const server = await serve(() => ({ drop: true }));
    const error = await rejection(judgeOn(server, { retries: 1 }).grade(paris));
    expect(error.code).toBe('JUDGE_UNAVAILABLE');
    expect(error.message).toMatch(/unreachable/);
  });

  it('fails with JUDGE_UNAVAILABLE when nothing listens', async () => {
    const server = await serve(yesIfParis);
    const baseURL = server.baseURL;
    await server.close();
    const error = await rejection(createJudge({ baseURL, model: 'm', retries: 1, retryDelayMs: 1 }).grade(paris));
    expect(error.code).toBe('JUDGE_UNAVAILABLE');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe('createJudge: time limits', () => {
  it('times out a late answer after timeoutMs, retries, then fails with JUDGE_TIMEOUT', async () => {
    const server = await serve(judgeBy(() => true, 1000));
    const judge = judgeOn(server, { timeoutMs: 80, retries: 1 });
    const started = performance.now();
    const error = await rejection(judge.grade(paris));
    const took = performance.now() - started;
    expect(error.code).toBe('JUDGE_TIMEOUT');
    expect(error.attempts).toBe(2);
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(900);
    expect(server.received).toHaveLength(2);
  });

  it('takes a late answer that comes within timeoutMs', async () => {
    const server = await serve(judgeBy(() => true, 60));
    await expect(judgeOn(server, { timeoutMs: 1000 }).grade(paris)).resolves.toMatchObject({ correct: true });
  });

  it('stops at the overall deadline, whatever the retries left', async () => {
    const server = await serve(judgeBy(() => true, 5000));
    const judge = judgeOn(server, { timeoutMs: 10_000, retries: 5, deadlineMs: 150 });
    const started = performance.now();
    const error = await rejection(judge.grade(paris));
    const took = performance.now() - started;
    expect(error.code).toBe('JUDGE_TIMEOUT');
    expect(error.message).toMatch(/deadline of 150 ms/);
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(1000);
    expect(server.received).toHaveLength(1);
    expect(judge.stats()).toMatchObject({ errors: 1, errorsByCode: { JUDGE_TIMEOUT: 1 }, inFlight: 0 });
  });

  it('does not back off past the deadline: it reports the last failure at once', async () => {
    const server = await serve(() => ({ status: 503, headers: { 'retry-after': '30' } }));
    const judge = judgeOn(server, { deadlineMs: 2000, maxRetryDelayMs: 5000 });
    const started = performance.now();
    const error = await rejection(judge.grade(paris));
    expect(error.code).toBe('JUDGE_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(500);
    expect(server.received).toHaveLength(1);
  });

  it('counts the time spent waiting for a slot against the deadline', async () => {
    // One slot, 200 ms a reply, a 300 ms deadline: the second call waits 200 ms for the slot,
    // so its own 200 ms request would end past its deadline.
    const server = await serve(judgeBy(() => true, 200));
    const judge = judgeOn(server, { maxConcurrency: 1, deadlineMs: 300 });
    const started = performance.now();
    const [first, second] = await Promise.allSettled([judge.grade({ ...paris, answer: 'Paris' }), judge.grade({ ...paris, answer: 'Lyon' })]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'JUDGE_TIMEOUT', attempts: 1 } });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('abandons a call when the caller aborts, without counting it as an error', async () => {
    const server = await serve(judgeBy(() => true, 2000));
    const judge = judgeOn(server);
    const controller = new AbortController();
    const pending = judge.grade(paris, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    await expect(pending).rejects.toThrow('client went away');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The request itself was cancelled: no one waits for it.
    expect(server.open).toBe(0);
    expect(judge.stats()).toMatchObject({ calls: 1, errors: 0, inFlight: 0 });
  });

  it('keeps a shared call going while another caller still waits for it', async () => {
    const server = await serve(judgeBy(() => true, 100));
    const judge = judgeOn(server);
    const controller = new AbortController();
    const leaving = judge.grade(paris, { signal: controller.signal });
    const staying = judge.grade(paris);
    controller.abort();
    await expect(leaving).rejects.toMatchObject({ name: 'AbortError' });
    await expect(staying).resolves.toMatchObject({ correct: true, cached: true });
    expect(server.received).toHaveLength(1);
  });
});

describe('createJudge: concurrency', () => {
  it('never holds more than maxConcurrency requests open', async () => {
    const server = await serve(judgeBy(() => true, 30));
    const judge = judgeOn(server, { maxConcurrency: 3 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => judge.grade({ ...paris, answer: `answer ${i}` })));
    expect(results.every((r) => r.correct)).toBe(true);
    expect(server.received).toHaveLength(20);
    expect(server.maxConcurrent).toBe(3);
  });

  it('holds no slot while backing off: retries of one call do not block the others beyond the limit', async () => {
    const seen = new Map<string, number>();
    const server = await serve((r) => {
      const n = (seen.get(r.answer) ?? 0) + 1;
      seen.set(r.answer, n);
      return n === 1 ? { status: 429 } : { reply: verdictReply(true), delayMs: 10 };
    });
    const judge = judgeOn(server, { maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => judge.grade({ ...paris, answer: `a${i}` })));
    expect(server.maxConcurrent).toBeLessThanOrEqual(2);
    expect(judge.stats()).toMatchObject({ calls: 8, requests: 16, retries: 8, inFlight: 0, queued: 0 });
  });
});

describe('createJudge: stats', () => {
  it('counts calls, hits, errors and latency, in a cumulative histogram', async () => {
    let n = 0;
    const server = await serve((r) => (r.answer === 'bad' ? { status: 400 } : { reply: verdictReply(n++ % 2 === 0), delayMs: 5 }));
    const judge = judgeOn(server);
    await judge.grade({ ...paris, answer: 'a' });
    await judge.grade({ ...paris, answer: 'b' });
    await judge.grade({ ...paris, answer: 'a' });
    await judge.grade({ ...paris, answer: 'bad' }).catch(() => {});
    const stats = judge.stats();
    expect(stats).toMatchObject({
      calls: 3, requests: 3, cacheHits: 1, errors: 1, retries: 0, inFlight: 0, queued: 0,
      errorsByCode: { JUDGE_UNAVAILABLE: 1, JUDGE_UNPARSEABLE: 0, JUDGE_TIMEOUT: 0 },
    });
    expect(stats.latencyMs.count).toBe(3);
    expect(stats.latencyMs.sum).toBeGreaterThan(0);
    const counts = stats.latencyMs.buckets.map((b) => b.count);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts[counts.length - 1]).toBe(3);
  });

  it('reports inFlight while calls are under way', async () => {
    const server = await serve(judgeBy(() => true, 50));
    const judge = judgeOn(server, { maxConcurrency: 1 });
    const pending = [judge.grade({ ...paris, answer: '1' }), judge.grade({ ...paris, answer: '2' })];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(judge.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    await Promise.all(pending);
    expect(judge.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});

describe('createJudge: the API key stays secret', () => {
  const key = 'sk-very-secret-0123456789';

  it('is not in an error message, even when the endpoint echoes it', async () => {
    const server = await serve((r) => ({ status: 401, body: JSON.stringify({ error: `invalid key ${String(r.headers['authorization'])}` }) }));
    const error = await rejection(judgeOn(server, { apiKey: key }).grade(paris));
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
    expect(inspect(error, { depth: 5 })).not.toContain(key);
  });

  it('is not in the judge object or its stats', async () => {
    const server = await serve(yesIfParis);
    const judge = judgeOn(server, { apiKey: key });
    await judge.grade(paris);
    expect(inspect(judge, { depth: 5, showHidden: true })).not.toContain(key);
    expect(JSON.stringify(judge.stats())).not.toContain(key);
  });
});

describe('createJudge: errors', () => {
  it('JudgeError is a LongtraceError with a stable code', async () => {
    const server = await serve(() => ({ status: 400 }));
    const error = await rejection(judgeOn(server).grade(paris));
    expect(error).toBeInstanceOf(LongtraceError);
    expect(LongtraceError.isInstance(error)).toBe(true);
    expect(JudgeError.isJudgeError(error)).toBe(true);
    expect(JudgeError.isJudgeError(new LongtraceError('INTERNAL', 'x'))).toBe(false);
    expect(error.name).toBe('JudgeError');
  });

  it.each<[string, Partial<JudgeOptions>, string]>([
    ['a missing baseURL', { baseURL: undefined as unknown as string }, 'baseURL'],
    ['a baseURL that is not http', { baseURL: 'ftp://x/v1' }, 'baseURL'],
    ['an empty model', { model: ' ' }, 'model'],
    ['maxConcurrency 0', { maxConcurrency: 0 }, 'maxConcurrency'],
    ['fractional retries', { retries: 1.5 }, 'retries'],
    ['a negative cacheSize', { cacheSize: -1 }, 'cacheSize'],
    ['a zero deadline', { deadlineMs: 0 }, 'deadlineMs'],
    ['a NaN timeout', { timeoutMs: Number.NaN }, 'timeoutMs'],
    ['a fetch that is not a function', { fetch: 'no' as unknown as typeof fetch }, 'fetch'],
  ])('rejects %s with INVALID_OPTIONS naming the option', (_, change, path) => {
    const make = (): unknown => createJudge({ baseURL: 'http://127.0.0.1:1/v1', model: 'm', ...change });
    expect(make).toThrow(ValidationError);
    try {
      make();
    } catch (error) {
      expect({ code: (error as ValidationError).code, path: (error as ValidationError).path }).toEqual({ code: 'INVALID_OPTIONS', path });
    }
  });

  it('rejects credentials in baseURL without quoting them', () => {
    expect(() => createJudge({ baseURL: 'http://user:hunter2@127.0.0.1/v1', model: 'm' })).toThrow(/must not carry credentials/);
    try {
      createJudge({ baseURL: 'http://user:hunter2@127.0.0.1/v1', model: 'm' });
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
  });

  it('rejects a bad gold answer before any request', async () => {
    const server = await serve(yesIfParis);
    await expect(judgeOn(server).grade({ gold: [], answer: 'x' })).rejects.toMatchObject({ code: 'INVALID_GOLD_ANSWER' });
    expect(server.received).toHaveLength(0);
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fake: typeof fetch = async (url) => {
      calls.push(String(url));
      return new Response(JSON.stringify({ choices: [{ message: { content: verdictReply(true) } }] }), { status: 200 });
    };
    const judge = createJudge({ baseURL: 'http://judge.invalid/v1', model: 'm', fetch: fake });
    await expect(judge.grade(paris)).resolves.toMatchObject({ correct: true });
    expect(calls).toEqual(['http://judge.invalid/v1/chat/completions']);
  });
});
