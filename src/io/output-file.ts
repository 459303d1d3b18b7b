// Writing an output file so that a kill never costs the last complete one: rows go to a partial file
// beside the target (`train.jsonl.partial`), in whole lines, and the partial file is renamed over
// the target only when the run completes. A run that stops early leaves the partial file, which a
// resumed run continues. Special files (/dev/null, a FIFO, a terminal) are written in place.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { InputError } from './read-lines.js';

/** Where the rows of `target` go until the run completes. */
export function partialPath(target: string): string {
  return `${target}.partial`;
}

/** An output being written: whole lines in, renamed over the target by `commit`. */
export interface OutputFile {
  /** The file the output will have when committed. */
  readonly target: string;
  /** The file written now (the partial file, or the target itself when it is a special file). */
  readonly writing: string;
  /** Writes lines, each followed by `\n`, in one write; resolves when the stream can take more. */
  write(lines: readonly string[]): Promise<void>;
  /** Flushes, closes and renames the partial file over the target. */
  commit(): Promise<void>;
  /** Flushes and closes, leaving the partial file for a resumed run. */
  close(): Promise<void>;
}

export interface OpenOutputOptions {
  /** Append to the partial file instead of starting it anew. @default false */
  append?: boolean | undefined;
}

/** True when `path` exists and is not a regular file (a device, a FIFO): written in place, never renamed. */
export async function isSpecial(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError('INVALID_INPUT', path, 0, 'is a directory; name a file to write');
    return !info.isFile();
  } catch (error) {
    if (error instanceof InputError) throw error;
    return false;
  }
}

/**
 * Opens `target` for writing through a partial file beside it.
 * @example const out = await openOutputFile('train.jsonl'); await out.write(rows); await out.commit();
 */
export async function openOutputFile(target: string, options: OpenOutputOptions = {}): Promise<OutputFile> {
  const special = await isSpecial(target);
  const writing = special ? target : partialPath(target);
  const stream: WriteStream = createWriteStream(writing, { flags: options.append === true && !special ? 'a' : 'w' });
  await once(stream, 'open').catch((error: NodeJS.ErrnoException) => {
    throw new InputError('INVALID_INPUT', writing, 0, `cannot be written (${error.code ?? error.message})`, { cause: error });
  });
  let failed: Error | undefined;
  stream.on('error', (error) => (failed ??= error));
  const end = async (): Promise<void> => {
    if (stream.closed) return;
    stream.end();
    await once(stream, 'close');
    if (failed !== undefined) throw new InputError('INVALID_INPUT', writing, 0, `cannot be written (${failed.message})`, { cause: failed });
  };
  return {
    target,
    writing,
    async write(lines) {
      if (failed !== undefined) throw new InputError('INVALID_INPUT', writing, 0, `cannot be written (${failed.message})`, { cause: failed });
      if (lines.length === 0) return;
      if (!stream.write(`${lines.join('\n')}\n`)) await once(stream, 'drain');
    },
    async commit() {
      await end();
      if (!special) await rename(writing, target);
    },
    close: end,
  };
}

/** Writes a whole file atomically: a temporary file beside it, then a rename (manifests, reports). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  if (await isSpecial(path)) {
    await writeFile(path, data);
    return;
  }
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputError('INVALID_INPUT', path, 0, `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
}
