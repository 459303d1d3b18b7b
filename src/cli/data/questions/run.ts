// `longtrace-reward data questions`: reads chains (JSONL), writes a question for each (template or
// LLM), checks it, and streams the kept ones (or all, with --keep-rejected) as JSONL rows ready for
// the training-row step: { id, question, answer, entities, chain, check }.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import {
  chainProblem, checkQuestion, createLlmClient, templateQuestion, writeQuestions,
  type Chain, type LlmClient, type QuestionCheck, type WrittenQuestion,
} from '../../../data/index.js';
import { LongtraceError } from '../../../errors.js';
import { failInput, openSink, printSummary } from '../../shared/output.js';
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
  let client: LlmClient | undefined;
  if (options.llmUrl !== undefined) {
    try {
      client = createLlmClient({
        baseURL: options.llmUrl, model: options.llmModel ?? '', apiKey: process.env[LLM_API_KEY_ENV], maxConcurrency: options.concurrency,
        timeoutMs: options.llmTimeoutMs, retries: options.llmRetries, deadlineMs: options.llmDeadlineMs,
      });
    } catch (error) {
      if (LongtraceError.isInstance(error)) throw new UsageError(`option --llm-url: ${error.message}`);
      throw error;
    }
  }
  const name = fromStdin ? 'stdin' : file;
  let bytes = 0;
  let bad: string | undefined;
  let invalidChains = 0;
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
      // A chain the scorer would refuse (a label of punctuation, an empty alias) is skipped, counted.
      const problem = chainProblem(parsed.data as Chain);
      if (problem !== undefined) {
        invalidChains++;
        if (invalidChains <= 3) process.stderr.write(`warning: ${name} line ${n}: ${problem}; chain skipped\n`);
        return;
      }
      pending.push(parsed.data as Chain);
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

  const written: AsyncIterable<WrittenQuestion> =
    client === undefined
      ? (async function* () {
          for await (const chain of chains()) {
            const question = templateQuestion(chain);
            yield { chain, question, check: checkQuestion(question, chain) };
          }
        })()
      : writeQuestions(chains(), { client, concurrency: options.concurrency, check: options.closedBook === true ? { closedBook: client } : undefined });

  const sink = await openSink(options.output, file);
  const progress = createProgress(process.stderr, totalBytes, options.progress, { rows: 'questions', failed: 'rejected' });
  const rejected: Record<string, number> = {};
  let kept = 0;
  let total = 0;
  let failed = 0;
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
    }
    await sink.commit();
  } finally {
    progress.stop();
    await sink.close();
  }
  if (bad !== undefined) return failInput(bad);
  printSummary(options.summary, 'data questions', { chains: total, kept, invalidChains, writer: client === undefined ? 'template' : client.model, rejected });
  return 0;
}

function toRow(chain: Chain, question: string, check: QuestionCheck, error: WrittenQuestion['error']): object {
  return { id: chain.id, question, answer: chain.answer, entities: chain.entities, chain, check, ...(error && { error }) };
}
