// Scenario: the search agent's own overhead per turn, model and search excluded. An in-process
// transport answers at once with a scripted agent's next step (search, open the top results, …,
// finish), and an in-process search answers at once with five real MuSiQue paragraphs
// (fixtures/data-build/musique.jsonl). What is left is the runner: building requests, reading
// tool calls, the tool messages (JSON of results and pages), the trajectory, citations by name.
// Goal: ≤ 1 ms per turn (issue 22).
// Run: npx tsx bench/agent.bench.ts [questions=2000]
import { readFileSync } from 'node:fs';
import {
  collectTrajectories, runSearchAgent,
  type ChatReply, type ChatRequest, type ChatTransport, type Doc, type SearchAgentOptions, type SearchBackend,
} from '../src/data/index.js';

const questions = Number(process.argv[2] ?? 2000);

interface Row { id: string; question: string; answer: string; paragraphs: { idx: number; title: string; text: string }[] }
const rows = readFileSync(new URL('../fixtures/data-build/musique.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
const corpus: Doc[] = rows.flatMap((r) => r.paragraphs.map((p) => ({ id: `${r.id}#${p.idx}`, title: p.title, text: p.text })));

/** Five documents per query, picked by a hash of the query: no ranking work, no waiting. */
const search: SearchBackend = {
  name: 'instant',
  search: (queries, k) =>
    Promise.resolve(queries.map((q) => {
      let h = 0;
      for (let i = 0; i < q.length; i++) h = (h * 31 + q.charCodeAt(i)) >>> 0;
      return Array.from({ length: k }, (_, i) => ({ doc: corpus[(h + i * 7) % corpus.length]!, score: k - i }));
    })),
  open: (id) => Promise.resolve(corpus.find((d) => d.id === id)),
};

const usage = { promptTokens: 100, completionTokens: 20, totalTokens: 120 };
const reply = (content: string | null, calls: { name: string; args: unknown }[] = []): ChatReply => ({
  content,
  toolCalls: calls.map((c, i) => ({ id: `c${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
  finishReason: calls.length > 0 ? 'tool_calls' : 'stop',
  usage,
});

/** A tools agent: search, open the top two, search, open the top two, finish (5 turns). */
const toolsModel: ChatTransport = {
  model: 'instant',
  send(request: ChatRequest) {
    const messages = request.messages ?? [];
    const step = messages.filter((m) => m.role === 'assistant').length;
    if (step >= 4) return Promise.resolve(reply(null, [{ name: 'finish', args: { answer: 'G. Stanley Hall', citations: [] } }]));
    if (step % 2 === 0) return Promise.resolve(reply('Searching.', [{ name: 'search', args: { query: `hop ${step} of ${String(messages[1]?.content)}` } }]));
    const last = messages.at(-1);
    const results = JSON.parse(last?.role === 'tool' ? last.content : '[]') as { id: string }[];
    return Promise.resolve(reply(null, results.slice(0, 2).map((r) => ({ name: 'open', args: { id: r.id } }))));
  },
};

/** A Search-R1 agent: two searches then an answer (3 turns), its thinking naming a title it read. */
const tagsModel: ChatTransport = {
  model: 'instant',
  send(request: ChatRequest) {
    const trace = request.messages?.[1]?.content ?? '';
    const step = typeof trace === 'string' ? trace.split('<information>').length - 1 : 0;
    if (step >= 2) return Promise.resolve({ ...reply('<think>Adolescence says so.</think>\n<answer> G. Stanley Hall '), stopReason: '</answer>' });
    return Promise.resolve({ ...reply(`<think>Step ${step}.</think>\n<search> first president hop ${step} `), stopReason: '</search>' });
  },
};

async function measure(label: string, options: SearchAgentOptions, concurrent: boolean): Promise<void> {
  const list = Array.from({ length: questions }, (_, i) => ({ id: `q${i}`, question: `${rows[i % rows.length]!.question} (${i})` }));
  // Warm-up: JIT, the entity matcher's first compile, p-limit's import.
  for (const q of list.slice(0, 50)) await runSearchAgent(q.question, options);
  let turns = 0;
  const started = performance.now();
  if (concurrent) {
    for await (const row of collectTrajectories(list, { ...options, concurrency: 8 })) turns += row.turns;
  } else {
    for (const q of list) turns += (await runSearchAgent(q.question, options)).turns;
  }
  const ms = performance.now() - started;
  console.log(`${label.padEnd(44)} ${questions} questions, ${turns} turns, ${(ms / turns).toFixed(3)} ms per turn (${(ms / questions).toFixed(2)} ms per question)`);
}

console.log(`node ${process.version}; runner overhead only (instant model and search)`);
await measure('tools, one question at a time', { client: toolsModel, search }, false);
await measure('tools, collectTrajectories (concurrency 8)', { client: toolsModel, search }, true);
await measure('tags (Search-R1), one question at a time', { client: tagsModel, search, protocol: 'tags' }, false);
await measure('tags (Search-R1), collectTrajectories (8)', { client: tagsModel, search, protocol: 'tags' }, true);
