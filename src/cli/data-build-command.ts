// `longtrace-reward data build`: questions + corpus + (trajectories | BM25) → training rows, streamed
// line by line with a progress bar, a summary (kept, dropped by reason, token histogram) and a
// manifest beside the output.
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createBm25Retriever, loadCorpus, loadTokenizer, type CorpusIndex, type Manifest, type Tokenizer } from '../data/index.js';
import { LongtraceError } from '../errors.js';
import { colorsFor } from './colors.js';
import { failInput, openSink } from './data-output.js';
import type { DataBuildOptions } from './data-build-commands.js';
import { BuildStats, buildRow, type PipelineConfig } from './data-build-pipeline.js';
import { createProgress } from './progress.js';
import { packageVersion } from './version.js';

/** Reads a JSONL trajectories file into records by question id (`id` or `question_id`; the record is `trajectory` or the row). */
async function readTrajectories(path: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new LongtraceError('INVALID_TRAJECTORY', `line ${n} of ${path} is not JSON (${(error as Error).message})`);
    }
    const fields = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
    const id = fields['id'] ?? fields['question_id'];
    if (typeof id !== 'string' && typeof id !== 'number') throw new LongtraceError('INVALID_TRAJECTORY', `line ${n} of ${path}: id: expected the question's id (id or question_id)`);
    out.set(String(id), fields['trajectory'] ?? row);
  }
  return out;
}

/** Runs `data build`; resolves with the exit code. */
export async function runDataBuild(options: DataBuildOptions): Promise<number> {
  const stderr = process.stderr;
  const c = colorsFor(stderr);
  const started = performance.now();
  let tokenizer: Tokenizer;
  let corpus: CorpusIndex;
  let config: PipelineConfig;
  let totalBytes: number;
  try {
    totalBytes = (await stat(options.questions)).size;
    tokenizer = await loadTokenizer(options.tokenizer);
    corpus = await loadCorpus(options.corpus);
    const retriever = options.bm25 === true ? await createBm25Retriever(corpus) : undefined;
    const trajectories = options.trajectories !== undefined ? await readTrajectories(options.trajectories) : undefined;
    config = {
      corpus, retriever, trajectories, tokenizer, budgetTokens: options.budget, seed: options.seed, goldPlacement: options.goldPlacement,
      format: options.format, rowOptions: { dataset: options.dataset, source: options.source, plain: options.plain },
      keepAnswerDistractors: options.keepAnswerDistractors === true, read: options.read, seen: options.seen,
    };
  } catch (error) {
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return failInput(`cannot read ${e.path ?? 'a file'}: no such file`);
    throw error;
  }
  const prepMs = performance.now() - started;

  const sink = await openSink(options.output, options.questions);
  const progress = createProgress(stderr, totalBytes, options.progress);
  const stats = new BuildStats(options.budget);
  let bytes = 0;
  let warned = 0;
  try {
    let index = 0;
    for await (const line of createInterface({ input: createReadStream(options.questions, 'utf8'), crlfDelay: Infinity })) {
      bytes += Buffer.byteLength(line) + 1;
      if (line.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        raw = { __invalid: (error as Error).message };
      }
      const outcome = buildRow(raw, index++, config);
      stats.add(outcome);
      if (outcome.ok) await sink.write(outcome.row);
      else if (warned++ < 3) progress.log(`${c.yellow('dropped')} (${outcome.reason}) line ${index}: ${outcome.message}\n`);
      progress.update(stats.kept, stats.questions - stats.kept, bytes);
    }
  } finally {
    progress.stop();
    await sink.close();
  }

  const manifest: Manifest = {
    tool: 'longtrace-reward data build',
    version: packageVersion(),
    created: new Date().toISOString(),
    format: options.format,
    options: { ...options, progress: undefined, summary: undefined },
    seed: options.seed,
    tokenizer: tokenizer.name ?? options.tokenizer,
    tiers: options.bm25 === true ? 'bm25' : 'trajectory',
    counts: { questions: stats.questions, kept: stats.kept, dropped: stats.dropped, distractorsDropped: stats.distractorsDropped },
    tokens: stats.tokenSummary(),
  };
  const manifestPath = options.manifest ?? (options.output !== undefined && options.output !== '-' ? `${options.output}.manifest.json` : undefined);
  if (manifestPath !== undefined) await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  printBuildSummary(options.summary, manifest, { seconds: (performance.now() - started) / 1000, prepSeconds: prepMs / 1000, corpus: corpus.size, manifest: manifestPath });
  return 0;
}

/** The summary on stderr: kept, dropped by reason, distractors dropped, token histogram. */
export function printBuildSummary(format: 'table' | 'json' | 'none', manifest: Manifest, extra: { seconds: number; prepSeconds: number; corpus: number; manifest?: string | undefined }): void {
  if (format === 'none') return;
  const stderr = process.stderr;
  if (format === 'json') {
    stderr.write(`${JSON.stringify({ ...manifest.counts, tokens: manifest.tokens, ...extra })}\n`);
    return;
  }
  const c = colorsFor(stderr);
  const fmt = new Intl.NumberFormat('en-US');
  const { counts, tokens } = manifest;
  const lines = [c.bold('data build')];
  lines.push(`  ${'corpus documents'.padEnd(22)} ${fmt.format(extra.corpus)}`);
  lines.push(`  ${'tiers'.padEnd(22)} ${manifest.tiers}, tokenizer ${manifest.tokenizer}, format ${manifest.format}`);
  lines.push(`  ${'questions'.padEnd(22)} ${fmt.format(counts.questions)}`);
  lines.push(`  ${'kept'.padEnd(22)} ${c.green(fmt.format(counts.kept))}`);
  const reasons = (r: Record<string, number>, title: string): void => {
    const list = Object.entries(r).sort((a, b) => b[1] - a[1]);
    lines.push(`  ${title.padEnd(22)} ${list.length === 0 ? 'none' : ''}`);
    for (const [reason, n] of list) lines.push(`    ${reason.padEnd(20)} ${fmt.format(n)}`);
  };
  reasons(counts.dropped, 'dropped, by reason');
  reasons(counts.distractorsDropped, 'distractors dropped');
  lines.push(`  ${'tokens per row'.padEnd(22)} min ${fmt.format(tokens.min)}, mean ${fmt.format(tokens.mean)}, max ${fmt.format(tokens.max)}`);
  const top = Math.max(1, ...tokens.histogram.map((h) => h.rows));
  for (const h of tokens.histogram) {
    lines.push(`    ≤ ${fmt.format(h.upTo).padStart(9)} ${'█'.repeat(Math.round((20 * h.rows) / top)).padEnd(20)} ${fmt.format(h.rows)}`);
  }
  lines.push(`  ${'time'.padEnd(22)} ${extra.seconds.toFixed(1)} s (${extra.prepSeconds.toFixed(1)} s loading)`);
  if (extra.manifest !== undefined) lines.push(`  ${'manifest'.padEnd(22)} ${extra.manifest}`);
  stderr.write(`${lines.join('\n')}\n`);
}
