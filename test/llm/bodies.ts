// Reply bodies of an OpenAI-compatible server, as vLLM sends them, for fake servers: a chat
// completion with text or tool calls, a text completion, with finish reasons and usage.

export interface FakeToolCall {
  id?: string;
  name: string;
  /** JSON text, or an object (some servers send one). */
  arguments: string | Record<string, unknown>;
}

export interface BodyOptions {
  finishReason?: string | null;
  /** vLLM's `stop_reason`: the stop string that matched. */
  stopReason?: string | number | null;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens?: number };
  reasoning?: string;
}

/** A chat completion body with `content` and optional tool calls. */
export function chatBody(content: string | null, toolCalls: FakeToolCall[] = [], options: BodyOptions = {}): string {
  const message: Record<string, unknown> = { role: 'assistant', content };
  if (options.reasoning !== undefined) message['reasoning_content'] = options.reasoning;
  if (toolCalls.length > 0) {
    message['tool_calls'] = toolCalls.map((c, i) => ({ id: c.id ?? `call_${i}`, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  const finish = options.finishReason !== undefined ? options.finishReason : toolCalls.length > 0 ? 'tool_calls' : 'stop';
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    model: 'fake',
    choices: [{ index: 0, message, finish_reason: finish, stop_reason: options.stopReason ?? null }],
    ...(options.usage === undefined ? {} : { usage: options.usage }),
  });
}

/** A /completions body. */
export function completionBody(text: string, options: BodyOptions = {}): string {
  return JSON.stringify({
    id: 'cmpl-fake',
    object: 'text_completion',
    model: 'fake',
    choices: [{ index: 0, text, finish_reason: options.finishReason ?? 'stop', stop_reason: options.stopReason ?? null }],
    ...(options.usage === undefined ? {} : { usage: options.usage }),
  });
}
