// The wire of an OpenAI-compatible endpoint, checked at the edge with zod: the request body built
// from a typed request, and choices[0] of a reply body read into a `ChatReply`. Servers differ in
// what they leave out or set to null (vLLM, SGLang, llama.cpp, OpenAI): everything but the text
// itself is optional here.
import { z } from 'zod';
import type { ChatReply, ChatRequest, ToolCall, Usage } from './chat-request.js';

const ToolCallWire = z.object({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.object({
    name: z.string(),
    // Some servers send the arguments as an object instead of JSON text.
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  }),
});

const UsageWire = z.object({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
});
// Fields a reply is readable without: an odd value there (a server's own extension) is dropped,
// not a reason to retry a reply whose text is fine.
const lenient = <T extends z.ZodType>(schema: T) => schema.nullish().catch(undefined);

const ContentPart = z.object({ text: z.string().nullish() }).loose();

const ChatBody = z.object({
  choices: z.array(
    z.object({
      message: z.object({
        content: z.union([z.string(), z.array(ContentPart)]).nullish(),
        reasoning_content: lenient(z.string()),
        reasoning: lenient(z.string()),
        tool_calls: z.array(ToolCallWire).nullish(),
      }),
      finish_reason: lenient(z.string()),
      stop_reason: lenient(z.union([z.string(), z.number()])),
    }),
  ).min(1),
  usage: lenient(UsageWire),
});

const CompletionBody = z.object({
  choices: z.array(
    z.object({
      text: z.string(),
      finish_reason: lenient(z.string()),
      stop_reason: lenient(z.union([z.string(), z.number()])),
    }),
  ).min(1),
  usage: lenient(UsageWire),
});

/** The JSON body of `request` for the transport whose defaults are `defaults` (a request field beats a default; null leaves it out). */
export function requestBody(model: string, request: ChatRequest, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const body: Record<string, unknown> = { model };
  if (request.prompt !== undefined) body['prompt'] = request.prompt;
  else {
    body['messages'] = request.messages;
    if (request.tools !== undefined) body['tools'] = request.tools;
    if (request.tool_choice !== undefined) body['tool_choice'] = request.tool_choice;
  }
  const { temperature, max_tokens: maxTokens, ...extra } = defaults;
  setOrOmit(body, 'temperature', request.temperature === undefined ? temperature : request.temperature);
  setOrOmit(body, 'max_tokens', request.max_tokens === undefined ? maxTokens : request.max_tokens);
  if (request.stop !== undefined) body['stop'] = request.stop;
  if (request.top_p !== undefined) body['top_p'] = request.top_p;
  if (request.seed !== undefined) body['seed'] = request.seed;
  Object.assign(body, extra, request.extraBody);
  return body;
}

function setOrOmit(body: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== null && value !== undefined) body[key] = value;
}

/** choices[0] of a reply body as a `ChatReply`; null when the body is not a reply of that kind. */
export function decodeReply(text: string, kind: 'chat' | 'prompt'): ChatReply | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (kind === 'prompt') {
    const parsed = CompletionBody.safeParse(json);
    if (!parsed.success) return null;
    const choice = parsed.data.choices[0]!;
    return withOptional({ content: choice.text, toolCalls: [], finishReason: choice.finish_reason ?? null }, choice.stop_reason, parsed.data.usage, undefined);
  }
  const parsed = ChatBody.safeParse(json);
  if (!parsed.success) return null;
  const choice = parsed.data.choices[0]!;
  const { message } = choice;
  const content = Array.isArray(message.content) ? message.content.map((p) => p.text ?? '').join('') : (message.content ?? null);
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call, i) => ({
    id: call.id ?? `call_${i}`,
    type: 'function',
    function: {
      name: call.function.name,
      arguments: typeof call.function.arguments === 'string' ? call.function.arguments : JSON.stringify(call.function.arguments ?? {}),
    },
  }));
  return withOptional({ content, toolCalls, finishReason: choice.finish_reason ?? null }, choice.stop_reason, parsed.data.usage, message.reasoning_content ?? message.reasoning);
}

function withOptional(
  reply: ChatReply,
  stopReason: string | number | null | undefined,
  usage: z.infer<typeof UsageWire> | null | undefined,
  reasoning: string | null | undefined,
): ChatReply {
  if (reasoning !== undefined && reasoning !== null) reply.reasoningContent = reasoning;
  // A number is a stop token id (vLLM), not a string the caller asked for.
  if (typeof stopReason === 'string') reply.stopReason = stopReason;
  if (usage !== undefined && usage !== null) reply.usage = usageOf(usage);
  return reply;
}

function usageOf(usage: z.infer<typeof UsageWire>): Usage {
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: usage.total_tokens ?? promptTokens + completionTokens };
}
