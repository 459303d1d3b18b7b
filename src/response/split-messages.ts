import { ValidationError } from '../errors.js';
import { describe, expectOptions } from './arguments.js';
import type { Span } from './span.js';
import { markerTable, scanRange, type SplitOptions, type SplitResponse } from './split-response.js';

/** One chat message, in the OpenAI shape that vLLM and SGLang return (`reasoning_content` for thinking models). */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content?: string | null | undefined;
  reasoning_content?: string | null | undefined;
}

/** The split of a message list, with spans into `text`, the joined assistant text. */
export interface SplitMessages extends SplitResponse {
  /** The assistant messages' `reasoning_content` and `content`, in order, joined with "\n\n". */
  text: string;
}

const SEPARATOR = '\n\n';

/**
 * Joins the assistant messages of a chat into one string (reasoning_content then content of each,
 * separated by "\n\n") and splits it; user, system and tool messages never count. The final answer
 * is in the LAST assistant message (its content, after its last </think>); it is null when the
 * last message is not the assistant's, and the caller decides whether that is an error.
 * @example
 * const { text, final } = splitMessages([
 *   { role: 'user', content: 'Capital of France?' },
 *   { role: 'assistant', reasoning_content: 'It is Paris.', content: 'Paris' },
 * ]);
 * text.slice(final!.start, final!.end); // 'Paris'
 */
export function splitMessages(messages: readonly ChatMessage[], options?: SplitOptions): SplitMessages {
  if (!Array.isArray(messages)) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['messages'], code: 'invalid_type', message: `expected an array of messages, got ${describe(messages)}` }]);
  }
  expectOptions(options);
  const table = markerTable(options);
  const last = messages.length - 1;

  // Join first, then scan ranges of the joined string, so every span indexes the returned text.
  let text = '';
  const parts: { from: number; to: number; reasoning: boolean; last: boolean }[] = [];
  for (let i = 0; i <= last; i++) {
    const m = messages[i] as ChatMessage | null | undefined;
    if (typeof m !== 'object' || m === null) {
      throw new ValidationError('INVALID_INPUT', [{ path: [i], code: 'invalid_type', message: `expected a message object, got ${describe(m)}` }]);
    }
    if (m.role !== 'assistant') continue;
    const reasoningContent = field(m.reasoning_content, i, 'reasoning_content');
    const content = field(m.content, i, 'content');
    for (const [part, reasoning] of [[reasoningContent, true], [content, false]] as const) {
      if (part === '') continue;
      if (text !== '') text += SEPARATOR;
      parts.push({ from: text.length, to: text.length + part.length, reasoning, last: i === last });
      text += part;
    }
  }

  const reasoning: Span[] = [];
  const content: Span[] = [];
  let final: Span | null = null;
  for (const p of parts) {
    // Each message is scanned on its own, so a stray </think> in one turn never reclassifies
    // the content of an earlier turn.
    const f = scanRange(text, p.from, p.to, table, p.reasoning, reasoning, content);
    if (p.last && !p.reasoning) final = f;
  }
  return { text, reasoning, content, final };
}

function field(value: unknown, index: number, key: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  // Silently dropping e.g. an array of content parts would score the wrong text, so refuse it.
  throw new ValidationError('INVALID_INPUT', [
    { path: [index, key], code: 'invalid_type', message: `${key} must be a string or null` },
  ]);
}
