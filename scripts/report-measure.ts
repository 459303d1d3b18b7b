// Measures the HTML report on a big file: `npx tsx scripts/report-measure.ts [rows]` (default
// 10,000 generated rollouts in GRPO groups of 8, about 3 kB each) against a 100-row report made
// the same way in the same run. Prints the file sizes, the time to first paint and to the first
// rows in headless chromium, and the frame times while scrolling. The figures in docs/report.md
// come from this script.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { writeRollouts } from '../test/cli/generate.js';
import { findChromium, launchChromium } from '../test/report/chromium.js';
import { collect } from '../test/report/helpers.js';
import { renderReportHtml } from '../src/report/index.js';

const rows = Number(process.argv[2] ?? 10_000);
const executable = findChromium();
if (executable === undefined) throw new Error('no chromium found: apt-get install -y chromium, or set CHROMIUM_PATH');
const dir = mkdtempSync(join(tmpdir(), 'longtrace-report-measure-'));

async function make(n: number): Promise<{ file: string; bytes: number; buildMs: number }> {
  const jsonl = join(dir, `rows-${n}.jsonl`);
  await writeRollouts(jsonl, n);
  const started = performance.now();
  const lines = readFileSync(jsonl, 'utf8').split('\n').filter((l) => l !== '');
  const file = join(dir, `report-${n}.html`);
  writeFileSync(file, renderReportHtml(collect(lines)));
  return { file, bytes: statSync(file).size, buildMs: performance.now() - started };
}

const browser = await launchChromium(executable);
try {
  const results = [];
  for (const n of [100, rows]) {
    const { file, bytes, buildMs } = await make(n);
    const runs: { fcp: number; rendered: number; p50: number; max: number; rows: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('[data-row]');
      const paint = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        rendered: performance.getEntriesByName('report-rendered')[0]?.startTime ?? NaN,
      }));
      // A brisk scroll: 240 frames of 150 px (about 40 screens), timing each frame.
      const frames = await page.evaluate(async () => {
        const times: number[] = [];
        let last = performance.now();
        for (let i = 0; i < 240; i++) {
          window.scrollBy(0, 150);
          await new Promise((r) => requestAnimationFrame(() => r(undefined)));
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        times.sort((a, b) => a - b);
        return { p50: times[120]!, max: times[228]!, rows: document.querySelectorAll('[data-row]').length };
      });
      runs.push({ ...paint, ...frames });
      await page.close();
    }
    const median = (k: keyof (typeof runs)[number]): number => runs.map((r) => r[k]).sort((a, b) => a - b)[1]!;
    results.push({ rows: n, mb: bytes / 1024 / 1024, buildMs, fcp: median('fcp'), rendered: median('rendered'), p50: median('p50'), max: median('max'), domRows: median('rows') });
  }
  const [base, big] = results as [(typeof results)[number], (typeof results)[number]];
  for (const r of results) {
    console.log(
      `${r.rows} rows: ${r.mb.toFixed(1)} MB, built in ${(r.buildMs / 1000).toFixed(1)} s; first contentful paint ${r.fcp.toFixed(0)} ms, ` +
        `first rows rendered ${r.rendered.toFixed(0)} ms; scrolling 240 frames of 150 px: frame p50 ${r.p50.toFixed(1)} ms, p95 ${r.max.toFixed(1)} ms, ${r.domRows} rows in the DOM after`,
    );
  }
  console.log(`ratio ${big.rows}/${base.rows} rows: size ×${(big.mb / base.mb).toFixed(0)}, first paint ×${(big.fcp / base.fcp).toFixed(1)}, first rows ×${(big.rendered / base.rendered).toFixed(1)}, scroll frame p50 ×${(big.p50 / base.p50).toFixed(1)}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
