// Hostile and broken clients (issue 10): bodies nested 10⁵ deep, uploads that stall, uploads that
// would hold more memory than the budget, clients that hang up, huge groups, overflowing weights,
// and a drain that answers 503 rather than refusing connections. Loopback only, bounded.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRewardServer, startServer } from '../../src/server/index.js';
import { isLoopback } from '../../src/server/start.js';
import { get, metric, post, serve } from './helpers.js';

/** Sends raw bytes on a fresh connection; resolves with everything the server wrote until it closed. */
function raw(url: string, head: string, body = ''): { socket: Socket; reply: Promise<string> } {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8').on('data', (d: string) => (text += d));
  const reply = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(text));
    socket.on('error', () => undefined);
  });
  socket.write(head + body);
  return { socket, reply };
}

const ITEM = { response: '<think>Rhine</think> \\boxed{North Sea}', answer: 'North Sea', entities: ['Rhine'] };

describe('bodies nested too deep are a 400, not a 500', () => {
  it.each([
    ['`[` × 10⁵ (unterminated)', '['.repeat(1e5)],
    ['`[` × 10⁵ balanced', `${'['.repeat(1e5)}${']'.repeat(1e5)}`],
    ['an object nested 10⁴ deep in an item', `{"items":[${'{"a":'.repeat(1e4)}1${'}'.repeat(1e4)}]}`],
  ])('%s', async (_what, body) => {
    const { url } = await serve();
    for (const route of ['/evaluate', '/v1/rewards']) {
      const reply = await post(`${url}${route}`, body);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('INVALID_JSON');
    }
    expect((await post(`${url}/v1/reward`, ITEM)).body.reward).toBe(1);
  });
});

describe('a body that does not arrive in time', () => {
  it('gets 408 BODY_TIMEOUT and the connection closed; the server goes on', async () => {
    const { url } = await serve({ bodyTimeoutMs: 150 });
    const { reply } = raw(url, 'POST /evaluate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n', '{"label":');
    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toContain('"code":"BODY_TIMEOUT"');
    expect(metric((await get<string>(`${url}/metrics`)).body, 'longtrace_http_body_timeouts_total')).toBe(1);
    // Closed by us, not by the client.
    expect(metric((await get<string>(`${url}/metrics`)).body, 'longtrace_http_client_gone_total{route="/evaluate"}')).toBe(0);
    expect(metric((await get<string>(`${url}/metrics`)).body, 'longtrace_http_body_bytes_in_flight')).toBe(0);
    expect((await post(`${url}/v1/reward`, ITEM)).body.reward).toBe(1);
  });
});

describe('bytes in flight across requests are capped', () => {
  it('by content-length at the door: 503 OVERLOADED with Retry-After, and room again once the holder goes', async () => {
    const { url } = await serve({ bodyLimit: 1000, maxBytesInFlight: 1500 });
    const stalled = raw(url, 'POST /evaluate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 900\r\n\r\n', '{');
    // Until the server has seen the first request's headers, the second could come first.
    while (metric((await get<string>(`${url}/metrics`)).body, 'longtrace_http_body_bytes_in_flight') < 900) await new Promise((r) => setTimeout(r, 5));
    const body = JSON.stringify({ ...ITEM, pad: 'x'.repeat(800 - JSON.stringify(ITEM).length) });
    const refused = await post(`${url}/v1/reward`, body);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('OVERLOADED');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    stalled.socket.destroy();
    await stalled.reply;
    while (metric((await get<string>(`${url}/metrics`)).body, 'longtrace_http_body_bytes_in_flight') > 0) await new Promise((r) => setTimeout(r, 5));
    expect((await post(`${url}/v1/reward`, body)).status).toBe(200);
    expect(metric((await get<string>(`${url}/metrics`)).body, 'longtrace_requests_shed_total{reason="bytes_in_flight"}')).toBe(1);
  });

  it('as they arrive when the client streams without content-length', async () => {
    const { url } = await serve({ bodyLimit: 1000, maxBytesInFlight: 1000 });
    const chunk = (s: string): string => `${s.length.toString(16)}\r\n${s}\r\n`;
    const { reply } = raw(url, 'POST /evaluate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n', chunk('x'.repeat(600)) + chunk('x'.repeat(600)) + '0\r\n\r\n');
    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 503/);
    expect(text.toLowerCase()).toContain('retry-after:');
    expect(text).toContain('"code":"OVERLOADED"');
    while (metric((await get<string>(`${url}/metrics`)).body, 'longtrace_http_body_bytes_in_flight') > 0) await new Promise((r) => setTimeout(r, 5));
    expect((await post(`${url}/v1/reward`, ITEM)).body.reward).toBe(1);
  });
});

describe('a client that hangs up', () => {
  it('is counted by route, and its slot is freed', async () => {
    const { url } = await serve();
    // A batch scored in-process yields between rows; the client is gone long before the last.
    const response = `<think>${'Cologne lies on the Rhine, which flows into the North Sea. '.repeat(2000)}</think> \\boxed{North Sea}`;
    const items = Array.from({ length: 200 }, () => ({ response, answer: 'North Sea', entities: ['Rhine'] }));
    const controller = new AbortController();
    const pending = fetch(`${url}/v1/rewards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }), signal: controller.signal }).catch(() => 'aborted');
    while (metric((await get<string>(`${url}/metrics`)).body, 'longtrace_pool_tasks_in_flight') < 1) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await pending).toBe('aborted');
    let text = '';
    while (metric((text = (await get<string>(`${url}/metrics`)).body), 'longtrace_http_client_gone_total{route="/v1/rewards"}') < 1) await new Promise((r) => setTimeout(r, 10));
    expect(metric(text, 'longtrace_http_client_gone_total{route="/v1/rewards"}')).toBe(1);
  });
});

describe('/v1/rewards grouped', () => {
  it('never reports a path that is not in the request, whatever the weights', async () => {
    const { url } = await serve();
    const entities = [{ name: 'Rhine', weight: 1e308 }, { name: 'Elbe', weight: 1e308 }];
    const { status, body } = await post(`${url}/v1/rewards`, { items: [{ ...ITEM, entities, group: 1 }, { ...ITEM, response: 'Rhine \\boxed{x}', entities, group: 1 }] });
    expect(status).toBe(200);
    expect(body.results.map((r: { rubric: number }) => r.rubric)).toEqual([0.5, 0.5]);
    expect(body.rewards.every((r: number) => Number.isFinite(r) && r >= 0 && r <= 1)).toBe(true);
  });
});

describe('draining', () => {
  it('answers new requests 503 SHUTTING_DOWN while a request is in flight, finishes it, then closes the port', async () => {
    const server = await startServer({ port: 0, workers: 0, logger: false, signals: false });
    const response = `<think>${'Cologne lies on the Rhine, which flows into the North Sea. '.repeat(2000)}</think> \\boxed{North Sea}`;
    const slow = post(`${server.url}/v1/rewards`, { items: Array.from({ length: 150 }, () => ({ response, answer: 'North Sea', entities: ['Rhine'] })) });
    while (metric((await get<string>(`${server.url}/metrics`)).body, 'longtrace_pool_tasks_in_flight') < 1) await new Promise((r) => setTimeout(r, 5));
    const closed = server.close();
    // A fresh connection, as a health check or a balancer makes: answered, not refused.
    const health = await get(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(health.body.error.code).toBe('SHUTTING_DOWN');
    expect(health.headers.get('connection')).toBe('close');
    const { status, body } = await slow;
    expect(status).toBe(200);
    expect(body.results).toHaveLength(150);
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 60_000);
});

describe('options', () => {
  it.each([
    [{ maxQueue: -1 }, 'maxQueue'],
    [{ bodyTimeoutMs: 1.5 }, 'bodyTimeoutMs'],
    [{ bodyLimit: 1000, maxBytesInFlight: 999 }, 'maxBytesInFlight'],
  ])('%j is refused, naming %s', (options, field) => {
    expect(() => createRewardServer(options)).toThrow(new RegExp(field));
  });
});

describe('listening beyond loopback is warned about', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
  ])('%s → loopback %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});
