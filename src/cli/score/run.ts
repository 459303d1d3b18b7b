// `longtrace-reward score`: JSONL rows in, JSONL results out, one output line per input line, in
// input order. The input is read chunk by chunk and every chunk's lines are scored synchronously;
// the next chunk is read only once the output of this one is written, so memory holds one chunk,
// one open group and the running totals, however long the file.
import { once } from 'node:events';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import type { RewardOptions } from '../../index.js';
import { colorsFor } from '../shared/colors.js';
import { Grouper, type OutputRecord } from '../../rows/grouper.js';
import { LineSplitter } from '../../io/line-splitter.js';
import { UsageError } from '../shared/options.js';
import type { ScoreOptions } from './options.js';
import { createProgress } from '../shared/progress.js';
import { scoreLine, type GroupId } from '../../rows/score-row.js';
import { renderSummary, SummaryStats } from './summary.js';

/**
 * Exit code of a run: 0 when every row was scored, 1 when any row failed. `groupByGiven`: the
 * user named `--group-by` (a field no row has is then worth a warning).
 */
export async function runScore(file: string | undefined, options: ScoreOptions, groupByGiven = false): Promise<number> {
  const stderr = process.stderr;
  const c = colorsFor(stderr);
  const fromStdin = file === undefined || file === '-';

  let input: Readable;
  let totalBytes: number | undefined;
  if (fromStdin) {
    input = process.stdin;
    if (process.stdin.isTTY) {
      stderr.write(c.dim('Reading JSONL rows from stdin; end with Ctrl-D. To score a file: longtrace-reward score rows.jsonl\n'));
    }
  } else {
    const stat = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    if (stat.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
    totalBytes = stat.isFile() ? stat.size : undefined;
    input = createReadStream(file, { highWaterMark: 64 * 1024 });
  }

  if (options.report !== undefined && [options.output, fromStdin ? undefined : file].some((f) => f !== undefined && f !== '-' && resolve(f) === resolve(options.report!))) {
    throw new UsageError('option --report: the report would overwrite the input or the output; write it somewhere else');
  }
  const toFile = options.output !== undefined && options.output !== '-';
  let output: Writable = process.stdout;
  if (toFile) {
    const target = options.output as string;
    if (!fromStdin && resolve(target) === resolve(file)) {
      throw new UsageError('option --output: the output file is the input file; write somewhere else');
    }
    output = createWriteStream(target);
    await once(output, 'open').catch((error: Error) => {
      throw new UsageError(`option --output: cannot write ${target}: ${error.message}`);
    });
  }
  // A closed pipe (`| head`) is the reader saying it has seen enough: stop reading, quietly.
  let outputError: NodeJS.ErrnoException | undefined;
  output.on('error', (error: NodeJS.ErrnoException) => {
    outputError ??= error;
    input.destroy();
  });

  // The report holds every row's text until the end (the page embeds them); only with --report.
  const report = options.report === undefined ? undefined : new (await import('../../report/rollouts/collect.js')).ReportCollector({
    title: fromStdin ? 'stdin' : basename(file),
    options: (await import('../report/options.js')).shownOptions(options),
  });
  const started = performance.now();
  const progress = createProgress(stderr, totalBytes, options.progress);
  const stats = new SummaryStats();
  let batch: string[] = [];
  const describe = (group: GroupId) => JSON.stringify(group.value);
  const warn = (text: string) => progress.log(`${c.yellow('warning:')} ${text}\n`);
  const grouper = new Grouper(
    {
      emit(record: OutputRecord) {
        stats.add(record);
        report?.record(record);
        batch.push(JSON.stringify(record));
      },
      reappeared(group, line, first) {
        if (!first) return;
        warn(
          `line ${line}: group ${describe(group)} appears again after its group ended and is scored as a new group. ` +
            'Rows of a group must be contiguous (sort the file by group); further cases are counted in the summary.',
        );
      },
      cut(group, line, first) {
        if (!first) return;
        warn(
          `line ${line}: group ${describe(group)} reached --max-group-size (${options.maxGroupSize} rows) and was cut; ` +
            'the rest of it is scored as a separate group.',
        );
      },
    },
    { normalizeRubric: options.normalizeRubric, maxGroupSize: options.maxGroupSize },
  );

  const defaults: RewardOptions = { eta: options.eta, strategy: options.strategy, rubricSource: options.rubricSource };
  const context = { defaults, groupBy: options.groupBy ?? 'group', keepInput: report !== undefined };
  let line = 0;
  let withGroupId = 0;
  const onLine = (text: string) => {
    line += 1;
    const row = scoreLine(text, line, context);
    report?.add(row);
    if (row.group !== undefined) withGroupId += 1;
    grouper.push(row);
  };
  const flush = async () => {
    if (batch.length === 0 || outputError !== undefined) {
      batch = [];
      return;
    }
    const text = `${batch.join('\n')}\n`;
    batch = [];
    // An error while waiting is recorded by the handler above; the loop then stops.
    if (!output.write(text)) await once(output, 'drain').catch(() => undefined);
  };

  const splitter = new LineSplitter();
  input.setEncoding('utf8');
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      splitter.push(chunk, onLine);
      await flush();
      progress.update(line, stats.errors, (input as Partial<{ bytesRead: number }>).bytesRead ?? 0);
      if (outputError !== undefined) break;
    }
  } catch (error) {
    progress.stop();
    // Destroying the input after an output error ends the loop with an error of its own: ignore it.
    if (outputError === undefined) {
      if (input.errored === null) throw error; // not the stream's: a bug, reported as internal
      throw new UsageError(`cannot read ${fromStdin ? 'stdin' : file}: ${(error as Error).message}`);
    }
  }
  if (outputError !== undefined && outputError.code !== 'EPIPE') {
    progress.stop();
    throw new UsageError(`cannot write ${toFile ? options.output : 'stdout'}: ${outputError.message}`);
  }
  if (outputError === undefined) {
    splitter.end(onLine);
    grouper.end();
    await flush();
  }
  progress.stop();
  if (toFile && outputError === undefined) {
    output.end();
    await once(output, 'finish');
  }
  if (groupByGiven && withGroupId === 0 && stats.scored > 0) {
    warn(
      `--group-by ${context.groupBy}: no row has a field ${JSON.stringify(context.groupBy)}, so every row was scored alone ` +
        '(no group rewards, no advantages). Check the field name.',
    );
  }

  if (report !== undefined && outputError === undefined) {
    const { writeReport } = await import('../../report/write.js');
    await writeReport(options.report as string, report.data()).catch((error: Error) => {
      throw new UsageError(`option --report: cannot write ${options.report}: ${error.message}`);
    });
  }

  if (options.summary !== 'none') {
    const summary = stats.toJSON({
      groups: grouper.groups,
      reappearedGroups: grouper.reappeared,
      seconds: (performance.now() - started) / 1000,
      top: options.top,
      ...(toFile && { output: options.output as string }),
    });
    stderr.write(options.summary === 'json' ? `${JSON.stringify(summary)}\n` : renderSummary(summary, c));
  }
  return stats.errors > 0 ? 1 : 0;
}
