// The knowledge-graph benchmark (run by hand, not a timed test): generates a TSV graph with a
// skewed degree distribution (a few hubs, many leaves, like Wikidata), loads it with loadGraph,
// and reports load time, bytes per edge and peak memory, then walk throughput. Load time is also
// given as a ratio to a bare line-by-line read of the same file in the same run, so the figure
// says what parsing and building cost beyond I/O on whatever machine runs it.
//
//   node --expose-gc --import tsx bench/graph.bench.ts [--edges 10000000] [--nodes 2000000] [--relations 1000] [--walks 20000]
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadGraph, sampleWalks } from '../src/data/index.js';

const { values } = parseArgs({
  options: {
    edges: { type: 'string', default: '10000000' },
    nodes: { type: 'string', default: '2000000' },
    relations: { type: 'string', default: '1000' },
    walks: { type: 'string', default: '20000' },
    file: { type: 'string' },
  },
});
const edges = Number(values.edges);
const nodes = Number(values.nodes);
const relations = Number(values.relations);
const walks = Number(values.walks);
const file = values.file ?? join(tmpdir(), `longtrace-graph-${edges}-${nodes}-${relations}.tsv`);

/** xorshift32: fast, seeded, good enough to shape a synthetic graph. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

async function generate(): Promise<void> {
  const random = rng(42);
  const out = createWriteStream(file);
  let buffer = '';
  for (let i = 0; i < edges; i++) {
    // Squaring a uniform draw skews ids toward 0: low ids become hubs ("human", "United States").
    const s = Math.floor(random() ** 2 * nodes);
    const o = Math.floor(random() ** 3 * nodes);
    const r = Math.floor(random() ** 2 * relations);
    buffer += `Q${s}\tP${r}\tQ${o}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

async function bareRead(): Promise<number> {
  let n = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) n += line.length > 0 ? 1 : 0;
  return n;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

if (!existsSync(file)) {
  const t = performance.now();
  await generate();
  console.log(`generated ${file} (${mb(statSync(file).size)}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
console.log(`file: ${file}, ${mb(statSync(file).size)}`);

// CPU time beside wall time: on a shared machine the wall clock measures the neighbours too.
let t = performance.now();
let cpu = process.cpuUsage();
const lines = await bareRead();
const readMs = performance.now() - t;
const readCpu = process.cpuUsage(cpu);

gc?.();
const before = process.memoryUsage();
t = performance.now();
cpu = process.cpuUsage();
const graph = await loadGraph(file);
const loadMs = performance.now() - t;
const loadCpu = process.cpuUsage(cpu);
const cpuSeconds = (u: NodeJS.CpuUsage): string => `${((u.user + u.system) / 1e6).toFixed(1)} s CPU`;
gc?.();
const after = process.memoryUsage();
const retained = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);

t = performance.now();
const run = sampleWalks(graph, { count: walks, seed: 7, hops: [2, 4], hubPercentile: 1 });
const { chains, stats } = run.collect();
const walkMs = performance.now() - t;

const rows = [
  ['edges', graph.edgeCount.toLocaleString('en-US')],
  ['nodes', graph.nodeCount.toLocaleString('en-US')],
  ['relations', graph.relationCount.toLocaleString('en-US')],
  ['bare line read', `${(readMs / 1000).toFixed(1)} s wall, ${cpuSeconds(readCpu)} (${lines.toLocaleString('en-US')} lines)`],
  ['loadGraph', `${(loadMs / 1000).toFixed(1)} s wall = ${(loadMs / readMs).toFixed(1)}× the bare read; ${cpuSeconds(loadCpu)}`],
  ['load average (1 min)', (await import('node:os')).loadavg()[0]!.toFixed(1)],
  ['load rate', `${Math.round(graph.edgeCount / (loadMs / 1000)).toLocaleString('en-US')} edges/s`],
  ['CSR arrays', `${mb(graph.arrayBytes)} = ${(graph.arrayBytes / graph.edgeCount).toFixed(1)} bytes/edge`],
  ['retained (heap + buffers)', `${mb(retained)} = ${(retained / graph.edgeCount).toFixed(1)} bytes/edge${gc ? '' : ' (run with --expose-gc for a clean figure)'}`],
  ['peak RSS', mb(process.resourceUsage().maxRSS * 1024)],
  ['walks', `${walks.toLocaleString('en-US')} in ${(walkMs / 1000).toFixed(2)} s (${Math.round(walks / (walkMs / 1000)).toLocaleString('en-US')}/s), kept ${stats.kept}, exhausted ${stats.exhausted}`],
  ['rejected', JSON.stringify(stats.rejected)],
];
for (const [k, v] of rows) console.log(`${k!.padEnd(26)} ${v}`);
if (chains.length === 0) process.exitCode = 1;
