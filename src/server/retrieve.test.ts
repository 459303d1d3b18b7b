// The retrieval server in Search-R1's protocol: called the way Search-R1's agent calls it (Python
// `requests`), round-tripped through our own createRetrieveClient, and refusing what is not the shape.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../test/agent/scripted-agent.js';
import { createBm25Retriever, createRetrieveClient, docFromWire, type SearchBackend } from '../data/index.js';
import { startRetrieveServer, type RunningRetrieveServer } from './retrieve.js';

const bm25 = await createBm25Retriever(CORPUS);
let loads = 0;
let server: RunningRetrieveServer;
beforeAll(async () => {
  // Loaded lazily: the backend is built on the first request, once.
  server = await startRetrieveServer({ backend: async () => (loads++, bm25), topk: 3, maxQueries: 8, bodyLimit: 4096 });
});
afterAll(() => server.close());

const post = async (body: unknown, raw?: string): Promise<{ status: number; json: Record<string, unknown> }> => {
  const response = await fetch(`${server.url}/retrieve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

// Search-R1's agent (search_r1/llm_agent/generation.py `_batch_search`, and infer.py's `search`):
// requests.post(url, json=payload).json()["result"], then each item's document['contents'].
const PYTHON_CLIENT = `
import json, sys, requests
url = sys.argv[1]
payload = {"queries": ["Journal of Psychotherapy Integration publisher", "first president of the American Psychological Association"], "topk": 3, "return_scores": True}
results = requests.post(url, json=payload).json()["result"]
out = []
for result in results:
    format_reference = ''
    for idx, doc_item in enumerate(result):
        content = doc_item['document']['contents']
        title = content.split("\\n")[0]
        text = "\\n".join(content.split("\\n")[1:])
        format_reference += f"Doc {idx+1}(Title: {title}) {text}\\n"
    out.append({"reference": format_reference, "ids": [d['document']['id'] for d in result], "scores": [d['score'] for d in result]})
plain = requests.post(url, json={"queries": ["Stanley Hall"], "topk": 2, "return_scores": False}).json()["result"]
out.append({"plain": [d['contents'].split("\\n")[0] for d in plain[0]]})
print(json.dumps(out))
`;

describe('data serve-retrieval: POST /retrieve in Search-R1\'s protocol', () => {
  it('answers a Python client written as Search-R1 calls it: titles quoted on the first line, scores best first', async () => {
    const { stdout } = await promisify(execFile)('python3', ['-c', PYTHON_CLIENT, `${server.url}/retrieve`]);
    const [first, second, plain] = JSON.parse(stdout) as [{ reference: string; ids: string[]; scores: number[] }, { ids: string[] }, { plain: string[] }];
    const expected = await bm25.search(['Journal of Psychotherapy Integration publisher'], 3);
    expect(first.ids).toEqual(expected[0]!.map((h) => h.doc.id));
    expect(first.scores).toEqual([...first.scores].sort((a, b) => b - a));
    expect(first.reference).toContain(`Doc 1(Title: "${expected[0]![0]!.doc.title}") ${expected[0]![0]!.doc.text}`);
    expect(second.ids).toHaveLength(3);
    const top = (await bm25.search(['Stanley Hall'], 2))[0]!.map((h) => `"${h.doc.title}"`);
    expect(plain.plain).toEqual(top);
    expect(loads).toBe(1);
  });

  it('round-trips through our own createRetrieveClient: the same documents, ids, titles and texts as the backend', async () => {
    const client = createRetrieveClient({ url: server.url });
    const queries = ['American Psychological Association', 'Journal of Mathematical Physics', ''];
    const got = await client.search(queries, 3);
    const want = await bm25.search(queries, 3);
    expect(got.map((l) => l.map((h) => h.doc))).toEqual(want.map((l) => l.map((h) => h.doc)));
    expect(await client.open(want[0]![0]!.doc.id)).toEqual(want[0]![0]!.doc);
  });

  it('property: every corpus document survives the wire (docToWire → JSON → docFromWire)', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...CORPUS), fc.integer({ min: 1, max: 5 }), async (doc, k) => {
      const { json } = await post({ queries: [doc.title], topk: k, return_scores: true });
      const list = (json['result'] as { document: { id: string; contents: string }; score: number }[][])[0]!;
      expect(list.length).toBeLessThanOrEqual(k);
      for (const item of list) expect(docFromWire(item.document)).toEqual(CORPUS.find((d) => d.id === item.document.id));
    }), { numRuns: 20 });
  });

  it.each([
    ['not JSON', undefined, '{"queries": [', 400, /not JSON/],
    ['queries missing', { topk: 3 }, undefined, 400, /queries: .*expected \{"queries"/],
    ['queries not strings', { queries: [1, 2] }, undefined, 400, /queries\[0\]/],
    ['topk zero', { queries: ['a'], topk: 0 }, undefined, 400, /topk/],
    ['topk over the limit', { queries: ['a'], topk: 1000 }, undefined, 400, /topk: 1000; at most 100/],
    ['too many queries', { queries: Array.from({ length: 9 }, (_, i) => `q${i}`) }, undefined, 400, /9 queries; at most 8/],
    ['a body over the limit', { queries: ['x'.repeat(5000)] }, undefined, 413, /larger than 4096 bytes/],
  ])('%s: refused with its status and a message naming the field', async (_, body, raw, status, message) => {
    const { status: got, json } = await post(body, raw);
    expect(got).toBe(status);
    expect((json['error'] as { message: string }).message).toMatch(message);
  });

  it('without topk uses the server default; no queries gives no results; GET /healthz names the backend', async () => {
    const { json } = await post({ queries: ['the journal of the American association'] });
    expect((await bm25.search(['the journal of the American association'], 10))[0]!.length).toBeGreaterThan(3);
    expect((json['result'] as unknown[][])[0]).toHaveLength(3);
    expect((await post({ queries: [] })).json).toEqual({ result: [] });
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, backend: 'bm25' });
    expect((await fetch(`${server.url}/search`)).status).toBe(404);
  });

  it('a backend that fails to load answers 500 and is tried again on the next request', async () => {
    let attempts = 0;
    const flaky = await startRetrieveServer({
      backend: async (): Promise<SearchBackend> => {
        attempts++;
        if (attempts === 1) throw new Error('index not ready');
        return bm25;
      },
    });
    try {
      const first = await fetch(`${flaky.url}/retrieve`, { method: 'POST', body: '{"queries":["a"]}', headers: { 'content-type': 'application/json' } });
      expect(first.status).toBe(500);
      const second = await fetch(`${flaky.url}/retrieve`, { method: 'POST', body: '{"queries":["Stanley Hall"]}', headers: { 'content-type': 'application/json' } });
      expect(second.status).toBe(200);
      expect(attempts).toBe(2);
    } finally {
      await flaky.close();
    }
  });
});
