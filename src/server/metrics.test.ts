import { describe, expect, it } from 'vitest';
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

describe('labels', () => {
  it('escapes backslashes, quotes and newlines', () => {
    expect(labels({ route: 'a"b\\c\nd' })).toBe('route="a\\"b\\\\c\\nd"');
  });
});
