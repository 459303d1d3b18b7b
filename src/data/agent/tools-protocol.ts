// The `tools` protocol: OpenAI-style tool calling with exactly three tools. `search({ query })`
// answers with a JSON array `[{ id, title, snippet }]`, `open({ id })` with `{ id, title, text }`,
// `finish({ answer, citations })` ends the run. A reply without a tool call is the final answer,
// its citations the documents its own words name (as readTrajectory reads a chat). A call that
// cannot be carried out (unknown tool, unknown id, arguments that are not JSON) gets an error tool
// message; three in a row end the run as `bad-tool-call`.
import type { ChatReply, ChatRequestMessage, ChatTransport, FunctionTool, ToolCall } from '../../llm/index.js';
import type { SearchBackend } from '../search/search-backend.js';
import { titleKey } from '../corpus/doc-key.js';
import { citedByName } from '../trajectory.js';
import type { Doc } from '../types.js';
import { AgentRecorder, clip, MAX_QUERY_CHARS, type SearchAgentResult } from './agent-types.js';

/** The three tools, as sent with every request. */
export const AGENT_TOOLS: readonly FunctionTool[] = [
  {
    type: 'function',
    function: {
      name: 'search',
      description: 'Search the document collection. Returns a JSON array of { id, title, snippet }, best first.',
      parameters: { type: 'object', properties: { query: { type: 'string', description: 'What to look for.' } }, required: ['query'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'open',
      description: 'Read one document found by search. Returns { id, title, text }.',
      parameters: { type: 'object', properties: { id: { type: 'string', description: 'The id of a search result.' } }, required: ['id'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'finish',
      description: 'Give the final answer and the ids of the documents that support it.',
      parameters: {
        type: 'object',
        properties: { answer: { type: 'string' }, citations: { type: 'array', items: { type: 'string' } } },
        required: ['answer', 'citations'],
      },
    },
  },
];

/** The system prompt of the tools protocol. */
export const TOOLS_SYSTEM_PROMPT = [
  'You answer multi-hop questions by searching a document collection.',
  'Use the search tool to find documents, open the ones that look useful, and search again for each step of the question.',
  'When you know the answer, call finish with a short answer and the ids of the documents that support it.',
].join('\n');

/** Bad calls in a row that end a run. */
export const MAX_BAD_CALLS = 3;

/** The nudge after a reply with neither a tool call nor text. */
const EMPTY_REPLY_NUDGE = 'Your reply was empty. Call a tool (search, open or finish), or reply with your final answer.';

export interface ToolsRunSettings {
  transport: ChatTransport;
  search: SearchBackend;
  maxTurns: number;
  topk: number;
  openChars: number;
  snippetChars: number;
  maxTokens: number | null | undefined;
  temperature: number | null | undefined;
  systemPrompt: string;
  signal: AbortSignal | undefined;
}

/** What a tool call gave: the tool message, whether it counts as a bad call, and a final answer when it was `finish`. */
interface CallOutcome {
  message: string;
  bad: boolean;
  finish?: { answer: string; citations: string[] };
}

/** Runs the tools protocol on one question; errors of the model or the search propagate (run-agent turns them into `stop: 'error'`). */
export async function runTools(question: string, settings: ToolsRunSettings, recorder: AgentRecorder): Promise<SearchAgentResult> {
  const { transport, signal } = settings;
  const messages: ChatRequestMessage[] = [
    { role: 'system', content: settings.systemPrompt },
    { role: 'user', content: question },
  ];
  // The model's own words over the whole run, for citations by name when it answers in text.
  let ownWords = '';
  let bad = 0;
  while (recorder.turns < settings.maxTurns) {
    const reply: ChatReply = await transport.send(
      { messages, tools: AGENT_TOOLS, tool_choice: 'auto', max_tokens: settings.maxTokens, temperature: settings.temperature },
      { signal },
    );
    recorder.countTurn(reply.usage);
    ownWords += `\n${reply.reasoningContent ?? ''}\n${reply.content ?? ''}`;
    if (reply.toolCalls.length === 0) {
      const text = (reply.content ?? '').trim();
      if (text !== '') return recorder.finish('answered', text, citedByName(ownWords, [...recorder.docs.values()]).map((d) => d.id));
      if (++bad >= MAX_BAD_CALLS) return recorder.finish('bad-tool-call');
      messages.push({ role: 'assistant', content: '' }, { role: 'user', content: EMPTY_REPLY_NUDGE });
      continue;
    }
    messages.push({ role: 'assistant', content: reply.content, tool_calls: reply.toolCalls });
    for (const call of reply.toolCalls) {
      const outcome = await carryOut(call, settings, recorder);
      messages.push({ role: 'tool', tool_call_id: call.id, content: outcome.message });
      if (outcome.finish !== undefined) return recorder.finish('answered', outcome.finish.answer, outcome.finish.citations);
      bad = outcome.bad ? bad + 1 : 0;
      if (bad >= MAX_BAD_CALLS) return recorder.finish('bad-tool-call');
    }
  }
  return recorder.finish('max-turns');
}

async function carryOut(call: ToolCall, settings: ToolsRunSettings, recorder: AgentRecorder): Promise<CallOutcome> {
  const name = call.function.name;
  if (name !== 'search' && name !== 'open' && name !== 'finish') {
    return failed(`unknown tool ${JSON.stringify(clip(name, 100))}: the tools are search, open and finish`);
  }
  const args = parseArguments(call.function.arguments);
  if (args === undefined) return failed(`the arguments of ${name} are not a JSON object`);
  if (name === 'search') {
    const query = typeof args['query'] === 'string' ? args['query'].trim() : '';
    if (query === '') return failed('search needs {"query": "…"}, a non-empty string');
    const sent = clip(query, MAX_QUERY_CHARS);
    const [list = []] = await settings.search.search([sent], settings.topk, { signal: settings.signal });
    const docs = list.map((r) => r.doc);
    const snippetOf = (doc: Doc): string | undefined => (doc.text === undefined ? undefined : clip(doc.text, settings.snippetChars));
    recorder.searched(sent, docs, snippetOf);
    return { bad: false, message: JSON.stringify(docs.map((doc) => ({ id: doc.id, title: doc.title ?? '', snippet: snippetOf(doc) ?? '' }))) };
  }
  if (name === 'open') {
    const id = typeof args['id'] === 'string' || typeof args['id'] === 'number' ? String(args['id']) : '';
    if (id === '') return failed('open needs {"id": "…"}, the id of a search result');
    const doc = await lookUp(id, settings, recorder);
    if (doc === undefined) return failed(`unknown document id ${JSON.stringify(clip(id, 100))}: open an id from the search results`);
    recorder.opened(doc);
    return { bad: false, message: JSON.stringify({ id: doc.id, title: doc.title ?? '', text: clip(doc.text ?? '', settings.openChars) }) };
  }
  const answer = typeof args['answer'] === 'string' ? args['answer'].trim() : '';
  if (answer === '') return failed('finish needs {"answer": "…", "citations": ["id", …]}, a non-empty answer');
  const raw = Array.isArray(args['citations']) ? args['citations'] : [];
  return { bad: false, message: 'ok', finish: { answer, citations: citationIds(raw, recorder) } };
}

function failed(message: string): CallOutcome {
  return { bad: true, message: JSON.stringify({ error: message }) };
}

/** The arguments as an object: OpenAI sends JSON text; anything else (not JSON, not an object) is undefined. */
function parseArguments(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A document the run has met, filled in by the backend's `open` when it can give the full text. */
async function lookUp(id: string, settings: ToolsRunSettings, recorder: AgentRecorder): Promise<Doc | undefined> {
  const known = recorder.docs.get(id);
  const opened = settings.search.open === undefined ? undefined : await settings.search.open(id, { signal: settings.signal });
  return opened ?? known;
}

/** Cited ids the run has met; a citation naming a document by its title counts for that document; others are dropped. */
function citationIds(raw: readonly unknown[], recorder: AgentRecorder): string[] {
  const ids: string[] = [];
  for (const c of raw) {
    if (typeof c !== 'string' && typeof c !== 'number') continue;
    const ref = String(c);
    if (recorder.docs.has(ref)) ids.push(ref);
    else {
      const key = titleKey(ref);
      for (const doc of recorder.docs.values()) {
        if (doc.title !== undefined && titleKey(doc.title) === key) {
          ids.push(doc.id);
          break;
        }
      }
    }
  }
  return ids;
}
