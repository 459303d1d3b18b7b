// The typed request → reply step of an OpenAI-compatible model endpoint: what a caller asks (chat
// messages with tools, or a raw prompt for /completions, with its own stop strings and sampling),
// what comes back (content, tool calls, finish reason, usage), and the `ChatTransport` that carries
// one to the other. What a reply means (a verdict, a question, an agent's next step) is decided
// above the transport, as openai-node keeps transport and retries apart from typed requests.
import { LongtraceError } from '../errors.js';

/** A tool call as the model made it (OpenAI shape); `arguments` is the JSON text the model wrote. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A chat message as sent: system, user, assistant (possibly with tool calls) or a tool's result. */
export type ChatRequestMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: readonly ToolCall[] | undefined; reasoning_content?: string | null | undefined }
  | { role: 'tool'; content: string; tool_call_id: string };

/** An OpenAI function tool the model may call. */
export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string | undefined; parameters?: Readonly<Record<string, unknown>> | undefined; strict?: boolean | undefined };
}

/** Whether and which tool the model must call. */
export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** Fields every request may carry; `undefined` leaves the transport's default, `null` leaves the field out. */
export interface SamplingFields {
  /** Strings that end the reply (not included in it, as vLLM and OpenAI return it). */
  stop?: string | readonly string[] | undefined;
  /** Overrides the transport's `maxTokens`; null leaves `max_tokens` out of the body. */
  max_tokens?: number | null | undefined;
  /** Overrides the transport's `temperature`; null leaves it out of the body. */
  temperature?: number | null | undefined;
  top_p?: number | undefined;
  seed?: number | undefined;
  /**
   * More body fields for this request, after the transport's own `extraBody`: e.g. vLLM/SGLang's
   * `{ continue_final_message: true, add_generation_prompt: false }`.
   */
  extraBody?: Readonly<Record<string, unknown>> | undefined;
}

/** A request to `/chat/completions`. */
export interface ChatMessagesRequest extends SamplingFields {
  messages: readonly ChatRequestMessage[];
  tools?: readonly FunctionTool[] | undefined;
  tool_choice?: ToolChoice | undefined;
  prompt?: undefined;
}

/** A request to `/completions`: a prompt the caller rendered, continued as text. */
export interface PromptRequest extends SamplingFields {
  prompt: string;
  messages?: undefined;
}

/** One model request: chat messages (sent to `/chat/completions`) or a raw prompt (to `/completions`). */
export type ChatRequest = ChatMessagesRequest | PromptRequest;

/** Tokens an API call used, as the API reported them. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A model's reply: `choices[0]` of the body, typed. */
export interface ChatReply {
  /** The text (`message.content`, or `text` of a completion); null when the model only called tools. */
  content: string | null;
  /** A reasoning model's thinking (`reasoning_content`, or `reasoning`), when the server splits it off. */
  reasoningContent?: string | null | undefined;
  toolCalls: ToolCall[];
  /** `stop`, `length`, `tool_calls`, … as the server says; null when it says nothing. */
  finishReason: string | null;
  /** The stop string that ended the reply, when the server says (vLLM's `stop_reason`). */
  stopReason?: string | null | undefined;
  usage?: Usage | undefined;
  /** True when a reply cache answered: no model call was made (`usage` is the stored call's). */
  cached?: boolean | undefined;
}

/** Options of one `send`. */
export interface SendOptions {
  signal?: AbortSignal | undefined;
  /**
   * Whether a reply is usable. A reply refused here is retried like a 5xx (it counts as
   * unparseable), and a reply cache neither stores it nor answers with it.
   */
  accept?: ((reply: ChatReply) => boolean) | undefined;
}

/** Carries one request to a model and brings its reply back; retries, timeouts and limits are its own. */
export interface ChatTransport {
  readonly model: string;
  /** The endpoint's base URL, when there is one (a reply cache keys on it). */
  readonly baseURL?: string | undefined;
  /** Body fields the transport adds to a request that does not set them (default sampling, `extraBody`); a reply cache keys on them. */
  readonly defaults?: Readonly<Record<string, unknown>> | undefined;
  /** Sends `request`; resolves with a reply `accept` took, or rejects with the transport's error or the signal's reason. */
  send(request: ChatRequest, options?: SendOptions): Promise<ChatReply>;
}

/**
 * Sends `messages` over `transport` and returns `parse` of the reply's content; a reply whose
 * content is missing or that `parse` refuses (null) is retried like a 5xx, then rejects as unparseable.
 */
export async function completeWith<T>(
  transport: ChatTransport,
  messages: readonly ChatRequestMessage[],
  parse: (content: string) => T | null,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<T> {
  let value: T | null = null;
  const accept = (reply: ChatReply): boolean => {
    value = reply.content === null ? null : parse(reply.content);
    return value !== null;
  };
  const reply = await transport.send({ messages }, { signal: options.signal, accept });
  // A cache may answer from a stored reply without calling accept again: parse what came.
  if (value === null) accept(reply);
  if (value === null) throw new LongtraceError('INTERNAL', `a transport of ${transport.model} returned a reply its accept refused`);
  return value;
}
