import { mkdtemp, readdir, readFile, rm, truncate, writeFile, mkdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeChatServers, type FakeChatServer } from '../../test/judge/fake-chat-server.js';
import { chatBody } from '../../test/llm/bodies.js';
import {
  completeWith, createFileReplyStore, createLlmClient, createMemoryReplyStore, defaultReplyCacheDir, replyCacheKey, withReplyCache,
  type ChatMessagesRequest, type ChatReply, type ChatRequest, type ChatTransport,
} from './index.js';

const serve = fakeChatServers();
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reply-cache-'));
  dirs.push(dir);
  return dir;
}

function clientOn(server: FakeChatServer) {
  return createLlmClient({ baseURL: server.baseURL, model: 'm', retryDelayMs: 1, maxRetryDelayMs: 5, retries: 1 });
}

const ask: ChatMessagesRequest = { messages: [{ role: 'user', content: 'Where is Oslo?' }] };
const reply: ChatReply = { content: 'Norway', toolCalls: [], finishReason: 'stop', usage: { promptTokens: 5, completionTokens: 1, totalTokens: 6 } };
const KEY = 'ab'.repeat(32);

describe('withReplyCache over a real client', () => {
  it('asks the model once for the same request twice, across store instances on one directory', async () => {
    const server = await serve(() => ({ raw: chatBody('Norway', [], { usage: { prompt_tokens: 5, completion_tokens: 1 } }) }));
    const dir = await tempDir();
    const first = await withReplyCache(clientOn(server), createFileReplyStore({ dir })).send(ask);
    // A second run: a new client and a new store on the same directory.
    const store = createFileReplyStore({ dir });
    const second = await withReplyCache(clientOn(server), store).send({ messages: [{ content: 'Where is Oslo?', role: 'user' }] });
    expect(server.received).toHaveLength(1);
    expect(second).toEqual({ ...first, cached: true });
    expect(first).toEqual(reply);
    expect(store.stats()).toEqual({ hits: 1, misses: 0, writes: 0, errors: 0 });
  });

  it('single-flights identical requests under way: five at once make one HTTP call', async () => {
    const server = await serve(() => ({ raw: chatBody('Norway'), delayMs: 50 }));
    const cached = withReplyCache(clientOn(server), createMemoryReplyStore());
    const replies = await Promise.all(Array.from({ length: 5 }, () => cached.send(ask)));
    expect(server.received).toHaveLength(1);
    expect(new Set(replies.map((r) => r.content))).toEqual(new Set(['Norway']));
  });

  it.each<[string, ChatRequest]>([
    ['other tools', { ...ask, tools: [{ type: 'function' as const, function: { name: 'search' } }] }],
    ['another temperature', { ...ask, temperature: 0.7 }],
    ['other stop strings', { ...ask, stop: ['</search>'] }],
    ['another extra body', { ...ask, extraBody: { continue_final_message: true } }],
    ['a prompt instead of messages', { prompt: 'Where is Oslo?' }],
  ])('asks again for a request with %s', async (_, other) => {
    const server = await serve((r) => ({ raw: r.url.endsWith('/chat/completions') ? chatBody('x') : JSON.stringify({ choices: [{ text: 'y' }] }) }));
    const store = createMemoryReplyStore();
    const cached = withReplyCache(clientOn(server), store);
    await cached.send(ask);
    await cached.send(other);
    await cached.send(other);
    expect(server.received).toHaveLength(2);
    expect(store.size).toBe(2);
  });

  it('stores only accepted replies: a refused one is neither stored nor served', async () => {
    const server = await serve(() => ({ raw: chatBody('I am not sure.') }));
    const store = createMemoryReplyStore();
    const cached = withReplyCache(clientOn(server), store);
    const refuse = (text: string): string | null => (text.includes('Answer:') ? text : null);
    await expect(completeWith(cached, ask.messages, refuse)).rejects.toMatchObject({ code: 'LLM_UNPARSEABLE' });
    expect(store.size).toBe(0);
    // A stored reply a later caller refuses is a miss: it asks the model again.
    await cached.send(ask);
    expect(store.size).toBe(1);
    const before = server.received.length;
    await expect(completeWith(cached, ask.messages, refuse)).rejects.toMatchObject({ code: 'LLM_UNPARSEABLE' });
    expect(server.received.length).toBeGreaterThan(before);
  });

  it('does not cache a failure', async () => {
    let n = 0;
    const server = await serve(() => (n++ < 2 ? { status: 500 } : { raw: chatBody('ok') }));
    const cached = withReplyCache(clientOn(server), createMemoryReplyStore());
    await expect(cached.send(ask)).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    await expect(cached.send(ask)).resolves.toMatchObject({ content: 'ok' });
  });

  it('keys on the endpoint, the model and the client defaults', async () => {
    const a = await serve(() => ({ raw: chatBody('a') }));
    const b = await serve(() => ({ raw: chatBody('b') }));
    const store = createMemoryReplyStore();
    const on = (server: FakeChatServer, options: { model?: string; temperature?: number } = {}) =>
      withReplyCache(createLlmClient({ baseURL: server.baseURL, model: options.model ?? 'm', temperature: options.temperature }), store);
    expect((await on(a).send(ask)).content).toBe('a');
    expect((await on(b).send(ask)).content).toBe('b');
    await on(a, { model: 'other' }).send(ask);
    await on(a, { temperature: 1 }).send(ask);
    await on(a).send(ask);
    expect(store.size).toBe(4);
    expect(a.received).toHaveLength(3);
  });
});

describe('replyCacheKey', () => {
  const transport: ChatTransport = { model: 'm', baseURL: 'http://h/v1', send: () => Promise.reject(new Error('unused')) };
  const request = fc.record({
    content: fc.string(),
    temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
    stop: fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }),
    seed: fc.option(fc.integer(), { nil: undefined }),
  });
  const build = (r: { content: string; temperature: number | undefined; stop: string[] | undefined; seed: number | undefined }): ChatRequest => {
    const out: ChatMessagesRequest = { messages: [{ role: 'user', content: r.content }] };
    if (r.temperature !== undefined) out.temperature = r.temperature;
    if (r.stop !== undefined) out.stop = r.stop;
    if (r.seed !== undefined) out.seed = r.seed;
    return out;
  };

  it('is the same for equal requests (whatever their key order) and differs for different ones', () => {
    fc.assert(
      fc.property(request, request, (x, y) => {
        const kx = replyCacheKey(transport, build(x));
        const reordered = Object.fromEntries(Object.entries(build(x)).reverse()) as ChatRequest;
        expect(replyCacheKey(transport, reordered)).toBe(kx);
        const same = JSON.stringify(build(x)) === JSON.stringify(build(y));
        expect(replyCacheKey(transport, build(y)) === kx).toBe(same);
      }),
    );
  });

  it('is a sha256 in hex', () => {
    expect(replyCacheKey(transport, ask)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('createFileReplyStore', () => {
  async function storeWithEntry() {
    const dir = await tempDir();
    const store = createFileReplyStore({ dir });
    await store.set(KEY, reply);
    const file = join(dir, KEY.slice(0, 2), `${KEY}.json`);
    return { dir, store, file };
  }

  it('writes one file per key under a shard directory, and reads it back', async () => {
    const { dir, store, file } = await storeWithEntry();
    expect(await readdir(dir)).toEqual(['ab']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ v: 1, key: KEY, reply });
    await expect(store.get(KEY)).resolves.toEqual(reply);
    await expect(store.get('cd'.repeat(32))).resolves.toBeUndefined();
    expect(store.stats()).toEqual({ hits: 1, misses: 1, writes: 1, errors: 0 });
  });

  it('takes a killed write (a temp file left, no entry) for a miss, and writes over it later', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'ab'));
    await writeFile(join(dir, 'ab', `.${KEY}.4242.0.tmp`), '{"v":1,"key":"ab');
    const store = createFileReplyStore({ dir });
    await expect(store.get(KEY)).resolves.toBeUndefined();
    await store.set(KEY, reply);
    await expect(store.get(KEY)).resolves.toEqual(reply);
  });

  it('takes a half-written entry for a miss and counts it', async () => {
    const { store, file } = await storeWithEntry();
    const size = (await readFile(file)).length;
    await truncate(file, Math.floor(size / 2));
    await expect(store.get(KEY)).resolves.toBeUndefined();
    expect(store.stats()).toMatchObject({ misses: 1, errors: 1, hits: 0 });
  });

  it.each([
    ['empty', ''],
    ['null', 'null'],
    ['not JSON', '\u0000\u0001garbage'],
    ['another version', JSON.stringify({ v: 2, key: KEY, reply })],
    ['another key', JSON.stringify({ v: 1, key: 'cd'.repeat(32), reply })],
    ['a reply of the wrong shape', JSON.stringify({ v: 1, key: KEY, reply: { content: 5, toolCalls: [], finishReason: null } })],
  ])('takes a garbage entry (%s) for a miss, never a crash', async (_, text) => {
    const { store, file } = await storeWithEntry();
    await writeFile(file, text);
    await expect(store.get(KEY)).resolves.toBeUndefined();
  });

  it('takes an unreadable entry (a directory where the file should be) for a miss', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'ab', `${KEY}.json`), { recursive: true });
    const store = createFileReplyStore({ dir });
    await expect(store.get(KEY)).resolves.toBeUndefined();
    expect(store.stats()).toMatchObject({ misses: 1, errors: 1 });
  });

  it('degrades to no caching with one warning when the directory cannot be written', async () => {
    const parent = await tempDir();
    const blocker = join(parent, 'a-file');
    await writeFile(blocker, 'not a directory');
    const warnings: string[] = [];
    const store = createFileReplyStore({ dir: join(blocker, 'cache'), onWarning: (m) => warnings.push(m) });
    await store.set(KEY, reply);
    await store.set('cd'.repeat(32), reply);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot be written \(ENOTDIR\)/);
    expect(store.writable).toBe(false);
    expect(store.stats()).toMatchObject({ writes: 0, errors: 1 });
    await expect(store.get(KEY)).resolves.toBeUndefined();
  });

  it.skipIf(process.getuid?.() === 0)('degrades the same way on a read-only directory', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o500);
    const warnings: string[] = [];
    const store = createFileReplyStore({ dir, onWarning: (m) => warnings.push(m) });
    await store.set(KEY, reply);
    await chmod(dir, 0o700);
    expect(warnings).toHaveLength(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a call through a cache whose directory cannot be written still answers', async () => {
    const server = await serve(() => ({ raw: chatBody('ok') }));
    const parent = await tempDir();
    await writeFile(join(parent, 'f'), '');
    const store = createFileReplyStore({ dir: join(parent, 'f', 'x'), onWarning: () => {} });
    await expect(withReplyCache(clientOn(server), store).send(ask)).resolves.toMatchObject({ content: 'ok' });
  });

  it('refuses a key that is not a hash (it could leave the directory)', async () => {
    const store = createFileReplyStore({ dir: await tempDir() });
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('defaultReplyCacheDir', () => {
  it.each<[Record<string, string | undefined>, string]>([
    [{ XDG_CACHE_HOME: '/xdg' }, '/xdg/longtrace-reward/llm'],
    [{ XDG_CACHE_HOME: '' }, '/home/u/.cache/longtrace-reward/llm'],
    [{ XDG_CACHE_HOME: 'relative/cache' }, '/home/u/.cache/longtrace-reward/llm'],
    [{}, '/home/u/.cache/longtrace-reward/llm'],
  ])('with %j is %s', (env, expected) => {
    expect(defaultReplyCacheDir(env, '/home/u')).toBe(expected);
  });
});
