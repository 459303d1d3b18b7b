// The corpus index at scale (issue 23): N generated wiki-18-style passages → `buildCorpusIndex`
// (passages/s, peak RSS, file size), then BM25 top-10 over the index for 3–12-word agent-style
// queries (p50/p95 latency) and a tiering pass like `data build --bm25` does (peak RSS). Each phase
// runs in its own process so each peak RSS is that phase's alone. Not a timed test. It runs the built
// package (dist/data.js, whose index threads load dist/index-worker.cjs), as a user would.
//
//   npm run build
//   npx tsx bench/corpus-index.bench.ts 100000            # N passages (default 100000)
//   npx tsx bench/corpus-index.bench.ts 1000000 --queries 1000 --dir .tmp/bench-index
//   npx tsx bench/corpus-index.bench.ts 100000 --threads 0   # the text layer in the main thread
//   npx tsx bench/corpus-index.bench.ts 100000 --recall 100  # and the share of the exhaustive top 10 found
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { wikiGenerator, writeWikiCorpus } from './wiki-corpus.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string', default: '.tmp/bench-index' },
    queries: { type: 'string', default: '500' },
    phase: { type: 'string' },
    budget: { type: 'string' },
    threads: { type: 'string' },
    recall: { type: 'string' },
  },
});
const n = Number(positionals[0] ?? 100_000);
const dir = values.dir;
const corpusPath = join(dir, `wiki-${n}.jsonl`);
const indexPath = join(dir, `wiki-${n}.idx`);
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** The built package's data entry; the bench measures what users run. */
async function data(): Promise<typeof import('../src/data/index.js')> {
  const built = join(import.meta.dirname, '..', 'dist', 'data.js');
  if (!existsSync(built)) throw new Error('bench/corpus-index.bench.ts runs the built package: npm run build first');
  return (await import(pathToFileURL(built).href)) as typeof import('../src/data/index.js');
}

async function buildPhase(): Promise<void> {
  const { buildCorpusIndex } = await data();
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const r = await buildCorpusIndex(corpusPath, indexPath, { threads });
  console.log(JSON.stringify({ phase: 'build', passages: r.documents, threads: threads ?? 'default', seconds: +r.seconds.toFixed(1), perSecond: Math.round(r.documents / r.seconds), peakRssMb: peakRssMb(), indexMb: mb(r.bytes) }));
}

async function queryPhase(): Promise<void> {
  const { openIndexStore, createIndexSearch, bm25Tiers } = await data();
  const store = await openIndexStore(indexPath);
  const search = createIndexSearch(store, values.budget === undefined ? {} : { postingsBudget: Number(values.budget) });
  const gen = wikiGenerator(7);
  const count = Number(values.queries);
  const queries = Array.from({ length: count }, (_, i) => gen.query(3 + (i % 10)));
  for (const q of queries.slice(0, 20)) search.searchOne(q, 10); // warm the page cache a little
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    search.searchOne(q, 10);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number): number => +times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  // A tiering pass as data build --bm25 makes one per question: the question and two hop entities.
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) {
    const gold = [store.at((i * 7919) % store.size)];
    await bm25Tiers({ retriever: search, question: gen.query(12), entities: [gold[0]!.title ?? '', gen.query(2)], gold, answer: gen.query(2) });
  }
  const tiersMs = (performance.now() - t0) / 100;
  // --recall N: the share of the exhaustive BM25's top 10 (every posting read, every match re-scored) found on the first N queries.
  let recallAt10: number | undefined;
  if (values.recall !== undefined) {
    const exhaustive = createIndexSearch(store, { postingsBudget: 1e12, candidates: 1e9 });
    let found = 0;
    let total = 0;
    for (const q of queries.slice(0, Number(values.recall))) {
      const truth = exhaustive.searchOne(q, 10);
      const got = new Set(search.searchOne(q, 10).map((h) => h.doc.id));
      total += truth.length;
      found += truth.filter((h) => got.has(h.doc.id)).length;
    }
    recallAt10 = +(found / Math.max(1, total)).toFixed(3);
  }
  console.log(JSON.stringify({ phase: 'query', queries: count, p50Ms: pct(0.5), p95Ms: pct(0.95), maxMs: pct(1), tiersPerQuestionMs: +tiersMs.toFixed(1), peakRssMb: peakRssMb(), ...(recallAt10 === undefined ? {} : { recallAt10 }) }));
  store.close();
}

function child(phase: string): Record<string, unknown> {
  const args = ['--import', 'tsx', import.meta.filename, String(n), '--dir', dir, '--queries', values.queries, '--phase', phase];
  if (values.budget !== undefined) args.push('--budget', values.budget);
  if (values.threads !== undefined) args.push('--threads', values.threads);
  if (values.recall !== undefined) args.push('--recall', values.recall);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${phase} phase failed (${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

if (values.phase === 'build') await buildPhase();
else if (values.phase === 'query') await queryPhase();
else {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(corpusPath)) {
    const t0 = performance.now();
    await writeWikiCorpus(corpusPath, n);
    console.error(`generated ${n} passages in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${corpusPath} (${mb(statSync(corpusPath).size)} MB)`);
  }
  const build = child('build');
  console.log(build);
  const query = child('query');
  console.log(query);
}
