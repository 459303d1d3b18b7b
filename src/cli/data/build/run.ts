// `longtrace-reward data build`: questions + corpus + (trajectories | BM25) → training rows, streamed
// line by line with a progress bar, a summary (kept, dropped by reason, token histogram) and a
// manifest beside the output.
import { stat } from 'node:fs/promises';
import {
  BuildStats, buildRow, createBm25Retriever, createManifest, loadCorpus, loadTokenizer, readTrajectoryRecords,
  type BuildRowConfig, type DocumentStore, type Tokenizer,
} from '../../../data/index.js';
import { LongtraceError } from '../../../errors.js';
import { fileSize, readJsonl, writeFileAtomic } from '../../../io/index.js';
import { colorsFor } from '../../shared/colors.js';
import { failInput, openSink } from '../../shared/output.js';
import { createProgress } from '../../shared/progress.js';
import { packageVersion } from '../../shared/version.js';
import type { DataBuildOptions } from './options.js';
import { printBuildSummary } from './summary.js';

/** True when `output` names a regular file (or one to be created), not stdout or a device such as /dev/null. */
async function regularOutput(output: string | undefined): Promise<boolean> {
  if (output === undefined || output === '-') return false;
  try {
    return (await stat(output)).isFile();
  } catch {
    return true;
  }
}

/** Runs `data build`; resolves with the exit code. */
export async function runDataBuild(options: DataBuildOptions): Promise<number> {
  const stderr = process.stderr;
  const c = colorsFor(stderr);
  const started = performance.now();
  let tokenizer: Tokenizer;
  let corpus: DocumentStore;
  let config: BuildRowConfig;
  try {
    tokenizer = await loadTokenizer(options.tokenizer);
    corpus = await loadCorpus(options.corpus);
    const retriever = options.bm25 === true ? await createBm25Retriever(corpus) : undefined;
    const records = options.trajectories !== undefined ? await readTrajectoryRecords(options.trajectories) : undefined;
    config = {
      corpus, retriever, trajectories: records?.trajectories, trajectoryStops: records?.stops, tokenizer, budgetTokens: options.budget, seed: options.seed, goldPlacement: options.goldPlacement,
      format: options.format, rowOptions: { dataset: options.dataset, source: options.source, plain: options.plain },
      keepAnswerDistractors: options.keepAnswerDistractors === true, read: options.read, seen: options.seen,
    };
  } catch (error) {
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  const prepMs = performance.now() - started;

  const sink = await openSink(options.output, options.questions);
  const progress = createProgress(stderr, await fileSize(options.questions), options.progress);
  const stats = new BuildStats(options.budget);
  let warned = 0;
  try {
    let index = 0;
    for await (const record of readJsonl(options.questions)) {
      const raw = record.error === undefined ? record.value : { __invalid: record.error };
      const outcome = await buildRow(raw, index++, config);
      stats.add(outcome);
      if (outcome.ok) await sink.write(outcome.row);
      else if (warned++ < 3) progress.log(`${c.yellow('dropped')} (${outcome.reason}) line ${record.line}: ${outcome.message}\n`);
      progress.update(stats.kept, stats.questions - stats.kept, record.bytes);
    }
    progress.stop();
    await sink.commit();
  } catch (error) {
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  } finally {
    progress.stop();
    await sink.close();
  }

  const manifest = createManifest({
    version: packageVersion(),
    format: options.format,
    options: { ...options, progress: undefined, summary: undefined },
    seed: options.seed,
    tokenizer: tokenizer.name ?? options.tokenizer,
    tiers: options.bm25 === true ? 'bm25' : 'trajectory',
  }, stats);
  const manifestPath = options.manifest ?? (await regularOutput(options.output) ? `${options.output}.manifest.json` : undefined);
  if (manifestPath !== undefined) {
    try {
      await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    } catch (error) {
      if (LongtraceError.isInstance(error)) return failInput(`option --manifest: ${error.message}`);
      throw error;
    }
  }
  printBuildSummary(options.summary, manifest, { seconds: (performance.now() - started) / 1000, prepSeconds: prepMs / 1000, corpus: corpus.size, manifest: manifestPath });
  return 0;
}
