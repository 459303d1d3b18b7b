// The LLM question writer: asks an OpenAI-compatible chat model for a natural question per chain,
// a bounded number at once, and checks each with checkQuestion. Results come back in input order,
// so a run is a stream a file can be written from as it goes.
import { ValidationError } from '../errors.js';
import { LongtraceError } from '../errors.js';
import type { ChatRequestMessage, LlmClient } from '../llm/index.js';
import { checkQuestion, type CheckQuestionOptions, type QuestionCheck } from './check-question.js';
import type { Chain } from './types.js';

/** One written question with its check (or the error that kept it from being written). */
export interface WrittenQuestion {
  chain: Chain;
  /** The question; empty when the model gave none (see `error`). */
  question: string;
  check: QuestionCheck;
  /** Why no question came (an `LlmError` message); the run goes on. */
  error?: { code: string; message: string } | undefined;
}

export interface WriteQuestionsOptions {
  /** The model that writes (`createLlmClient`). */
  client: LlmClient;
  /** The system prompt, or a function giving the whole message list for a chain. @default QUESTION_WRITER_PROMPT */
  prompt?: string | ((chain: Chain) => ChatRequestMessage[]) | undefined;
  /**
   * Chains written at once (the client's own `maxConcurrency` also bounds the requests).
   * @default 8
   */
  concurrency?: number | undefined;
  /** Options of the check run on every question (e.g. `closedBook`). */
  check?: Omit<CheckQuestionOptions, 'signal'> | undefined;
  /** Stops the run; calls under way are abandoned. */
  signal?: AbortSignal | undefined;
}

/** The writer's instruction: name the start, hide the bridges and the answer. */
export const QUESTION_WRITER_PROMPT = [
  'You write one multi-hop question from a chain of facts.',
  'The question must name the start entity, follow every relation of the chain in order, and have the final entity as its only answer.',
  'Never name any intermediate entity or the answer, not even by a nickname, an abbreviation or a translation: describe each intermediate entity only through its relation.',
  'Reply with the question only, on one line, ending with a question mark.',
].join('\n');

/** The user message: the chain, with the entities to hide marked. */
export function describeChain(chain: Chain): string {
  const lines = chain.triples.map((t, i) => `${i + 1}. ${t.subjectLabel} --[${t.relationLabel}]--> ${t.objectLabel}`);
  const hidden = chain.entities.slice(1).map((e) => (typeof e === 'string' ? e : e.name));
  return `Start entity: ${chain.triples[0]?.subjectLabel ?? ''}\nChain:\n${lines.join('\n')}\nDo not name: ${hidden.join('; ')}\nAnswer (hidden): ${chain.answer.answer}`;
}

/**
 * Writes a question for each chain with a chat model and checks it; yields in input order.
 * @example
 * for await (const { question, check } of writeQuestions(chains, { client: createLlmClient({ baseURL, model }) })) if (check.ok) keep(question);
 */
export async function* writeQuestions(chains: Iterable<Chain> | AsyncIterable<Chain>, options: WriteQuestionsOptions): AsyncGenerator<WrittenQuestion> {
  const { client, signal } = options;
  if (typeof client?.complete !== 'function') {
    throw new ValidationError('INVALID_OPTIONS', [{ path: ['client'], code: 'invalid_type', message: 'client must be an LlmClient (createLlmClient)' }]);
  }
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: ['concurrency'], code: 'out_of_range', message: `concurrency must be an integer ≥ 1, got ${String(concurrency)}` }]);
  }
  const prompt = options.prompt ?? QUESTION_WRITER_PROMPT;
  const messagesOf = (chain: Chain): ChatRequestMessage[] =>
    typeof prompt === 'function' ? prompt(chain) : [{ role: 'system', content: prompt }, { role: 'user', content: describeChain(chain) }];
  const one = async (chain: Chain): Promise<WrittenQuestion> => {
    try {
      const question = await client.complete(messagesOf(chain), readQuestion, { signal });
      const check = options.check?.closedBook === undefined
        ? checkQuestion(question, chain, { ...options.check, closedBook: undefined })
        : await checkQuestion(question, chain, { ...options.check, closedBook: options.check.closedBook, signal });
      return { chain, question, check };
    } catch (error) {
      // One chain's failure is reported on its row; a stop asked by the caller ends the run.
      // A spent budget ends the run too (the rows before it are kept, and a resumed run goes on).
      if (signal?.aborted === true || !LongtraceError.isInstance(error) || error.code === 'BUDGET_EXHAUSTED') throw error;
      return { chain, question: '', check: { ok: false, reasons: ['empty'], leaked: [] }, error: { code: error.code, message: error.message } };
    }
  };
  // A window of calls under way; the oldest is yielded first, so order is kept and memory is bounded.
  const window: Promise<WrittenQuestion>[] = [];
  for await (const chain of chains as AsyncIterable<Chain>) {
    const call = one(chain);
    call.catch(() => {});
    window.push(call);
    if (window.length >= concurrency) yield await window.shift()!;
  }
  while (window.length > 0) yield await window.shift()!;
}

/** The question in a model's reply: thinking and labels removed; null when there is none. */
export function readQuestion(reply: string): string | null {
  const text = reply.replace(/<think>[\s\S]*?<\/think>/g, '').trim();
  const lines = text.split('\n').map((l) => l.trim().replace(/^\**question\**\s*:\s*\**\s*/i, '')).map(trimQuotes);
  const asked = lines.filter((l) => l.endsWith('?'));
  const pick = asked.at(-1) ?? lines.find((l) => l !== '');
  return pick === undefined || pick === '' ? null : pick;
}

const QUOTES = new Set(['"', "'", '“', '”']);

/** The line without the quotes around it (a loop: a regex for trailing quotes is quadratic). */
function trimQuotes(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && QUOTES.has(line[start]!)) start++;
  while (end > start && QUOTES.has(line[end - 1]!)) end--;
  return line.slice(start, end).trim();
}
