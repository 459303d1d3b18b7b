/**
 * Memory of the rubric scenarios: heap held by a compiled matcher, and heap allocated by one
 * `rubricReward` / `matcher.match` call on the 130 KB trace. Needs a callable gc() and a young
 * generation large enough that one call does not trigger a scavenge:
 *
 *   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 --import tsx bench/memory.bench.ts [--json]
 *
 * `npm run bench` runs it this way from rubric.bench.ts. Heap figures are `process.memoryUsage().heapUsed`
 * deltas: around many compiles kept alive (divided by their number), and around single calls with
 * a full gc before each (median over the calls that no GC interrupted, checked with a `gc`
 * PerformanceObserver).
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setImmediate as tick } from 'node:timers/promises';
import { allScenarios, loadLibrary, type Scenario } from './scenarios.js';

export interface MemoryResult {
  id: string;
  /** JS heap bytes held per matcher right after createEntityMatcher. */
  matcherCompiledBytes: number;
  /** JS heap bytes held per matcher after its first match (the per-matcher lookup tables are built then). */
  matcherUsedBytes: number;
  /** ArrayBuffer bytes (off the JS heap: typed-array tables) held per matcher after its first match. */
  matcherBufferBytes: number;
  /** Median bytes allocated by one rubricReward call (matcher already cached), result included. */
  rewardCallBytes: number;
  /** Median bytes allocated by one matcher.match call over the whole text, result included. */
  matchCallBytes: number;
  /** Single-call samples kept / taken (samples with a GC inside are dropped). */
  samples: string;
}

export interface MemoryReport {
  node: string;
  semiSpace: string;
  compiles: number;
  scenarios: MemoryResult[];
}

const COMPILES = 500;
const CALLS = 25;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  gc();
}

function heap(): number {
  return process.memoryUsage().heapUsed;
}

function buffers(): number {
  return process.memoryUsage().arrayBuffers;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Heap growth of single calls, gc'd before each; calls that a GC ran inside are dropped. */
async function perCall(fn: () => unknown): Promise<{ bytes: number; kept: number; taken: number }> {
  const gcs: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < 5; i++) fn(); // warm: JIT code and lazily built tables are not per-call costs
  const samples: { bytes: number; t0: number; t1: number }[] = [];
  let keep: unknown;
  for (let i = 0; i < CALLS; i++) {
    collect();
    const h0 = heap();
    const t0 = performance.now();
    keep = fn();
    const t1 = performance.now();
    const h1 = heap();
    samples.push({ bytes: h1 - h0, t0, t1 });
  }
  void keep;
  await tick(); // PerformanceObserver delivers asynchronously
  await tick();
  observer.disconnect();
  const clean = samples.filter((s) => !gcs.some((g) => g.end >= s.t0 && g.start <= s.t1));
  return { bytes: median(clean.map((s) => s.bytes)), kept: clean.length, taken: samples.length };
}

export async function measureMemory(scenarios: Scenario[]): Promise<MemoryReport> {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    throw new Error('memory.bench.ts needs gc(): run it with node --expose-gc (see the header of the file)');
  }
  const lib = await loadLibrary();
  const results: MemoryResult[] = [];
  for (const scenario of scenarios) {
    // Warm the compiler paths once so their own lazy tables are not charged to the first matcher.
    lib.createEntityMatcher(scenario.entities).match('warm up');
    collect();
    const before = heap();
    const buffersBefore = buffers();
    const matchers = Array.from({ length: COMPILES }, () => lib.createEntityMatcher(scenario.entities));
    collect();
    const compiled = heap();
    for (const m of matchers) m.match('Smetana wrote Má vlast in 1874.');
    collect();
    const used = heap();
    const buffersUsed = buffers();
    void matchers.length;

    const input = { response: scenario.response, answer: scenario.answer, entities: scenario.entities };
    const reward = await perCall(() => lib.rubricReward(input));
    const matcher = lib.createEntityMatcher(scenario.entities);
    const match = await perCall(() => matcher.match(scenario.response));
    results.push({
      id: scenario.id,
      matcherCompiledBytes: (compiled - before) / COMPILES,
      matcherUsedBytes: (used - before) / COMPILES,
      matcherBufferBytes: (buffersUsed - buffersBefore) / COMPILES,
      rewardCallBytes: reward.bytes,
      matchCallBytes: match.bytes,
      samples: `${Math.min(reward.kept, match.kept)}/${CALLS}`,
    });
    matchers.length = 0;
  }
  const flags = process.execArgv.filter((a) => a.includes('semi-space')).join(' ');
  return { node: process.version, semiSpace: flags || 'default', compiles: COMPILES, scenarios: results };
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

export function formatMemory(report: MemoryReport): string {
  const lines = [
    `memory (heapUsed deltas; ${report.compiles} matchers kept alive per row; ${report.semiSpace})`,
    `${'scenario'.padEnd(11)} ${'matcher heap'.padStart(13)} ${'after 1st match'.padStart(16)} ${'+ array buffers'.padStart(16)} ${'rubricReward call'.padStart(18)} ${'match call'.padStart(11)}  samples`,
  ];
  for (const r of report.scenarios) {
    lines.push(
      `${r.id.padEnd(11)} ${kb(r.matcherCompiledBytes).padStart(13)} ${kb(r.matcherUsedBytes).padStart(16)} ${kb(r.matcherBufferBytes).padStart(16)} ${kb(r.rewardCallBytes).padStart(18)} ${kb(r.matchCallBytes).padStart(11)}  ${r.samples}`,
    );
  }
  return lines.join('\n');
}

// Run directly: print the table, or JSON with --json (how rubric.bench.ts reads it).
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!)) {
  const report = await measureMemory(allScenarios());
  console.log(process.argv.includes('--json') ? JSON.stringify(report) : formatMemory(report));
}
