// `longtrace-reward data questions`: reads chains (JSONL), writes a question for each (template or
// LLM), checks it, and streams the kept ones (or all, with --keep-rejected) as JSONL rows ready for
// the training-row step: { id, question, answer, entities, chain, check }. Rows go to OUTPUT.partial
// until the run completes; --resume continues it, model replies are cached on disk, budgets and
// Ctrl-C stop the run cleanly with a manifest that says so.
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import {
  chainProblem, checkQuestion, createLlmClient, templateQuestion, writeQuestions,
  type Chain, type LlmClient, type QuestionCheck, type WrittenQuestion,
} from '../../../data/index.js';
import { LongtraceError } from '../../../errors.js';
import { partialPath, writeFileAtomic } from '../../../io/index.js';
import { colorsFor } from '../../shared/colors.js';
import { EXIT } from '../../shared/exit-codes.js';
import { modelRunSummary, openModelRun, type ModelRun } from '../../shared/model-run.js';
import { failInput, openSink, printSummary } from '../../shared/output.js';
import { listenForStop, signalExitCode } from '../../shared/stop.js';
import { packageVersion } from '../../shared/version.js';
import { LLM_API_KEY_ENV, type DataQuestionsOptions } from './options.js';
import { LineSplitter } from '../../../io/line-splitter.js';
import { UsageError } from '../../shared/options.js';
import { createProgress } from '../../shared/progress.js';

const GoldEntitySchema = z.union([z.string(), z.object({ name: z.string(), aliases: z.array(z.string()).optional(), weight: z.number().optional() })]);
/** A chain row as `data walk` writes it. */
const ChainSchema = z.object({
  id: z.string().min(1),
  seed: z.number(),
  triples: z
    .array(z.object({ subject: z.string(), relation: z.string(), object: z.string(), subjectLabel: z.string(), relationLabel: z.string(), objectLabel: z.string() }))
    .min(1),
  entities: z.array(GoldEntitySchema).min(2),
  answer: z.object({ answer: z.string().min(1), aliases: z.array(z.string()) }),
});

/** Runs `data questions`; resolves with the exit code. */
export async function runDataQuestions(file: string | undefined, options: DataQuestionsOptions): Promise<number> {
  const fromStdin = file === undefined || file === '-';
  let input: Readable = process.stdin;
  let totalBytes: number | undefined;
  if (!fromStdin) {
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    if (info.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
    totalBytes = info.size;
    input = createReadStream(file, { highWaterMark: 64 * 1024 });
  }
  const c = colorsFor(process.stderr);
  let client: LlmClient | undefined;
  let model: ModelRun | undefined;
  if (options.llmUrl !== undefined) {
    let base: LlmClient;
    const apiKey = process.env[LLM_API_KEY_ENV];
    try {
      base = createLlmClient({
        baseURL: options.llmUrl, model: options.llmModel ?? '', apiKey, maxConcurrency: options.concurrency,
        timeoutMs: options.llmTimeoutMs, retries: options.llmRetries, deadlineMs: options.llmDeadlineMs,
      });
    } catch (error) {
      if (LongtraceError.isInstance(error)) throw new UsageError(`option --llm-url: ${error.message}`);
      throw error;
    }
    // One request before anything is read or written: an endpoint that is down ends the run here.
    const opened = await openModelRun(base, options, { baseURL: options.llmUrl, apiKey, keyEnv: LLM_API_KEY_ENV }, (text) => void process.stderr.write(text));
    if ('problem' in opened) return failInput(opened.problem);
    model = opened.run;
    client = model.client;
    process.stderr.write(c.dim(model.cacheDir === undefined ? 'reply cache: off (--no-cache)\n' : `reply cache: ${model.cacheDir} (--cache DIR to move it, --no-cache to turn it off)\n`));
  }
  const name = fromStdin ? 'stdin' : file;
  let bytes = 0;
  let bad: string | undefined;
  let invalidChains = 0;
  // Chains an earlier run wrote, by id, as counts (ids may repeat; the first ones are the done ones).
  const done = new Map<string, number>();
  // Chains are parsed as they stream in; the first bad row stops the run (exit 1) with its line.
  async function* chains(): AsyncGenerator<Chain> {
    const splitter = new LineSplitter();
    let n = 0;
    const pending: Chain[] = [];
    const onLine = (line: string): void => {
      n++;
      if (bad !== undefined || line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        bad = `${name} line ${n}: not valid JSON`;
        return;
      }
      const parsed = ChainSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        bad = `${name} line ${n}: ${issue.path.join('.') || 'row'}: ${issue.message} (expected a chain from data walk)`;
        return;
      }
      const chain = parsed.data as Chain;
      // A chain the scorer would refuse (a label of punctuation, an empty alias) is skipped, counted.
      const problem = chainProblem(chain);
      if (problem !== undefined) {
        invalidChains++;
        if (invalidChains <= 3) process.stderr.write(`warning: ${name} line ${n}: ${problem}; chain skipped\n`);
        return;
      }
      const left = done.get(chain.id);
      if (left !== undefined && left > 0) {
        done.set(chain.id, left - 1);
        return;
      }
      pending.push(chain);
    };
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      splitter.push(chunk.toString(), onLine);
      yield* pending.splice(0);
      if (bad !== undefined) return;
    }
    splitter.end(onLine);
    if (bad === undefined) yield* pending.splice(0);
  }

  const sink = await openSink(options.output, file, {
    resume: options.resume,
    onDone: ({ value }) => {
      const id = (value as { id?: unknown } | null)?.id;
      if (typeof id === 'string') done.set(id, (done.get(id) ?? 0) + 1);
    },
  });
  const found = sink.found;
  if (options.resume === true && found > 0) process.stderr.write(`resume: ${found} rows found done in ${sink.writing ?? ''}\n`);
  const progress = createProgress(process.stderr, totalBytes, options.progress, { rows: 'questions', failed: 'rejected' });
  const stop = listenForStop((name) => progress.log(`${c.yellow(name)}: stopping; calls under way are abandoned\n`));
  const written: AsyncIterable<WrittenQuestion> =
    client === undefined
      ? (async function* () {
          for await (const chain of chains()) {
            const question = templateQuestion(chain);
            yield { chain, question, check: checkQuestion(question, chain) };
          }
        })()
      : writeQuestions(chains(), {
          client, concurrency: options.concurrency, check: options.closedBook === true ? { closedBook: client } : undefined,
          signal: stop.signal,
        });

  const rejected: Record<string, number> = {};
  let kept = found;
  let total = found;
  let failed = 0;
  let status: 'complete' | 'interrupted' | 'budget' = 'complete';
  let budgetMessage = '';
  try {
    for await (const row of written) {
      total++;
      if (row.error !== undefined) {
        failed++;
        rejected[row.error.code] = (rejected[row.error.code] ?? 0) + 1;
        if (failed === 1) progress.log(`warning: ${row.chain.id}: ${row.error.message}\n`);
      } else {
        for (const reason of row.check.reasons) rejected[reason] = (rejected[reason] ?? 0) + 1;
      }
      if (row.check.ok) kept++;
      if (row.check.ok || options.keepRejected === true) await sink.write(toRow(row.chain, row.question, row.check, row.error));
      progress.update(total, total - kept, bytes);
      if (stop.reason !== undefined) break;
    }
    if (stop.reason !== undefined) status = 'interrupted';
    else if (bad === undefined) await sink.commit();
  } catch (error) {
    if (stop.reason !== undefined) status = 'interrupted';
    else if (LongtraceError.isInstance(error) && error.code === 'BUDGET_EXHAUSTED') {
      status = 'budget';
      budgetMessage = error.message;
    } else throw error;
  } finally {
    stop.dispose();
    progress.stop();
    await sink.close();
  }
  if (bad !== undefined) return failInput(bad);
  const summary = {
    chains: total, kept, ...(invalidChains > 0 && { invalidChains }), ...(found > 0 && { foundDone: found }), writer: client === undefined ? 'template' : client.model,
    ...(model !== undefined && modelRunSummary(model)), ...(status !== 'complete' && { status }), rejected,
  };
  const manifestPath = options.manifest ?? (sink.writing === undefined || sink.writing === options.output ? undefined : `${status === 'complete' ? options.output : sink.writing}.manifest.json`);
  if (manifestPath !== undefined) {
    const manifest = {
      tool: 'longtrace-reward data questions', version: packageVersion(), created: new Date().toISOString(), status,
      options: { ...options, progress: undefined, summary: undefined, resume: undefined }, counts: { chains: total, kept, rejected, ...(found > 0 && { resumedRows: found }) },
      ...(model !== undefined && { usage: model.usage(), cache: { dir: model.cacheDir ?? null, ...model.cache() } }),
    };
    try {
      await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    } catch (error) {
      if (LongtraceError.isInstance(error)) return failInput(`option --manifest: ${error.message}`);
      throw error;
    }
    if (status === 'complete' && options.manifest === undefined && options.output !== undefined) await rm(`${partialPath(options.output)}.manifest.json`, { force: true });
  }
  printSummary(options.summary, 'data questions', summary);
  if (status === 'complete') return 0;
  const where = sink.writing === undefined ? 'stdout' : sink.writing;
  const how = sink.writing === undefined ? '' : status === 'budget' ? '; raise the budget and continue with --resume' : '; continue with the same command and --resume';
  process.stderr.write(`${c.yellow(status === 'budget' ? 'budget reached' : 'interrupted')}${status === 'budget' ? ` (${budgetMessage})` : ''}: ${kept} rows written to ${where}${how}\n`);
  return status === 'budget' ? EXIT.incomplete : signalExitCode(stop.reason ?? 'SIGINT');
}

function toRow(chain: Chain, question: string, check: QuestionCheck, error: WrittenQuestion['error']): object {
  return { id: chain.id, question, answer: chain.answer, entities: chain.entities, chain, check, ...(error && { error }) };
}
