// Where scoring runs: a piscina pool of worker threads (the default, one per core), or the
// calling thread (`workers: 0`, for embedding and for tests of the HTTP layer).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerEntry as findWorker, type WorkerEntry } from '../io/index.js';
import { runTask, scoreRow, type GroupOutcome, type GroupTask, type RequestOutcome, type RequestTask, type RowOutcome, type ScoreTask, type Task } from './task.js';

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

/** How a task may be turned away before it runs. */
export interface RunOptions {
  /** Aborted when the client has gone: the task leaves the queue if it is still waiting. */
  cancel?: AbortSignal | undefined;
  /** A new request: refused with `503 OVERLOADED` when the queue is full (rows of an admitted one never are). */
  shed?: boolean | undefined;
}

export interface Scorer {
  /** Scoring threads; 0 when scoring runs in the calling thread. */
  readonly threads: number;
  /** Runs a task. Rejects once `signal` aborts; the caller reads the reason from the signal. */
  run(task: RequestTask, signal: AbortSignal, options?: RunOptions): Promise<RequestOutcome>;
  run(task: ScoreTask, signal: AbortSignal, options?: RunOptions): Promise<RowOutcome[]>;
  run(task: GroupTask, signal: AbortSignal, options?: RunOptions): Promise<GroupOutcome>;
  /** When the queue is full: the seconds a client should wait before retrying; else undefined. */
  full(): number | undefined;
  stats(): PoolStats;
  close(): Promise<void>;
}

/**
 * Scoring in the calling thread. A batch is scored row by row with a turn of the event loop in
 * between, so a timeout can fire and other requests get answered.
 */
export function createInlineScorer(): Scorer {
  let inFlight = 0;
  async function run(task: Task, signal: AbortSignal): Promise<RequestOutcome | RowOutcome[] | GroupOutcome> {
    inFlight++;
    try {
      if (signal.aborted) throw signal.reason;
      if (task.kind !== 'score') return runTask(task);
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
    full: () => undefined,
    stats: () => ({ threads: 0, queueSize: 0, inFlight, utilization: 0 }),
    close: async () => {},
  };
}

/**
 * This module's folder: dist/ once built, src/server/ when run from source. The CJS bundle is
 * built with tsup's shims, which give it an `import.meta.url` as well.
 */
function moduleDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * The worker file and how to start it: `server-worker.cjs` beside the server bundle once built
 * (CommonJS, see tsup.config.ts, loaded by both the ESM and the CJS server), `worker.ts` with tsx from src/.
 */
export function workerEntry(dir: string = moduleDir()): WorkerEntry {
  return findWorker(dir, 'server-worker.cjs', 'worker.ts', 'the scoring worker');
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
