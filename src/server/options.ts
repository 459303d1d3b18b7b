// The server's own configuration, validated once when it is created: a bad option fails at
// start-up with the option's name, not at the first request.
import { availableParallelism } from 'node:os';
import type { LoggerOptions } from 'pino';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { createJudge, type Judge, type JudgeMode, type JudgeOptions, type OnJudgeError } from '../judge/index.js';
import type { RewardOptions, RewardStrategy } from '../rubric/index.js';
import { parseWith, StrategySchema } from '../schema.js';

/** 64 MiB: a batch of 256 responses of 32K tokens each (about 130 KB apiece) fits with room to spare. */
export const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
/** Queued requests per scoring thread before new ones are refused (`maxQueue`). */
export const QUEUE_PER_THREAD = 128;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7248;

export interface RewardServerOptions {
  /**
   * Scoring threads. `0` scores in the server's own thread (for embedding and tests; one slow
   * request then holds up the others).
   * @default the number of cores (`os.availableParallelism()`)
   */
  workers?: number | undefined;
  /** Default η for requests that do not set it. @default 0.3 */
  eta?: number | undefined;
  /** Default strategy for requests that do not set it. @default 'positive-only' */
  strategy?: RewardStrategy | undefined;
  /** Largest request body accepted, in bytes; larger bodies get 413. @default 67108864 (64 MiB) */
  bodyLimit?: number | undefined;
  /** Longest a request may spend being scored; past it the answer is 503 `TIMEOUT`. `0`: no limit. @default 60000 */
  requestTimeoutMs?: number | undefined;
  /**
   * New requests that may wait for a scoring thread; past it a request is answered
   * `503 OVERLOADED` with `Retry-After`, before its body is read. Ignored with `workers: 0`.
   * @default 128 × workers
   */
  maxQueue?: number | undefined;
  /**
   * Longest a client may take to send a request's body; past it the connection gets `408` and
   * is closed. `0`: no limit.
   * @default 30000
   */
  bodyTimeoutMs?: number | undefined;
  /**
   * Bytes of request bodies held at once, across requests (by `content-length` when sent, else as
   * they arrive); a request that would pass it is answered `503 OVERLOADED`. At least `bodyLimit`.
   * @default 4 × bodyLimit (256 MiB)
   */
  maxBytesInFlight?: number | undefined;
  /** fastify's pino logger: `true`, `false` or pino options. Request bodies are never logged. @default false */
  logger?: boolean | LoggerOptions | undefined;
  /**
   * An LLM judge for the outcome: `createJudge`'s options (the server creates it once) or a judge
   * already made. Called from the server's own thread, so every request shares its cache and its
   * concurrency limit. Without `deadlineMs`, the server sets it to half of `requestTimeoutMs`, so a
   * judge that hangs falls back (`onJudgeError`) before the request times out.
   */
  judge?: JudgeOptions | Judge | undefined;
  /** Who decides the outcome when a judge is set (see `verifyAnswerAsync`). @default 'cascade' */
  judgeMode?: JudgeMode | undefined;
  /** A failed judge call: the rule verdict, a wrong verdict, or a 502 / 504 answer. @default 'rules' */
  onJudgeError?: OnJudgeError | undefined;
}

export interface StartServerOptions extends RewardServerOptions {
  /** Interface to bind. `'0.0.0.0'` (or `'::'`) exposes the service to the network. @default '127.0.0.1' */
  host?: string | undefined;
  /** Port; `0` picks a free one. @default 7248 */
  port?: number | undefined;
  /** Drain and exit on SIGTERM and SIGINT. @default true */
  signals?: boolean | undefined;
  /** As for `createRewardServer`, but on by default. @default true */
  logger?: boolean | LoggerOptions | undefined;
}

const OptionsSchema = z.object({
  workers: z.number().int().min(0).max(1024).optional(),
  eta: z.number().min(0).max(1).optional(),
  strategy: StrategySchema.optional(),
  bodyLimit: z.number().int().positive().optional(),
  requestTimeoutMs: z.number().int().min(0).optional(),
  maxQueue: z.number().int().min(0).optional(),
  bodyTimeoutMs: z.number().int().min(0).optional(),
  maxBytesInFlight: z.number().int().positive().optional(),
  logger: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  signals: z.boolean().optional(),
  // Checked by createJudge (or taken as is when it already is a judge), naming the field.
  judge: z.custom<object>((value) => typeof value === 'object' && value !== null, 'judge must be createJudge options or a judge').optional(),
  judgeMode: z.enum(['rules', 'judge', 'cascade'] satisfies JudgeMode[]).optional(),
  onJudgeError: z.enum(['rules', 'zero', 'throw'] satisfies OnJudgeError[]).optional(),
});

export interface ResolvedOptions {
  workers: number;
  defaults: RewardOptions;
  bodyLimit: number;
  requestTimeoutMs: number;
  maxQueue: number;
  bodyTimeoutMs: number;
  maxBytesInFlight: number;
  logger: boolean | LoggerOptions;
  /** Present when the server has a judge. */
  judge: { mode: JudgeMode; onJudgeError: OnJudgeError } | undefined;
}

/** Validates the options (throws `ValidationError` with code `INVALID_OPTIONS`) and fills in defaults. */
export function resolveOptions(options: StartServerOptions, logger: boolean): ResolvedOptions {
  const parsed = parseWith(OptionsSchema, options, 'INVALID_OPTIONS');
  const defaults: RewardOptions = {};
  if (parsed.eta !== undefined) defaults.eta = parsed.eta;
  if (parsed.strategy !== undefined) defaults.strategy = parsed.strategy;
  if (parsed.judge === undefined && parsed.judgeMode !== undefined && parsed.judgeMode !== 'rules') {
    throw new ValidationError('INVALID_OPTIONS', [{ path: ['judge'], code: 'missing', message: `judgeMode '${parsed.judgeMode}' needs a judge` }]);
  }
  const workers = parsed.workers ?? availableParallelism();
  const bodyLimit = parsed.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const maxBytesInFlight = parsed.maxBytesInFlight ?? 4 * bodyLimit;
  if (maxBytesInFlight < bodyLimit) {
    throw new ValidationError('INVALID_OPTIONS', [
      { path: ['maxBytesInFlight'], code: 'too_small', message: `maxBytesInFlight (${maxBytesInFlight}) is smaller than bodyLimit (${bodyLimit}): a body at the limit could never be accepted` },
    ]);
  }
  return {
    workers,
    defaults,
    bodyLimit,
    requestTimeoutMs: parsed.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxQueue: parsed.maxQueue ?? QUEUE_PER_THREAD * Math.max(1, workers),
    bodyTimeoutMs: parsed.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    maxBytesInFlight,
    // The caller's own object, not zod's copy: pino options may hold functions and streams.
    logger: options.logger ?? logger,
    judge: parsed.judge === undefined ? undefined : { mode: parsed.judgeMode ?? 'cascade', onJudgeError: parsed.onJudgeError ?? 'rules' },
  };
}

/**
 * The server's judge: the one given, or one made from its options, once per server. A bad option
 * throws `ValidationError` with its path under `judge` (`judge.baseURL`); messages never quote the key.
 */
export function resolveJudge(judge: JudgeOptions | Judge | undefined, requestTimeoutMs: number): Judge | undefined {
  if (judge === undefined) return undefined;
  if (isJudge(judge)) return judge;
  // A call still retrying when the request times out would end as a 503 with no fallback.
  const deadlineMs = judge.deadlineMs ?? (requestTimeoutMs > 0 ? Math.max(1, Math.floor(requestTimeoutMs / 2)) : undefined);
  try {
    return createJudge(deadlineMs === undefined ? judge : { ...judge, deadlineMs });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(error.code, error.issues.map((issue) => ({ ...issue, path: ['judge', ...issue.path] })));
  }
}

function isJudge(value: JudgeOptions | Judge): value is Judge {
  return typeof (value as Partial<Judge>).grade === 'function' && typeof (value as Partial<Judge>).stats === 'function';
}
