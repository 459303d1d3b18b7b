// `longtrace-reward score`: JSONL rows in, JSONL results out, one output line per input line, in
// input order. The input is read chunk by chunk and every chunk's lines are scored synchronously;
// the next chunk is read only once the output of this one is written, so memory holds one chunk,
// one open group and the running totals, however long the file.
import { once } from 'node:events';
import { createReadStream, promises as fs } from 'node:fs';
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import type { RewardOptions } from '../../index.js';
import { colorsFor } from '../shared/colors.js';
import { Grouper, type OutputRecord } from '../../rows/grouper.js';
import { LineSplitter } from '../../io/line-splitter.js';
import { openOutputFile, repairPartial, type OutputFile, type PartialRow } from '../../io/index.js';
import { UsageError } from '../shared/options.js';
import { listenForStop, signalExitCode } from '../shared/stop.js';
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
  if (options.resume === true && !toFile) throw new UsageError('option --resume: needs -o FILE (a run written to stdout cannot be continued)');
  let output: Writable = process.stdout;
  let outFile: OutputFile | undefined;
  // With --resume: input lines before this one have their results in the partial file already.
  let resumeFrom = 1;
  let found = 0;
  let foundErrors = 0;
  if (toFile) {
    const target = options.output as string;
    if (!fromStdin && resolve(target) === resolve(file)) {
      throw new UsageError('option --output: the output file is the input file; write somewhere else');
    }
    try {
      if (options.resume === true) {
        const resumed = await resumePoint(target);
        ({ resumeFrom, found, foundErrors } = resumed);
        stderr.write(resumed.note);
      } else {
        await noteOverwrite(target, stderr);
      }
      outFile = await openOutputFile(target, { append: options.resume === true && found > 0 });
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`option --output: ${(error as Error).message}`);
    }
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
    if (line < resumeFrom) return;
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
    const lines = batch;
    batch = [];
    if (outFile !== undefined) {
      // A group's lines are in one batch, so they go out in one write.
      await outFile.write(lines).catch((error: Error) => (outputError ??= error));
      return;
    }
    // An error while waiting is recorded by the handler above; the loop then stops.
    if (!output.write(`${lines.join('\n')}\n`)) await once(output, 'drain').catch(() => undefined);
  };
  const stop = listenForStop((name) => progress.log(`${c.yellow(name)}: stopping after the rows read so far\n`));

  const splitter = new LineSplitter();
  input.setEncoding('utf8');
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      splitter.push(chunk, onLine);
      await flush();
      progress.update(line, stats.errors, (input as Partial<{ bytesRead: number }>).bytesRead ?? 0);
      if (outputError !== undefined || stop.reason !== undefined) break;
    }
  } catch (error) {
    stop.dispose();
    progress.stop();
    // Destroying the input after an output error ends the loop with an error of its own: ignore it.
    if (outputError === undefined) {
      if (input.errored === null) throw error; // not the stream's: a bug, reported as internal
      throw new UsageError(`cannot read ${fromStdin ? 'stdin' : file}: ${(error as Error).message}`);
    }
  }
  stop.dispose();
  if (outputError !== undefined && outputError.code !== 'EPIPE') {
    progress.stop();
    await outFile?.close().catch(() => undefined);
    throw new UsageError(`cannot write ${toFile ? options.output : 'stdout'}: ${outputError.message}`);
  }
  // A stopped run leaves its open group unwritten (a group is written whole or not at all).
  if (outputError === undefined && stop.reason === undefined) {
    splitter.end(onLine);
    grouper.end();
    await flush();
  }
  progress.stop();
  if (outFile !== undefined && stop.reason !== undefined) {
    await outFile.close();
    stderr.write(
      `${c.yellow('interrupted')} (${stop.reason}): results up to input line ${line} written to ${outFile.writing}; ` +
        'continue with the same command and --resume\n',
    );
    return signalExitCode(stop.reason);
  }
  if (outFile !== undefined && outputError === undefined) await outFile.commit();
  if (stop.reason !== undefined) return signalExitCode(stop.reason);
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
      ...(found > 0 && { resumedRows: found }),
    });
    stderr.write(options.summary === 'json' ? `${JSON.stringify(summary)}\n` : renderSummary(summary, c));
  }
  // A resumed run's exit code is the whole output's: failed rows an earlier run wrote count too.
  return stats.errors + foundErrors > 0 ? 1 : 0;
}

/** Says on stderr that `target` will be replaced, when it holds something. */
async function noteOverwrite(target: string, stderr: NodeJS.WriteStream): Promise<void> {
  const size = await fs.stat(target).then((s) => (s.isFile() ? s.size : 0), () => 0);
  if (size > 0) stderr.write(`note: ${target} exists (${size} bytes); it is replaced when this run completes\n`);
}

/**
 * Where a resumed `score` run starts: the partial file is cut after its last complete result, and
 * further back to the start of its last group when that group may be incomplete (results are in
 * input order, one per input line, a group's in one run), so a group is written whole or not at all.
 */
async function resumePoint(target: string): Promise<{ resumeFrom: number; found: number; foundErrors: number; note: string }> {
  // The trailing results that may belong to one group not yet complete: error results (which a
  // group may hold) and the scored results of one group id.
  let trail: PartialRow[] = [];
  let trailGroup: unknown;
  let last: PartialRow | undefined;
  let errors = 0;
  const repaired = await repairPartial(
    target,
    (row) => {
      last = row;
      const value = row.value as { group?: unknown; error?: unknown } | null;
      if (value === null || typeof value !== 'object' || value.error !== undefined) {
        errors++;
        trail.push(row);
      } else if (value.group === undefined) {
        trail = [];
        trailGroup = undefined;
      } else {
        if (trailGroup !== undefined && JSON.stringify(trailGroup) !== JSON.stringify(value.group)) {
          // Another group began: what stays of the trail is the error results since the last scored one.
          let i = trail.length;
          while (i > 0 && (trail[i - 1]!.value as { error?: unknown }).error !== undefined) i--;
          trail = trail.slice(i);
        }
        trailGroup = value.group;
        trail.push(row);
      }
    },
    (end) => (trailGroup !== undefined && trail.length > 0 ? trail[0]!.start : end),
  );
  if (repaired === undefined) return { resumeFrom: 1, found: 0, foundErrors: 0, note: `resume: no ${target}.partial from an earlier run; starting from the first row\n` };
  const cutGroup = trailGroup !== undefined && trail.length > 0;
  const lineOf = (row: PartialRow | undefined): number => {
    const n = (row?.value as { line?: unknown } | null)?.line;
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
  };
  const resumeFrom = cutGroup ? lineOf(trail[0]) : lineOf(last) + 1;
  const found = cutGroup ? repaired.rows - trail.length : repaired.rows;
  const foundErrors = errors - (cutGroup ? trail.filter((r) => (r.value as { error?: unknown } | null)?.error !== undefined).length : 0);
  const cut = repaired.cutBytes > 0 ? `, cut ${repaired.cutBytes} bytes after them (a torn line${cutGroup ? ' or a group that may be incomplete' : ''})` : '';
  return { resumeFrom: Math.max(1, resumeFrom), found, foundErrors, note: `resume: ${found} results found done in ${repaired.path}${cut}; continuing at input line ${Math.max(1, resumeFrom)}\n` };
}
