// `longtrace-reward data demo`: the whole data pipeline, offline, in seconds, on the bundled country
// graph: walks → template questions (leak-checked) → a corpus written from the graph → BM25 tiers →
// contexts → a training file. It prints what each step did, so a new user sees the shapes.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BuildStats, buildRow, checkQuestion, corpusFromGraph, createBm25Retriever, createManifest, indexCorpus, loadGraph, type BuildRowConfig, sampleWalks, templateQuestion, type Chain,
} from '../../../data/index.js';
import { colorsFor } from '../../shared/colors.js';
import { failInput, openSink } from '../../shared/output.js';
import type { DataDemoOptions } from './options.js';

import { printBuildSummary } from '../build/summary.js';
import { approxTokenizer } from '../../../data/tokenizer.js';
import { packageVersion } from '../../shared/version.js';

/** The bundled graph, fixtures/graph (in the repository and the package), found upwards from this module (src/cli or dist). */
function graphDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fixtures', 'graph');
    if (existsSync(join(candidate, 'countries.tsv'))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}


/** Runs `data demo`; resolves with the exit code. */
export async function runDataDemo(options: DataDemoOptions): Promise<number> {
  const out = process.stdout;
  const c = colorsFor(out);
  const dir = graphDir();
  if (dir === undefined) return failInput('data demo needs the bundled fixtures/graph folder (shipped in the package and the repository): reinstall the package');
  const started = performance.now();
  const step = (n: number, text: string): void => void out.write(`\n${c.bold(`${n}.`)} ${text}\n`);

  const graph = await loadGraph(join(dir, 'countries.tsv'), { labels: join(dir, 'countries-labels.jsonl'), relations: join(dir, 'countries-relations.jsonl') });
  step(1, `Loaded the country graph (world-countries, ODbL): ${graph.nodeCount} entities, ${graph.edgeCount} edges.`);

  // More walks than questions: some questions fail the leak check and are skipped, as in a real run.
  const chains: { chain: Chain; question: string }[] = [];
  let checked = 0;
  for (const chain of sampleWalks(graph, { count: options.count * 20, hops: [2, 3], seed: options.seed, relations: { deny: ['P47'] } })) {
    const question = templateQuestion(chain);
    checked++;
    if (checkQuestion(question, chain).ok) chains.push({ chain, question });
    if (chains.length === options.count) break;
  }
  step(2, `Sampled random walks and wrote template questions; ${chains.length} of ${checked} passed the leak check:`);
  for (const { chain, question } of chains) {
    const path = [chain.triples[0]!.subjectLabel, ...chain.triples.map((t) => `-${t.relationLabel}→ ${t.objectLabel}`)].join(' ');
    out.write(`   ${c.dim(path)}\n   ${question}  ${c.green(`(answer: ${chain.answer.answer})`)}\n`);
  }

  const corpus = indexCorpus(corpusFromGraph(graph));
  const retriever = await createBm25Retriever(corpus);
  step(3, `Wrote a corpus from the graph (one page per entity, one line per edge): ${corpus.size} documents; indexed it with BM25.`);

  const config: BuildRowConfig = {
    corpus, retriever, tokenizer: approxTokenizer, budgetTokens: options.budget, seed: options.seed, goldPlacement: 'uniform',
    format: options.format, rowOptions: {}, keepAnswerDistractors: false,
  };
  const target = options.output ?? join(tmpdir(), `longtrace-data-demo-${process.pid}.jsonl`);
  const sink = await openSink(target, undefined);
  const stats = new BuildStats(options.budget);
  step(4, `Built one context per question (gold pages of the hops + BM25 Tier-1/Tier-2 + random pages, ≤ ${options.budget} tokens):`);
  try {
    for (const [i, { chain, question }] of chains.entries()) {
      const outcome = await buildRow({ id: chain.id, question, answer: chain.answer, entities: chain.entities, chain }, i, config);
      stats.add(outcome);
      if (!outcome.ok) {
        out.write(`   ${chain.id}: ${c.yellow(`dropped (${outcome.reason})`)} ${outcome.message}\n`);
        continue;
      }
      await sink.write(outcome.row);
      const t = outcome.tiers;
      const leaks = t.dropped.filter((d) => d.reason === 'answer-in-distractor').length;
      out.write(`   ${chain.id}: ${outcome.tokens} tokens; gold ${t.gold.map((d) => d.title).join(', ')}; tier-1 ${t.tier1.length}, tier-2 ${t.tier2.length}; ${leaks} distractors dropped for naming the answer\n`);
    }
    await sink.commit();
  } finally {
    await sink.close();
  }
  step(5, `Wrote ${stats.kept} ${options.format} rows to ${target}`);
  const manifest = createManifest({ version: packageVersion(), format: options.format, options: { ...options }, seed: options.seed, tokenizer: 'approx', tiers: 'bm25' }, stats);
  printBuildSummary('table', manifest, { seconds: (performance.now() - started) / 1000, prepSeconds: 0, corpus: corpus.size });
  out.write(`\nNext: attach rollouts to these rows and score them with ${c.bold('longtrace-reward score')} or the service's /evaluate (docs/data-build.md).\n`);
  return stats.kept > 0 ? 0 : 1;
}
