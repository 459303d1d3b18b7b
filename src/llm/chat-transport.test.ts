import { describe, expect, it } from 'vitest';
import { fakeChatServers, type FakeChatServer } from '../../test/judge/fake-chat-server.js';
import { chatBody, completionBody } from '../../test/llm/bodies.js';
import { completeWith, createLlmClient, LlmError, type ChatReply, type LlmClientOptions } from './index.js';

const serve = fakeChatServers();

function clientOn(server: FakeChatServer, options: Partial<LlmClientOptions> = {}) {
  return createLlmClient({ baseURL: server.baseURL, model: 'agent-model', retryDelayMs: 1, maxRetryDelayMs: 5, ...options });
}

const usage = { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 };
const searchTool = { type: 'function' as const, function: { name: 'search', parameters: { type: 'object', properties: { query: { type: 'string' } } } } };

describe('ChatTransport.send: replies', () => {
  it('reads tool calls, the finish reason and usage; content may be null', async () => {
    const server = await serve(() => ({ raw: chatBody(null, [{ id: 'c1', name: 'search', arguments: '{"query":"Oslo"}' }, { name: 'open', arguments: { id: 'd2' } }], { usage }) }));
    const reply = await clientOn(server).send({ messages: [{ role: 'user', content: 'q' }], tools: [searchTool] });
    expect(reply).toEqual<ChatReply>({
      content: null,
      toolCalls: [
        { id: 'c1', type: 'function', function: { name: 'search', arguments: '{"query":"Oslo"}' } },
        { id: 'call_1', type: 'function', function: { name: 'open', arguments: '{"id":"d2"}' } },
      ],
      finishReason: 'tool_calls',
      usage: { promptTokens: 120, completionTokens: 30, totalTokens: 150 },
    });
  });

  it.each<[string, string, Partial<ChatReply>]>([
    ['a stop string', chatBody('<search>Oslo', [], { stopReason: '</search>' }), { content: '<search>Oslo', finishReason: 'stop', stopReason: '</search>' }],
    ['a length cut', chatBody('It was', [], { finishReason: 'length' }), { content: 'It was', finishReason: 'length' }],
    ['a stop token id (not a string)', chatBody('done', [], { stopReason: 151643 }), { content: 'done', finishReason: 'stop' }],
    ['no finish reason', chatBody('done', [], { finishReason: null }), { finishReason: null }],
    ['reasoning split off', chatBody('Paris', [], { reasoning: 'France → Paris' }), { content: 'Paris', reasoningContent: 'France → Paris' }],
    ['usage without a total', chatBody('x', [], { usage: { prompt_tokens: 3, completion_tokens: 4 } }), { usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 } }],
    ['odd extension fields (dropped, the text kept)', JSON.stringify({ choices: [{ message: { content: 'ok', reasoning_content: 5 }, finish_reason: 3, stop_reason: {} }], usage: 'n/a' }), { content: 'ok', finishReason: null }],
    ['content parts', JSON.stringify({ choices: [{ message: { content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] } }] }), { content: 'ab', finishReason: null }],
  ])('reads %s', async (_, raw, expected) => {
    const server = await serve(() => ({ raw }));
    const reply = await clientOn(server).send({ messages: [{ role: 'user', content: 'q' }] });
    expect(reply).toMatchObject(expected);
    if (!('stopReason' in expected)) expect(reply).not.toHaveProperty('stopReason');
  });

  it('sends the own tools of a request,, tool choice, stop, sampling and extra body over the client defaults', async () => {
    const server = await serve(() => ({ raw: chatBody('ok') }));
    const client = clientOn(server, { extraBody: { chat_template_kwargs: { enable_thinking: false } } });
    await client.send({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: '{}' } }] },
        { role: 'tool', content: '[]', tool_call_id: 'c1' },
      ],
      tools: [searchTool],
      tool_choice: 'auto',
      stop: ['</search>', '</answer>'],
      max_tokens: 64,
      temperature: 0.7,
      top_p: 0.9,
      seed: 7,
      extraBody: { continue_final_message: true, add_generation_prompt: false },
    });
    expect(server.received[0]?.url).toBe('/v1/chat/completions');
    expect(server.received[0]?.body).toEqual({
      model: 'agent-model',
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: '{}' } }] },
        { role: 'tool', content: '[]', tool_call_id: 'c1' },
      ],
      tools: [searchTool],
      tool_choice: 'auto',
      stop: ['</search>', '</answer>'],
      max_tokens: 64,
      temperature: 0.7,
      top_p: 0.9,
      seed: 7,
      chat_template_kwargs: { enable_thinking: false },
      continue_final_message: true,
      add_generation_prompt: false,
    });
  });

  it('keeps the client defaults when a request sets nothing, and leaves a field out when it sets null', async () => {
    const server = await serve(() => ({ raw: chatBody('ok') }));
    const client = clientOn(server);
    await client.send({ messages: [{ role: 'user', content: 'q' }] });
    await client.send({ messages: [{ role: 'user', content: 'q' }], temperature: null, max_tokens: null });
    expect(server.received[0]?.body).toMatchObject({ temperature: 0, max_tokens: 512 });
    expect(server.received[1]?.body).not.toHaveProperty('temperature');
    expect(server.received[1]?.body).not.toHaveProperty('max_tokens');
  });

  it.each([
    ['/v1', '/v1/completions'],
    ['/v1/', '/v1/completions'],
    ['/v1/chat/completions', '/v1/completions'],
  ])('sends a prompt request from baseURL %j to %s and reads choices[0].text', async (suffix, path) => {
    const server = await serve(() => ({ raw: completionBody('Oslo</search', { stopReason: '</search>', usage }) }));
    const client = createLlmClient({ baseURL: server.baseURL.replace(/\/v1$/, '') + suffix, model: 'm' });
    const reply = await client.send({ prompt: '<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n', stop: ['</search>'] });
    expect(server.received[0]?.url).toBe(path);
    expect(server.received[0]?.body).toMatchObject({ prompt: '<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n', stop: ['</search>'] });
    expect(server.received[0]?.body).not.toHaveProperty('messages');
    expect(reply).toEqual({ content: 'Oslo</search', toolCalls: [], finishReason: 'stop', stopReason: '</search>', usage: { promptTokens: 120, completionTokens: 30, totalTokens: 150 } });
  });
});

describe('ChatTransport.send: failures and accept', () => {
  it('retries a reply accept refuses, like a 5xx, and counts it', async () => {
    let n = 0;
    const server = await serve(() => ({ raw: chatBody(n++ === 0 ? '' : 'an answer') }));
    const client = clientOn(server);
    const reply = await client.send({ messages: [{ role: 'user', content: 'q' }] }, { accept: (r) => r.content !== '' });
    expect(reply.content).toBe('an answer');
    expect(client.stats()).toMatchObject({ calls: 1, requests: 2, retries: 1 });
  });

  it.each([
    ['a chat body to a prompt request', () => ({ raw: chatBody('x') }), { prompt: 'p' }],
    ['a completion body to a chat request', () => ({ raw: completionBody('x') }), { messages: [{ role: 'user' as const, content: 'q' }] }],
    ['empty choices', () => ({ raw: '{"choices":[]}' }), { messages: [{ role: 'user' as const, content: 'q' }] }],
  ])('rejects %s as LLM_UNPARSEABLE after its retries', async (_, respond, request) => {
    const server = await serve(respond);
    const error = await clientOn(server, { retries: 1 }).send(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ code: 'LLM_UNPARSEABLE', attempts: 2 });
  });

  it('a tool-call reply is a reply to send, but complete() (text) retries it as unparseable', async () => {
    const server = await serve(() => ({ raw: chatBody(null, [{ name: 'search', arguments: '{}' }]) }));
    const client = clientOn(server, { retries: 1 });
    await expect(client.send({ messages: [{ role: 'user', content: 'q' }] })).resolves.toMatchObject({ content: null });
    const error = await client.chat([{ role: 'user', content: 'q' }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_UNPARSEABLE' });
    expect((error as Error).message).toContain('a body without choices[0].message.content');
  });

  it('completeWith parses above any transport', async () => {
    const transport = {
      model: 'scripted',
      send: (_request: unknown, options?: { accept?: (r: ChatReply) => boolean }) => {
        const reply: ChatReply = { content: 'Answer: 42', toolCalls: [], finishReason: 'stop' };
        expect(options?.accept?.(reply)).toBe(true);
        return Promise.resolve(reply);
      },
    };
    await expect(completeWith(transport, [{ role: 'user', content: 'q' }], (text) => Number(text.slice(8)))).resolves.toBe(42);
  });
});
