// Where scoring runs: a piscina pool of worker threads (the default, one per core), or the
// calling thread (`workers: 0`, for embedding and for tests of the HTTP layer).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { runTask, scoreRow, type RequestOutcome, type RequestTask, type RowOutcome, type ScoreTask, type Task } from './task.js';

export interface PoolStats {
  /** Scoring threads; 0 when scoring runs in the server's own thread. */
  threads: number;
  /** Tasks waiting for a free thread. */
  queueSize: number;
  /** Tasks handed to the scorer and not finished yet (running or queued). */
  inFlight: number;
  /** Share of the pool's thread time spent running tasks since it started, in [0, 1]. */
  utilization: number;
}

export interface Scorer {
  /** Scoring threads; 0 when scoring runs in the calling thread. */
  readonly threads: number;
  /** Runs a task. Rejects once `signal` aborts; the caller reads the reason from the signal. */
  run(task: RequestTask, signal: AbortSignal): Promise<RequestOutcome>;
  run(task: ScoreTask, signal: AbortSignal): Promise<RowOutcome[]>;
  stats(): PoolStats;
  close(): Promise<void>;
}

/**
 * Scoring in the calling thread. A batch is scored row by row with a turn of the event loop in
 * between, so a timeout can fire and other requests get answered.
 */
export function createInlineScorer(): Scorer {
  let inFlight = 0;
  async function run(task: Task, signal: AbortSignal): Promise<RequestOutcome | RowOutcome[]> {
    inFlight++;
    try {
      if (signal.aborted) throw signal.reason;
      if (task.kind === 'request') return runTask(task);
      const out: RowOutcome[] = [];
      for (const row of task.rows) {
        if (signal.aborted) throw signal.reason;
        out.push(scoreRow(row, task.detail, task.judgeMode));
        if (out.length < task.rows.length) await new Promise((resolve) => setImmediate(resolve));
      }
      return out;
    } finally {
      inFlight--;
    }
  }
  return {
    threads: 0,
    run: run as Scorer['run'],
    stats: () => ({ threads: 0, queueSize: 0, inFlight, utilization: 0 }),
    close: async () => {},
  };
}

interface Pending {
  task: Task;
  signal: AbortSignal;
  resolve: (value: RequestOutcome | RowOutcome[]) => void;
  reject: (reason: unknown) => void;
}

/**
 * A pool of `threads` scoring threads, all started up front so the first requests do not wait.
 * Tasks wait in a queue of our own and go to piscina only when a thread is free: piscina's own
 * queue is not first-come-first-served once tasks carry an abort signal (a task it cannot place
 * goes to the back, or with `stricterFIFO` every new one to the front), which gave a p99 of
 * ~700 ms at 32 connections on one thread.
 */
export function createPoolScorer(threads: number): Scorer {
  const entry = workerEntry();
  const pool = new Piscina<Task, RequestOutcome | RowOutcome[]>({
    filename: entry.filename,
    minThreads: threads,
    maxThreads: threads,
    ...(entry.execArgv === undefined ? {} : { execArgv: entry.execArgv }),
  });
  const queue: Pending[] = [];
  let running = 0;

  function pump(): void {
    while (running < threads && queue.length > 0) start(queue.shift()!);
  }

  function start({ task, signal, resolve, reject }: Pending): void {
    running++;
    // A request's body is moved to the thread, not copied, when it owns its memory.
    const body = task.kind === 'request' ? task.body : undefined;
    const owned = body !== undefined && body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    // Aborting a running task stops its thread; piscina starts a new one.
    pool
      .run(task, { signal, ...(owned ? { transferList: [body.buffer as ArrayBuffer] } : {}) })
      .then(resolve, reject)
      .finally(() => {
        running--;
        pump();
      });
  }

  function run(task: Task, signal: AbortSignal): Promise<RequestOutcome | RowOutcome[]> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const pending: Pending = { task, signal, resolve, reject };
      // Still waiting when the signal aborts: leave the queue. Already running: piscina's abort.
      signal.addEventListener(
        'abort',
        () => {
          const at = queue.indexOf(pending);
          if (at >= 0) {
            queue.splice(at, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
      queue.push(pending);
      pump();
    });
  }

  return {
    threads,
    run: run as Scorer['run'],
    stats: () => ({ threads, queueSize: queue.length + pool.queueSize, inFlight: queue.length + running, utilization: finite(pool.utilization) }),
    close: () => pool.close(),
  };
}

function finite(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/**
 * This module's folder: dist/ once built, src/server/ when run from source. The CJS bundle is
 * built with tsup's shims, which give it an `import.meta.url` as well.
 */
function moduleDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * The worker file and how to start it. Built, it is `server-worker.js` beside the server bundle
 * (ESM, loaded by both the ESM and the CJS server). From src/ it is `worker.ts`, which a thread can
 * only load with tsx registered in it: tsx is a dev dependency, so this path is for tests and
 * `npx tsx` only.
 */
export function workerEntry(dir: string = moduleDir()): { filename: string; execArgv?: string[] } {
  const built = join(dir, 'server-worker.js');
  if (existsSync(built)) return { filename: built };
  const source = join(dir, 'worker.ts');
  if (!existsSync(source)) {
    throw new Error(`longtrace-reward/server: the scoring worker is missing (looked for ${built} and ${source})`);
  }
  // A process started through tsx passes its loader on to worker threads by itself.
  if (process.execArgv.some((arg) => arg.includes('tsx'))) return { filename: source };
  let loader: string;
  try {
    loader = pathToFileURL(createRequire(join(dir, 'noop.js')).resolve('tsx')).href;
  } catch (error) {
    throw new Error('longtrace-reward/server: running the worker from src/ needs tsx; build the package (npm run build) or use workers: 0', { cause: error });
  }
  return { filename: source, execArgv: ['--import', loader] };
}

/**
 * Cuts `rows` into at most `parts` contiguous chunks of about the same total size, so one large
 * batch spreads over every thread while small requests stay one task each.
 */
export function chunkRows<T>(rows: readonly T[], parts: number, size: (row: T) => number): T[][] {
  const n = Math.max(1, Math.min(parts, rows.length));
  if (n === 1) return rows.length === 0 ? [] : [[...rows]];
  const sizes = rows.map((row) => Math.max(1, size(row)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const chunks: T[][] = [];
  let current: T[] = [];
  let sum = 0;
  rows.forEach((row, i) => {
    current.push(row);
    sum += sizes[i]!;
    const left = rows.length - i - 1;
    const chunksLeft = n - chunks.length - 1;
    // Cut at the next share of the total, but always leave one row for every chunk still to come.
    if (chunksLeft > 0 && (sum >= (total * (chunks.length + 1)) / n || left === chunksLeft)) {
      chunks.push(current);
      current = [];
    }
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}
