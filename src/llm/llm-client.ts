// A general chat model client for the data half (question writing, closed-book checks): the shared
// chat client with `LlmError`s and plain-text replies.
import { createChatClient, type ChatClient, type ChatClientStats } from './chat-client.js';
import type { ChatClientOptions } from './chat-options.js';
import { completeWith, type ChatRequestMessage, type ChatTransport } from './chat-request.js';
import { LlmError, type LlmErrorCode } from './llm-error.js';

/** Anything that answers chat messages with text: an `LlmClient`, or your own. */
export interface ChatModel {
  chat(messages: readonly ChatRequestMessage[], options?: { signal?: AbortSignal | undefined }): Promise<string>;
}

/**
 * A chat model on an OpenAI-compatible endpoint, with retries, timeouts, a concurrency limit and
 * stats; also a `ChatTransport` (`send`: tools, stop strings, prompts for `/completions`).
 */
export interface LlmClient extends ChatModel, ChatTransport {
  readonly model: string;
  /** Sends messages and returns `parse` of the reply; a reply `parse` refuses (null) is retried. */
  complete<T>(messages: readonly ChatRequestMessage[], parse: (content: string) => T | null, options?: { signal?: AbortSignal | undefined }): Promise<T>;
  stats(): ChatClientStats;
}

export type LlmClientOptions = ChatClientOptions;

const CODES: Record<'unavailable' | 'unparseable' | 'timeout', LlmErrorCode> = {
  unavailable: 'LLM_UNAVAILABLE',
  unparseable: 'LLM_UNPARSEABLE',
  timeout: 'LLM_TIMEOUT',
};

/**
 * Creates a client of an OpenAI-compatible `/chat/completions` endpoint (vLLM, SGLang, OpenAI).
 * @example
 * const client = createLlmClient({ baseURL: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B' });
 */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const client: ChatClient<LlmError> = createChatClient(options, {
    what: 'createLlmClient',
    wording: { endpoint: 'LLM endpoint', sender: 'LLM', result: 'reply', unreadable: 'text' },
    makeError: (kind, message, details) => new LlmError(CODES[kind], message, details),
  });
  return {
    model: client.model,
    baseURL: client.baseURL,
    defaults: client.defaults,
    send: (request, sendOptions) => client.send(request, sendOptions),
    complete: (messages, parse, callOptions) => client.complete(messages, parse, callOptions),
    chat: (messages, callOptions) => client.complete(messages, (text) => (text.trim() === '' ? null : text), callOptions),
    stats: () => client.stats(),
  };
}

/**
 * An `LlmClient` whose calls go through `transport` (e.g. a client wrapped with `withBudget` and
 * `withReplyCache`), so code written for a client (the question writer) gets the wrappers too.
 * `stats` are those of the client underneath.
 * @example const client = llmClientOver(withReplyCache(base, store), base);
 */
export function llmClientOver(transport: ChatTransport, base: Pick<LlmClient, 'stats'>): LlmClient {
  const client: LlmClient = {
    model: transport.model,
    send: (request, sendOptions) => transport.send(request, sendOptions),
    complete: (messages, parse, callOptions) => completeWith(transport, messages, parse, callOptions),
    chat: (messages, callOptions) => completeWith(transport, messages, (text) => (text.trim() === '' ? null : text), callOptions),
    stats: () => base.stats(),
  };
  if (transport.baseURL !== undefined) Object.assign(client, { baseURL: transport.baseURL });
  if (transport.defaults !== undefined) Object.assign(client, { defaults: transport.defaults });
  return client;
}
