// The engine choice for the corpus index (issue 23): SQLite FTS5 (better-sqlite3) against LanceDB's
// full-text index on the same generated wiki-18-style corpus, both fed the same folded search terms
// (so tokenization costs the same), each phase in its own process for its own peak RSS.
// LanceDB is not a dependency of the package: install it beside the repository and point at it:
//
//   (mkdir -p /tmp/engbench && cd /tmp/engbench && npm i -E @lancedb/lancedb@0.31.0 apache-arrow)
//   npx tsx bench/corpus-index.bench.ts 100000            # generates .tmp/bench-index/wiki-100000.jsonl
//   npx tsx bench/corpus-engines.bench.ts 100000 --lancedb /tmp/engbench/node_modules
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { wikiGenerator } from './wiki-corpus.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string', default: '.tmp/bench-index' }, lancedb: { type: 'string' }, phase: { type: 'string' }, queries: { type: 'string', default: '300' } },
});
const n = Number(positionals[0] ?? 100_000);
const corpusPath = join(values.dir, `wiki-${n}.jsonl`);
const lancePath = join(values.dir, `wiki-${n}.lance`);
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const du = (path: string): number => {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((sum, e) => sum + du(join(path, e)), 0) : s.size;
};

interface LanceTable {
  add(rows: Record<string, unknown>[]): Promise<unknown>;
  createIndex(column: string, options?: { config?: unknown }): Promise<void>;
  query(): { fullTextSearch(q: string): { limit(k: number): { select(c: string[]): { toArray(): Promise<unknown[]> } } } };
}
interface LanceModule {
  connect(uri: string): Promise<{ createTable(name: string, rows: Record<string, unknown>[], o?: { mode: string }): Promise<LanceTable>; openTable(name: string): Promise<LanceTable> }>;
  Index: { fts(o: Record<string, unknown>): unknown };
}
async function lance(): Promise<LanceModule> {
  if (values.lancedb === undefined) throw new Error('--lancedb DIR (a node_modules holding @lancedb/lancedb) is required');
  const require = createRequire(join(values.lancedb, 'x.js'));
  return (await import(require.resolve('@lancedb/lancedb'))) as LanceModule;
}

async function lanceBuild(): Promise<void> {
  const { readCorpusLines } = await import('../src/data/corpus/read-corpus.js');
  const { indexTerms } = await import('../src/data/corpus/build-index.js');
  const lancedb = await lance();
  rmSync(lancePath, { recursive: true, force: true });
  const t0 = performance.now();
  const db = await lancedb.connect(lancePath);
  let table: LanceTable | undefined;
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    if (table === undefined) table = await db.createTable('docs', batch, { mode: 'overwrite' });
    else await table.add(batch);
    batch = [];
  };
  for await (const row of readCorpusLines(corpusPath)) {
    if (row.doc === undefined) continue;
    const d = row.doc;
    batch.push({ id: d.id, title: d.title ?? '', text: d.text ?? '', terms: indexTerms(d.title, d.text ?? '').terms });
    count++;
    if (batch.length === 20_000) await flush();
  }
  await flush();
  const tIndex = performance.now();
  console.error(`lancedb: ${count} rows added in ${((tIndex - t0) / 1000).toFixed(1)} s; building the FTS index`);
  await table!.createIndex('terms', { config: lancedb.Index.fts({ baseTokenizer: 'whitespace', lowercase: false, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }) });
  console.error(`lancedb: FTS index built at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ engine: 'lancedb', phase: 'build', passages: count, seconds: +seconds.toFixed(1), indexSeconds: +((performance.now() - tIndex) / 1000).toFixed(1), perSecond: Math.round(count / seconds), peakRssMb: peakRssMb(), diskMb: Math.round(du(lancePath) / 2 ** 20) }));
}

async function lanceQuery(): Promise<void> {
  const { searchTerms } = await import('../src/data/search/bm25-memory.js');
  const { ftsToken } = await import('../src/data/corpus/sqlite-store.js');
  const lancedb = await lance();
  const table = await (await lancedb.connect(lancePath)).openTable('docs');
  const gen = wikiGenerator(7);
  const queries = Array.from({ length: Number(values.queries) }, (_, i) => searchTerms(gen.query(3 + (i % 10))).map(ftsToken).join(' ')).filter((q) => q !== '');
  for (const q of queries.slice(0, 10)) await table.query().fullTextSearch(q).limit(10).select(['id']).toArray();
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    await table.query().fullTextSearch(q).limit(10).select(['id', 'title', 'text']).toArray();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number): number => +times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(JSON.stringify({ engine: 'lancedb', phase: 'query', queries: queries.length, p50Ms: pct(0.5), p95Ms: pct(0.95), peakRssMb: peakRssMb() }));
}

if (values.phase === 'build') await lanceBuild();
else if (values.phase === 'query') await lanceQuery();
else {
  for (const phase of ['build', 'query']) {
    const args = ['--import', 'tsx', import.meta.filename, String(n), '--dir', values.dir, '--phase', phase, '--queries', values.queries];
    if (values.lancedb !== undefined) args.push('--lancedb', values.lancedb);
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(r.stdout);
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  console.log('SQLite FTS5 (the index as built): npx tsx bench/corpus-index.bench.ts', n);
}
