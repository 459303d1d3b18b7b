// The server's own configuration, validated once when it is created: a bad option fails at
// start-up with the option's name, not at the first request.
import { availableParallelism } from 'node:os';
import type { LoggerOptions } from 'pino';
import { z } from 'zod';
import type { RewardOptions, RewardStrategy } from '../rubric/index.js';
import { parseWith, StrategySchema } from '../schema.js';

/** 64 MiB: a batch of 256 responses of 32K tokens each (about 130 KB apiece) fits with room to spare. */
export const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
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
  /** fastify's pino logger: `true`, `false` or pino options. Request bodies are never logged. @default false */
  logger?: boolean | LoggerOptions | undefined;
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
  logger: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  signals: z.boolean().optional(),
});

export interface ResolvedOptions {
  workers: number;
  defaults: RewardOptions;
  bodyLimit: number;
  requestTimeoutMs: number;
  logger: boolean | LoggerOptions;
}

/** Validates the options (throws `ValidationError` with code `INVALID_OPTIONS`) and fills in defaults. */
export function resolveOptions(options: StartServerOptions, logger: boolean): ResolvedOptions {
  const parsed = parseWith(OptionsSchema, options, 'INVALID_OPTIONS');
  const defaults: RewardOptions = {};
  if (parsed.eta !== undefined) defaults.eta = parsed.eta;
  if (parsed.strategy !== undefined) defaults.strategy = parsed.strategy;
  return {
    workers: parsed.workers ?? availableParallelism(),
    defaults,
    bodyLimit: parsed.bodyLimit ?? DEFAULT_BODY_LIMIT,
    requestTimeoutMs: parsed.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // The caller's own object, not zod's copy: pino options may hold functions and streams.
    logger: options.logger ?? logger,
  };
}
