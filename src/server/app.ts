// The HTTP layer: fastify routes that hand a request's raw body to a scoring thread (which parses,
// validates and scores it, see task.ts), spread a batch over the pool, and shape the answer for the
// trainer that asked. This thread never parses a body: it stays free to take the next request.
// It holds the LLM judge, when there is one: the threads score with the rules, and the rows they
// leave undecided are settled here, so every request shares one cache and one concurrency limit.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { Transform } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ValidationError, type ErrorCode } from '../errors.js';
import { settleReward, type AsyncRewardResult, type Judge } from '../judge/index.js';
import type { RewardResult } from '../rubric/index.js';
import { HttpError, toErrorReply } from './http-error.js';
import { Metrics } from './metrics.js';
import { resolveJudge, resolveOptions, type RewardServerOptions } from './options.js';
import { createPoolScorer, overloaded } from './pool.js';
import { chunkRows, createInlineScorer, type Scorer } from './scorer.js';
import { DETAIL, type GroupOutcome, type PendingRow, type RowOutcome, type ScoredNumbers, type TaskError } from './task.js';
import { evaluateAnswer, type RewardWarning } from './evaluate.js';
import { applyPath, type Plan, type Route, type TaskRow } from './wire.js';

/** `POST /evaluate` (LongTraceRL / slime); `warnings` only when something in the sample was odd. */
export interface EvaluateResponse {
  reward: number;
  outcome_reward: number;
  rubric_reward: number;
  warnings?: RewardWarning[];
}

/** `POST /get_reward` (OpenRLHF). `scores` equals `rewards` (OpenRLHF filters on it). */
export interface GetRewardResponse {
  rewards: number[];
  scores: number[];
  extra_logs: { outcome: number[]; rubric: number[] };
  /** Only when something was odd: each with the index of its sample. */
  warnings?: (RewardWarning & { index: number })[];
}

/**
 * A scored rollout: the library's `RewardResult`, or with a judge `rubricRewardAsync`'s result
 * (the verdict says whether the judge decided it: `judged`, `method: 'judge'`).
 */
export type ScoredResult = RewardResult | AsyncRewardResult;

/** `POST /v1/reward`: the library's `RewardResult`, with the row's `id` when it had one. */
export type RewardResponse = ScoredResult & { id?: string | number };

/**
 * One item of `POST /v1/rewards`; in a group, `reward` is the group reward and `advantage` is set.
 * An item whose scoring failed inside the service is a `BatchItemError`: zeros and the error.
 */
export type BatchItemResult = (ScoredResult & { id?: string | number; group?: string | number; advantage?: number }) | BatchItemError;

/** An item of `POST /v1/rewards` that failed to score (a bug of ours, logged): zeros, outside any group's maths. */
export interface BatchItemError {
  id?: string | number;
  group?: string | number;
  reward: 0;
  outcome: 0;
  rubric: 0;
  gated: false;
  error: { code: string; message: string };
}

/** `POST /v1/rewards`. */
export interface BatchResponse {
  results: BatchItemResult[];
  /** `results[i].reward`, for trainers that want the list alone. */
  rewards: number[];
}

/**
 * A reward service as a fastify instance, not listening yet: `await app.listen(…)`, or
 * `app.inject(…)` in tests. `app.close()` stops the scoring pool too.
 * @example
 * const app = createRewardServer({ workers: 2 });
 * await app.listen({ host: '127.0.0.1', port: 7248 });
 */
export function createRewardServer(options: RewardServerOptions = {}): FastifyInstance {
  return buildServer(options, false).app;
}

/** `createRewardServer`, also returning the scorer and the judge (for startServer's log line). */
export function buildServer(
  options: RewardServerOptions,
  logger: boolean,
): { app: FastifyInstance; scorer: Scorer; judge: Judge | undefined; drain: () => Promise<void> } {
  const config = resolveOptions(options, logger);
  // Before the pool starts, so a bad judge option costs no threads.
  const judge = resolveJudge(options.judge, config.requestTimeoutMs);
  const judging = judge === undefined || config.judge === undefined ? undefined : { judge, ...config.judge };
  // The mode the threads flag rows for; in `rules` mode the judge is never asked.
  const judgeMode = judging === undefined || judging.mode === 'rules' ? undefined : judging.mode;
  const pool = config.workers === 0 ? undefined : createPoolScorer({ threads: config.workers, maxQueue: config.maxQueue, killGraceMs: Math.min(5000, config.requestTimeoutMs || 5000) });
  const scorer: Scorer = pool ?? createInlineScorer();
  const metrics = new Metrics();
  const { defaults, requestTimeoutMs, bodyTimeoutMs, maxBytesInFlight } = config;
  let inFlight = 0;
  // Requests admitted (not refused at the door) and not answered yet: what a drain waits for.
  let working = 0;
  let closing = false;
  let drained: (() => void) | undefined;
  // Body bytes held across requests: reserved by content-length at the door, or counted as they
  // arrive when the client streams without one.
  let bytesInFlight = 0;
  // Per request: aborted when its client hangs up before the answer, so queued work is dropped.
  const gone = new WeakMap<FastifyRequest, AbortController>();

  const app = Fastify({
    logger: config.logger,
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Answered by the onRequest hook below, in the service's error shape.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  });

  // Bodies stay bytes here: a scoring thread parses them, so this thread never spends time on a
  // 130 KB JSON.parse. Any content type is taken as JSON (`curl -d @body.json` sends form
  // encoding); a body that is not JSON fails as INVALID_JSON with the parser's message.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Callback-style hooks on the hot path: no promise per request and hook.
  app.addHook('onRequest', (request, reply, done) => {
    inFlight++;
    reply.raw.once('close', () => inFlight--);
    void reply.header('x-request-id', request.id);
    if (closing) {
      void reply.header('connection', 'close');
      return done(new HttpError(503, 'SHUTTING_DOWN', 'the server is shutting down; retry on another replica'));
    }
    if (request.method !== 'POST') return done();
    // Refused at the door, before the body is read: an overloaded server must not also buffer
    // the bodies of requests it cannot score. `connection: close` spares reading the body too.
    const retryAfter = scorer.full();
    if (retryAfter !== undefined) {
      metrics.shed('queue_full');
      void reply.header('connection', 'close');
      return done(overloaded(retryAfter));
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    const reserved = Number.isFinite(declared) && declared > 0 && declared <= config.bodyLimit ? declared : 0;
    if (reserved > 0 && bytesInFlight + reserved > maxBytesInFlight) {
      metrics.shed('bytes_in_flight');
      void reply.header('connection', 'close');
      return done(overloaded(1));
    }
    bytesInFlight += reserved;
    working++;
    const controller = new AbortController();
    gone.set(request, controller);
    let bodyTimedOut = false;
    // A client that never finishes sending its body: 408 and the connection closed, so it holds
    // neither memory nor a socket (reply.raw's close does the accounting).
    const timer = bodyTimeoutMs > 0
      ? setTimeout(() => {
        if (request.raw.complete) return;
        bodyTimedOut = true;
        metrics.bodyTimeout();
        request.log.info({ code: 'BODY_TIMEOUT' }, 'the body was not received in time (bodyTimeoutMs)');
        const body = JSON.stringify({ error: { code: 'BODY_TIMEOUT', message: `the body was not received within ${bodyTimeoutMs} ms (bodyTimeoutMs)`, path: '' } });
        request.raw.socket.end(`HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        request.raw.socket.destroySoon();
      }, bodyTimeoutMs).unref()
      : undefined;
    reply.raw.once('close', () => {
      clearTimeout(timer);
      bytesInFlight -= reserved + (streamed.get(request) ?? 0);
      working--;
      if (!reply.raw.writableFinished && !bodyTimedOut) {
        // The client hung up first: its queued work is dropped, and the request is counted.
        controller.abort(new HttpError(499, 'BAD_REQUEST', 'the client closed the connection'));
        metrics.clientGone(request.routeOptions.url ?? 'unmatched');
        request.log.info('the client closed the connection before the answer');
      }
      if (working === 0) drained?.();
    });
    done();
  });
  // A body sent without content-length is counted as it arrives, against the same budget.
  const streamed = new WeakMap<FastifyRequest, number>();
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if (request.headers['content-length'] !== undefined) return done(null, payload);
    streamed.set(request, 0);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        const seen = (streamed.get(request) ?? 0) + chunk.length;
        streamed.set(request, seen);
        bytesInFlight += chunk.length;
        if (bytesInFlight > maxBytesInFlight) {
          metrics.shed('bytes_in_flight');
          return callback(overloaded(1));
        }
        callback(null, chunk);
      },
    });
    payload.pipe(counter);
    done(null, counter);
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    // While draining, a keep-alive connection must not outlive its last answer, or the server's
    // close would wait for the client to hang up.
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    metrics.observe(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.addHook('preClose', async () => {
    closing = true;
  });

  /** Stops admitting requests (new ones get 503 SHUTTING_DOWN) and resolves once none is in flight. */
  function drain(): Promise<void> {
    closing = true;
    if (working === 0) return Promise.resolve();
    return new Promise((resolve) => (drained = resolve));
  }
  app.addHook('onClose', async () => {
    await scorer.close();
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorReply(error);
    if (error instanceof HttpError) void reply.headers(error.headers);
    if (status >= 500 && body.error.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
    // The judge's messages name the status and a redacted snippet of its reply, never the key.
    else if (body.error.code.startsWith('JUDGE_')) request.log.warn({ status, code: body.error.code, message: body.error.message }, 'the judge gave no verdict');
    else request.log.info({ status, code: body.error.code, path: body.error.path }, 'request refused');
    void reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url;
    const { status, body } = toErrorReply(new HttpError(404, 'NOT_FOUND', `no route ${request.method} ${url}`));
    void reply.code(status).send(body);
  });

  function timedOut(): HttpError {
    return new HttpError(503, 'TIMEOUT', `scoring took longer than ${requestTimeoutMs} ms (requestTimeoutMs)`);
  }

  /**
   * Runs a request through the pool under its deadline: a thread parses and validates the body
   * and, for a single row, scores it; a batch comes back as rows and is spread over the threads.
   * The first failing row fails the request, with its field named as the caller sent it.
   */
  async function score(request: FastifyRequest, route: Route): Promise<{ plan: Plan; results: (ScoredNumbers | ScoredResult)[]; grouped?: GroupOutcome }> {
    const controller = new AbortController();
    const deadline = requestTimeoutMs > 0 ? Date.now() + requestTimeoutMs : undefined;
    // A thread that sees the deadline pass between rows may answer before this thread's timer.
    const failed = (error: TaskError): Error => (error.code === 'TIMEOUT' ? timedOut() : requestError(error));
    const cancel = gone.get(request)?.signal;
    const timer = requestTimeoutMs > 0 ? setTimeout(() => controller.abort(timedOut()), requestTimeoutMs) : undefined;
    // A client that hangs up is not an abort: stopping a running task costs the thread (piscina
    // replaces it, ~100 ms), far more than finishing a row; requestTimeoutMs bounds the waste.
    const started = performance.now();
    try {
      let parsed;
      try {
        parsed = await scorer.run(
          { kind: 'request', route, body: bytes(request.body), defaults, fanout: scorer.threads !== 1, deadline, ...(judgeMode && { judgeMode }) },
          controller.signal,
          { shed: true, cancel },
        );
      } catch (error) {
        if (error instanceof HttpError && error.code === 'OVERLOADED') metrics.shed('queue_full');
        throw error;
      }
      if (!parsed.ok) throw failed(parsed.error);
      const { plan } = parsed;
      let outcomes = parsed.outcomes;
      let tasks = 1;
      if (outcomes === undefined) {
        const chunks = chunkRows(plan.rows, Math.max(1, scorer.threads), rowSize);
        tasks += chunks.length;
        const settled = await Promise.all(
          chunks.map((rows) => scorer.run({ kind: 'score', rows, detail: DETAIL[route], deadline, ...(judgeMode && { judgeMode }) }, controller.signal)),
        );
        outcomes = settled.flat();
      }
      // Every row is checked before the judge is asked anything: a request that fails costs no calls.
      const ruled = outcomes.map((outcome: RowOutcome, i) => {
        if (outcome.ok) return outcome;
        const { error } = outcome;
        // A trainer-facing endpoint never fails a step for one sample (DESIGN.md): a sample whose
        // scoring failed gets zeros and a warning of its own; a timeout still fails the request.
        if (TRAINER_FACING.has(route) && error.code !== 'TIMEOUT') return failedSample(request, plan, i, error);
        // verl and TRL post /v1/rewards from their training loops: there the item carries the error.
        if (route === 'rewards' && error.code !== 'TIMEOUT' && error.issues === undefined) return failedItem(request, i, error);
        if (error.issues !== undefined) {
          throw new ValidationError(error.code as ErrorCode, error.issues.map((issue) => ({ ...issue, path: applyPath(plan.paths[i]!, issue.path) })));
        }
        throw failed(error);
      });
      const routeUrl = request.routeOptions.url ?? 'unmatched';
      const results = judging === undefined ? ruled.map((outcome) => outcome.result) : await settleAll(ruled, plan, routeUrl, judging, controller);
      metrics.rowsScored(routeUrl, results.length);
      request.log.debug({ rows: results.length, tasks, ms: Math.round(performance.now() - started) }, 'scored');
      if (plan.batch?.grouped !== true) return { plan, results };
      // The group maths runs on a thread too: linear, but 80k rows are still work this thread
      // should not do while /healthz waits.
      const grouped = await scorer.run(
        {
          kind: 'group',
          outcomes: results.map((r) => r.outcome),
          rubrics: results.map((r) => r.rubric),
          rewards: results.map((r) => r.reward),
          // A failed item takes no part in its group's maths.
          keys: (plan.groups ?? []).map((key, i) => (isFailedItem(results[i]) ? undefined : key)),
          eta: plan.batch.eta,
          strategy: plan.batch.strategy,
        },
        controller.signal,
      );
      return { plan, results, grouped };
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The judge's part: each row the threads flagged goes through `settleReward` (which asks the
   * judge only when the mode says so); the others keep the rules' verdict. The calls run at once,
   * bounded by the judge's own concurrency limit; the first to fail (`onJudgeError: 'throw'`) fails
   * the request and cancels the others still waiting for it.
   */
  async function settleAll(
    outcomes: { result: ScoredNumbers | RewardResult; pending?: PendingRow }[],
    plan: Plan,
    route: string,
    { judge, mode, onJudgeError }: NonNullable<typeof judging>,
    controller: AbortController,
  ): Promise<(ScoredNumbers | ScoredResult)[]> {
    // Each call listens on the request's signal; a batch may make hundreds.
    setMaxListeners(0, controller.signal);
    return Promise.all(
      outcomes.map(async ({ result, pending }, i): Promise<ScoredNumbers | ScoredResult> => {
        if (pending === undefined) return 'verdict' in result ? { ...result, verdict: { ...result.verdict, judged: false } } : result;
        const row = pending.row ?? plan.rows[i];
        if (row === undefined) throw new Error(`row ${i} was flagged for the judge but not sent back`);
        let settled: AsyncRewardResult | (ScoredNumbers & Pick<AsyncRewardResult, 'verdict'>);
        try {
          settled = await settleReward({ ...result, verdict: pending.verdict }, row.input, {
            ...row.options, judge, mode, onJudgeError, signal: controller.signal,
          });
        } catch (error) {
          if (!controller.signal.aborted) controller.abort(error);
          throw error;
        }
        const { verdict } = settled;
        if (verdict.judged) metrics.rowJudged(route);
        else if (verdict.error !== undefined) metrics.judgeFallback(verdict.error.code);
        return 'verdict' in result ? settled : { reward: settled.reward, outcome: settled.outcome, rubric: settled.rubric, gated: settled.gated };
      }),
    );
  }

  /** Trainer-facing endpoints answer odd samples anyway: each warning is logged and counted. */
  function noteWarnings(request: FastifyRequest, plan: Plan): { index: number; warning: RewardWarning }[] {
    const warnings = plan.warnings ?? [];
    if (warnings.length === 0) return warnings;
    const route = request.routeOptions.url ?? 'unmatched';
    for (const { warning } of warnings) metrics.warning(route, warning.code);
    request.log.warn({ warnings: warnings.map(({ index, warning }) => ({ index, code: warning.code, path: warning.path })) }, 'scored with warnings');
    return warnings;
  }

  app.post('/evaluate', async (request): Promise<EvaluateResponse> => {
    const { plan, results } = await score(request, 'evaluate');
    const answer: EvaluateResponse = evaluateAnswer(plan.evaluate!, results[0]);
    const warnings = noteWarnings(request, plan);
    if (warnings.length > 0) answer.warnings = warnings.map(({ warning }) => warning);
    return answer;
  });

  app.post('/get_reward', async (request): Promise<GetRewardResponse> => {
    const { plan, results: scored } = await score(request, 'get_reward');
    // A sample without a usable label scores zeros (its warning says why).
    const results = (plan.slots ?? scored.map((_, i) => i)).map((slot) => (slot === null ? { reward: 0, outcome: 0, rubric: 0 } : scored[slot]!));
    const rewards = results.map((r) => r.reward);
    const answer: GetRewardResponse = { rewards, scores: rewards, extra_logs: { outcome: results.map((r) => r.outcome), rubric: results.map((r) => r.rubric) } };
    const warnings = noteWarnings(request, plan);
    if (warnings.length > 0) answer.warnings = warnings.map(({ index, warning }) => ({ index, ...warning }));
    return answer;
  });

  app.post('/v1/reward', async (request): Promise<RewardResponse> => {
    const { plan, results } = await score(request, 'reward');
    const id = plan.ids?.[0];
    const result = results[0] as ScoredResult;
    return id === undefined ? result : { id, ...result };
  });

  app.post('/v1/rewards', async (request): Promise<BatchResponse> => {
    // Outcomes are settled (judged) before grouping: the group rewards and advantages use them.
    const { plan, results: scored, grouped } = (await score(request, 'rewards')) as { plan: Plan; results: ScoredResult[]; grouped?: GroupOutcome };
    // A failure of the group maths is ours: a 500, never a 400 naming a path the request lacks.
    if (grouped !== undefined && !grouped.ok) throw requestError(grouped.error);
    const ids = plan.ids ?? [];
    const keys = plan.groups ?? [];
    const results: BatchItemResult[] = scored.map((result, i) => {
      const id = ids[i];
      const group = keys[i];
      const item: BatchItemResult = { ...(id === undefined ? {} : { id }), ...(group === undefined ? {} : { group }), ...result };
      const advantage = grouped?.advantages[i];
      if (grouped !== undefined && advantage !== null && advantage !== undefined) {
        item.reward = grouped.rewards[i]!;
        item.advantage = advantage;
      }
      return item;
    });
    return { results, rewards: results.map((r) => r.reward) };
  });

  app.get('/healthz', async () => ({ status: 'ok', workers: scorer.threads, uptime_s: Math.round(process.uptime()) }));

  app.get('/metrics', async (_request, reply) => {
    void reply.type('text/plain; version=0.0.4; charset=utf-8');
    return metrics.render(scorer.stats(), inFlight, judge?.stats(), { bytesInFlight, ...pool?.counters() });
  });

  return { app, scorer, judge, drain };
}

/** The endpoints called inside training loops (DESIGN.md: one sample never fails a training step). */
const TRAINER_FACING: ReadonlySet<Route> = new Set(['evaluate', 'get_reward']);

const ZEROS: ScoredNumbers = { reward: 0, outcome: 0, rubric: 0, gated: false };

/**
 * Row `i` of a trainer-facing request failed to score: zeros, a `sample-failed` warning on its
 * sample (counted and logged with the others), and the error itself in the log.
 */
function failedSample(request: FastifyRequest, plan: Plan, i: number, error: TaskError): { ok: true; result: ScoredNumbers } {
  const sample = plan.slots === undefined ? i : plan.slots.indexOf(i);
  const warning: RewardWarning = { code: 'sample-failed', message: `scoring this sample failed (${error.code}: ${error.message}); it scores zeros` };
  (plan.warnings ??= []).push({ index: Math.max(0, sample), warning });
  if (plan.evaluate !== undefined) plan.evaluate = { ...plan.evaluate, zero: true };
  request.log.error({ code: error.code, message: error.message, sample }, 'a sample failed to score; answered with zeros');
  return { ok: true, result: ZEROS };
}

/** Row `i` of `/v1/rewards` failed to score: its item says so, the other items are scored as usual. */
function failedItem(request: FastifyRequest, i: number, error: TaskError): { ok: true; result: ScoredNumbers & { error: { code: string; message: string } } } {
  request.log.error({ code: error.code, message: error.message, item: i }, 'an item failed to score; answered with zeros and its error');
  return { ok: true, result: { ...ZEROS, error: { code: error.code, message: error.message } } };
}

function isFailedItem(result: object | undefined): boolean {
  return result !== undefined && 'error' in result && !('verdict' in result);
}

/** A row's size for balancing chunks: the characters the scorer will read. */
function rowSize(row: TaskRow): number {
  if (typeof row.input.response === 'string') return row.input.response.length;
  let n = 0;
  for (const m of row.input.messages ?? []) n += (m.content?.length ?? 0) + (m.reasoning_content?.length ?? 0);
  return n;
}

/**
 * The body as bytes for a thread. A body of a few KB may be a view into Node's shared buffer
 * pool: copy just it, so that the whole pool is neither cloned nor moved to the thread.
 */
function bytes(body: unknown): Uint8Array | undefined {
  if (!(body instanceof Uint8Array)) return undefined;
  return body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : Uint8Array.prototype.slice.call(body);
}

/** A thread's error as the error the handler throws. */
function requestError(error: TaskError): Error {
  if (error.code === 'INVALID_JSON') return new HttpError(400, 'INVALID_JSON', error.message);
  if (error.issues !== undefined) return new ValidationError(error.code as ErrorCode, error.issues);
  if (error.code === 'INTERNAL') return new Error(`scoring failed: ${error.message}`);
  return new HttpError(400, 'BAD_REQUEST', error.message);
}
