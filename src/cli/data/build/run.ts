// `longtrace-reward data build`: questions + corpus + (trajectories | BM25) → training rows, streamed
// line by line with a progress bar, a summary (kept, dropped by reason, token histogram) and a
// manifest beside the output. Rows go to OUTPUT.partial until the run completes; `--resume`
// continues that file (row i keeps the seed stream (seed, i) whatever run builds it), and Ctrl-C /
// SIGTERM stops after the row in hand with a manifest marked interrupted.
import { rm } from 'node:fs/promises';
import {
  BuildStats, buildRow, createManifest, fromTrainingRow, loadTokenizer, readTrajectoryRecords, writeParquetRows,
  type BuildRowConfig, type OpenedCorpus, type RunStatus, type Tokenizer,
} from '../../../data/index.js';
import { basename } from 'node:path';
import { LongtraceError } from '../../../errors.js';
import { DataReportCollector } from '../../../report/training-rows/index.js';
import { fileSize, isSpecial, partialPath, readJsonl, writeFileAtomic } from '../../../io/index.js';
import { colorsFor } from '../../shared/colors.js';
import { openCliCorpus } from '../../shared/corpus.js';
import { failInput, openSink } from '../../shared/output.js';
import { createProgress } from '../../shared/progress.js';
import { listenForStop, signalExitCode } from '../../shared/stop.js';
import { packageVersion } from '../../shared/version.js';
import { writeDataReportFile } from '../report/run.js';
import type { DataBuildOptions } from './options.js';
import { printBuildSummary } from './summary.js';

/** True when `output` names a regular file (or one to be created), not stdout or a device such as /dev/null. */
async function regularOutput(output: string | undefined): Promise<boolean> {
  return output !== undefined && output !== '-' && !(await isSpecial(output).catch(() => true));
}

/** True when rows written to `output` should be Parquet (its name ends in `.parquet`). */
function isParquetPath(output: string): boolean {
  return output.toLowerCase().endsWith('.parquet');
}

/** Converts the finished JSONL rows to Parquet at `target` (hyparquet-writer, loaded only here). */
async function writeParquet(jsonl: string, target: string, options: DataBuildOptions): Promise<void> {
  await writeParquetRows(jsonl, target, { format: options.format, plain: options.plain });
}

/** The id a question row is known by in the rows it gives (`provenance.id`), or undefined. */
function questionId(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Runs `data build`; resolves with the exit code. */
export async function runDataBuild(options: DataBuildOptions): Promise<number> {
  const stderr = process.stderr;
  const c = colorsFor(stderr);
  const started = performance.now();
  let tokenizer: Tokenizer;
  let corpus: OpenedCorpus | undefined;
  let config: BuildRowConfig;
  try {
    tokenizer = await loadTokenizer(options.tokenizer);
    // JSONL is read into memory; an index from `data index` is read from disk, with its own BM25.
    corpus = (await openCliCorpus(options.corpus)).corpus;
    const retriever = options.bm25 === true ? await corpus.createSearch() : undefined;
    const records = options.trajectories !== undefined ? await readTrajectoryRecords(options.trajectories) : undefined;
    config = {
      corpus, retriever, trajectories: records?.trajectories, trajectoryStops: records?.stops, tokenizer, budgetTokens: options.budget, seed: options.seed, goldPlacement: options.goldPlacement,
      format: options.format, rowOptions: { dataset: options.dataset, source: options.source, plain: options.plain },
      keepAnswerDistractors: options.keepAnswerDistractors === true, read: options.read, seen: options.seen,
    };
  } catch (error) {
    corpus?.close();
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  const prepMs = performance.now() - started;

  const stats = new BuildStats(options.budget);
  // --report: the rows go to the page as they are written; their line numbers are those of the output.
  const report = options.report === undefined ? undefined : new DataReportCollector({ title: options.output === undefined || options.output === '-' ? 'data build' : basename(options.output) });
  // Rows an earlier run wrote, by question id, as a count: ids may repeat, and the first ones are the done ones.
  const done = new Map<string, number>();
  // -o ROWS.parquet: the rows go to the JSONL partial file as always (so --resume is unchanged) and
  // are converted to Parquet when the run completes.
  const parquet = options.output !== undefined && isParquetPath(options.output);
  const sink = await openSink(options.output, options.questions, {
    resume: options.resume,
    finish: parquet ? (jsonl, target) => writeParquet(jsonl, target, options) : undefined,
    onDone: ({ value }) => {
      const provenance = fromTrainingRow(value)?.provenance;
      if (provenance === undefined) return;
      done.set(provenance.id, (done.get(provenance.id) ?? 0) + 1);
      stats.addDone(provenance.tokens);
    },
  });
  const found = sink.found;
  if (options.resume === true && found > 0) stderr.write(`resume: ${found} rows found done in ${sink.writing ?? ''}\n`);
  const progress = createProgress(stderr, await fileSize(options.questions), options.progress);
  const stop = listenForStop((name) => progress.log(`${c.yellow(name)}: finishing the row in hand, then stopping\n`));
  let warned = 0;
  let status: RunStatus = 'complete';
  try {
    let index = 0;
    for await (const record of readJsonl(options.questions)) {
      if (stop.reason !== undefined) {
        status = 'interrupted';
        break;
      }
      const raw = record.error === undefined ? record.value : { __invalid: record.error };
      // The index is the row's place in the input whether or not it is built now: its seed stream is
      // (seed, index), in whatever shard or run it is built.
      const rowIndex = index++;
      if (options.shard !== undefined && rowIndex % options.shard.count !== options.shard.index) continue;
      const id = questionId(raw);
      const left = id === undefined ? undefined : done.get(id);
      if (left !== undefined && left > 0) {
        done.set(id!, left - 1);
        continue;
      }
      const outcome = await buildRow(raw, rowIndex, config);
      stats.add(outcome);
      if (outcome.ok) {
        await sink.write(outcome.row);
        report?.add(outcome.row, stats.kept);
      } else if (warned++ < 3) progress.log(`${c.yellow('dropped')} (${outcome.reason}) line ${record.line}: ${outcome.message}\n`);
      progress.update(stats.kept, stats.questions - stats.kept, record.bytes);
    }
    progress.stop();
    if (status === 'complete') await sink.commit();
  } catch (error) {
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  } finally {
    stop.dispose();
    progress.stop();
    await sink.close();
    corpus.close();
  }

  const manifest = createManifest({
    version: packageVersion(),
    format: options.format,
    options: { ...options, progress: undefined, summary: undefined, resume: undefined },
    seed: options.seed,
    tokenizer: tokenizer.name ?? options.tokenizer,
    tiers: options.bm25 === true ? 'bm25' : 'trajectory',
    status,
    resumedRows: found,
  }, stats);
  // The manifest of a stopped run goes beside its partial file, so the last complete output keeps its own.
  const regular = await regularOutput(options.output);
  const manifestPath = options.manifest ?? (regular ? `${status === 'complete' ? options.output : partialPath(options.output!)}.manifest.json` : undefined);
  if (manifestPath !== undefined) {
    try {
      await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    } catch (error) {
      if (LongtraceError.isInstance(error)) return failInput(`option --manifest: ${error.message}`);
      throw error;
    }
  }
  if (report !== undefined && options.report !== undefined) {
    report.setManifest({ ...manifest.counts });
    await writeDataReportFile(options.report, report.data());
  }
  if (status === 'complete' && regular && options.manifest === undefined) await rm(`${partialPath(options.output!)}.manifest.json`, { force: true });
  printBuildSummary(options.summary, manifest, { seconds: (performance.now() - started) / 1000, prepSeconds: prepMs / 1000, corpus: corpus.size, manifest: manifestPath, found });
  if (status === 'interrupted' && stop.reason !== undefined) {
    stderr.write(
      `${c.yellow('interrupted')} (${stop.reason}): ${stats.kept} rows written to ${sink.writing ?? 'stdout'}` +
        `${sink.writing === undefined ? '' : `; continue with the same command and --resume`}\n`,
    );
    return signalExitCode(stop.reason);
  }
  return 0;
}
