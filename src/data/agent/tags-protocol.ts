// The `tags` protocol: the text protocol of RL-trained search agents served without a tool parser,
// run the way their own inference loops run them, so a checkpoint sees what it was trained on.
// - Search-R1 (search_r1/llm_agent/generation.py): the instruction and question as the user turn;
//   the model writes until `</search>` (or `</answer>`); the query is the first `<search>…</search>`
//   or `<answer>…</answer>` block of that turn; the results come back as
//   `\n\n<information>Doc 1(Title: "T") text\n…</information>\n\n`, and a turn with neither block
//   gets its "My previous action is invalid" line.
// - R1-Searcher (evaluation/eval_search_loacl.py): a raw prompt ending in `Assistant: <think>`;
//   the model writes until `<|end_of_query|>` or `</answer>`; the results come back as
//   `<|end_of_query|>\n\n<|begin_of_documents|>\n(1)…\n<|end_of_documents|>\n\n`; a turn ending in
//   neither is the end.
// The assistant turn is continued through chat completions (`continue_final_message`) or through
// `/completions` with a prompt; a server cuts the stop string off, so it is put back.
import type { ChatReply, ChatRequest, ChatTransport } from '../../llm/index.js';
import type { SearchBackend } from '../search/search-backend.js';
import { R1_SEARCHER_MARKERS, r1SearcherDocLine, SEARCH_R1_MARKERS, searchR1DocLine, type TraceMarkers } from '../trace-markers.js';
import { citedByName } from '../trajectory.js';
import type { Doc } from '../types.js';
import { AgentRecorder, clip, MAX_QUERY_CHARS, type SearchAgentResult, type TagsOptions } from './agent-types.js';
import { MAX_BAD_CALLS } from './tools-protocol.js';

/** Search-R1's instruction (`make_prefix`, template `base`, of its data scripts), the question appended. */
export function searchR1Prompt(question: string): string {
  return (
    'Answer the given question. ' +
    'You must conduct reasoning inside <think> and </think> first every time you get new information. ' +
    'After reasoning, if you find you lack some knowledge, you can call a search engine by <search> query </search> and it will return the top searched results between <information> and </information>. ' +
    'You can search as many times as your want. ' +
    'If you find no further external knowledge needed, you can directly provide the answer inside <answer> and </answer>, without detailed illustrations. ' +
    `For example, <answer> Beijing </answer>. Question: ${question}\n`
  );
}

/** R1-Searcher's prompt (`base_prompt_v0` of its evaluation script): a raw prompt, no chat template. */
export function r1SearcherPrompt(question: string): string {
  return (
    'The User asks a question, and the Assistant solves it.\n' +
    'The Assistant first thinks about the reasoning process in the mind and then provides the User with the final answer.\n' +
    'The output format of reasoning process and final answer are enclosed within <think> </think> and <answer> </answer> tags, respectively, i.e., "<think> reasoning process here </think>\\n\\n<answer> final answer here </answer>".\n' +
    'During the thinking process, the Assistant can perform searching for uncertain knowledge if necessary with the format of "<|begin_of_query|> search query (only keywords) here <|end_of_query|>". **A query must involve only a single triple**.\n' +
    'Then, the system will provide the Assistant with helpful information with the format of "<|begin_of_documents|> ...search results... <|end_of_documents|>".\n\n' +
    `User:${question}\nAssistant: <think>`
  );
}

/** ChatML (Qwen2.5, the base of Search-R1's checkpoints) around one user message, ready for the assistant's words. */
export function chatMlPrompt(user: string): string {
  return `<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n`;
}

/** Search-R1's line after a turn with neither a search nor an answer. */
export const SEARCH_R1_INVALID_ACTION =
  '\nMy previous action is invalid. If I want to search, I should put the query between <search> and </search>. If I want to give the final answer, I should put the answer between <answer> and </answer>. Let me try again.\n';

interface Dialect {
  markers: TraceMarkers;
  stop: string[];
  topk: number;
  maxTokens: number;
  /** The question as the dialect's own loop sends it. */
  question(question: string): string;
  /** The block of retrieved documents appended after a turn that searched (that turn's text included, as the dialect writes it). */
  afterSearch(turn: string, docs: readonly Doc[]): string;
  /** What is appended after a turn with neither a query nor an answer; undefined ends the run. */
  invalid: string | undefined;
  /** The turn as the dialect's loop keeps it. */
  cut(turn: string): string;
}

const DIALECTS: Record<'search-r1' | 'r1-searcher', Dialect> = {
  'search-r1': {
    markers: SEARCH_R1_MARKERS,
    stop: [SEARCH_R1_MARKERS.endQuery, SEARCH_R1_MARKERS.endAnswer],
    topk: 3,
    maxTokens: 1024,
    // infer.py: a question ends with a question mark.
    question: (q) => (q.trim().endsWith('?') ? q.trim() : `${q.trim()}?`),
    afterSearch: (turn, docs) => {
      const lines = docs.map((d, i) => `${searchR1DocLine(i + 1, d.title ?? d.id, d.text ?? '')}\n`).join('');
      return `${turn}\n\n${SEARCH_R1_MARKERS.beginDocs}${lines.trim()}${SEARCH_R1_MARKERS.endDocs}\n\n`;
    },
    invalid: SEARCH_R1_INVALID_ACTION,
    // generation.py keeps a response up to its first </search>, else up to its first </answer>.
    cut: (turn) => cutAfter(turn, SEARCH_R1_MARKERS.endQuery) ?? cutAfter(turn, SEARCH_R1_MARKERS.endAnswer) ?? turn,
  },
  'r1-searcher': {
    markers: R1_SEARCHER_MARKERS,
    stop: ['<|im_end|>', '<|endoftext|>', R1_SEARCHER_MARKERS.endQuery, R1_SEARCHER_MARKERS.endAnswer],
    topk: 5,
    maxTokens: 512,
    question: (q) => q,
    afterSearch: (turn, docs) => {
      const lines = docs.length === 0 ? 'None' : docs.map((d, i) => `${r1SearcherDocLine(i + 1, d.title ?? d.id, d.text ?? '')}\n`).join('');
      // The loop strips the turn and writes the end-of-query marker itself.
      const body = turn.endsWith(R1_SEARCHER_MARKERS.endQuery) ? turn.slice(0, -R1_SEARCHER_MARKERS.endQuery.length) : turn;
      return `${body.trim()}${R1_SEARCHER_MARKERS.endQuery}\n\n${R1_SEARCHER_MARKERS.beginDocs}\n${lines}${R1_SEARCHER_MARKERS.endDocs}\n\n`;
    },
    invalid: undefined,
    cut: (turn) => turn,
  },
};

export interface TagsRunSettings {
  transport: ChatTransport;
  search: SearchBackend;
  maxTurns: number;
  topk: number | undefined;
  maxTokens: number | null | undefined;
  temperature: number | null | undefined;
  tags: TagsOptions;
  signal: AbortSignal | undefined;
}

/** The default number of results per search of a dialect (as it was trained or evaluated). */
export function tagsTopk(tags: TagsOptions): number {
  return DIALECTS[tags.dialect ?? 'search-r1'].topk;
}

/** Runs the tags protocol on one question; errors of the model or the search propagate. */
export async function runTags(question: string, settings: TagsRunSettings, recorder: AgentRecorder): Promise<SearchAgentResult> {
  const name = settings.tags.dialect ?? 'search-r1';
  const dialect = DIALECTS[name];
  const { markers } = dialect;
  const via = settings.tags.via ?? (name === 'r1-searcher' ? 'completions' : 'chat');
  const asked = dialect.question(question);
  const topk = settings.topk ?? dialect.topk;
  const maxTokens = settings.maxTokens === undefined ? dialect.maxTokens : settings.maxTokens;
  const instruction = name === 'search-r1' ? searchR1Prompt(asked) : r1SearcherPrompt(asked);
  const prompt = settings.tags.renderPrompt?.(asked) ?? (name === 'search-r1' ? chatMlPrompt(instruction) : instruction);
  // The assistant's turn so far: the model's words and the documents put in after each search.
  let trace = '';
  // The model's own words (no queries, documents or answer), for citations by title.
  let ownWords = '';
  let bad = 0;
  while (recorder.turns < settings.maxTurns) {
    const request = requestOf(via, instruction, prompt, trace, dialect.stop, maxTokens, settings.temperature);
    const reply = await settings.transport.send(request, { signal: settings.signal });
    recorder.countTurn(reply.usage);
    const turn = dialect.cut(withStop(reply, markers));
    const action = readAction(turn, markers, name);
    ownWords += `\n${ownText(turn, markers)}`;
    if (action.kind === 'answer') {
      const docs = [...recorder.docs.values()];
      return recorder.finish('answered', action.text, citedByName(ownWords, docs).map((d) => d.id));
    }
    if (action.kind === 'search') {
      bad = 0;
      const query = clip(action.text, MAX_QUERY_CHARS);
      const [list = []] = await settings.search.search([query], topk, { signal: settings.signal });
      const docs = list.map((r) => r.doc);
      // Every retrieved document was put in front of the model: searched and read alike.
      recorder.searched(query, docs, () => undefined);
      for (const doc of docs) recorder.opened(doc);
      trace += dialect.afterSearch(turn, docs);
      continue;
    }
    if (dialect.invalid === undefined || ++bad >= MAX_BAD_CALLS) return recorder.finish('bad-tool-call');
    trace += turn + dialect.invalid;
  }
  return recorder.finish('max-turns');
}

function requestOf(
  via: 'chat' | 'completions',
  instruction: string,
  prompt: string,
  trace: string,
  stop: string[],
  maxTokens: number | null,
  temperature: number | null | undefined,
): ChatRequest {
  const sampling = { stop, max_tokens: maxTokens, temperature };
  if (via === 'completions') return { prompt: prompt + trace, ...sampling };
  if (trace === '') return { messages: [{ role: 'user', content: instruction }], ...sampling };
  // vLLM / SGLang continue the last assistant message instead of opening a new turn.
  return {
    messages: [
      { role: 'user', content: instruction },
      { role: 'assistant', content: trace },
    ],
    ...sampling,
    extraBody: { continue_final_message: true, add_generation_prompt: false },
  };
}

/** The turn's text with the stop string the server cut off put back (the one it names, or the one an open block asks for). */
function withStop(reply: ChatReply, markers: TraceMarkers): string {
  const text = reply.content ?? '';
  if (reply.stopReason === markers.endQuery || reply.stopReason === markers.endAnswer) {
    return text.endsWith(reply.stopReason) ? text : text + reply.stopReason;
  }
  if (reply.finishReason !== 'stop') return text;
  if (opens(text, markers.beginQuery, markers.endQuery)) return text + markers.endQuery;
  if (opens(text, markers.beginAnswer, markers.endAnswer)) return text + markers.endAnswer;
  return text;
}

/** `text` up to and with the first `end`, or undefined when there is none. */
function cutAfter(text: string, end: string): string | undefined {
  const at = text.indexOf(end);
  return at < 0 ? undefined : text.slice(0, at + end.length);
}

/** True when the last `begin` of `text` has no `end` after it. */
function opens(text: string, begin: string, end: string): boolean {
  const at = text.lastIndexOf(begin);
  return at >= 0 && text.indexOf(end, at + begin.length) < 0;
}

type Action = { kind: 'search' | 'answer'; text: string } | { kind: 'none' };

/**
 * What a turn asks for. Search-R1 takes the first `<search>…</search>` or `<answer>…</answer>`
 * block; R1-Searcher the last query when the turn ended with one, else the answer.
 */
function readAction(turn: string, markers: TraceMarkers, dialect: 'search-r1' | 'r1-searcher'): Action {
  const query = block(turn, markers.beginQuery, markers.endQuery, dialect === 'r1-searcher' ? 'last' : 'first');
  const answer = block(turn, markers.beginAnswer, markers.endAnswer, 'first');
  if (dialect === 'r1-searcher') {
    // R1-Searcher: drop quotes, tabs are keyword separators, spaces collapse.
    if (turn.endsWith(markers.endQuery) && query !== undefined) {
      const q = query.text.replaceAll('"', '').split(/\s+/).filter(Boolean).join(' ');
      return q === '' ? { kind: 'none' } : { kind: 'search', text: q };
    }
    return answer === undefined ? { kind: 'none' } : { kind: 'answer', text: answer.text.trim() };
  }
  const first = query !== undefined && (answer === undefined || query.at < answer.at) ? { kind: 'search' as const, b: query } : answer !== undefined ? { kind: 'answer' as const, b: answer } : undefined;
  if (first === undefined) return { kind: 'none' };
  const text = first.b.text.trim();
  return text === '' ? { kind: 'none' } : { kind: first.kind, text };
}

/** The text between `begin` and the next `end` (the first or the last such block), with where it starts. */
function block(text: string, begin: string, end: string, which: 'first' | 'last'): { at: number; text: string } | undefined {
  const at = which === 'first' ? text.indexOf(begin) : text.lastIndexOf(begin);
  if (at < 0) return undefined;
  const from = at + begin.length;
  const to = text.indexOf(end, from);
  return to < 0 ? undefined : { at, text: text.slice(from, to) };
}

/** The model's own words in a turn: without its query and answer blocks. */
function ownText(turn: string, markers: TraceMarkers): string {
  let out = '';
  let at = 0;
  for (;;) {
    const q = turn.indexOf(markers.beginQuery, at);
    const a = turn.indexOf(markers.beginAnswer, at);
    const next = q < 0 ? a : a < 0 ? q : Math.min(q, a);
    if (next < 0) return out + turn.slice(at);
    out += turn.slice(at, next);
    const end = next === q ? markers.endQuery : markers.endAnswer;
    const close = turn.indexOf(end, next);
    if (close < 0) return out;
    at = close + end.length;
  }
}
