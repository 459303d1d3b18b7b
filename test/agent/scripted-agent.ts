// Scripted search agents for a fake OpenAI-compatible server, playing over real MuSiQue paragraphs
// (fixtures/data-build/musique.jsonl: HippoRAG's copy of MuSiQue, CC BY 4.0). Each script decides
// its next step from the conversation it is sent, as a model does, and records what it did
// (searched, saw, opened, cited) so a test can compare the runner's trajectory and its tiers with
// what the script really did.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Action, Received } from '../judge/fake-chat-server.js';
import { chatBody, completionBody } from '../llm/bodies.js';
import type { Doc } from '../../src/data/index.js';

export interface MusiqueRow {
  id: string;
  question: string;
  answer: string;
  aliases: string[];
  hops: { question: string; answer: string; paragraph: number }[];
  paragraphs: { idx: number; title: string; text: string; supporting: boolean }[];
}

/** The three MuSiQue rows of the data-build fixture. */
export const MUSIQUE: MusiqueRow[] = readFileSync(fileURLToPath(new URL('../../fixtures/data-build/musique.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as MusiqueRow);

/** Every paragraph of the three rows as a corpus: 60 documents, ids `row-id#idx`. */
export const CORPUS: Doc[] = MUSIQUE.flatMap((m) => m.paragraphs.map((p) => ({ id: `${m.id}#${p.idx}`, title: p.title, text: p.text })));

/** The supporting paragraphs of a row, as gold documents. */
export function goldOf(row: MusiqueRow): Doc[] {
  return row.paragraphs.filter((p) => p.supporting).map((p) => ({ id: `${row.id}#${p.idx}`, title: p.title, text: p.text }));
}

/** The hop questions of a row as an agent would search them: each bridge `#n` filled with the hop's answer. */
export function hopQueries(row: MusiqueRow): string[] {
  return row.hops.map((h) => h.question.replace(/#(\d+)/g, (_, n: string) => row.hops[Number(n) - 1]?.answer ?? '').replace(/\s*>>\s*/g, ' '));
}

/** What a script did, for the test to compare with the runner's trajectory. */
export interface ScriptLog {
  queries: string[];
  seen: Set<string>;
  opened: Set<string>;
  cited: Set<string>;
  /** Tokens the fake server reported. */
  promptTokens: number;
  completionTokens: number;
}

function newLog(): ScriptLog {
  return { queries: [], seen: new Set(), opened: new Set(), cited: new Set(), promptTokens: 0, completionTokens: 0 };
}

function usageFor(body: unknown, log: ScriptLog, completion: number): { prompt_tokens: number; completion_tokens: number } {
  const prompt = Math.ceil(JSON.stringify(body).length / 4);
  log.promptTokens += prompt;
  log.completionTokens += completion;
  return { prompt_tokens: prompt, completion_tokens: completion };
}

/**
 * A tools-protocol agent: for each hop it searches the hop's question and opens the top `opens`
 * results in one reply (parallel tool calls); then it calls finish citing the gold paragraphs it opened.
 */
export function toolsAgent(row: MusiqueRow, opens = 2): { respond: (r: Received) => Action; log: ScriptLog } {
  const log = newLog();
  const queries = hopQueries(row);
  const gold = new Set(goldOf(row).map((d) => d.id));
  const respond = (r: Received): Action => {
    const messages = r.body.messages as unknown as { role: string; content: string | null; tool_call_id?: string }[];
    const step = messages.filter((m) => m.role === 'assistant').length;
    const hop = Math.floor(step / 2);
    const usage = (n: number) => usageFor(r.body, log, n);
    if (hop >= queries.length) {
      const citations = [...log.opened].filter((id) => gold.has(id));
      for (const c of citations) log.cited.add(c);
      return { raw: chatBody(null, [{ id: `c${step}`, name: 'finish', arguments: JSON.stringify({ answer: row.answer, citations }) }], { usage: usage(20) }) };
    }
    if (step % 2 === 0) {
      const query = queries[hop]!;
      log.queries.push(query);
      return { raw: chatBody(`I need to know: ${query}`, [{ id: `c${step}`, name: 'search', arguments: JSON.stringify({ query }) }], { usage: usage(15) }) };
    }
    // The last tool message is the search's results: open the top ones.
    const results = JSON.parse(messages.at(-1)?.content ?? '[]') as { id: string; title: string; snippet: string }[];
    for (const doc of results) log.seen.add(doc.id);
    const pick = results.slice(0, opens);
    for (const doc of pick) log.opened.add(doc.id);
    return { raw: chatBody(null, pick.map((doc, i) => ({ id: `c${step}-${i}`, name: 'open', arguments: JSON.stringify({ id: doc.id }) })), { usage: usage(10 * pick.length) }) };
  };
  return { respond, log };
}

/** The titles in a Search-R1 `<information>` block or an R1-Searcher documents block, in order. */
function titlesIn(block: string): string[] {
  const out: string[] = [];
  for (const line of block.split('\n')) {
    const sr1 = /^Doc \d+\(Title: "([^"]*)"\)/.exec(line);
    const r1 = /^\(\d+\)(.*?) {3}/.exec(line);
    const title = sr1?.[1] ?? r1?.[1];
    if (title !== undefined) out.push(title);
  }
  return out;
}

/**
 * A tags-protocol agent (Search-R1 over chat with continue_final_message, or R1-Searcher over
 * /completions): one search per hop, naming in its thinking the title of the gold paragraph it
 * found (so citations by name pick it), then the answer. The server strips the stop string, as
 * vLLM does, and says which one matched in `stop_reason`.
 */
export function tagsAgent(row: MusiqueRow, dialect: 'search-r1' | 'r1-searcher'): { respond: (r: Received) => Action; log: ScriptLog & { thoughts: string[]; namedTitles: Set<string> } } {
  // Citations by name cannot tell apart two pages of one title: `namedTitles` is what the script
  // named; a test turns it into the ids of every page it read under those titles.
  const log = { ...newLog(), thoughts: [] as string[], namedTitles: new Set<string>() };
  const queries = hopQueries(row);
  const goldTitles = new Map(goldOf(row).map((d) => [d.title!, d.id]));
  const m = dialect === 'search-r1'
    ? { q: '<search>', qEnd: '</search>', docs: '<information>', docsEnd: '</information>' }
    : { q: '<|begin_of_query|>', qEnd: '<|end_of_query|>', docs: '<|begin_of_documents|>', docsEnd: '<|end_of_documents|>' };
  const respond = (r: Received): Action => {
    const body = r.body as unknown as { messages?: { role: string; content: string }[]; prompt?: string };
    // The model's side only: R1-Searcher's prompt names the document markers in its instruction.
    const sofar = body.prompt !== undefined ? body.prompt.slice(body.prompt.lastIndexOf('Assistant: <think>')) : (body.messages?.find((x) => x.role === 'assistant')?.content ?? '');
    const blocks = sofar.split(m.docs).slice(1).map((b) => b.split(m.docsEnd)[0] ?? '');
    const step = blocks.length;
    // What the last documents said: name the gold title among them (the script "read" it).
    let thought = step === 0 ? `Let me look up ${queries[0]}.` : '';
    if (step > 0) {
      const titles = titlesIn(blocks.at(-1)!.trim());
      const found = titles.find((t) => goldTitles.has(t));
      thought = found === undefined ? 'The results do not say.' : `The document ${found} says it is ${row.hops[step - 1]!.answer}.`;
      if (found !== undefined) log.namedTitles.add(found);
    }
    log.thoughts.push(thought);
    const usage = usageFor(body, log, 30);
    const make = (text: string, stop: string): Action =>
      body.prompt !== undefined
        ? { raw: completionBody(text, { stopReason: stop, usage }) }
        : { raw: chatBody(text, [], { stopReason: stop, usage }) };
    if (step >= queries.length) {
      return make(`${dialect === 'search-r1' ? '<think>' : ' '}${thought}</think>\n\n<answer> ${row.answer} `, '</answer>');
    }
    const query = queries[step]!;
    log.queries.push(query);
    const open = dialect === 'search-r1' ? '<think>' : ' ';
    return make(`${open}${thought}</think>\n${m.q} ${query} `, m.qEnd);
  };
  return { respond, log };
}
