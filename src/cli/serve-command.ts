// `longtrace-reward serve`: starts the reward service, which runs until SIGINT or SIGTERM.
// The server module (and with it fastify and the worker pool) is imported only here, so `score`
// and `demo` start fast and never load it.
import type { RewardStrategy } from '../index.js';
import { colorsFor } from './colors.js';
import type { ServeOptions } from './options.js';

/** What the CLI needs of `src/server/index.ts`. */
interface ServerModule {
  startServer(options: {
    host?: string;
    port?: number;
    workers?: number;
    eta?: number;
    strategy?: RewardStrategy;
    bodyLimit?: number;
  }): Promise<{ url: string; close(): Promise<void> }>;
}

/**
 * Starts the service and never resolves: on SIGINT / SIGTERM the server drains and exits the
 * process itself (0; a second signal exits at once). Resolves with 1 when it cannot be loaded.
 */
export async function runServe(options: ServeOptions): Promise<number> {
  const c = colorsFor(process.stderr);
  let server: ServerModule;
  try {
    server = (await import('../server/index.js')) as ServerModule;
  } catch (error) {
    process.stderr.write(`${c.red('error:')} the reward service could not be loaded: ${(error as Error).message}\n`);
    return 1;
  }
  let url: string;
  try {
    ({ url } = await server.startServer({
      host: options.host,
      port: options.port,
      ...(options.workers !== undefined && { workers: options.workers }),
      ...(options.eta !== undefined && { eta: options.eta }),
      ...(options.strategy !== undefined && { strategy: options.strategy }),
      ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
    }));
  } catch (error) {
    // Typically the port is taken (EADDRINUSE) or the address is not this machine's.
    process.stderr.write(`${c.red('error:')} the reward service could not start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`longtrace-reward service listening on ${url}\n`);
  process.stderr.write(c.dim(`POST ${url}/evaluate (LongTraceRL), ${url}/get_reward (OpenRLHF), ${url}/v1/reward · Ctrl-C to stop\n`));
  // The server owns SIGINT and SIGTERM: it drains the requests in flight and exits the process.
  // Until then the open socket keeps the process alive.
  return new Promise<number>(() => undefined);
}
