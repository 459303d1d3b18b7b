// A retrieval server in Search-R1's protocol (search_r1/search/retrieval_server.py) over any
// SearchBackend: `POST /retrieve {queries, topk, return_scores}` → `{result: [[{document: {id,
// contents}, score}, …], …]}`, or with `return_scores: false` each item the document itself;
// `contents` is `"Title"\ntext`, as wiki-18 stores it. So the Search-R1 / R1-Searcher / ASearcher
// agents people train can search our corpus. The backend is loaded on the first request (or at
// start with `preload`), the body is limited in bytes and in queries, and a body that is not the
// shape gets a 400 naming the field.
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { formatPath } from '../errors.js';
import { docToWire, RetrieveRequestSchema } from '../data/search/retrieve-wire.js';
import type { SearchBackend } from '../data/search/search-backend.js';

/** Options of `createRetrieveServer`. */
export interface RetrieveServerOptions {
  /** The search engine, or a function that loads it (called once, on the first request). */
  backend: SearchBackend | (() => Promise<SearchBackend>);
  /**
   * Results per query when the request gives no `topk` (Search-R1's server uses its own `--topk`).
   * @default 3
   */
  topk?: number | undefined;
  /**
   * The largest `topk` a request may ask for.
   * @default 100
   */
  maxTopk?: number | undefined;
  /**
   * Most queries in one request.
   * @default 256
   */
  maxQueries?: number | undefined;
  /**
   * Most characters of one query (a longer one is cut).
   * @default 2000
   */
  maxQueryChars?: number | undefined;
  /**
   * Largest request body in bytes.
   * @default 1048576
   */
  bodyLimit?: number | undefined;
  /** fastify's logger option. @default false */
  logger?: boolean | undefined;
}

/** A running retrieval server. */
export interface RunningRetrieveServer {
  /** Base URL, e.g. `http://127.0.0.1:8000`; the endpoint is `${url}/retrieve`. */
  url: string;
  /** Stops listening (requests in flight are answered) and closes the backend. Idempotent. */
  close(): Promise<void>;
}

const DEFAULTS = { topk: 3, maxTopk: 100, maxQueries: 256, maxQueryChars: 2000, bodyLimit: 1024 * 1024 };

function badRequest(message: string, path = ''): { error: { code: string; message: string; path: string } } {
  return { error: { code: 'BAD_REQUEST', message, path } };
}

/**
 * A fastify app answering `POST /retrieve` (Search-R1's protocol) and `GET /healthz` over `backend`.
 * @example const app = createRetrieveServer({ backend: () => createBm25Retriever(await loadCorpus('docs.jsonl')) }); await app.listen({ port: 8000 });
 */
export function createRetrieveServer(options: RetrieveServerOptions): FastifyInstance {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & RetrieveServerOptions;
  let loading: Promise<SearchBackend> | undefined;
  const backend = (): Promise<SearchBackend> => {
    loading ??= typeof o.backend === 'function' ? o.backend() : Promise.resolve(o.backend);
    // A failed load is tried again by the next request rather than kept.
    loading.catch(() => (loading = undefined));
    return loading;
  };
  const app = Fastify({ logger: o.logger ?? false, bodyLimit: o.bodyLimit });
  // Search-R1's client sends JSON; a body with another content type is read as JSON too.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(Object.assign(new Error(`the body is not JSON: ${(error as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than ${o.bodyLimit} bytes`, path: '' } });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(badRequest(error.message));
    }
    app.log.error({ err: error }, 'retrieve failed');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: error.message, path: '' } });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.slice(0, 200)}; the endpoint is POST /retrieve`, path: '' } });
  });

  app.get('/healthz', async () => {
    const engine = await backend();
    return { ok: true, backend: engine.name };
  });

  app.post('/retrieve', async (request, reply) => {
    const parsed = RetrieveRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = formatPath(issue.path as (string | number)[]);
      return reply.code(400).send(badRequest(`${path || 'body'}: ${issue.message} (expected {"queries": ["…"], "topk": 3, "return_scores": true})`, path));
    }
    const { queries, return_scores: scores } = parsed.data;
    const topk = parsed.data.topk ?? o.topk;
    if (queries.length > o.maxQueries) return reply.code(400).send(badRequest(`queries: ${queries.length} queries; at most ${o.maxQueries} in one request`, 'queries'));
    if (topk > o.maxTopk) return reply.code(400).send(badRequest(`topk: ${topk}; at most ${o.maxTopk}`, 'topk'));
    const engine = await backend();
    const hits = queries.length === 0 ? [] : await engine.search(queries.map((q) => q.slice(0, o.maxQueryChars)), topk);
    // Search-R1's server: with return_scores, [{document, score}]; without, the documents themselves.
    const result = hits.map((list) => list.map((hit) => (scores === true ? { document: docToWire(hit.doc), score: hit.score } : docToWire(hit.doc))));
    return { result };
  });
  app.addHook('onClose', async () => {
    if (loading !== undefined) await (await loading.catch(() => undefined))?.close?.();
  });
  return app;
}

/**
 * Starts a retrieval server on `host:port` (loopback and a free port by default) and resolves once it listens.
 * @example const server = await startRetrieveServer({ backend, port: 8000 }); // POST http://127.0.0.1:8000/retrieve
 */
export async function startRetrieveServer(options: RetrieveServerOptions & { host?: string | undefined; port?: number | undefined }): Promise<RunningRetrieveServer> {
  const host = options.host ?? '127.0.0.1';
  const app = createRetrieveServer(options);
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => (closing ??= app.close().then(() => undefined)),
  };
}
