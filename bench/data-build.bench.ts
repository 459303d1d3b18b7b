// Scenario: building long training contexts at scale. A generated corpus of 100,000 documents
// (Wikipedia-sized paragraphs of random words), then 1,000 contexts of 128K tokens each, gold + pool
// distractors with the answer check on, written as slime rows to a file. Reports time per context
// and the process's memory as the output grows (it must stay flat: rows are streamed).
// Run: node --expose-gc --import tsx bench/data-build.bench.ts [contexts=1000] [docs=100000] [budget=128000]
// (without --expose-gc the figures include garbage V8 has not collected yet)
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { buildContext, indexCorpus, toTrainingRow, type Doc } from '../src/data/index.js';

const contexts = Number(process.argv[2] ?? 1000);
const docCount = Number(process.argv[3] ?? 100_000);
const budget = Number(process.argv[4] ?? 128_000);

const rng = xoroshiro128plus(42);
// A Zipf-ish vocabulary: short common words and longer rare ones, as in prose.
const vocab = Array.from({ length: 20_000 }, (_, i) => {
  const len = 2 + (i % 9) + Math.floor(i / 4000);
  let w = '';
  for (let k = 0; k < len; k++) w += String.fromCharCode(97 + uniformInt(rng, 0, 25));
  return w;
});
const word = (): string => vocab[Math.min(vocab.length - 1, Math.floor(vocab.length * Math.pow(uniformInt(rng, 0, 1_000_000) / 1_000_000, 3)))]!;
const sentence = (n: number): string => Array.from({ length: n }, word).join(' ');

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const t0 = performance.now();
const docs: Doc[] = [];
for (let i = 0; i < docCount; i++) docs.push({ id: `d${i}`, title: sentence(2), text: `${sentence(uniformInt(rng, 60, 140))}.` });
const corpus = indexCorpus(docs);
const tCorpus = performance.now() - t0;
global.gc?.();
const baseRss = process.memoryUsage().rss;
console.log(`corpus: ${docCount} documents in ${(tCorpus / 1000).toFixed(1)} s; rss after corpus ${mb(baseRss)}`);

const path = join(tmpdir(), `longtrace-bench-${process.pid}.jsonl`);
const out = createWriteStream(path);
let peakRss = baseRss;
let bytes = 0;
let tokens = 0;
const t1 = performance.now();
for (let i = 0; i < contexts; i++) {
  const gold = [docs[uniformInt(rng, 0, docCount - 1)]!, docs[uniformInt(rng, 0, docCount - 1)]!];
  const question = `What is ${sentence(4)}?`;
  const answer = sentence(2);
  const context = buildContext({ gold, pool: corpus }, { budgetTokens: budget, seed: i, question, answer });
  tokens += context.tokens;
  const line = `${JSON.stringify(toTrainingRow({ id: `q${i}`, question, answer, entities: [gold[0]!.title!, gold[1]!.title!, answer], context, tiers: 'bm25' }, 'slime'))}\n`;
  bytes += line.length;
  if (!out.write(line)) await once(out, 'drain');
  if ((i + 1) % Math.max(1, Math.floor(contexts / 10)) === 0) {
    let rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    // With --expose-gc, memory is read after a full collection: what is really held, not what V8
    // has not yet bothered to free.
    if (global.gc !== undefined) {
      global.gc();
      rss = process.memoryUsage().rss;
    }
    const elapsed = performance.now() - t1;
    console.log(`${String(i + 1).padStart(5)} contexts  ${(elapsed / (i + 1)).toFixed(0)} ms/context  output ${mb(bytes)}  rss ${mb(rss)} (heap ${mb(process.memoryUsage().heapUsed)})`);
  }
}
out.end();
await once(out, 'finish');
const total = performance.now() - t1;
console.log(`\n${contexts} contexts of ≤ ${budget} tokens (mean ${Math.round(tokens / contexts)}) in ${(total / 1000).toFixed(1)} s: ${(total / contexts).toFixed(0)} ms per context; output ${mb(bytes)}; peak rss ${mb(peakRss)} (corpus alone ${mb(baseRss)})`);
console.log(`(output written to ${path}; delete it after reading)`);
