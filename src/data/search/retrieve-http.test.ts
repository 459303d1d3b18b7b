import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRetrieveClient, docFromWire, docToWire, RetrieverError, type Doc } from '../index.js';

interface Seen {
  url: string;
  body: { queries: string[]; topk: number; return_scores: boolean };
}

type Reply = { status?: number; body: string; delayMs?: number } | 'drop';

/** A retrieval server on loopback: `reply` answers each request; every request body is recorded. */
async function retrievalServer(reply: (seen: Seen, index: number) => Reply) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { url: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Seen['body'] };
      seen.push(s);
      const r = reply(s, seen.length - 1);
      if (r === 'drop') {
        req.socket.destroy();
        return;
      }
      setTimeout(() => res.writeHead(r.status ?? 200, { 'content-type': 'application/json' }).end(r.body), r.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}`, seen };
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  })));
});

/** Search-R1's answer for each query: `k` documents named after the query, with scores. */
function answerAll(seen: Seen, scores = true): { body: string } {
  const result = seen.body.queries.map((q) =>
    Array.from({ length: seen.body.topk }, (_, i) => {
      const document = { id: `${q}-${i}`, contents: `"${q} ${i}"\nText about ${q}, number ${i}.\nSecond line.` };
      return scores ? { document, score: 10 - i } : document;
    }),
  );
  return { body: JSON.stringify({ result }) };
}

describe('createRetrieveClient', () => {
  it('batches the queries of agents searching at once into one request, and gives each its own list', async () => {
    const server = await retrievalServer((s) => answerAll(s));
    const client = createRetrieveClient({ url: server.url, batchWindowMs: 20 });
    const lists = await Promise.all(['Oslo', 'Bergen', 'Tromsø', 'Bodø', 'Narvik'].map((q) => client.search([q], 2).then(([list]) => list!)));
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]).toEqual({ url: '/retrieve', body: { queries: ['Oslo', 'Bergen', 'Tromsø', 'Bodø', 'Narvik'], topk: 2, return_scores: true } });
    expect(lists.map((l) => l.map((h) => h.doc.id))).toEqual(['Oslo', 'Bergen', 'Tromsø', 'Bodø', 'Narvik'].map((q) => [`${q}-0`, `${q}-1`]));
    expect(lists[0]![0]).toEqual({ doc: { id: 'Oslo-0', title: 'Oslo 0', text: 'Text about Oslo, number 0.\nSecond line.' }, score: 10 });
    expect(client.stats()).toEqual({ queries: 5, requests: 1, errors: 0 });
  });

  it('sends a full batch at once, and one request per k', async () => {
    const server = await retrievalServer((s) => answerAll(s));
    const client = createRetrieveClient({ url: `${server.url}/retrieve`, batchWindowMs: 1000, maxBatch: 2 });
    const started = performance.now();
    await Promise.all([client.search(['a'], 1), client.search(['b'], 1)]);
    expect(performance.now() - started).toBeLessThan(500);
    const quick = createRetrieveClient({ url: server.url, batchWindowMs: 5 });
    await Promise.all([quick.search(['c'], 1), quick.search(['d'], 3), quick.search(['e'], 1)]);
    expect(server.seen.slice(1).map((s) => [s.body.topk, s.body.queries])).toEqual(expect.arrayContaining([[1, ['c', 'e']], [3, ['d']]]));
  });

  it('reads results without scores (each item the document itself), ranked as sent', async () => {
    const server = await retrievalServer((s) => answerAll(s, false));
    const [list] = await createRetrieveClient({ url: server.url }).search(['Oslo'], 3);
    expect(list!.map((h) => [h.doc.id, h.score])).toEqual([['Oslo-0', 1], ['Oslo-1', 0.5], ['Oslo-2', 1 / 3]]);
  });

  it('opens an id with the full contents the server gave for it, and knows nothing it never sent', async () => {
    const server = await retrievalServer((s) => answerAll(s));
    const client = createRetrieveClient({ url: server.url });
    await client.search(['Oslo'], 2);
    await expect(client.open('Oslo-1')).resolves.toEqual({ id: 'Oslo-1', title: 'Oslo 1', text: 'Text about Oslo, number 1.\nSecond line.' });
    await expect(client.open('Paris-0')).resolves.toBeUndefined();
  });

  it('retries a 503 and a dropped connection, then succeeds', async () => {
    const server = await retrievalServer((s, i) => (i === 0 ? { status: 503, body: 'busy' } : i === 1 ? 'drop' : answerAll(s)));
    const client = createRetrieveClient({ url: server.url, retryDelayMs: 1 });
    const [list] = await client.search(['Oslo'], 1);
    expect(list).toHaveLength(1);
    expect(client.stats().requests).toBe(3);
  });

  it.each<[string, Reply, string, string]>([
    ['a 400', { status: 400, body: '{"detail":"bad"}' }, 'RETRIEVER_UNAVAILABLE', 'HTTP 400'],
    ['a body that is not JSON', { body: '<html>' }, 'RETRIEVER_BAD_REPLY', 'not JSON'],
    ['a body of another shape', { body: '{"answers":[["x"]]}' }, 'RETRIEVER_BAD_REPLY', '{"result"'],
    ['too few result lists', { body: '{"result":[[]]}' }, 'RETRIEVER_BAD_REPLY', '1 result lists for 2 queries'],
  ])('fails every waiter of a batch on %s, without a retry', async (_, reply, code, words) => {
    const server = await retrievalServer(() => reply);
    const client = createRetrieveClient({ url: server.url, retryDelayMs: 1 });
    const [a, b] = await Promise.allSettled([client.search(['x'], 1), client.search(['y'], 1)]);
    for (const settled of [a, b]) {
      expect(settled?.status).toBe('rejected');
      const error = (settled as PromiseRejectedResult).reason as RetrieverError;
      expect(error).toBeInstanceOf(RetrieverError);
      expect(error.code).toBe(code);
      expect(error.message).toContain(words);
    }
    expect(server.seen).toHaveLength(1);
  });

  it('fails with RETRIEVER_UNAVAILABLE when nothing listens, after its retries', async () => {
    const server = await retrievalServer(() => ({ body: '' }));
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const client = createRetrieveClient({ url: server.url, retries: 2, retryDelayMs: 1 });
    await expect(client.search(['x'], 1)).rejects.toMatchObject({ code: 'RETRIEVER_UNAVAILABLE', attempts: 3 });
  });

  it('times out a stalled server', async () => {
    const server = await retrievalServer((s) => ({ ...answerAll(s), delayMs: 500 }));
    const client = createRetrieveClient({ url: server.url, timeoutMs: 50, retries: 0 });
    await expect(client.search(['x'], 1)).rejects.toMatchObject({ code: 'RETRIEVER_UNAVAILABLE', message: expect.stringContaining('within 50 ms') as unknown });
  });

  it('lets one caller stop waiting while its batch goes on for the others', async () => {
    const server = await retrievalServer((s) => ({ ...answerAll(s), delayMs: 50 }));
    const client = createRetrieveClient({ url: server.url });
    const controller = new AbortController();
    const leaving = client.search(['a'], 1, { signal: controller.signal });
    const staying = client.search(['b'], 1);
    controller.abort(new Error('gone'));
    await expect(leaving).rejects.toThrow('gone');
    await expect(staying).resolves.toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a URL that is not http', { url: 'ftp://x' }, 'url'],
    ['a negative window', { url: 'http://x', batchWindowMs: -1 }, 'batchWindowMs'],
    ['a zero batch', { url: 'http://x', maxBatch: 0 }, 'maxBatch'],
  ])('refuses %s, naming the option', (_, options, path) => {
    expect(() => createRetrieveClient(options as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringContaining(path) as unknown }));
  });
});

describe('docFromWire and docToWire', () => {
  it('read back what they write: Search-R1 contents are "Title"\\ntext', () => {
    const title = fc.string({ minLength: 1 }).filter((t) => !t.includes('\n') && t.trim() === t && t !== '' && !(t.startsWith('"') && t.endsWith('"')));
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), title, fc.string(), (id, t, text) => {
        const doc: Doc = { id, title: t, text };
        expect(docFromWire(docToWire(doc))).toEqual(doc);
      }),
    );
  });

  it.each<[string, Parameters<typeof docFromWire>[0], Doc | undefined]>([
    ['wiki-18', { id: '0', contents: '"Evan Morris"\nEvan Morris Evan L. Morris (January 26, 1977' }, { id: '0', title: 'Evan Morris', text: 'Evan Morris Evan L. Morris (January 26, 1977' }],
    ['a numeric id', { id: 7, contents: 'No quotes\ntext' }, { id: '7', title: 'No quotes', text: 'text' }],
    ['title and text fields', { id: 'a', title: 'T', text: 'x', contents: 'ignored\nignored' }, { id: 'a', title: 'T', text: 'x' }],
    ['no id: the title', { contents: '"T"\nx' }, { id: 'T', title: 'T', text: 'x' }],
    ['neither id nor title', { contents: '' }, undefined],
  ])('reads %s', (_, wire, doc) => {
    expect(docFromWire(wire)).toEqual(doc);
  });
});
