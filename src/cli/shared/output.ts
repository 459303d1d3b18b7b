// Output and summary helpers shared by the data commands: a JSONL sink that respects backpressure
// and writes beside its target until the run completes, and the kept/rejected summary on stderr.
import { once } from 'node:events';
import { rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isSpecial, openOutputFile, partialPath, repairPartial, type OutputFile, type PartialRow } from '../../io/index.js';
import { colorsFor } from './colors.js';
import { UsageError } from './options.js';

/** A JSONL writer to a file (through a partial file beside it, renamed by `commit`) or stdout. */
export interface JsonlSink {
  write(row: unknown): Promise<void>;
  /** Writes rows in one write (a group written whole or not at all, as far as the OS allows). */
  writeMany(rows: readonly unknown[]): Promise<void>;
  /** Rows found done in the partial file of an earlier run (with `resume`), 0 otherwise. */
  readonly found: number;
  /** The file being written (the partial file), or undefined for stdout. */
  readonly writing: string | undefined;
  /** The run completed: the partial file becomes the output. */
  commit(): Promise<void>;
  /** The run stopped early: the partial file stays (a resumed run continues it). */
  close(): Promise<void>;
}

/** How `openSink` treats what an earlier run left. */
export interface SinkOptions {
  /** Continue `OUTPUT.partial`: each complete row found is passed to `onDone`, a torn last line is cut. */
  resume?: boolean | undefined;
  onDone?: ((row: PartialRow) => void) | undefined;
  /** With `resume`: the byte to cut the partial file at, given the end of its last complete row (drops an incomplete group). */
  keepUpTo?: ((end: number) => number) | undefined;
  /**
   * Replaces the rename on commit: the closed partial file (`writing`) becomes `target` some other way
   * (`data build -o rows.parquet` converts it), and is removed after. A special file is refused.
   */
  finish?: ((writing: string, target: string) => Promise<void>) | undefined;
  /** Where notes go (overwriting, starting a partial file anew). @default process.stderr */
  notes?: ((text: string) => void) | undefined;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/** Opens `output` (a file, or stdout for undefined / `-`); refuses to overwrite `input`. */
export async function openSink(output: string | undefined, input: string | undefined, options: SinkOptions = {}): Promise<JsonlSink> {
  if (output === undefined || output === '-') {
    if (options.resume === true) throw new UsageError('option --resume: needs -o FILE (a run written to stdout cannot be continued)');
    const stdout = process.stdout;
    const put = async (text: string): Promise<void> => {
      if (!stdout.write(text)) await once(stdout, 'drain');
    };
    return {
      found: 0,
      writing: undefined,
      write: (row) => put(`${JSON.stringify(row)}\n`),
      writeMany: (rows) => (rows.length === 0 ? Promise.resolve() : put(`${rows.map((r) => JSON.stringify(r)).join('\n')}\n`)),
      commit: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
  if (input !== undefined && input !== '-' && resolve(input) === resolve(output)) {
    throw new UsageError('option --output: the output file is the input file; write somewhere else');
  }
  const note = options.notes ?? ((text: string) => void process.stderr.write(text));
  let found = 0;
  let append = false;
  try {
    if (options.resume === true) {
      const repaired = await repairPartial(output, (row) => options.onDone?.(row), options.keepUpTo);
      if (repaired === undefined) {
        note(`resume: no ${partialPath(output)} from an earlier run; starting from the first row\n`);
      } else {
        append = true;
        found = repaired.rows;
        if (repaired.cutBytes > 0) note(`resume: cut ${repaired.cutBytes} bytes after the last complete row of ${repaired.path}\n`);
      }
    } else {
      const [old, partial] = await Promise.all([sizeOf(output), sizeOf(partialPath(output))]);
      if (old !== undefined && old > 0) note(`note: ${output} exists (${old} bytes); it is replaced when this run completes\n`);
      if (partial !== undefined && partial > 0) note(`note: ${partialPath(output)} from an earlier run is started anew (--resume would continue it)\n`);
    }
  } catch (error) {
    throw new UsageError(`option --output: ${(error as Error).message}`);
  }
  let file: OutputFile;
  try {
    // Checked before opening: a FIFO would block the open until a reader came.
    if (options.finish !== undefined && (await isSpecial(output))) {
      throw new Error(`${output}: is not a regular file (a device or a FIFO): this output is converted when the run completes, so name a regular file`);
    }
    file = await openOutputFile(output, { append });
  } catch (error) {
    throw new UsageError(`option --output: ${(error as Error).message}`);
  }
  return {
    found,
    writing: file.writing,
    write: (row) => file.write([JSON.stringify(row)]),
    writeMany: (rows) => file.write(rows.map((r) => JSON.stringify(r))),
    commit: async () => {
      const finish = options.finish;
      if (finish === undefined) return file.commit();
      await file.close();
      await finish(file.writing, output);
      await rm(file.writing, { force: true });
    },
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
  // Shares: a table of { chains, percent } by key (the hop histogram), or a list of { label, percent } (the commonest entities).
  for (const [key, value] of Object.entries(summary)) {
    if (key === 'rejected' || typeof value !== 'object' || value === null) continue;
    const rows = Array.isArray(value)
      ? (value as ShareRow[]).map((row) => [row.id !== undefined && row.id !== row.label ? `${row.label ?? ''} (${row.id})` : String(row.label ?? row.id ?? ''), row] as const)
      : Object.entries(value as Record<string, ShareRow>);
    lines.push(`  ${key}`);
    for (const [name, row] of rows) lines.push(`    ${name.padEnd(18)} ${fmt.format(row.chains ?? 0).padStart(9)}  ${(row.percent ?? 0).toFixed(1).padStart(5)}%`);
  }
  stderr.write(`${lines.join('\n')}\n`);
}

/** A row of a share table in a summary. */
interface ShareRow {
  id?: string;
  label?: string;
  chains?: number;
  percent?: number;
}

/** Prints an input error (bad graph or chain file) and gives exit code 1. */
export function failInput(message: string): number {
  const c = colorsFor(process.stderr);
  process.stderr.write(`${c.red('error:')} ${message}\n`);
  return 1;
}
