// `longtrace-reward data index CORPUS -o INDEX`: streams a JSONL corpus into the on-disk index with a
// progress bar (passages/s) and a summary (passages, skipped by reason with first lines, duplicates,
// time, size).
import { buildCorpusIndex, type BuildIndexResult } from '../../../data/index.js';
import { LongtraceError } from '../../../errors.js';
import { fileSize } from '../../../io/index.js';
import { colorsFor } from '../../shared/colors.js';
import { failInput } from '../../shared/output.js';
import { createProgress } from '../../shared/progress.js';
import type { DataIndexOptions } from './options.js';

/** Runs `data index`; resolves with the exit code. */
export async function runDataIndex(options: DataIndexOptions): Promise<number> {
  const stderr = process.stderr;
  const gz = options.corpus.toLowerCase().endsWith('.gz');
  // Bytes read are uncompressed: a gzipped corpus gets a bar without a total.
  const progress = createProgress(stderr, gz ? undefined : await fileSize(options.corpus), options.progress, { rows: 'passages', failed: 'skipped' });
  let result: BuildIndexResult;
  try {
    result = await buildCorpusIndex(options.corpus, options.output, {
      onInvalid: options.onInvalid,
      threads: options.threads,
      onProgress: (p) => progress.update(p.documents, p.skipped + p.duplicates, p.bytes),
    });
  } catch (error) {
    progress.stop();
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  progress.stop();
  printIndexSummary(options.summary, result);
  return 0;
}

/** The summary on stderr: passages, skipped by reason with their first lines, duplicates, time, size. */
function printIndexSummary(format: DataIndexOptions['summary'], r: BuildIndexResult): void {
  if (format === 'none') return;
  const stderr = process.stderr;
  const perSecond = Math.round(r.documents / Math.max(r.seconds, 0.001));
  if (format === 'json') {
    stderr.write(`${JSON.stringify({ output: r.output, passages: r.documents, skipped: r.skipped, duplicates: r.duplicates, seconds: r.seconds, passagesPerSecond: perSecond, bytes: r.bytes })}\n`);
    return;
  }
  const c = colorsFor(stderr);
  const fmt = new Intl.NumberFormat('en-US');
  const lines = [c.bold('data index')];
  lines.push(`  ${'index'.padEnd(22)} ${r.output}`);
  lines.push(`  ${'passages'.padEnd(22)} ${c.green(fmt.format(r.documents))}`);
  const skipped = Object.entries(r.skipped).filter(([, s]) => s.count > 0);
  lines.push(`  ${'skipped, by reason'.padEnd(22)} ${skipped.length === 0 ? 'none' : ''}`);
  for (const [reason, s] of skipped) lines.push(`    ${reason.padEnd(20)} ${c.yellow(fmt.format(s.count))} (first lines ${s.firstLines.join(', ')})`);
  const d = r.duplicates;
  lines.push(`  ${'duplicate ids'.padEnd(22)} ${d.count === 0 ? 'none' : `${fmt.format(d.count)} (first kept; lines ${d.firstLines.join(', ')})`}`);
  lines.push(`  ${'time'.padEnd(22)} ${r.seconds.toFixed(1)} s (${fmt.format(perSecond)} passages/s)`);
  lines.push(`  ${'size'.padEnd(22)} ${(r.bytes / 1024 / 1024).toFixed(1)} MB`);
  stderr.write(`${lines.join('\n')}\n`);
}
