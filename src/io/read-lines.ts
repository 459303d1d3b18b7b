// Reading line-oriented input (JSONL, TSV, N-Triples) from a file, a gzipped file or a stream: one
// reader for the whole package, with file line numbers (blank lines counted), a limit on a line's
// length (a 3 GB line must be a typed error, not a RangeError from deep inside Node), and typed
// errors naming the file for what cannot be opened.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LongtraceError } from '../errors.js';
import { LineSplitter } from './line-splitter.js';

/** The longest line read by default: 64 MiB of text (a 128K-token prompt is about 0.5 MiB). */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

export interface ReadLinesOptions {
  /** A line longer than this many characters is an `INPUT_TOO_LARGE` error. @default 64 MiB */
  maxLineChars?: number | undefined;
  /** Name of the input in messages. @default the path, or 'stream' */
  name?: string | undefined;
  /** Gunzip the input. @default true for a path ending in `.gz` */
  gzip?: boolean | undefined;
}

/** One line of input: its 1-based line number in the file, and its text without the line break. */
export interface InputLine {
  line: number;
  text: string;
  /** Bytes of input read up to the end of this line (UTF-8), for progress bars. */
  bytes: number;
}

/** A problem with an input as a whole (cannot open, a directory, a line over the limit), naming it. */
export class InputError extends LongtraceError {
  override name = 'InputError';
  /** The file (or stream name) at fault. */
  readonly file: string;
  /** The 1-based line, or 0 for the file as a whole. */
  readonly line: number;

  constructor(code: 'INVALID_INPUT' | 'INPUT_TOO_LARGE', file: string, line: number, message: string, options?: { cause?: unknown }) {
    super(code, `${file}${line > 0 ? `:${line}` : ''}: ${message}`, options);
    this.file = file;
    this.line = line;
  }
}

/** Opens a file for reading; a missing file, a directory or no permission is an `InputError` naming it. */
export async function openFile(path: string, options: { gzip?: boolean | undefined } = {}): Promise<{ stream: Readable; size: number | undefined }> {
  let size: number | undefined;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError('INVALID_INPUT', path, 0, 'is a directory, not a file');
    size = info.isFile() ? info.size : undefined;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('INVALID_INPUT', path, 0, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`, { cause: error });
  }
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', (error: NodeJS.ErrnoException) => reject(new InputError('INVALID_INPUT', path, 0, `cannot be read (${error.code ?? error.message})`, { cause: error })));
  });
  const gzip = options.gzip ?? path.toLowerCase().endsWith('.gz');
  return { stream: gzip ? file.pipe(createGunzip()) : file, size };
}

/**
 * Reads the lines of a file (gunzipped when it ends in `.gz`) or a stream, with file line numbers;
 * holds one chunk and one partial line in memory.
 * @example for await (const { line, text } of readLines('graph.tsv')) …
 */
export async function* readLines(source: string | Readable, options: ReadLinesOptions = {}): AsyncGenerator<InputLine> {
  const name = options.name ?? (typeof source === 'string' ? source : 'stream');
  const stream = typeof source === 'string' ? (await openFile(source, { gzip: options.gzip })).stream : source;
  const splitter = new LineSplitter({ maxLineChars: options.maxLineChars ?? MAX_LINE_CHARS });
  let line = 0;
  let bytes = 0;
  const pending: InputLine[] = [];
  const take = (text: string): void => {
    bytes += Buffer.byteLength(text) + 1;
    pending.push({ line: ++line, text, bytes });
  };
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      try {
        splitter.push(chunk, take);
      } catch (error) {
        if (error instanceof RangeError) throw new InputError('INPUT_TOO_LARGE', name, line + pending.length + 1, error.message, { cause: error });
        throw error;
      }
      // Handed over once the chunk is split, so the consumer's pace is the only buffer.
      while (pending.length > 0) yield pending.shift()!;
    }
  } catch (error) {
    if (error instanceof LongtraceError) throw error;
    throw new InputError('INVALID_INPUT', name, line, `cannot be read: ${(error as Error).message}`, { cause: error });
  } finally {
    if (typeof source === 'string') stream.destroy();
  }
  splitter.end(take);
  while (pending.length > 0) yield pending.shift()!;
}

/** One JSONL line: its parsed value, or why it is not JSON. Blank lines are skipped (their numbers count). */
export type JsonlRecord =
  | { line: number; bytes: number; value: unknown; error?: undefined }
  | { line: number; bytes: number; value?: undefined; error: string };

/**
 * Reads JSONL rows with their file line numbers; a line that is not JSON comes back with `error`
 * (the caller decides whether it ends the run or is counted and skipped).
 * @example for await (const row of readJsonl('questions.jsonl')) if (row.error === undefined) use(row.value);
 */
export async function* readJsonl(source: string | Readable, options: ReadLinesOptions = {}): AsyncGenerator<JsonlRecord> {
  for await (const { line, text, bytes } of readLines(source, options)) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, bytes, error: `not JSON (${(error as Error).message})` };
      continue;
    }
    yield { line, bytes, value };
  }
}

/** The size of a file, or undefined for a stream or what cannot be read. */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}
