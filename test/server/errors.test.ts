// Bad input never crashes the service and never scores a silent 0: every refusal is a 4xx with
// `{ error: { code, message, path } }`, and the server goes on serving.
import { describe, expect, it } from 'vitest';
import { rubricReward } from '../../src/index.js';
import { get, post, serve } from './helpers.js';

const { url } = await serve({ bodyLimit: 64 * 1024 });

const GOOD = { label: 'North Sea', extra_reward_info: { rubrics: ['Rhine'] }, response: '<think>Rhine</think> \\boxed{North Sea}' };

async function stillServes(): Promise<void> {
  const { status, body } = await post(`${url}/evaluate`, GOOD);
  expect(status).toBe(200);
  expect(body.reward).toBe(1);
}

describe('400: the body is at fault, with the field named', () => {
  const cases: [string, string, unknown, string, string][] = [
    ['/evaluate', 'malformed JSON', '{"label": "x",', 'INVALID_JSON', ''],
    ['/evaluate', 'a JSON array', '[1, 2]', 'INVALID_INPUT', ''],
    ['/evaluate', 'no response nor history', { label: 'x' }, 'INVALID_INPUT', 'response'],
    // Odd sample data (a rubric of the wrong type, history not ending with the assistant, …) is
    // not refused on /evaluate and /get_reward: see test/server/evaluate-reference.test.ts.
    ['/evaluate', 'a numeric response', { ...GOOD, response: 42 }, 'INVALID_INPUT', 'response'],
    ['/evaluate', 'a missing label', { response: 'x' }, 'INVALID_INPUT', 'label'],
    ['/get_reward', 'lists of different lengths', { query: ['a', 'b'], prompts: ['a'], labels: ['x', 'y'] }, 'INVALID_INPUT', 'prompts'],
    ['/get_reward', 'a missing query', { prompts: [], labels: [] }, 'INVALID_INPUT', 'query'],
    ['/v1/reward', 'no entities', { response: 'x', answer: 'x' }, 'INVALID_INPUT', 'entities'],
    ['/v1/reward', 'an empty chain with a rubric strategy', { response: 'x', answer: 'x', entities: [] }, 'INVALID_ENTITY', 'entities'],
    ['/v1/reward', 'a misspelt option', { response: 'x', answer: 'x', entities: ['x'], options: { stratgy: 'mixed' } }, 'INVALID_OPTIONS', 'options'],
    ['/v1/reward', 'an unknown strategy', { response: 'x', answer: 'x', entities: ['x'], options: { strategy: 'best' } }, 'INVALID_OPTIONS', 'options.strategy'],
    ['/v1/rewards', 'items missing', { options: {} }, 'INVALID_INPUT', 'items'],
    ['/v1/rewards', 'a bad item', { items: [{ response: 'x', answer: 'x', entities: ['x'] }, { response: 'x', answer: 'x', entities: [{ aliases: [] }] }] }, 'INVALID_INPUT', 'items[1].entities[0]'],
    ['/v1/rewards', 'an item the library refuses', { items: [{ response: 'x', answer: 'x', entities: ['x'] }, { response: 'x', answer: 'x', entities: ['x', { name: 'y', weight: -1 }] }] }, 'INVALID_ENTITY', 'items[1].entities[1].weight'],
    ['/v1/rewards', 'groups not a boolean', { items: [], groups: 'yes' }, 'INVALID_INPUT', 'groups'],
  ];

  it.each(cases)('%s: %s → %s at "%s"', async (route, _what, body, code, path) => {
    const reply = await post(`${url}${route}`, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code, path });
    expect(typeof reply.body.error.message).toBe('string');
    expect(reply.body.error.message.length).toBeGreaterThan(0);
    await stillServes();
  });

  it('lists every issue with its path', async () => {
    const { body } = await post(`${url}/evaluate`, { label: 'x', extra_reward_info: 'x', response: 4 });
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['extra_reward_info', 'response']);
  });

  it('an empty body', async () => {
    const res = await post(`${url}/evaluate`, '');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  it('a body sent without a JSON content type is still read as JSON', async () => {
    const res = await fetch(`${url}/evaluate`, { method: 'POST', body: JSON.stringify(GOOD) });
    expect(res.status).toBe(200);
  });

  it('prototype poisoning is refused', async () => {
    const res = await post(`${url}/evaluate`, '{"label": "x", "response": "x", "__proto__": {"polluted": true}}');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });
});

describe('413, 404', () => {
  it('a body over bodyLimit is 413 PAYLOAD_TOO_LARGE', async () => {
    const { status, body } = await post(`${url}/evaluate`, { ...GOOD, response: 'x'.repeat(65 * 1024) });
    expect(status).toBe(413);
    expect(body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), path: '' } });
    await stillServes();
  });

  it.each([
    ['GET', '/nope'],
    ['POST', '/v2/reward'],
    ['GET', '/evaluate'],
  ])('%s %s is 404 NOT_FOUND in the same shape', async (method, route) => {
    const res = await fetch(`${url}${route}`, { method, ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: `no route ${method} ${route}`, path: '' } });
  });

  it('the default limit takes a batch of 32K-token responses', async () => {
    const { app } = await serve();
    // 64 MiB, the documented default.
    expect(app.initialConfig.bodyLimit).toBe(64 * 1024 * 1024);
  });
});

describe('503 TIMEOUT', () => {
  it('in-process scoring stops between rows once the deadline passes', async () => {
    const slow = await serve({ workers: 0, requestTimeoutMs: 20 });
    const response = `<think>${'Cologne lies on the Rhine, which flows into the North Sea. '.repeat(4000)}</think> \\boxed{North Sea}`;
    const items = Array.from({ length: 60 }, () => ({ response, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] }));
    const { status, body } = await post(`${slow.url}/v1/rewards`, { items });
    expect(status).toBe(503);
    expect(body).toEqual({ error: { code: 'TIMEOUT', message: 'scoring took longer than 20 ms (requestTimeoutMs)', path: '' } });
    const after = await post(`${slow.url}/v1/reward`, { response: '\\boxed{x}', answer: 'x', entities: ['x'] });
    expect(after.status).toBe(200);
  });
});

describe('server options', () => {
  it.each([
    [{ workers: -1 }, 'workers'],
    [{ eta: 2 }, 'eta'],
    [{ strategy: 'best' }, 'strategy'],
    [{ bodyLimit: 0 }, 'bodyLimit'],
    [{ requestTimeoutMs: 1.5 }, 'requestTimeoutMs'],
  ])('%o is refused at creation, naming %s', async (options, path) => {
    const { createRewardServer } = await import('../../src/server/index.js');
    expect(() => createRewardServer(options as never)).toThrow(expect.objectContaining({ name: 'ValidationError', code: 'INVALID_OPTIONS', path }));
  });

  it('eta and strategy set the defaults of every endpoint', async () => {
    const mixed = await serve({ eta: 0.5, strategy: 'mixed' });
    const wrong = '<think>Cologne lies on the Rhine.</think> \\boxed{Baltic Sea}';
    const expected = rubricReward({ response: wrong, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] }, { eta: 0.5, strategy: 'mixed' });
    const evaluate = await post(`${mixed.url}/evaluate`, { label: 'North Sea', extra_reward_info: { rubrics: ['Cologne', 'Rhine', 'North Sea'] }, response: wrong });
    const native = await post(`${mixed.url}/v1/reward`, { response: wrong, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] });
    expect([evaluate.body.reward, native.body.reward]).toEqual([expected.reward, expected.reward]);
    expect(expected.reward).toBeGreaterThan(0);
  });
});

describe('shutting down', () => {
  it('a request that arrives while the server closes gets 503 SHUTTING_DOWN, and healthz fails', async () => {
    const { createRewardServer } = await import('../../src/server/index.js');
    const app = createRewardServer({ workers: 0 });
    // Hold the close half-way, as a request in flight would.
    let release!: () => void;
    app.addHook('onClose', () => new Promise<void>((resolve) => (release = resolve)));
    await app.ready();
    const closing = app.close();
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({ error: { code: 'SHUTTING_DOWN', message: expect.any(String), path: '' } });
    release();
    await closing;
    expect((await get(`${url}/healthz`)).status).toBe(200);
  });
});
