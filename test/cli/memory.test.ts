// Memory of `score` on large files: peak resident memory (the OS's high-water mark, reported as
// `peakRssMb` by --summary json) stays under a bound and hardly moves from 2,000 to 10,000 rows
// (12 MB → 64 MB of input), and the JS heap never holds the file: 10,000 rows score with the old
// generation capped at 48 MB.
//
// What growth remains from 2,000 to 10,000 rows is the library's bounded caches filling, not the
// CLI keeping rows: the verifier keeps the compiled gold of the last 2,048 distinct answers, each
// with a 64 kB prefilter table of the entity matcher (250 vs 1,250 distinct answers here). Past
// 2,048 distinct answers it stops growing; 50,000 rows peak near 300 MB.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRollouts } from './generate.js';
import { ensureBuilt, runCli, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  await ensureBuilt();
  ({ dir, cleanup } = tempDir());
  await writeRollouts(join(dir, 'rows-2000.jsonl'), 2_000, { scale: 2 });
  await writeRollouts(join(dir, 'rows-10000.jsonl'), 10_000, { scale: 2 });
}, 240_000);
afterAll(() => cleanup());

interface Summary {
  rows: number;
  scored: number;
  errors: number;
  groups: number;
  peakRssMb: number;
  rowsPerSecond: number;
}

async function score(rows: number, env: NodeJS.ProcessEnv = {}): Promise<Summary> {
  const out = join(dir, `out-${rows}.jsonl`);
  const run = await runCli(['score', join(dir, `rows-${rows}.jsonl`), '-o', out, '--summary', 'json'], { env });
  expect(run.code, run.stderr).toBe(0);
  // One output line per input line, in order.
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(rows);
  expect(lines.every((line, i) => line.includes(`"line":${i + 1},`))).toBe(true);
  // The summary is the last line (a note about replacing an earlier output may come first).
  return JSON.parse(run.stderr.trim().split('\n').at(-1)!) as Summary;
}

describe('score: memory on large files', () => {
  it('stays under 300 MB and does not grow with the number of rows', async () => {
    const small = await score(2_000);
    const large = await score(10_000);
    console.info(
      `peak RSS: ${small.peakRssMb} MB for 2,000 rows, ${large.peakRssMb} MB for 10,000 rows ` +
        `(${small.rowsPerSecond} and ${large.rowsPerSecond} rows/s)`,
    );
    expect(small).toMatchObject({ rows: 2_000, scored: 2_000, errors: 0, groups: 250 });
    expect(large).toMatchObject({ rows: 10_000, scored: 10_000, errors: 0, groups: 1_250 });
    expect(small.peakRssMb).toBeLessThan(300);
    expect(large.peakRssMb).toBeLessThan(300);
    // Five times the rows and 52 MB more input: holding either would add far more than this.
    expect(large.peakRssMb - small.peakRssMb).toBeLessThan(120);
  }, 120_000);

  it('never holds the file in the JS heap: 64 MB of rows score with a 48 MB old generation', async () => {
    const capped = await score(10_000, { NODE_OPTIONS: '--max-old-space-size=48' });
    expect(capped.scored).toBe(10_000);
  }, 120_000);
});
