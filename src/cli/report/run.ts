// `longtrace-reward report`: scores rows as `score` does (the same row parsing and grouping) and
// writes an HTML page instead of JSONL. Unlike `score` it holds every row's text until the end:
// the page embeds them all.
import { createReadStream, promises as fs } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { RewardOptions } from '../../index.js';
import { ReportCollector, writeReport } from '../../report/index.js';
import { colorsFor } from '../shared/colors.js';
import { Grouper } from '../../rows/grouper.js';
import { LineSplitter } from '../../io/line-splitter.js';
import { UsageError } from '../shared/options.js';
import { shownOptions, type ReportOptions } from './options.js';
import { scoreLine } from '../../rows/score-row.js';

/** Exit code of a run: 0 when every row was scored, 1 when any row failed (the page is written either way). */
export async function runReport(file: string | undefined, options: ReportOptions): Promise<number> {
  const fromStdin = file === undefined || file === '-';
  let input: Readable;
  if (fromStdin) {
    input = process.stdin;
  } else {
    const stat = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    if (stat.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
    input = createReadStream(file, { highWaterMark: 64 * 1024 });
  }
  if (!fromStdin && resolve(options.output) === resolve(file)) {
    throw new UsageError('option --output: the output file is the input file; write somewhere else');
  }

  const collector = new ReportCollector({ title: options.title ?? (fromStdin ? 'stdin' : basename(file)), options: shownOptions(options) });
  const { failed } = await scoreInto(input, collector, options);
  const data = collector.data();
  const bytes = await writeReport(options.output, data).catch((error: Error) => {
    throw new UsageError(`option --output: cannot write ${options.output}: ${error.message}`);
  });
  const c = colorsFor(process.stderr);
  process.stderr.write(
    `${c.green('wrote')} ${options.output}: ${data.rows.length} row${data.rows.length === 1 ? '' : 's'} (${failed} failed), ${(bytes / 1024 / 1024).toFixed(1)} MB\n`,
  );
  return failed > 0 ? 1 : 0;
}

/** Scores every line of `input` into `collector`, grouped as `score` groups; resolves with the count of failed rows. */
async function scoreInto(
  input: Readable,
  collector: ReportCollector,
  options: Pick<ReportOptions, 'eta' | 'strategy' | 'rubricSource' | 'groupBy' | 'normalizeRubric' | 'maxGroupSize'>,
): Promise<{ failed: number }> {
  let failed = 0;
  const grouper = new Grouper(
    {
      emit(record) {
        if ('error' in record) failed += 1;
        collector.record(record);
      },
    },
    { normalizeRubric: options.normalizeRubric, maxGroupSize: options.maxGroupSize },
  );
  const defaults: RewardOptions = { eta: options.eta, strategy: options.strategy, rubricSource: options.rubricSource };
  const context = { defaults, groupBy: options.groupBy ?? 'group', keepInput: true };
  let line = 0;
  const onLine = (text: string) => {
    line += 1;
    const row = scoreLine(text, line, context);
    collector.add(row);
    grouper.push(row);
  };
  const splitter = new LineSplitter();
  input.setEncoding('utf8');
  try {
    for await (const chunk of input as AsyncIterable<string>) splitter.push(chunk, onLine);
  } catch (error) {
    throw new UsageError(`cannot read input: ${(error as Error).message}`);
  }
  splitter.end(onLine);
  grouper.end();
  return { failed };
}
