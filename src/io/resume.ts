// Continuing an output that a stopped run left behind: the partial file beside the target holds the
// rows written so far, in whole lines, except perhaps a last line the OS cut when the process died.
// `repairPartial` reads it once, hands each complete row to the caller (who collects the ids it
// will skip), and cuts what follows the last complete row, so the resumed run appends after it.
import { open, stat, truncate } from 'node:fs/promises';
import { InputError } from './read-lines.js';
import { partialPath } from './output-file.js';

/** One row of a partial output: its value, its 1-based line, and where it starts and ends in the file (bytes). */
export interface PartialRow {
  value: unknown;
  line: number;
  start: number;
  end: number;
}

/** What `repairPartial` found. */
export interface RepairedPartial {
  /** The partial file (`TARGET.partial`). */
  path: string;
  /** Complete rows kept. */
  rows: number;
  /** Bytes cut from the end (a torn last line, or what the caller asked to drop). */
  cutBytes: number;
}

const CHUNK = 1 << 20;

/**
 * Reads `TARGET.partial` (undefined when there is none), calls `onRow` for each complete JSON line,
 * and truncates the file after the last one: a line without its newline, or one that is not JSON,
 * ends the rows. `keepUpTo` may name an earlier byte to cut at (e.g. the start of a group that may
 * be incomplete); rows past it were still passed to `onRow`, so the caller drops them itself.
 * @example const found = await repairPartial('train.jsonl', (row) => done.add(row.value.id));
 */
export async function repairPartial(
  target: string,
  onRow: (row: PartialRow) => void,
  keepUpTo?: (end: number) => number,
): Promise<RepairedPartial | undefined> {
  const path = partialPath(target);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    size = info.size;
  } catch {
    return undefined;
  }
  let good = 0;
  let rows = 0;
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new InputError('INVALID_INPUT', path, 0, `cannot be read to resume (${error.code ?? error.message})`, { cause: error });
  });
  try {
    // Whole lines are decoded one at a time from the bytes, so offsets stay exact whatever the text.
    const buffer = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let position = 0;
    let stop = false;
    while (!stop && position < size) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      let from = 0;
      for (let nl = chunk.indexOf(10); nl !== -1 && !stop; nl = chunk.indexOf(10, from)) {
        const piece = chunk.subarray(from, nl);
        const bytes = carryBytes > 0 ? Buffer.concat([...carry, piece]) : piece;
        const start = position + from - carryBytes;
        carry = [];
        carryBytes = 0;
        from = nl + 1;
        const text = bytes.toString('utf8');
        if (text.trim() === '') {
          good = position + from;
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          stop = true;
          break;
        }
        rows++;
        good = position + from;
        onRow({ value, line: rows, start, end: good });
      }
      if (!stop && from < bytesRead) {
        carry.push(Buffer.from(chunk.subarray(from)));
        carryBytes += bytesRead - from;
      }
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  const keep = Math.min(good, keepUpTo === undefined ? good : keepUpTo(good));
  if (keep < size) {
    await truncate(path, keep).catch((error: NodeJS.ErrnoException) => {
      throw new InputError('INVALID_INPUT', path, 0, `cannot be repaired to resume (${error.code ?? error.message})`, { cause: error });
    });
  }
  return { path, rows, cutBytes: size - keep };
}
