// Prometheus text exposition (format 0.0.4), written by hand: a dozen metric families do not need
// a client library. Label values are route patterns, status codes and error codes, never anything
// from a body, so the number of series stays small.
import type { JudgeStats } from '../judge/index.js';
import type { PoolStats } from './scorer.js';

/** Upper bounds of the latency histogram, in seconds: 1 ms to a minute. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #rows = new Map<string, number>();
  readonly #judged = new Map<string, number>();
  readonly #fallbacks = new Map<string, number>();
  readonly #warnings = new Map<string, number>();
  readonly #started = Date.now() / 1000;

  /** Counts one finished request and records its latency. */
  observe(route: string, method: string, status: number, seconds: number): void {
    const key = labels({ route, method, status: String(status) });
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const hkey = labels({ route });
    let h = this.#latency.get(hkey);
    if (h === undefined) {
      h = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.#latency.set(hkey, h);
    }
    // Cumulative buckets are summed when rendered; here each observation lands in one bucket.
    const i = LATENCY_BUCKETS.findIndex((le) => seconds <= le);
    if (i >= 0) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
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

  /** The text exposition; the judge's families only when the server has a judge. */
  render(pool: PoolStats, inFlightRequests: number, judge?: JudgeStats): string {
    const out: string[] = [];
    family(out, 'longtrace_http_requests_total', 'counter', 'HTTP requests by route, method and status.');
    for (const [key, n] of sorted(this.#requests)) out.push(`longtrace_http_requests_total{${key}} ${n}`);

    family(out, 'longtrace_http_request_duration_seconds', 'histogram', 'Time from request received to response sent, by route.');
    for (const [key, h] of sorted(this.#latency)) {
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, i) => {
        cumulative += h.counts[i]!;
        out.push(`longtrace_http_request_duration_seconds_bucket{${key},le="${le}"} ${cumulative}`);
      });
      out.push(`longtrace_http_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      out.push(`longtrace_http_request_duration_seconds_sum{${key}} ${h.sum}`);
      out.push(`longtrace_http_request_duration_seconds_count{${key}} ${h.count}`);
    }

    family(out, 'longtrace_rows_scored_total', 'counter', 'Rollouts scored, by route.');
    for (const [key, n] of sorted(this.#rows)) out.push(`longtrace_rows_scored_total{${key}} ${n}`);

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
