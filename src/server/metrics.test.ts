import { describe, expect, it } from 'vitest';
import { JUDGE_LATENCY_BUCKETS_MS, type JudgeStats } from '../judge/index.js';
import { labels, Metrics } from './metrics.js';

const POOL = { threads: 2, queueSize: 3, inFlight: 5, utilization: 0.25 };

describe('Metrics', () => {
  it('renders counters, a cumulative histogram and gauges in the text format', () => {
    const m = new Metrics();
    m.observe('/evaluate', 'POST', 200, 0.003);
    m.observe('/evaluate', 'POST', 200, 0.2);
    m.observe('/evaluate', 'POST', 400, 0.0005);
    m.observe('/evaluate', 'POST', 200, 120); // beyond the last bucket: only +Inf
    m.rowsScored('/evaluate', 3);
    const text = m.render(POOL, 1);
    expect(text).toContain('longtrace_http_requests_total{route="/evaluate",method="POST",status="200"} 3\n');
    expect(text).toContain('longtrace_http_requests_total{route="/evaluate",method="POST",status="400"} 1\n');
    expect(text).toContain('longtrace_http_request_duration_seconds_bucket{route="/evaluate",le="0.001"} 1\n');
    expect(text).toContain('longtrace_http_request_duration_seconds_bucket{route="/evaluate",le="0.005"} 2\n');
    expect(text).toContain('longtrace_http_request_duration_seconds_bucket{route="/evaluate",le="0.25"} 3\n');
    expect(text).toContain('longtrace_http_request_duration_seconds_bucket{route="/evaluate",le="60"} 3\n');
    expect(text).toContain('longtrace_http_request_duration_seconds_bucket{route="/evaluate",le="+Inf"} 4\n');
    expect(text).toContain('longtrace_http_request_duration_seconds_count{route="/evaluate"} 4\n');
    expect(text).toContain('longtrace_rows_scored_total{route="/evaluate"} 3\n');
    expect(text).toContain('longtrace_pool_queue_size 3\n');
    expect(text).toContain('longtrace_pool_utilization 0.25\n');
    expect(text).toContain('longtrace_http_requests_in_flight 1\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('declares every family once, HELP then TYPE, before its samples', () => {
    const m = new Metrics();
    m.observe('/a', 'GET', 200, 0.01);
    const lines = m.render(POOL, 0).trimEnd().split('\n');
    const types = lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    expect(new Set(types).size).toBe(types.length);
    for (const line of lines.filter((l) => !l.startsWith('#'))) {
      const name = line.split(/[{ ]/)[0]!;
      const family = types.find((t) => name === t || name.startsWith(`${t}_`));
      expect(family, line).toBeDefined();
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$/);
    }
  });
});

describe('Metrics with a judge', () => {
  const stats: JudgeStats = {
    calls: 7, requests: 9, cacheHits: 4, errors: 2, retries: 2, inFlight: 1, queued: 3,
    errorsByCode: { JUDGE_UNAVAILABLE: 1, JUDGE_UNPARSEABLE: 0, JUDGE_TIMEOUT: 1 },
    latencyMs: { count: 6, sum: 4321, buckets: JUDGE_LATENCY_BUCKETS_MS.map((le) => ({ le, count: le < 500 ? 2 : le < 30_000 ? 5 : 6 })) },
  };

  it('renders the judge’s counters, gauges and histogram in seconds', () => {
    const m = new Metrics();
    m.rowJudged('/evaluate');
    m.rowJudged('/evaluate');
    m.judgeFallback('JUDGE_TIMEOUT');
    const text = m.render(POOL, 0, stats);
    for (const line of [
      'longtrace_judge_calls_total 7', 'longtrace_judge_requests_total 9', 'longtrace_judge_cache_hits_total 4', 'longtrace_judge_retries_total 2',
      'longtrace_judge_errors_total{code="JUDGE_TIMEOUT"} 1', 'longtrace_judge_errors_total{code="JUDGE_UNAVAILABLE"} 1',
      'longtrace_judge_errors_total{code="JUDGE_UNPARSEABLE"} 0', 'longtrace_judge_fallbacks_total{code="JUDGE_TIMEOUT"} 1',
      'longtrace_rows_judged_total{route="/evaluate"} 2', 'longtrace_judge_in_flight 1', 'longtrace_judge_queued 3',
      'longtrace_judge_duration_seconds_bucket{le="0.05"} 2', 'longtrace_judge_duration_seconds_bucket{le="0.5"} 5',
      'longtrace_judge_duration_seconds_bucket{le="30"} 6', 'longtrace_judge_duration_seconds_bucket{le="120"} 6',
      'longtrace_judge_duration_seconds_bucket{le="+Inf"} 6', 'longtrace_judge_duration_seconds_sum 4.321', 'longtrace_judge_duration_seconds_count 6',
    ]) expect(text).toContain(`\n${line}\n`);
  });

  it('declares each judge family once; without a judge there is none', () => {
    const text = new Metrics().render(POOL, 0, stats);
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE longtrace_judge_'));
    expect(new Set(types).size).toBe(types.length);
    expect(types.length).toBe(9);
    expect(new Metrics().render(POOL, 0)).not.toContain('judge');
  });
});

describe('labels', () => {
  it('escapes backslashes, quotes and newlines', () => {
    expect(labels({ route: 'a"b\\c\nd' })).toBe('route="a\\"b\\\\c\\nd"');
  });
});
