// One latency histogram, Prometheus style (cumulative buckets), for every client of an LLM
// endpoint and for the server's /metrics: the same bucket bounds and the same snapshot shape.

export interface LatencyHistogram {
  count: number;
  sum: number;
  /** Cumulative counts: calls that took at most `le` ms (Prometheus style; `+Inf` is `count`). */
  buckets: { le: number; count: number }[];
}

/** Upper bounds of the latency histogram of LLM calls, in milliseconds. */
export const LLM_LATENCY_BUCKETS_MS: readonly number[] = [50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000];

/** Records durations into fixed buckets; `snapshot()` gives the cumulative view. */
export class LatencyRecorder {
  readonly bounds: readonly number[];
  #count = 0;
  #sum = 0;
  readonly #counts: number[];

  /** @param bounds upper bounds, ascending @default LLM_LATENCY_BUCKETS_MS */
  constructor(bounds: readonly number[] = LLM_LATENCY_BUCKETS_MS) {
    this.bounds = bounds;
    this.#counts = bounds.map(() => 0);
  }

  /** Counts one duration. */
  observe(value: number): void {
    this.#count++;
    this.#sum += value;
    const i = this.bounds.findIndex((le) => value <= le);
    if (i >= 0) this.#counts[i]!++;
  }

  /** The histogram so far, with cumulative bucket counts. */
  snapshot(): LatencyHistogram {
    let running = 0;
    return {
      count: this.#count,
      sum: this.#sum,
      buckets: this.bounds.map((le, i) => ({ le, count: (running += this.#counts[i]!) })),
    };
  }
}
