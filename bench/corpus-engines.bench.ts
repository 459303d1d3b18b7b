// The engine choice for the corpus index (issue 23): LanceDB's full-text index fed the very passages
// and folded search terms that the SQLite index holds (read from a built index, so tokenization is
// not counted), to set beside bench/corpus-index.bench.ts's SQLite figures. LanceDB is not a
// dependency of the package: install it beside the repository and point at it. Set
// LANCE_CPU_THREADS=8: with its default (one thread per core, 2 here) the FTS index build hung
// (0 % CPU for over 10 minutes, twice) on this corpus.
//
//   (mkdir -p /tmp/engbench && cd /tmp/engbench && npm i -E @lancedb/lancedb@0.31.0 apache-arrow)
//   npx tsx bench/corpus-index.bench.ts 100000            # builds .tmp/bench-index/wiki-100000.idx
//   LANCE_CPU_THREADS=8 npx tsx bench/corpus-engines.bench.ts 100000 --lancedb /tmp/engbench/node_modules
import { readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string', default: '.tmp/bench-index' }, lancedb: { type: 'string' } } });
const n = Number(positionals[0] ?? 100_000);
const indexPath = join(values.dir, `wiki-${n}.idx`);
const out = join(values.dir, `wiki-${n}.lance`);
const du = (path: string): number => {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((sum, e) => sum + du(join(path, e)), 0) : s.size;
};
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

interface LanceTable {
  add(rows: Record<string, unknown>[]): Promise<unknown>;
  createIndex(column: string, options?: { config?: unknown }): Promise<void>;
  query(): { fullTextSearch(q: string): { limit(k: number): { select(c: string[]): { toArray(): Promise<unknown[]> } } } };
}
interface LanceModule {
  connect(uri: string): Promise<{ createTable(name: string, rows: Record<string, unknown>[], o?: { mode: string }): Promise<LanceTable> }>;
  Index: { fts(o: Record<string, unknown>): unknown };
}
if (values.lancedb === undefined) throw new Error('--lancedb DIR (a node_modules holding @lancedb/lancedb) is required');
const require = createRequire(join(values.lancedb, 'x.js'));
const lancedb = (await import(require.resolve('@lancedb/lancedb'))) as LanceModule;
const { loadSqlite } = await import('../src/data/corpus/sqlite-store.js');
const Database = await loadSqlite();
const src = new Database(indexPath, { readonly: true });

rmSync(out, { recursive: true, force: true });
const t0 = performance.now();
const db = await lancedb.connect(out);
let table: LanceTable | undefined;
let batch: Record<string, unknown>[] = [];
let count = 0;
const flush = async (): Promise<void> => {
  if (batch.length === 0) return;
  if (table === undefined) table = await db.createTable('docs', batch, { mode: 'overwrite' });
  else await table.add(batch);
  batch = [];
};
// Pages by rowid (better-sqlite3's iterate() would hold the connection across the awaits).
for (let after = 0; ; ) {
  const rows = src.prepare('SELECT rowid, id, title, text, terms FROM docs WHERE rowid > ? ORDER BY rowid LIMIT 20000').raw(true).all(after) as [number, string, string | null, string, string][];
  for (const [, id, title, text, terms] of rows) batch.push({ id, title: title ?? '', text, terms });
  count += rows.length;
  await flush();
  if (rows.length < 20000) break;
  after = rows.at(-1)![0];
}
const tAdd = performance.now();
await table!.createIndex('terms', { config: lancedb.Index.fts({ baseTokenizer: 'whitespace', lowercase: false, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }) });
const tIdx = performance.now();
console.log(JSON.stringify({ engine: 'lancedb', passages: count, addSeconds: +((tAdd - t0) / 1000).toFixed(1), ftsIndexSeconds: +((tIdx - tAdd) / 1000).toFixed(1), peakRssMb: peakRssMb(), diskMb: Math.round(du(out) / 2 ** 20) }));

// 3–12 folded terms taken from passages, as whitespace-joined strings.
const queries = (src.prepare('SELECT terms FROM docs WHERE rowid % 331 = 0 LIMIT 300').pluck(true).all() as string[]).map((t, i) => t.split(' ').slice(10, 13 + (i % 10)).join(' '));
for (const q of queries.slice(0, 10)) await table!.query().fullTextSearch(q).limit(10).select(['id']).toArray();
const times: number[] = [];
for (const q of queries) {
  const s = performance.now();
  await table!.query().fullTextSearch(q).limit(10).select(['id', 'title', 'text']).toArray();
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const pct = (p: number): number => +times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
console.log(JSON.stringify({ engine: 'lancedb', queries: queries.length, p50Ms: pct(0.5), p95Ms: pct(0.95), peakRssMb: peakRssMb() }));
src.close();
