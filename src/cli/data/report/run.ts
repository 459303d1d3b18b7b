// `longtrace-reward data report`: training rows (+ the build's manifest) → one self-contained HTML
// page. Rows are read line by line; a line that cannot be shown is counted and skipped with a
// warning, never the end of the run.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { LongtraceError } from '../../../errors.js';
import { isParquetFile, readParquetRows } from '../../../data/index.js';
import { readJsonl } from '../../../io/index.js';
import { DataReportCollector, readManifestCounts, writeDataReport, type DataReportData, type DataReportManifest } from '../../../report/training-rows/index.js';
import { colorsFor } from '../../shared/colors.js';
import { failInput } from '../../shared/output.js';
import { UsageError } from '../../shared/options.js';
import type { DataReportOptions } from './options.js';

/** How many skipped lines are printed on stderr (all are counted, and listed on the page). */
const WARNINGS = 3;

/** Reads and checks a build manifest; throws a `LongtraceError` naming the file. */
export async function loadManifestCounts(file: string): Promise<DataReportManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LongtraceError('INVALID_INPUT', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return readManifestCounts(JSON.parse(text));
  } catch (error) {
    const why = error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message;
    throw new LongtraceError('INVALID_INPUT', `${file}: not a data build manifest: ${why}`);
  }
}

/** Writes the page of `data` to `output` and says so on stderr; resolves with its size in bytes. */
export async function writeDataReportFile(output: string, data: DataReportData): Promise<number> {
  const bytes = await writeDataReport(output, data).catch((error: Error) => {
    throw new UsageError(`option --output: cannot write ${output}: ${error.message}`);
  });
  const c = colorsFor(process.stderr);
  const { rows, skipped } = data.index;
  process.stderr.write(
    `${c.green('wrote')} ${output}: ${rows.length} row${rows.length === 1 ? '' : 's'}` +
      `${skipped.count > 0 ? ` (${skipped.count} line${skipped.count === 1 ? '' : 's'} skipped)` : ''}, ${(bytes / 1024 / 1024).toFixed(1)} MB\n`,
  );
  return bytes;
}

/** Runs `data report`; resolves with the exit code: 0 when the page shows at least one row, 1 otherwise or on an input error. */
export async function runDataReport(rowsFile: string, options: DataReportOptions): Promise<number> {
  if (resolve(options.output) === resolve(rowsFile)) throw new UsageError('option --output: the output file is the rows file; write somewhere else');
  const c = colorsFor(process.stderr);
  const collector = new DataReportCollector({ title: options.title ?? basename(rowsFile) });
  try {
    const manifestFile = options.manifest ?? (existsSync(`${rowsFile}.manifest.json`) ? `${rowsFile}.manifest.json` : undefined);
    if (manifestFile !== undefined) collector.setManifest(await loadManifestCounts(manifestFile));
    let warned = 0;
    // A Parquet file (`data build -o rows.parquet`) is told by its first bytes, not its name.
    const rows = (await isParquetFile(rowsFile)) ? readParquetRows(rowsFile) : readJsonl(rowsFile);
    for await (const record of rows) {
      const result = 'error' in record && record.error !== undefined ? collector.skip(record.line, record.error) : collector.add(record.value, record.line);
      if (!result.ok && warned++ < WARNINGS) process.stderr.write(`${c.yellow('skipped')} ${rowsFile}:${record.line}: ${result.message}\n`);
    }
    if (collector.skippedCount > WARNINGS) process.stderr.write(`${c.yellow('skipped')} ${collector.skippedCount} lines in all (listed on the page)\n`);
  } catch (error) {
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  await writeDataReportFile(options.output, collector.data());
  if (collector.shown === 0) return failInput(`${rowsFile}: no training row could be shown`);
  return 0;
}
