// `longtrace-reward data trajectories`: questions + (a local corpus | a Search-R1 retrieval server) +
// an OpenAI-compatible model → one search-agent trajectory per question, streamed as JSONL in input
// order ({ id, trajectory, stop, turns, usage }, what `data build --trajectories` reads), with a
// progress bar, a summary (stops, answer accuracy, searches/opens/citations, tier sizes, tokens) and
// a manifest. Model replies go through the on-disk reply cache, so a killed run started again asks
// the model only what was in flight.
import { z } from 'zod';
import {
  collectTrajectories, createFileReplyStore, createLlmClient, createMemoryStore, createRetrieveClient,
  defaultReplyCacheDir, goldDocs, readTrajectory, tierDocuments, withReplyCache,
  type AgentQuestion, type ChatTransport, type Doc, type DocumentStore, type FileReplyStore, type SearchBackend, type TrajectoryRow,
} from '../../../data/index.js';
import { QuestionRowSchema } from '../../../data/build-row.js';
import { LongtraceError } from '../../../errors.js';
import { readJsonl, writeFileAtomic } from '../../../io/index.js';
import { GoldAnswerSchema } from '../../../schema.js';
import { verifyAnswer } from '../../../verify/index.js';
import { colorsFor } from '../../shared/colors.js';
import { openCliCorpus } from '../../shared/corpus.js';
import { failInput, openSink } from '../../shared/output.js';
import { UsageError } from '../../shared/options.js';
import { createProgress } from '../../shared/progress.js';
import { packageVersion } from '../../shared/version.js';
import { LLM_API_KEY_ENV } from '../questions/options.js';
import type { DataTrajectoriesOptions } from './options.js';

/** A question row: the agent needs `id` and `question`; `answer` gives the accuracy, the rest the tier sizes. */
const AgentQuestionSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]),
  question: z.string().min(1, 'expected the question'),
  answer: GoldAnswerSchema.optional(),
});

/** How long each start-up check waits. */
const PROBE_MS = 10_000;

interface QuestionEntry {
  agent: AgentQuestion;
  raw: Record<string, unknown>;
}

/** Reads every question (they are small) so that a bad line stops the run before anything is written. */
async function readQuestions(path: string): Promise<QuestionEntry[]> {
  const out: QuestionEntry[] = [];
  const ids = new Set<string>();
  for await (const record of readJsonl(path)) {
    if (record.error !== undefined) throw new UsageError(`${path} line ${record.line}: ${record.error}`);
    const parsed = AgentQuestionSchema.safeParse(record.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${path} line ${record.line}: ${issue.path.join('.') || 'row'}: ${issue.message} (expected a question row from data questions)`);
    }
    const id = String(parsed.data.id);
    if (ids.has(id)) throw new UsageError(`${path} line ${record.line}: id ${JSON.stringify(id)} is used twice (trajectories are matched to questions by id)`);
    ids.add(id);
    out.push({ agent: { id, question: parsed.data.question }, raw: record.value as Record<string, unknown> });
  }
  return out;
}

/**
 * One cheap request to the model's server (`GET {base}/models`, which OpenAI-compatible servers
 * answer; any status but 401 / 403 means it is there). Resolves with the problem, or undefined.
 */
async function probeModel(baseURL: string, apiKey: string | undefined): Promise<string | undefined> {
  let base = baseURL;
  while (base.endsWith('/')) base = base.slice(0, -1);
  try {
    const response = await fetch(`${base}/models`, {
      headers: apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(PROBE_MS),
    });
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) return `it refused the API key (HTTP ${response.status}; the key comes from ${LLM_API_KEY_ENV})`;
    return undefined;
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return `no answer within ${PROBE_MS / 1000} s`;
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `it cannot be reached (${cause ?? (error as Error).message})`;
  }
}

/** What the summary and the manifest count. */
export interface TrajectoryStats {
  questions: number;
  stops: Record<string, number>;
  errors: Record<string, number>;
  /** Questions with a gold answer, and those the agent answered right (verifyAnswer). */
  graded: number;
  correct: number;
  searches: number;
  opens: number;
  citations: number;
  /** Tier sizes summed over the questions whose gold documents were found. */
  tiered: number;
  tier1: number;
  tier2: number;
  answerBearing: number;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
}

function newStats(): TrajectoryStats {
  return {
    questions: 0, stops: {}, errors: {}, graded: 0, correct: 0, searches: 0, opens: 0, citations: 0,
    tiered: 0, tier1: 0, tier2: 0, answerBearing: 0, usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  };
}

/** Adds one row to the stats: its stop, its answer against the gold, its steps and the tiers it gives. */
function count(stats: TrajectoryStats, row: TrajectoryRow, question: Record<string, unknown>, corpus: DocumentStore | undefined): void {
  stats.questions++;
  stats.stops[row.stop] = (stats.stops[row.stop] ?? 0) + 1;
  if (row.error !== undefined) stats.errors[row.error.code] = (stats.errors[row.error.code] ?? 0) + 1;
  for (const step of row.trajectory.steps) {
    if ('search' in step) stats.searches++;
    else stats.opens++;
  }
  stats.citations += row.trajectory.citations.length;
  stats.usage.promptTokens += row.usage.promptTokens;
  stats.usage.completionTokens += row.usage.completionTokens;
  stats.usage.totalTokens += row.usage.totalTokens;
  const answer = GoldAnswerSchema.safeParse(question['answer']);
  if (answer.success) {
    stats.graded++;
    if (row.trajectory.answer !== undefined && verifyAnswer(row.trajectory.answer, answer.data).correct) stats.correct++;
  }
  // Tier sizes as data build will make them: the question's gold from the corpus (or, with a
  // retriever, from the documents the agent met), the trajectory read as data build reads it.
  const parsed = QuestionRowSchema.safeParse(question);
  if (!parsed.success) return;
  const store = corpus ?? metDocuments(row);
  const gold = goldDocs(parsed.data, store);
  if (gold.docs.length === 0) return;
  try {
    const tiers = tierDocuments({ trajectory: readTrajectory(row.trajectory), gold: gold.docs, answer: parsed.data.answer, corpus: store });
    stats.tiered++;
    stats.tier1 += tiers.tier1.length;
    stats.tier2 += tiers.tier2.length;
    stats.answerBearing += tiers.dropped.filter((d) => d.reason === 'answer-in-distractor').length;
  } catch (error) {
    if (!LongtraceError.isInstance(error)) throw error;
  }
}

/** The documents a trajectory met (opened with their text, or seen with their snippet), as a store. */
function metDocuments(row: TrajectoryRow): DocumentStore {
  const docs = new Map<string, Doc>();
  for (const step of row.trajectory.steps) {
    if ('open' in step) docs.set(step.open.id, { ...step.open });
    else for (const r of step.search.results) if (!docs.has(r.id)) docs.set(r.id, { id: r.id, title: r.title, text: r.snippet });
  }
  return createMemoryStore(docs.values());
}

/** Runs `data trajectories`; resolves with the exit code. */
export async function runDataTrajectories(options: DataTrajectoriesOptions): Promise<number> {
  const stderr = process.stderr;
  const c = colorsFor(stderr);
  const started = performance.now();
  const apiKey = process.env[LLM_API_KEY_ENV];

  let questions: QuestionEntry[];
  let search: SearchBackend;
  let corpus: DocumentStore | undefined;
  let client: ChatTransport;
  let store: FileReplyStore | undefined;
  try {
    questions = await readQuestions(options.questions);
    try {
      client = createLlmClient({
        baseURL: options.llmUrl, model: options.llmModel, apiKey, maxConcurrency: options.concurrency,
        timeoutMs: options.llmTimeoutMs, retries: options.llmRetries,
      });
    } catch (error) {
      if (LongtraceError.isInstance(error)) throw new UsageError(`option --llm-url: ${error.message}`);
      throw error;
    }
    // The model and the retriever are asked once each before anything is written.
    const problem = await probeModel(options.llmUrl, apiKey);
    if (problem !== undefined) return failInput(`the model at ${options.llmUrl}: ${problem}`);
    if (options.retriever !== undefined) {
      const retriever = createRetrieveClient({ url: options.retriever, retries: 0, timeoutMs: PROBE_MS });
      try {
        await retriever.search(['longtrace-reward start-up check'], 1);
      } catch (error) {
        return failInput(`the retriever at ${options.retriever}: ${(error as Error).message}`);
      }
      search = createRetrieveClient({ url: options.retriever });
    } else {
      // A JSONL corpus is read into memory, an index from `data index` is searched on disk.
      const { corpus: opened } = await openCliCorpus(options.corpus!);
      corpus = opened;
      if (opened.size === 0) return failInput(`${options.corpus!}: no documents`);
      search = await opened.createSearch();
    }
  } catch (error) {
    if (error instanceof UsageError) return failInput(error.message);
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  if (options.cache !== false) {
    const dir = typeof options.cache === 'string' ? options.cache : defaultReplyCacheDir();
    store = createFileReplyStore({ dir, onWarning: (message) => void stderr.write(`${c.yellow('warning:')} ${message}\n`) });
    client = withReplyCache(client, store);
    if (options.summary !== 'none') stderr.write(`model reply cache: ${dir} (--no-cache to ask the model every time)\n`);
  }

  const stats = newStats();
  // --resume: the questions an earlier run finished (ids are unique here) are counted, not asked again.
  const byId = new Map(questions.map((q) => [q.agent.id, q] as const));
  const done = new Set<string>();
  let sink;
  try {
    sink = await openSink(options.output, options.questions, {
      resume: options.resume,
      onDone: ({ value }) => {
        const row = value as TrajectoryRow;
        const question = byId.get(String(row.id));
        if (question === undefined || done.has(question.agent.id)) return;
        done.add(question.agent.id);
        count(stats, row, question.raw, corpus);
      },
    });
  } catch (error) {
    if (error instanceof UsageError) return failInput(error.message);
    throw error;
  }
  if (options.resume === true && done.size > 0) stderr.write(`resume: ${done.size} questions found done in ${sink.writing ?? ''}\n`);
  const todo = questions.filter((q) => !done.has(q.agent.id));
  const progress = createProgress(stderr, todo.length, options.progress, { rows: 'questions', failed: 'errors' });
  const rows = collectTrajectories(todo.map((q) => q.agent), {
    client, search, protocol: options.protocol, maxTurns: options.maxTurns, topk: options.topk, concurrency: options.concurrency,
    tags: { dialect: options.dialect },
  });
  let warned = 0;
  try {
    let index = 0;
    for await (const row of rows) {
      const question = todo[index++]!;
      const out: Record<string, unknown> = { id: row.id, trajectory: row.trajectory, stop: row.stop, turns: row.turns, usage: row.usage };
      if (row.error !== undefined) out['error'] = row.error;
      await sink.write(out);
      count(stats, row, question.raw, corpus);
      if (row.error !== undefined && warned++ < 3) progress.log(`${c.yellow('warning:')} ${row.id}: ${row.error.message}\n`);
      progress.update(stats.questions, stats.stops['error'] ?? 0, index);
    }
    progress.stop();
    await sink.commit();
  } finally {
    progress.stop();
    await sink.close();
    await search.close?.();
  }

  const seconds = (performance.now() - started) / 1000;
  const summary = summarize(stats, store, seconds);
  const manifestPath = options.manifest ?? (options.output !== undefined && options.output !== '-' && !options.output.startsWith('/dev/') ? `${options.output}.manifest.json` : undefined);
  if (manifestPath !== undefined) {
    const manifest = {
      tool: 'longtrace-reward data trajectories', version: packageVersion(), created: new Date().toISOString(),
      options: { ...options, progress: undefined, summary: undefined }, ...summary,
    };
    try {
      await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    } catch (error) {
      if (LongtraceError.isInstance(error)) return failInput(`option --manifest: ${error.message}`);
      throw error;
    }
  }
  printTrajectorySummary(options.summary, summary, manifestPath);
  return 0;
}

/** The summary of a run: counts, means and shares, ready for the table, the JSON line and the manifest. */
function summarize(stats: TrajectoryStats, store: FileReplyStore | undefined, seconds: number) {
  const per = (n: number, of: number): number => (of === 0 ? 0 : Math.round((1000 * n) / of) / 1000);
  const cache = store?.stats();
  return {
    questions: stats.questions,
    stops: stats.stops,
    errors: stats.errors,
    accuracy: { graded: stats.graded, correct: stats.correct, share: per(stats.correct, stats.graded) },
    mean: { searches: per(stats.searches, stats.questions), opens: per(stats.opens, stats.questions), citations: per(stats.citations, stats.questions) },
    tiers: { questions: stats.tiered, meanTier1: per(stats.tier1, stats.tiered), meanTier2: per(stats.tier2, stats.tiered), meanAnswerBearing: per(stats.answerBearing, stats.tiered) },
    usage: stats.usage,
    cache: cache === undefined ? null : { dir: store!.dir, hits: cache.hits, misses: cache.misses },
    seconds: Math.round(seconds * 10) / 10,
  };
}

function printTrajectorySummary(format: 'table' | 'json' | 'none', summary: ReturnType<typeof summarize>, manifest: string | undefined): void {
  if (format === 'none') return;
  const stderr = process.stderr;
  if (format === 'json') {
    stderr.write(`${JSON.stringify({ ...summary, manifest: manifest ?? null })}\n`);
    return;
  }
  const c = colorsFor(stderr);
  const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const line = (key: string, value: string): string => `  ${key.padEnd(22)} ${value}`;
  const lines = [c.bold('data trajectories'), line('questions', fmt.format(summary.questions))];
  lines.push(line('stops, by reason', ''));
  for (const [stop, n] of Object.entries(summary.stops).sort((a, b) => b[1] - a[1])) lines.push(`    ${stop.padEnd(20)} ${fmt.format(n)}`);
  for (const [code, n] of Object.entries(summary.errors).sort((a, b) => b[1] - a[1])) lines.push(`      ${code.padEnd(18)} ${fmt.format(n)}`);
  const a = summary.accuracy;
  lines.push(line('answer accuracy', a.graded === 0 ? 'no gold answers' : `${(100 * a.share).toFixed(1)}% (${fmt.format(a.correct)} of ${fmt.format(a.graded)}, verifyAnswer)`));
  lines.push(line('mean per question', `${fmt.format(summary.mean.searches)} searches, ${fmt.format(summary.mean.opens)} opens, ${fmt.format(summary.mean.citations)} citations`));
  const t = summary.tiers;
  lines.push(line('tiers (mean)', t.questions === 0 ? 'no question with gold documents' : `tier-1 ${fmt.format(t.meanTier1)}, tier-2 ${fmt.format(t.meanTier2)}, answer-bearing dropped ${fmt.format(t.meanAnswerBearing)} (${fmt.format(t.questions)} questions)`));
  lines.push(line('tokens', `${fmt.format(summary.usage.totalTokens)} (${fmt.format(summary.usage.promptTokens)} prompt, ${fmt.format(summary.usage.completionTokens)} completion)`));
  if (summary.cache !== null) lines.push(line('model reply cache', `${fmt.format(summary.cache.hits)} hits, ${fmt.format(summary.cache.misses)} misses (${summary.cache.dir})`));
  lines.push(line('time', `${summary.seconds.toFixed(1)} s`));
  if (manifest !== undefined) lines.push(line('manifest', manifest));
  stderr.write(`${lines.join('\n')}\n`);
}
