// Measures the data report on a big training set: `npx tsx scripts/data-report-measure.ts [rows] [budget]`
// (default 10,000 rows of 128,000-token prompts) against a 100-row page made the same way in the
// same run. Rows are built in memory by the library (buildContext + toTrainingRow, as data build
// does) from the 100 real MuSiQue questions of hipporag/musique_train.json in $LONGTRACE_DATA
// (else ../shared/data next to the repository): each
// question's supporting paragraphs are the gold, its other paragraphs Tier-1/Tier-2, and all 2,000
// paragraphs the pool; row i is question i mod 100 (see below). Prints the time to build the page,
// its size, the time to the first rows in headless chromium, and the frame times while scrolling.
// The figures in docs/data-build.md come from this script.
import { readFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildContext, toTrainingRow, type Doc } from '../src/data/index.js';
import { DataReportCollector, writeDataReport } from '../src/report/training-rows/index.js';
import { findChromium, launchChromium } from '../test/report/chromium.js';

const rows = Number(process.argv[2] ?? 10_000);
const budget = Number(process.argv[3] ?? 128_000);
const executable = findChromium();
if (executable === undefined) throw new Error('no chromium found: apt-get install -y chromium, or set CHROMIUM_PATH');
const source = join(process.env.LONGTRACE_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data'), 'hipporag', 'musique_train.json');

interface Question {
  id: string; question: string; answer: string; answer_aliases: string[];
  question_decomposition: { answer: string }[];
  paragraphs: { idx: number; title: string; paragraph_text: string; is_supporting: boolean }[];
}
const questions = JSON.parse(readFileSync(source, 'utf8')) as Question[];
const docsOf = (q: Question) => q.paragraphs.map((p): Doc & { gold: boolean } => ({ id: `${q.id}-${p.idx}`, title: p.title, text: p.paragraph_text, gold: p.is_supporting }));
const pool: Doc[] = questions.flatMap((q) => docsOf(q).map(({ id, title, text }) => ({ id, title, text })));
const dir = mkdtempSync(join(tmpdir(), 'longtrace-data-report-measure-'));

// 100 distinct contexts (one per question), built once: buildContext at 128K tokens takes about
// 0.2 s a row here. Row i is context i mod 100 under its own id, so every row goes through the
// collector (split, matcher, tiers) as a distinct row would.
const built = questions.map((q, i) => {
  const docs = docsOf(q);
  const others = docs.filter((d) => !d.gold);
  const answer = { answer: q.answer, aliases: q.answer_aliases };
  const context = buildContext(
    { gold: docs.filter((d) => d.gold), tier1: others.slice(0, 8), tier2: others.slice(8), pool },
    { budgetTokens: budget, seed: i, question: q.question, answer },
  );
  return toTrainingRow({ id: q.id, question: q.question, answer, entities: q.question_decomposition.map((h) => h.answer), context, tiers: 'trajectory' }, 'slime');
});

async function make(n: number): Promise<{ file: string; bytes: number; buildMs: number; promptChars: number }> {
  const started = performance.now();
  const collector = new DataReportCollector({ title: `${n} rows of ${budget} tokens` });
  let promptChars = 0;
  for (let i = 0; i < n; i++) {
    const base = built[i % built.length]!;
    const row = { ...base, metadata: { ...base.metadata, provenance: { ...base.metadata.provenance, id: `${base.metadata.provenance.id}#${i}` } } };
    promptChars += row.input_messages[0]!.content.length;
    const added = collector.add(row, i + 1);
    if (!added.ok) throw new Error(`row ${i + 1}: ${added.message}`);
  }
  const file = join(dir, `data-report-${n}.html`);
  await writeDataReport(file, collector.data());
  return { file, bytes: statSync(file).size, buildMs: performance.now() - started, promptChars };
}

const browser = await launchChromium(executable);
try {
  const results = [];
  for (const n of [100, rows]) {
    const { file, bytes, buildMs, promptChars } = await make(n);
    const runs: { fcp: number; rendered: number; p50: number; p95: number; rows: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(file).href, { timeout: 300_000 });
      await page.waitForSelector('[data-row]', { timeout: 300_000 });
      await page.waitForFunction(() => performance.getEntriesByName('data-report-rendered').length > 0);
      const paint = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        rendered: performance.getEntriesByName('data-report-rendered')[0]?.startTime ?? NaN,
      }));
      // A brisk scroll: 240 frames of 150 px, timing each frame.
      const frames = await page.evaluate(async () => {
        const times: number[] = [];
        let last = performance.now();
        for (let f = 0; f < 240; f++) {
          window.scrollBy(0, 150);
          await new Promise((r) => requestAnimationFrame(() => r(undefined)));
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        times.sort((a, b) => a - b);
        return { p50: times[120]!, p95: times[228]!, rows: document.querySelectorAll('[data-row]').length };
      });
      runs.push({ ...paint, ...frames });
      await page.close();
    }
    const median = (k: keyof (typeof runs)[number]): number => runs.map((r) => r[k]).sort((a, b) => a - b)[1]!;
    results.push({ rows: n, mb: bytes / 1024 / 1024, promptMb: promptChars / 1024 / 1024, buildMs, fcp: median('fcp'), rendered: median('rendered'), p50: median('p50'), p95: median('p95'), domRows: median('rows') });
  }
  const [base, big] = results as [(typeof results)[number], (typeof results)[number]];
  for (const r of results) {
    console.log(
      `${r.rows} rows (${r.promptMb.toFixed(0)} MB of prompts): page ${r.mb.toFixed(1)} MB, built in ${(r.buildMs / 1000).toFixed(1)} s; first contentful paint ${r.fcp.toFixed(0)} ms, ` +
        `first rows drawn ${r.rendered.toFixed(0)} ms; scrolling 240 frames of 150 px: frame p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, ${r.domRows} rows in the DOM after`,
    );
  }
  console.log(`ratio ${big.rows}/${base.rows} rows: size ×${(big.mb / base.mb).toFixed(1)}, first paint ×${(big.fcp / base.fcp).toFixed(1)}, first rows ×${(big.rendered / base.rendered).toFixed(1)}, scroll frame p50 ×${(big.p50 / base.p50).toFixed(1)}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
