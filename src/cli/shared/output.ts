// Output and summary helpers shared by the data commands: a JSONL sink that respects backpressure
// and writes beside its target until the run completes, and the kept/rejected summary on stderr.
import { once } from 'node:events';
import { resolve } from 'node:path';
import { openOutputFile, type OutputFile } from '../../io/index.js';
import { colorsFor } from './colors.js';
import { UsageError } from './options.js';

/** A JSONL writer to a file (through a partial file beside it, renamed by `commit`) or stdout. */
export interface JsonlSink {
  write(row: unknown): Promise<void>;
  /** The run completed: the partial file becomes the output. */
  commit(): Promise<void>;
  /** The run stopped early: the partial file stays (a resumed run continues it). */
  close(): Promise<void>;
}

/** Opens `output` (a file, or stdout for undefined / `-`); refuses to overwrite `input`. */
export async function openSink(output: string | undefined, input: string | undefined): Promise<JsonlSink> {
  if (output === undefined || output === '-') {
    const stdout = process.stdout;
    return {
      async write(row) {
        if (!stdout.write(`${JSON.stringify(row)}\n`)) await once(stdout, 'drain');
      },
      commit: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
  if (input !== undefined && input !== '-' && resolve(input) === resolve(output)) {
    throw new UsageError('option --output: the output file is the input file; write somewhere else');
  }
  let file: OutputFile;
  try {
    file = await openOutputFile(output);
  } catch (error) {
    throw new UsageError(`option --output: ${(error as Error).message}`);
  }
  return {
    write: (row) => file.write([JSON.stringify(row)]),
    commit: () => file.commit(),
    close: () => file.close(),
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
