#!/usr/bin/env node
// A scripted stand-in for an OpenAI-compatible model serving a tool-calling search agent, for
// docs/data-agent.md's walk-through and CI (no GPU, no network): it listens on 127.0.0.1 (a free
// port), prints its base URL (`http://127.0.0.1:PORT/v1`) on stdout, and answers
// POST /v1/chat/completions as a simple agent would: search the question, open the two best
// results, finish citing the first one with its title as the answer. Plain Node, no dependencies.
// It exits on SIGTERM / SIGINT, or after two idle minutes (so a forgotten one does not linger).
import { createServer } from 'node:http';

const IDLE_MS = 120_000;
let idle = setTimeout(() => process.exit(0), IDLE_MS);

/** A chat completion carrying `toolCalls` (name, arguments object). */
function completion(toolCalls, promptChars) {
  return {
    id: 'chatcmpl-fake', object: 'chat.completion', model: 'fake-agent',
    choices: [{
      index: 0, finish_reason: 'tool_calls',
      message: {
        role: 'assistant', content: null,
        tool_calls: toolCalls.map((call, i) => ({ id: `call-${i}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } })),
      },
    }],
    usage: { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: 12, total_tokens: Math.ceil(promptChars / 4) + 12 },
  };
}

/** The agent's next step, decided from the conversation so far. */
function nextStep(messages) {
  const question = messages.find((m) => m.role === 'user')?.content ?? '';
  const tools = messages.filter((m) => m.role === 'tool');
  const assistants = messages.filter((m) => m.role === 'assistant').length;
  if (assistants === 0) return [{ name: 'search', arguments: { query: question } }];
  if (assistants === 1) {
    const results = JSON.parse(tools.at(-1)?.content ?? '[]');
    if (!Array.isArray(results) || results.length === 0) return [{ name: 'finish', arguments: { answer: 'unknown', citations: [] } }];
    return results.slice(0, 2).map((doc) => ({ name: 'open', arguments: { id: doc.id } }));
  }
  // The first page opened: answer with its title and cite it.
  let first;
  for (const m of tools) {
    try {
      const page = JSON.parse(m.content);
      if (page !== null && typeof page === 'object' && !Array.isArray(page) && typeof page.id === 'string') {
        first = page;
        break;
      }
    } catch {
      // an error message from the runner: not a page
    }
  }
  return [{ name: 'finish', arguments: { answer: first?.title ?? 'unknown', citations: first === undefined ? [] : [first.id] } }];
}

const server = createServer((req, res) => {
  clearTimeout(idle);
  idle = setTimeout(() => process.exit(0), IDLE_MS);
  const send = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method === 'GET' && req.url?.endsWith('/models')) return send(200, { object: 'list', data: [{ id: 'fake-agent', object: 'model' }] });
  if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return send(404, { error: { message: `no route ${req.method} ${req.url}` } });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      const body = JSON.parse(text);
      send(200, completion(nextStep(body.messages ?? []), text.length));
    } catch (error) {
      send(400, { error: { message: `bad request: ${error.message}` } });
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/v1\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
