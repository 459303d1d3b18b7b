// `longtrace-reward serve`: starts the reward service, which runs until SIGINT or SIGTERM.
// The server module (and with it fastify and the worker pool) is imported only here, so `score`
// and `demo` start fast and never load it. The judge's API key comes from the environment only
// (a flag would show in `ps` and in shell history) and is handed to the server, never printed.
import { probeEndpoint } from '../../llm/probe-endpoint.js';
import type { JudgeMode, JudgeOptions, OnJudgeError, RewardStrategy } from '../../index.js';
import { colorsFor } from '../shared/colors.js';
import { EXIT } from '../shared/exit-codes.js';
import { JUDGE_API_KEY_ENV, type ServeCommandOptions } from './options.js';

/** What the CLI needs of `src/server/index.ts`. */
interface ServerModule {
  startServer(options: {
    host?: string;
    port?: number;
    workers?: number;
    eta?: number;
    strategy?: RewardStrategy;
    bodyLimit?: number;
    maxQueue?: number;
    bodyTimeoutMs?: number;
    maxBytesInFlight?: number;
    judge?: JudgeOptions;
    judgeMode?: JudgeMode;
    onJudgeError?: OnJudgeError;
  }): Promise<{ url: string; close(): Promise<void> }>;
}

/** Which flag set each of createJudge's options, to name it in a message. */
const JUDGE_OPTION_FLAGS: Record<string, string> = {
  baseURL: '--judge-url',
  model: '--judge-model',
  timeoutMs: '--judge-timeout-ms',
  deadlineMs: '--judge-deadline-ms',
  maxConcurrency: '--judge-concurrency',
  retries: '--judge-retries',
  cacheSize: '--judge-cache-size',
  apiKey: JUDGE_API_KEY_ENV,
};

/** createJudge's options from the flags and the environment; undefined without `--judge-url`. */
export function judgeOptions(options: ServeCommandOptions, env: NodeJS.ProcessEnv = process.env): JudgeOptions | undefined {
  if (options.judgeUrl === undefined || options.judgeModel === undefined) return undefined;
  const apiKey = env[JUDGE_API_KEY_ENV]?.trim();
  return {
    baseURL: options.judgeUrl,
    model: options.judgeModel,
    ...(apiKey !== undefined && apiKey !== '' && { apiKey }),
    ...(options.judgeTimeoutMs !== undefined && { timeoutMs: options.judgeTimeoutMs }),
    ...(options.judgeDeadlineMs !== undefined && { deadlineMs: options.judgeDeadlineMs }),
    ...(options.judgeConcurrency !== undefined && { maxConcurrency: options.judgeConcurrency }),
    ...(options.judgeRetries !== undefined && { retries: options.judgeRetries }),
    ...(options.judgeCacheSize !== undefined && { cacheSize: options.judgeCacheSize }),
  };
}

/** The URL without anything after the host's path that could hold a secret (a query string). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(the --judge-url)';
  }
}

/** A judge option the server refused, as `option --judge-url: …`; undefined for any other error. */
function judgeUsage(error: unknown): string | undefined {
  const issues = (error as { issues?: { path?: unknown[]; message?: string }[] } | null)?.issues;
  const [issue] = Array.isArray(issues) ? issues : [];
  if (issue?.path?.[0] !== 'judge' || typeof issue.path[1] !== 'string') return undefined;
  const flag = JUDGE_OPTION_FLAGS[issue.path[1]] ?? '--judge-url';
  const hint = issue.path[1] === 'baseURL' && /credentials/.test(issue.message ?? '') ? ` (put the key in ${JUDGE_API_KEY_ENV})` : '';
  return `option ${flag}: ${issue.message ?? 'invalid'}${hint}`;
}

/** How long the start-up check of the judge waits for an answer. */
const JUDGE_PROBE_MS = 5000;

/**
 * One cheap request to the judge at start-up (`GET {baseURL}/models`, which OpenAI-compatible
 * servers answer): a problem found here is said once, clearly, instead of surfacing as rule
 * fallbacks in the middle of a training run. Resolves with the problem, or undefined when the
 * judge answered (any status but 401 / 403: a server without `/models` still answers).
 */
export async function probeJudge(judge: JudgeOptions, timeoutMs = JUDGE_PROBE_MS): Promise<string | undefined> {
  return probeEndpoint(judge.baseURL, { apiKey: judge.apiKey, keyEnv: JUDGE_API_KEY_ENV, timeoutMs });
}

/**
 * Starts the service and never resolves: on SIGINT / SIGTERM the server drains and exits the
 * process itself (0; a second signal exits at once). Resolves with 1 when it cannot be loaded.
 */
export async function runServe(options: ServeCommandOptions): Promise<number> {
  const c = colorsFor(process.stderr);
  let server: ServerModule;
  try {
    server = (await import('../../server/index.js')) as ServerModule;
  } catch (error) {
    process.stderr.write(`${c.red('error:')} the reward service could not be loaded: ${(error as Error).message}\n`);
    return 1;
  }
  const judge = judgeOptions(options);
  let url: string;
  try {
    ({ url } = await server.startServer({
      host: options.host,
      port: options.port,
      ...(options.workers !== undefined && { workers: options.workers }),
      ...(options.eta !== undefined && { eta: options.eta }),
      ...(options.strategy !== undefined && { strategy: options.strategy }),
      ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
      ...(options.maxQueue !== undefined && { maxQueue: options.maxQueue }),
      ...(options.bodyTimeoutMs !== undefined && { bodyTimeoutMs: options.bodyTimeoutMs }),
      ...(options.maxBytesInFlight !== undefined && { maxBytesInFlight: options.maxBytesInFlight }),
      ...(judge !== undefined && { judge }),
      ...(options.judgeMode !== undefined && { judgeMode: options.judgeMode }),
      ...(options.judgeOnError !== undefined && { onJudgeError: options.judgeOnError }),
    }));
  } catch (error) {
    // A judge option createJudge refused is a usage error, named by its flag (never quoting the URL).
    const usage = judgeUsage(error);
    if (usage !== undefined) {
      process.stderr.write(`${c.red('error:')} ${usage}\n${c.dim('(add --help for usage)')}\n`);
      return EXIT.usage;
    }
    // Typically the port is taken (EADDRINUSE) or the address is not this machine's.
    process.stderr.write(`${c.red('error:')} the reward service could not start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`longtrace-reward service listening on ${url}\n`);
  if (options.host !== undefined && !['localhost', '::1'].includes(options.host) && !options.host.startsWith('127.')) {
    process.stderr.write(`${c.yellow('warning:')} listening on ${options.host}: the service has no authentication and no TLS; expose it only on a private network or behind an authenticating proxy\n`);
  }
  process.stderr.write(c.dim(`POST ${url}/evaluate (LongTraceRL), ${url}/get_reward (OpenRLHF), ${url}/v1/reward · Ctrl-C to stop\n`));
  if (judge !== undefined) {
    const key = judge.apiKey === undefined ? `no API key (${JUDGE_API_KEY_ENV} is not set)` : `API key from ${JUDGE_API_KEY_ENV}`;
    process.stderr.write(c.dim(`judge: ${judge.model}, ${options.judgeMode ?? 'cascade'} mode, on error: ${options.judgeOnError ?? 'rules'}, ${key}\n`));
    // Not awaited before listening: the service is up either way, and the warning follows.
    void probeJudge(judge).then((problem) => {
      if (problem === undefined) return;
      const fallback = (options.judgeOnError ?? 'rules') === 'rules' ? 'answers get the rule verdict' : `--judge-on-error ${options.judgeOnError ?? ''} applies`;
      process.stderr.write(
        `${c.yellow('warning:')} the judge at ${safeUrl(judge.baseURL)} did not answer a test request: ${problem}. ` +
          `The service keeps running; until the judge answers, ${fallback} (counted in /metrics as longtrace_judge_fallbacks_total).\n`,
      );
    });
  }
  // The server owns SIGINT and SIGTERM: it drains the requests in flight and exits the process.
  // Until then the open socket keeps the process alive.
  return new Promise<number>(() => undefined);
}
