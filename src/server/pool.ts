// The scoring pool: piscina threads behind a bounded first-come-first-served queue of our own.
//
// Overload is answered, not absorbed: a new request that finds the queue full is refused with
// `503 OVERLOADED` and a `Retry-After` (trainers' clients retry with backoff), a queued request whose
// client has gone is dropped before it costs a thread, and a request past its deadline is answered
// at once while its thread stops cooperatively between rows. Only a thread still busy a grace period
// after the deadline is stopped by force (piscina terminates and replaces it), which stays rare.
import { Piscina } from 'piscina';
import { HttpError } from './http-error.js';
import { QUEUE_PER_THREAD } from './options.js';
import { workerEntry, type PoolStats, type RunOptions, type Scorer } from './scorer.js';
import type { GroupOutcome, RequestOutcome, RowOutcome, Task } from './task.js';

export interface PoolOptions {
  /** Scoring threads. */
  threads: number;
  /** New requests that may wait for a thread; past it they are refused. @default 128 × threads */
  maxQueue?: number | undefined;
  /** How long a task may run past its caller's deadline before its thread is stopped by force. @default 5000 */
  killGraceMs?: number | undefined;
}

export const DEFAULT_KILL_GRACE_MS = 5000;

interface Pending {
  task: Task;
  signal: AbortSignal;
  cancel: AbortSignal | undefined;
  resolve: (value: RequestOutcome | RowOutcome[] | GroupOutcome) => void;
  reject: (reason: unknown) => void;
}

/** What the pool counted since it started, for `/metrics`. */
export interface PoolCounters {
  /** Queued requests dropped because their client had gone. */
  dropped: number;
  /** Threads stopped by force (a task far past its deadline) and replaced. */
  killed: number;
}

/**
 * A pool of `threads` scoring threads, all started up front so the first requests do not wait.
 * Tasks wait in a queue of our own and go to piscina only when a thread is free: piscina's own
 * queue is not first-come-first-served once tasks carry an abort signal, and it hands queued
 * tasks to threads that are still loading, which a timeout then stops mid-load.
 */
export function createPoolScorer(options: PoolOptions | number): Scorer & { counters(): PoolCounters } {
  const { threads, maxQueue = QUEUE_PER_THREAD * threads, killGraceMs = DEFAULT_KILL_GRACE_MS } = typeof options === 'number' ? { threads: options } : options;
  const entry = workerEntry();
  const pool = new Piscina<Task, RequestOutcome | RowOutcome[] | GroupOutcome>({
    filename: entry.filename,
    minThreads: threads,
    maxThreads: threads,
    ...(entry.execArgv === undefined ? {} : { execArgv: entry.execArgv }),
  });
  const queue: Pending[] = [];
  const counters: PoolCounters = { dropped: 0, killed: 0 };
  let running = 0;
  // Mean task time (ms), for the Retry-After estimate; an exponential average is enough.
  let meanMs = 5;

  function pump(): void {
    while (running < threads && queue.length > 0) {
      const next = queue.shift()!;
      // A client that hung up while its request waited: the thread goes to the next one.
      if (next.cancel?.aborted === true) {
        counters.dropped++;
        next.reject(next.cancel.reason);
        continue;
      }
      start(next);
    }
  }

  function start({ task, signal, resolve, reject }: Pending): void {
    running++;
    const started = performance.now();
    // A request's body is moved to the thread, not copied, when it owns its memory.
    const body = task.kind === 'request' ? task.body : undefined;
    const owned = body !== undefined && body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    // The caller's deadline answers the caller at once; the thread itself is stopped (terminated
    // by piscina) only if it is still busy `killGraceMs` later: a batch stops between rows by
    // itself (the task carries the deadline), and a lone row usually ends well within the grace.
    const kill = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      reject(signal.reason);
      grace = setTimeout(() => {
        counters.killed++;
        kill.abort(signal.reason);
      }, killGraceMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pool
      .run(task, { signal: kill.signal, ...(owned ? { transferList: [body.buffer as ArrayBuffer] } : {}) })
      .then(resolve, reject)
      .finally(() => {
        signal.removeEventListener('abort', onAbort);
        clearTimeout(grace);
        meanMs = 0.9 * meanMs + 0.1 * (performance.now() - started);
        running--;
        pump();
      });
  }

  function run(task: Task, signal: AbortSignal, runOptions: RunOptions = {}): Promise<RequestOutcome | RowOutcome[] | GroupOutcome> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      if (runOptions.shed === true && queue.length >= maxQueue) return reject(overloaded(retryAfter()));
      const { cancel } = runOptions;
      const pending: Pending = { task, signal, cancel, resolve, reject };
      // Still waiting when the deadline passes or the client goes: leave the queue.
      const leave = (reason: unknown, dropped: boolean): void => {
        const at = queue.indexOf(pending);
        if (at < 0) return;
        queue.splice(at, 1);
        if (dropped) counters.dropped++;
        reject(reason);
      };
      signal.addEventListener('abort', () => leave(signal.reason, false), { once: true });
      cancel?.addEventListener('abort', () => leave(cancel.reason, true), { once: true });
      queue.push(pending);
      pump();
    });
  }

  /** Seconds until the queue has room again, by the recent mean task time; 1 to 30. */
  function retryAfter(): number {
    return Math.min(30, Math.max(1, Math.ceil((queue.length * meanMs) / threads / 1000)));
  }

  return {
    threads,
    run: run as Scorer['run'],
    full: () => (queue.length >= maxQueue ? retryAfter() : undefined),
    stats: (): PoolStats => ({ threads, queueSize: queue.length + pool.queueSize, inFlight: queue.length + running, utilization: finite(pool.utilization) }),
    counters: () => ({ ...counters }),
    close: () => pool.close(),
  };
}

/** The answer to a request refused because the queue is full. */
export function overloaded(retryAfterS: number): HttpError {
  return new HttpError(503, 'OVERLOADED', 'the server is overloaded: every scoring thread is busy and the queue is full; retry later', '', {
    'retry-after': String(retryAfterS),
  });
}

function finite(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
