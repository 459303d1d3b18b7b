// The search agent that makes the tiers: it tries to answer a question by searching, and its
// trajectory (what it searched, saw, opened and cited) is what tierDocuments sorts into Tier-1 and
// Tier-2. One run never throws for what the model or the search did: a failure ends it with
// `stop: 'error'` and the trajectory so far; only a caller's abort rejects.
import type { LimitFunction } from 'p-limit';
import { LongtraceError, ValidationError, type ValidationIssue } from '../../errors.js';
import type { ChatTransport } from '../../llm/index.js';
import { AgentRecorder, type AgentQuestion, type SearchAgentOptions, type SearchAgentResult, type TrajectoryRow } from './agent-types.js';
import { runTags, tagsTopk } from './tags-protocol.js';
import { runTools, TOOLS_SYSTEM_PROMPT } from './tools-protocol.js';

const DEFAULT_MAX_TURNS = 10;
const DEFAULT_TOOLS_TOPK = 5;
const DEFAULT_OPEN_CHARS = 4000;
const DEFAULT_SNIPPET_CHARS = 300;

/** Options checked once, with their defaults. */
interface Checked {
  transport: ChatTransport;
  options: SearchAgentOptions;
  maxTurns: number;
  openChars: number;
  snippetChars: number;
}

function check(options: SearchAgentOptions): Checked {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: [], code: 'invalid_type', message: 'runSearchAgent needs { client, search }' }]);
  }
  const transport = options.transport ?? options.client;
  if (typeof transport?.send !== 'function') {
    issues.push({ path: ['client'], code: 'invalid_type', message: 'client (or transport) must be a ChatTransport, e.g. createLlmClient(…)' });
  }
  if (typeof options.search?.search !== 'function') {
    issues.push({ path: ['search'], code: 'invalid_type', message: 'search must be a SearchBackend (search(queries, k) → [[{ doc, score }]])' });
  }
  if (options.protocol !== undefined && options.protocol !== 'tools' && options.protocol !== 'tags') {
    issues.push({ path: ['protocol'], code: 'invalid_value', message: `protocol must be 'tools' or 'tags', got ${JSON.stringify(options.protocol)}` });
  }
  const dialect = options.tags?.dialect;
  if (dialect !== undefined && dialect !== 'search-r1' && dialect !== 'r1-searcher') {
    issues.push({ path: ['tags', 'dialect'], code: 'invalid_value', message: `tags.dialect must be 'search-r1' or 'r1-searcher', got ${JSON.stringify(dialect)}` });
  }
  const integer = (key: 'maxTurns' | 'topk' | 'openChars' | 'snippetChars', fallback: number): number => {
    const value: unknown = options[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      issues.push({ path: [key], code: 'out_of_range', message: `${key} must be an integer ≥ 1, got ${String(options[key])}` });
      return fallback;
    }
    return value;
  };
  const maxTurns = integer('maxTurns', DEFAULT_MAX_TURNS);
  integer('topk', 1);
  const openChars = integer('openChars', DEFAULT_OPEN_CHARS);
  const snippetChars = integer('snippetChars', DEFAULT_SNIPPET_CHARS);
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);
  return { transport: transport!, options, maxTurns, openChars, snippetChars };
}

/**
 * Runs a search agent on one question: `tools` (OpenAI tool calling: search, open, finish) or
 * `tags` (Search-R1 / R1-Searcher text). Resolves with the native trajectory, how it stopped, the
 * model calls made and the tokens used; rejects only on a bad option or the caller's abort.
 * @example
 * const { trajectory, stop } = await runSearchAgent('Who founded the publisher of X?', { client: createLlmClient({ baseURL, model }), search });
 * const tiers = tierDocuments({ trajectory: readTrajectory(trajectory), gold, answer });
 */
export async function runSearchAgent(question: string, options: SearchAgentOptions): Promise<SearchAgentResult> {
  return runChecked(question, check(options));
}

async function runChecked(question: string, checked: Checked): Promise<SearchAgentResult> {
  const { options, transport, maxTurns } = checked;
  const signal = options.signal;
  signal?.throwIfAborted();
  const recorder = new AgentRecorder();
  if (typeof question !== 'string' || question.trim() === '') {
    return recorder.finish('error', undefined, [], { code: 'INVALID_INPUT', message: 'the question is empty' });
  }
  try {
    if (options.protocol === 'tags') {
      const tags = options.tags ?? {};
      return await runTags(question, { transport, search: options.search, maxTurns, topk: options.topk ?? tagsTopk(tags), maxTokens: options.maxTokens, temperature: options.temperature, tags, signal }, recorder);
    }
    return await runTools(question, {
      transport,
      search: options.search,
      maxTurns,
      topk: options.topk ?? DEFAULT_TOOLS_TOPK,
      openChars: checked.openChars,
      snippetChars: checked.snippetChars,
      maxTokens: options.maxTokens,
      temperature: options.temperature,
      systemPrompt: options.systemPrompt ?? TOOLS_SYSTEM_PROMPT,
      signal,
    }, recorder);
  } catch (error) {
    // The caller's stop ends everything; anything else ends this question only.
    if (signal?.aborted === true) throw signal.reason;
    return recorder.finish('error', undefined, [], describeError(error));
  }
}

function describeError(error: unknown): { code: string; message: string } {
  if (LongtraceError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Options of `collectTrajectories`: those of `runSearchAgent`, and how many questions run at once. */
export interface CollectTrajectoriesOptions extends SearchAgentOptions {
  /**
   * Questions under way at once (the client's own `maxConcurrency` also bounds the requests).
   * @default 8
   */
  concurrency?: number | undefined;
}

/**
 * Runs the agent on every question, `concurrency` at a time, and yields `{ id, trajectory, stop,
 * turns, usage }` rows in input order; one question's failure is reported on its row
 * (`stop: 'error'`) and the run goes on.
 * @example for await (const row of collectTrajectories(questions, { client, search })) out.write(`${JSON.stringify(row)}\n`);
 */
export async function* collectTrajectories(
  questions: Iterable<AgentQuestion> | AsyncIterable<AgentQuestion>,
  options: CollectTrajectoriesOptions,
): AsyncGenerator<TrajectoryRow> {
  const checked = check(options);
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: ['concurrency'], code: 'out_of_range', message: `concurrency must be an integer ≥ 1, got ${String(concurrency)}` }]);
  }
  // p-limit is ESM only; import() keeps the CommonJS build loadable (see src/llm/chat-client.ts).
  const limit: LimitFunction = (await import('p-limit')).default(concurrency);
  const one = async (item: AgentQuestion, index: number): Promise<TrajectoryRow> => {
    const id = typeof item?.id === 'string' || typeof item?.id === 'number' ? String(item.id) : String(index);
    try {
      return { id, ...(await runChecked(item?.question, checked)) };
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      return { id, ...new AgentRecorder().finish('error', undefined, [], describeError(error)) };
    }
  };
  // Rows finish out of order; a window of started questions is yielded oldest first. The window is
  // wider than the limit, so one slow question does not leave the other slots idle.
  const window: Promise<TrajectoryRow>[] = [];
  const width = concurrency * 4;
  let index = 0;
  for await (const item of questions as AsyncIterable<AgentQuestion>) {
    const at = index++;
    const row = limit(() => one(item, at));
    row.catch(() => {});
    window.push(row);
    if (window.length >= width) yield await window.shift()!;
  }
  while (window.length > 0) yield await window.shift()!;
}
