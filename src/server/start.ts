// startServer: listen, log where, and on SIGTERM / SIGINT stop taking requests, finish the ones in
// flight, stop the pool and exit. The CLI's `serve` command is a thin wrapper around it.
import type { AddressInfo } from 'node:net';
import { buildServer } from './app.js';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REQUEST_TIMEOUT_MS, resolveOptions, type StartServerOptions } from './options.js';

/** How long past requestTimeoutMs a drain may wait for connections before closing them. */
const DRAIN_GRACE_MS = 5_000;

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:7248`. */
  url: string;
  /** Stops listening, waits for the requests in flight, stops the pool. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the reward service and resolves once it listens. Binds to loopback unless `host` says
 * otherwise. On SIGTERM or SIGINT it drains in-flight requests and exits with 0 (a second signal
 * exits at once with 1); `signals: false` leaves the process's signals alone.
 * @example
 * const server = await startServer({ port: 7248, workers: 4 });
 * console.log(server.url); // http://127.0.0.1:7248
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  // Validated here too, so a bad host or port fails before the pool starts.
  resolveOptions(options, true);
  const { host = DEFAULT_HOST, port = DEFAULT_PORT, signals = true, ...rest } = options;
  const { app, scorer, judge, drain } = buildServer({ ...rest, logger: options.logger ?? true }, true);
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port: bound } = app.server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // Requests in flight end by requestTimeoutMs at the latest; a connection still open after
      // that (a client sending a body forever) does not get to hold the shutdown.
      const limit = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
      const deadline = limit > 0 ? setTimeout(() => app.server.closeAllConnections(), limit + DRAIN_GRACE_MS).unref() : undefined;
      try {
        // The port stays open while requests are in flight: a new request (a health check, a
        // balancer's retry) is answered 503 SHUTTING_DOWN rather than refused, so the replica
        // leaves rotation visibly. Once the last one is answered the port closes.
        let wait: NodeJS.Timeout | undefined;
        await Promise.race([drain(), new Promise<void>((resolve) => (wait = setTimeout(resolve, limit > 0 ? limit + DRAIN_GRACE_MS : 2 ** 31 - 1)))]);
        clearTimeout(wait);
        await app.close();
      } finally {
        clearTimeout(deadline);
        // Only now: during the drain a second signal must reach onSignal, not Node's default.
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
    })();
    return closing;
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (closing !== undefined) {
      app.log.warn({ signal }, 'second signal: exiting without draining');
      process.exit(1);
    }
    app.log.info({ signal }, 'draining in-flight requests, then exiting');
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  }
  if (signals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  // The judge by its model and mode only: never its options, which hold the API key.
  const judging = judge === undefined ? {} : { judge: { model: judge.model, mode: options.judgeMode ?? 'cascade', onJudgeError: options.onJudgeError ?? 'rules' } };
  app.log.info({ url, workers: scorer.threads, ...judging }, 'longtrace-reward server listening');
  if (!isLoopback(host)) app.log.warn({ host }, 'listening beyond loopback: the service has no authentication and no TLS; expose it only on a private network or behind an authenticating proxy');
  return { url, close };
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
