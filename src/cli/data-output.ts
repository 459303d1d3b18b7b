// Output and summary helpers shared by the `data walk` and `data questions` commands: a JSONL sink
// that respects backpressure, and the kept/rejected summary on stderr.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { colorsFor } from './colors.js';
import { UsageError } from './options.js';

/** A JSONL writer to a file or stdout. */
export interface JsonlSink {
  write(row: unknown): Promise<void>;
  close(): Promise<void>;
}

/** Opens `output` (a file, or stdout for undefined / `-`); refuses to overwrite `input`. */
export async function openSink(output: string | undefined, input: string | undefined): Promise<JsonlSink> {
  let stream: Writable = process.stdout;
  const toFile = output !== undefined && output !== '-';
  if (toFile) {
    if (input !== undefined && input !== '-' && resolve(input) === resolve(output)) {
      throw new UsageError('option --output: the output file is the input file; write somewhere else');
    }
    stream = createWriteStream(output);
    await once(stream, 'open').catch((error: Error) => {
      throw new UsageError(`option --output: cannot write ${output}: ${error.message}`);
    });
  }
  let failed: Error | undefined;
  stream.on('error', (error: Error) => (failed ??= error));
  return {
    async write(row) {
      if (failed !== undefined) throw failed;
      if (!stream.write(`${JSON.stringify(row)}\n`)) await once(stream, 'drain');
    },
    async close() {
      if (!toFile) return;
      stream.end();
      await once(stream, 'finish');
    },
  };
}

/** Prints kept and rejected-by-reason counts on stderr as a table or one JSON line. */
export function printSummary(format: 'table' | 'json' | 'none', title: string, summary: { [key: string]: unknown; rejected: Record<string, number> }): void {
  if (format === 'none') return;
  const stderr = process.stderr;
  if (format === 'json') {
    stderr.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const c = colorsFor(stderr);
  const fmt = new Intl.NumberFormat('en-US');
  const lines = [c.bold(title)];
  for (const [key, value] of Object.entries(summary)) {
    if (key === 'rejected' || typeof value === 'object') continue;
    lines.push(`  ${key.padEnd(20)} ${typeof value === 'number' ? fmt.format(value) : String(value)}`);
  }
  const rejected = Object.entries(summary.rejected).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  lines.push(`  ${'rejected, by reason'.padEnd(20)} ${rejected.length === 0 ? 'none' : ''}`);
  for (const [reason, n] of rejected) lines.push(`    ${reason.padEnd(18)} ${fmt.format(n)}`);
  stderr.write(`${lines.join('\n')}\n`);
}

/** Prints an input error (bad graph or chain file) and gives exit code 1. */
export function failInput(message: string): number {
  const c = colorsFor(process.stderr);
  process.stderr.write(`${c.red('error:')} ${message}\n`);
  return 1;
}
