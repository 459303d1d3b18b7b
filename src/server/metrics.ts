// Prometheus text exposition (format 0.0.4), written by hand: a dozen metric families do not need
// a client library. Label values are route patterns, status codes and error codes, never anything
// from a body, so the number of series stays small.
import type { JudgeStats } from '../judge/index.js';
import { LatencyRecorder } from '../llm/index.js';
import type { PoolStats } from './scorer.js';

/** The load-shedding figures the HTTP layer and the pool keep. */
export interface LoadStats {
  bytesInFlight: number;
  dropped?: number | undefined;
  killed?: number | undefined;
}

/** Upper bounds of the latency histogram, in seconds: 1 ms to a minute. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, LatencyRecorder>();
  readonly #rows = new Map<string, number>();
  readonly #judged = new Map<string, number>();
  readonly #fallbacks = new Map<string, number>();
  readonly #shed = new Map<string, number>();
  readonly #gone = new Map<string, number>();
  #bodyTimeouts = 0;
  readonly #warnings = new Map<string, number>();
  readonly #started = Date.now() / 1000;

  /** Counts one finished request and records its latency. */
  observe(route: string, method: string, status: number, seconds: number): void {
    const key = labels({ route, method, status: String(status) });
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const hkey = labels({ route });
    // The same histogram as the judge's latency (src/llm), here with bounds in seconds.
    let h = this.#latency.get(hkey);
    if (h === undefined) {
      h = new LatencyRecorder(LATENCY_BUCKETS);
      this.#latency.set(hkey, h);
    }
    h.observe(seconds);
  }

  /** Counts rollouts scored successfully by a route. */
  rowsScored(route: string, n: number): void {
    const key = labels({ route });
    this.#rows.set(key, (this.#rows.get(key) ?? 0) + n);
  }

  /** Counts a warning of a trainer-facing endpoint (a sample scored despite odd data), by route and code. */
  warning(route: string, code: string): void {
    const key = labels({ route, code });
    this.#warnings.set(key, (this.#warnings.get(key) ?? 0) + 1);
  }

  /** Counts a rollout whose outcome the judge decided (`verdict.judged`), by route. */
  rowJudged(route: string): void {
    const key = labels({ route });
    this.#judged.set(key, (this.#judged.get(key) ?? 0) + 1);
  }

  /** Counts a rollout scored with the `onJudgeError` fallback because the judge gave no verdict. */
  judgeFallback(code: string): void {
    const key = labels({ code });
    this.#fallbacks.set(key, (this.#fallbacks.get(key) ?? 0) + 1);
  }

  /** Counts a request refused with `503 OVERLOADED`, by reason (`queue_full`, `bytes_in_flight`). */
  shed(reason: string): void {
    const key = labels({ reason });
    this.#shed.set(key, (this.#shed.get(key) ?? 0) + 1);
  }

  /** Counts a request whose client closed the connection before the answer, by route. */
  clientGone(route: string): void {
    const key = labels({ route });
    this.#gone.set(key, (this.#gone.get(key) ?? 0) + 1);
  }

  /** Counts a connection closed because its body did not arrive within `bodyTimeoutMs`. */
  bodyTimeout(): void {
    this.#bodyTimeouts++;
  }

  /** The text exposition; the judge's families only when the server has a judge. */
  render(pool: PoolStats, inFlightRequests: number, judge?: JudgeStats, load: LoadStats = { bytesInFlight: 0 }): string {
    const out: string[] = [];
    family(out, 'longtrace_http_requests_total', 'counter', 'HTTP requests by route, method and status.');
    for (const [key, n] of sorted(this.#requests)) out.push(`longtrace_http_requests_total{${key}} ${n}`);

    family(out, 'longtrace_http_request_duration_seconds', 'histogram', 'Time from request received to response sent, by route.');
    for (const [key, recorder] of sorted(this.#latency)) {
      const h = recorder.snapshot();
      for (const { le, count } of h.buckets) out.push(`longtrace_http_request_duration_seconds_bucket{${key},le="${le}"} ${count}`);
      out.push(`longtrace_http_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      out.push(`longtrace_http_request_duration_seconds_sum{${key}} ${h.sum}`);
      out.push(`longtrace_http_request_duration_seconds_count{${key}} ${h.count}`);
    }

    family(out, 'longtrace_rows_scored_total', 'counter', 'Rollouts scored, by route.');
    for (const [key, n] of sorted(this.#rows)) out.push(`longtrace_rows_scored_total{${key}} ${n}`);

    family(out, 'longtrace_requests_shed_total', 'counter', 'Requests refused with 503 OVERLOADED, by reason (queue_full, bytes_in_flight).');
    for (const [key, n] of sorted(this.#shed)) out.push(`longtrace_requests_shed_total{${key}} ${n}`);
    family(out, 'longtrace_http_client_gone_total', 'counter', 'Requests whose client closed the connection before the answer, by route.');
    for (const [key, n] of sorted(this.#gone)) out.push(`longtrace_http_client_gone_total{${key}} ${n}`);
    counter(out, 'longtrace_pool_dropped_total', 'Queued requests dropped before scoring because their client had gone.', load.dropped ?? 0);
    counter(out, 'longtrace_pool_threads_stopped_total', 'Scoring threads stopped by force (a task far past its deadline) and replaced.', load.killed ?? 0);
    counter(out, 'longtrace_http_body_timeouts_total', 'Connections closed with 408 because the body did not arrive within bodyTimeoutMs.', this.#bodyTimeouts);
    gauge(out, 'longtrace_http_body_bytes_in_flight', 'Bytes of request bodies held (reserved by content-length or received).', load.bytesInFlight);
    family(out, 'longtrace_warnings_total', 'counter', 'Odd samples scored anyway by /evaluate and /get_reward, by route and warning code.');
    for (const [key, n] of sorted(this.#warnings)) out.push(`longtrace_warnings_total{${key}} ${n}`);

    gauge(out, 'longtrace_http_requests_in_flight', 'Requests received and not answered yet.', inFlightRequests);
    gauge(out, 'longtrace_pool_threads', 'Scoring threads (0: scoring runs in the server thread).', pool.threads);
    gauge(out, 'longtrace_pool_queue_size', 'Scoring tasks waiting for a free thread.', pool.queueSize);
    gauge(out, 'longtrace_pool_tasks_in_flight', 'Scoring tasks running or queued.', pool.inFlight);
    gauge(out, 'longtrace_pool_utilization', 'Share of thread time spent scoring since the pool started.', pool.utilization);
    if (judge !== undefined) this.#renderJudge(out, judge);
    gauge(out, 'process_start_time_seconds', 'Start time of the process since the Unix epoch, in seconds.', this.#started);
    return `${out.join('\n')}\n`;
  }

  #renderJudge(out: string[], judge: JudgeStats): void {
    counter(out, 'longtrace_judge_calls_total', 'Judge calls that went to the endpoint (cache misses).', judge.calls);
    counter(out, 'longtrace_judge_requests_total', 'HTTP requests sent to the judge endpoint, retries included.', judge.requests);
    counter(out, 'longtrace_judge_cache_hits_total', 'Judge calls answered from the cache or by an identical call under way.', judge.cacheHits);
    counter(out, 'longtrace_judge_retries_total', 'HTTP requests to the judge that were retries.', judge.retries);
    family(out, 'longtrace_judge_errors_total', 'counter', 'Judge calls that ended without a verdict, by error code.');
    for (const [code, n] of Object.entries(judge.errorsByCode).sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`longtrace_judge_errors_total{${labels({ code })}} ${n}`);
    }
    family(out, 'longtrace_judge_fallbacks_total', 'counter', 'Rollouts scored with the onJudgeError fallback (rules or zero) after a failed judge call, by error code.');
    for (const [key, n] of sorted(this.#fallbacks)) out.push(`longtrace_judge_fallbacks_total{${key}} ${n}`);
    family(out, 'longtrace_rows_judged_total', 'counter', 'Rollouts whose outcome the judge decided, by route.');
    for (const [key, n] of sorted(this.#judged)) out.push(`longtrace_rows_judged_total{${key}} ${n}`);
    gauge(out, 'longtrace_judge_in_flight', 'Judge calls under way (waiting for a slot, sending or backing off).', judge.inFlight);
    gauge(out, 'longtrace_judge_queued', 'Judge requests waiting for a free slot (maxConcurrency).', judge.queued);

    family(out, 'longtrace_judge_duration_seconds', 'histogram', 'Duration of finished judge calls, every attempt and backoff included.');
    // The judge's buckets are already cumulative, in ms.
    for (const { le, count } of judge.latencyMs.buckets) out.push(`longtrace_judge_duration_seconds_bucket{le="${le / 1000}"} ${count}`);
    out.push(`longtrace_judge_duration_seconds_bucket{le="+Inf"} ${judge.latencyMs.count}`);
    out.push(`longtrace_judge_duration_seconds_sum ${judge.latencyMs.sum / 1000}`);
    out.push(`longtrace_judge_duration_seconds_count ${judge.latencyMs.count}`);
  }
}

function counter(out: string[], name: string, help: string, value: number): void {
  family(out, name, 'counter', help);
  out.push(`${name} ${value}`);
}

function family(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function gauge(out: string[], name: string, help: string, value: number): void {
  family(out, name, 'gauge', help);
  out.push(`${name} ${value}`);
}

function sorted<V>(map: Map<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `{ route: '/evaluate' }` → `route="/evaluate"`, with the exposition format's escapes. */
export function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`)
    .join(',');
}
