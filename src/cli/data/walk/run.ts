// `longtrace-reward data walk`: loads a graph, samples chains, streams them as JSONL, and prints
// what was kept and rejected. A bad graph file is exit code 1 with the file and line named.
import { loadGraph, sampleWalks, type SampleWalksOptions } from '../../../data/index.js';
import { LongtraceError } from '../../../errors.js';
import { failInput, openSink, printSummary } from '../../shared/output.js';
import type { DataWalkOptions } from './options.js';
import { createProgress } from '../../shared/progress.js';

/** Runs `data walk`; resolves with the exit code. */
export async function runDataWalk(options: DataWalkOptions): Promise<number> {
  const started = performance.now();
  let graph;
  try {
    graph = await loadGraph(options.graph, {
      labels: options.labels, relations: options.relations, format: options.format, onInvalid: options.onInvalid,
    });
  } catch (error) {
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  const loadedMs = performance.now() - started;
  const walkOptions: SampleWalksOptions = {
    count: options.count, hops: options.hops, seed: options.seed, shard: options.shard, maxDegree: options.maxDegree,
    hubPercentile: options.hubPercentile, relations: { allow: options.allow, deny: options.deny }, hopWeights: options.hopWeights,
    maxAnswerShare: options.maxAnswerShare, maxBridgeShare: options.maxBridgeShare, pilotWalks: options.pilotWalks,
    repeatRelations: options.repeatRelations, unique: options.unique,
  };
  let run;
  try {
    run = sampleWalks(graph, walkOptions);
  } catch (error) {
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  const sink = await openSink(options.output, options.graph);
  const shardWalks = options.shard === undefined ? options.count : Math.ceil((options.count - options.shard.index) / options.shard.count);
  const progress = createProgress(process.stderr, Math.max(1, shardWalks), options.progress, { rows: 'chains', failed: 'exhausted' });
  try {
    for (const chain of run) {
      await sink.write(chain);
      progress.update(run.stats.kept, run.stats.exhausted, run.stats.walks);
    }
    await sink.commit();
  } finally {
    progress.stop();
    await sink.close();
  }
  const { walks, kept, exhausted, rejected, hops } = run.stats;
  const { answers, bridges } = run.commonest(5);
  const percent = (share: number): number => Number((100 * share).toFixed(2));
  printSummary(options.summary, 'data walk', {
    nodes: graph.nodeCount, edges: graph.edgeCount, skippedLines: graph.stats.skipped,
    ...(Object.values(graph.stats.odd).some((n) => n > 0) && { oddLines: graph.stats.odd }),
    ...(graph.stats.unusableLabels > 0 && { unusableLabels: graph.stats.unusableLabels }), loadSeconds: Number((loadedMs / 1000).toFixed(2)),
    walks, kept, exhausted, rejected,
    hops: Object.fromEntries(Object.entries(hops).map(([h, n]) => [h, { chains: n, percent: percent(n / Math.max(1, kept)) }])),
    topAnswers: answers.map((a) => ({ id: a.id, label: a.label, chains: a.chains, percent: percent(a.share) })),
    topBridges: bridges.map((b) => ({ id: b.id, label: b.label, chains: b.chains, percent: percent(b.share) })),
  });
  return 0;
}
