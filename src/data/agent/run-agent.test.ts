import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fakeChatServers, type Action, type FakeChatServer, type Received } from '../../../test/judge/fake-chat-server.js';
import { chatBody } from '../../../test/llm/bodies.js';
import { CORPUS, goldOf, MUSIQUE, tagsAgent, toolsAgent, type MusiqueRow, type ScriptLog } from '../../../test/agent/scripted-agent.js';
import {
  collectTrajectories, createBm25Retriever, createFileReplyStore, createLlmClient, createRetrieveClient, readTrajectory, runSearchAgent, tierDocuments, withReplyCache,
  type Doc, type SearchAgentOptions, type SearchAgentResult, type SearchBackend, type TrajectoryRow,
} from '../index.js';

const serve = fakeChatServers();
const search = await createBm25Retriever(CORPUS);
const byId = new Map(CORPUS.map((d) => [d.id, d]));

function clientOn(server: FakeChatServer) {
  return createLlmClient({ baseURL: server.baseURL, model: 'agent', retryDelayMs: 1, maxRetryDelayMs: 5, retries: 1 });
}

/** True when the document (title or text) contains the answer or an alias, case folded. */
function bearsAnswer(doc: Doc, row: MusiqueRow): boolean {
  const text = `${doc.title ?? ''}\n${doc.text ?? ''}`.toLowerCase();
  return [row.answer, ...row.aliases].some((a) => text.includes(a.toLowerCase()));
}

/** The tiers the script's own record gives: Tier-1 = opened − cited − gold, Tier-2 = seen − opened − gold, answer-bearing pages out. */
function expectedTiers(row: MusiqueRow, log: Pick<ScriptLog, 'seen' | 'opened' | 'cited'>) {
  const gold = goldOf(row);
  const goldTitles = new Set(gold.map((g) => g.title!.toLowerCase()));
  const isGold = (id: string) => gold.some((g) => g.id === id) || goldTitles.has(byId.get(id)!.title!.toLowerCase());
  const keep = (id: string) => !isGold(id) && !bearsAnswer(byId.get(id)!, row);
  return {
    tier1: [...log.opened].filter((id) => !log.cited.has(id) && keep(id)).sort(),
    tier2: [...log.seen].filter((id) => !log.opened.has(id) && keep(id)).sort(),
    answerBearing: [...new Set([...log.opened, ...log.seen])].filter((id) => !isGold(id) && !log.cited.has(id) && bearsAnswer(byId.get(id)!, row)).sort(),
  };
}

function tiersOf(result: SearchAgentResult, row: MusiqueRow) {
  const tiers = tierDocuments({ trajectory: readTrajectory(result.trajectory), gold: goldOf(row), answer: { answer: row.answer, aliases: row.aliases }, corpus: CORPUS });
  return {
    tier1: tiers.tier1.map((d) => d.id).sort(),
    tier2: tiers.tier2.map((d) => d.id).sort(),
    answerBearing: tiers.dropped.filter((d) => d.reason === 'answer-in-distractor').map((d) => d.id).sort(),
  };
}

describe('runSearchAgent, tools protocol, a scripted agent over real MuSiQue paragraphs', () => {
  it.each(MUSIQUE.map((row) => [row.id, row] as const))('%s: the tiers are what the script did (opened − cited − gold, answer-bearing pages dropped)', async (_, row) => {
    const { respond, log } = toolsAgent(row, 3);
    const server = await serve(respond);
    const result = await runSearchAgent(row.question, { client: clientOn(server), search, topk: 5 });
    expect(result.stop).toBe('answered');
    expect(result.trajectory.answer).toBe(row.answer);
    expect(result.turns).toBe(row.hops.length * 2 + 1);
    expect(result.usage).toEqual({ promptTokens: log.promptTokens, completionTokens: log.completionTokens, totalTokens: log.promptTokens + log.completionTokens });
    expect(new Set(result.trajectory.citations)).toEqual(log.cited);
    const read = readTrajectory(result.trajectory);
    expect(read.queries).toEqual(log.queries);
    expect(new Set(read.read.map((d) => d.id))).toEqual(log.opened);
    expect(new Set(read.seen.map((d) => d.id))).toEqual(new Set([...log.seen, ...log.opened]));
    const expected = expectedTiers(row, log);
    expect(tiersOf(result, row)).toEqual(expected);
    // The script opened non-gold pages: Tier-1 is not empty by accident of the data.
    expect(expected.tier1.length + expected.answerBearing.length).toBeGreaterThan(0);
  });

  it('sends the three tools, the search results as JSON, and an opened page clipped to openChars', async () => {
    const row = MUSIQUE[0]!;
    const { respond } = toolsAgent(row, 1);
    const server = await serve(respond);
    await runSearchAgent(row.question, { client: clientOn(server), search, topk: 4, openChars: 50, snippetChars: 20 });
    const first = server.received[0]!.body;
    expect((first['tools'] as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['search', 'open', 'finish']);
    const messages = server.received[2]!.body.messages as unknown as { role: string; content: string; tool_call_id?: string }[];
    const [results, opened] = messages.filter((m) => m.role === 'tool');
    const list = JSON.parse(results!.content) as { id: string; title: string; snippet: string }[];
    expect(list).toHaveLength(4);
    expect(list.every((r) => r.snippet.length <= 21 && byId.has(r.id))).toBe(true);
    const page = JSON.parse(opened!.content) as { id: string; title: string; text: string };
    expect(page.text).toBe(`${byId.get(page.id)!.text!.slice(0, 50)}…`);
    expect(opened!.tool_call_id).toBe('c1-0');
  });
});

describe('runSearchAgent, tags protocol, over real MuSiQue paragraphs', () => {
  it.each(MUSIQUE.map((row) => [row.id, row] as const))('Search-R1 over chat completions, %s: every retrieved page read, cited by name, tiers as the script did', async (_, row) => {
    const { respond, log } = tagsAgent(row, 'search-r1');
    const server = await serve(respond);
    const result = await runSearchAgent(row.question, { client: clientOn(server), search, protocol: 'tags' });
    expect(result.stop).toBe('answered');
    expect(result.trajectory.answer).toBe(row.answer);
    expect(result.turns).toBe(row.hops.length + 1);
    const read = readTrajectory(result.trajectory);
    expect(read.queries).toEqual(log.queries);
    expect(read.read.map((d) => d.id)).toEqual(read.seen.map((d) => d.id));
    for (const doc of read.seen) {
      log.opened.add(doc.id);
      if (log.namedTitles.has(doc.title!)) log.cited.add(doc.id);
    }
    expect(log.namedTitles.size).toBeGreaterThan(0);
    expect(new Set(result.trajectory.citations)).toEqual(log.cited);
    expect(tiersOf(result, row)).toEqual(expectedTiers(row, log));
  });

  it('continues the assistant turn as Search-R1 was trained: stop strings, continue_final_message, its <information> block', async () => {
    const row = MUSIQUE[0]!;
    const { respond } = tagsAgent(row, 'search-r1');
    const server = await serve(respond);
    await runSearchAgent(row.question, { client: clientOn(server), search, protocol: 'tags' });
    const [first, second] = server.received.map((r) => r.body as unknown as { messages: { role: string; content: string }[]; [k: string]: unknown });
    expect(first!.messages).toEqual([{ role: 'user', content: expect.stringMatching(/^Answer the given question\. .*Question: Who was the first president .*\?\n$/s) as unknown }]);
    expect(first).toMatchObject({ stop: ['</search>', '</answer>'], max_tokens: 1024 });
    expect(first).not.toHaveProperty('continue_final_message');
    expect(second).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    const trace = second!.messages[1]!.content;
    // The stop string vLLM cut off is put back, then the documents as generation.py writes them.
    expect(trace).toMatch(/^<think>.*<\/think>\n<search> .* <\/search>\n\n<information>Doc 1\(Title: ".*"\) .*\nDoc 2\(Title: .*\nDoc 3\(Title: .*<\/information>\n\n$/s);
    // readTrajectory reads the trace the agent wrote: the same three titles.
    expect(readTrajectory(trace).seen).toHaveLength(3);
  });

  it('R1-Searcher over /completions: its raw prompt, its stop strings and its documents block', async () => {
    const row = MUSIQUE[1]!;
    const { respond, log } = tagsAgent(row, 'r1-searcher');
    const server = await serve(respond);
    const result = await runSearchAgent(row.question, { client: clientOn(server), search, protocol: 'tags', tags: { dialect: 'r1-searcher' } });
    expect(result.stop).toBe('answered');
    expect(result.trajectory.answer).toBe(row.answer);
    expect(server.received.every((r) => r.url === '/v1/completions')).toBe(true);
    const last = server.received.at(-1)!.body as unknown as { prompt: string; stop: string[]; max_tokens: number };
    expect(last.stop).toEqual(['<|im_end|>', '<|endoftext|>', '<|end_of_query|>', '</answer>']);
    expect(last.max_tokens).toBe(512);
    expect(last.prompt).toMatch(/User:How many Publix stores .*\nAssistant: <think>/s);
    expect(last.prompt).toContain('<|end_of_query|>\n\n<|begin_of_documents|>\n(1)');
    expect(last.prompt).toMatch(/\n\(5\)[^\n]*\n<\|end_of_documents\|>\n\n/);
    const trace = last.prompt.slice(last.prompt.lastIndexOf('Assistant: <think>'));
    expect(readTrajectory(trace).queries).toEqual(log.queries);
    // The documents block reads back (title, three spaces, text) as the pages the agent was given.
    const titles = result.trajectory.steps.flatMap((s) => ('search' in s ? s.search.results.map((r) => r.title!) : []));
    expect(new Set(readTrajectory(trace).seen.map((d) => d.title))).toEqual(new Set(titles));
    const read = readTrajectory(result.trajectory);
    for (const doc of read.seen) {
      log.opened.add(doc.id);
      if (log.namedTitles.has(doc.title!)) log.cited.add(doc.id);
    }
    expect(new Set(result.trajectory.citations)).toEqual(log.cited);
    expect(tiersOf(result, row)).toEqual(expectedTiers(row, log));
  });

  it.each<[string, (text: string, stop: string) => string]>([
    ['names the stop string in stop_reason (vLLM)', (text, stop) => chatBody(text, [], { stopReason: stop })],
    ['says only finish_reason stop', (text) => chatBody(text)],
    ['keeps the stop string in the text', (text, stop) => chatBody(text + stop)],
  ])('Search-R1: reads the query and the answer whether the server %s', async (_, body) => {
    const server = await serve(scripted([
      { raw: body('<think>Find it.</think>\n<search> Journal of Psychotherapy Integration publisher ', '</search>') },
      { raw: body('<think>APA.</think>\n<answer> American Psychological Association ', '</answer>') },
    ]));
    const result = await runSearchAgent('Who publishes it', { client: clientOn(server), search, protocol: 'tags' });
    expect(result).toMatchObject({ stop: 'answered', turns: 2, trajectory: { answer: 'American Psychological Association' } });
    expect(readTrajectory(result.trajectory).queries).toEqual(['Journal of Psychotherapy Integration publisher']);
    const trace = (server.received[1]!.body.messages as unknown as { content: string }[])[1]!.content;
    expect(trace.split('</search>')).toHaveLength(2);
  });

  it('Search-R1: a turn that runs past its first </search> is cut there, as generation.py cuts it', async () => {
    const server = await serve(scripted([
      { raw: chatBody('<search> first </search> and <search> second </search>', [], { finishReason: 'length' }) },
      { raw: chatBody('<answer> x </answer>') },
    ]));
    const result = await runSearchAgent('q', { client: clientOn(server), search, protocol: 'tags' });
    expect(readTrajectory(result.trajectory).queries).toEqual(['first']);
    const trace = (server.received[1]!.body.messages as unknown as { content: string }[])[1]!.content;
    expect(trace.startsWith('<search> first </search>\n\n<information>')).toBe(true);
  });

  it('Search-R1: a turn with neither a search nor an answer gets its "invalid action" line; three in a row end the run', async () => {
    const server = await serve(() => ({ raw: chatBody('I am not sure what to do.') }));
    const result = await runSearchAgent('Who?', { client: clientOn(server), search, protocol: 'tags' });
    expect(result).toMatchObject({ stop: 'bad-tool-call', turns: 3 });
    const trace = (server.received[2]!.body.messages as unknown as { content: string }[])[1]!.content;
    expect(trace.split('My previous action is invalid.')).toHaveLength(3);
  });
});

/** A model that plays `replies` in order (the last one again when they run out). */
function scripted(replies: Array<Action | ((r: Received) => Action)>): (r: Received) => Action {
  let n = 0;
  return (r) => {
    const next = replies[Math.min(n++, replies.length - 1)]!;
    return typeof next === 'function' ? next(r) : next;
  };
}

const call = (name: string, args: string, id = 'c'): Action => ({ raw: chatBody(null, [{ id, name, arguments: args }]) });
const searchCall = (query: string) => call('search', JSON.stringify({ query }));
const answer = (text: string): Action => ({ raw: chatBody(text) });
/** The tool messages of the last request, parsed. */
const toolMessages = (server: FakeChatServer) =>
  (server.received.at(-1)!.body.messages as unknown as { role: string; content: string }[]).filter((m) => m.role === 'tool').map((m) => JSON.parse(m.content) as unknown);

describe('runSearchAgent: misbehaving models', () => {
  it.each<[string, Action]>([
    ['arguments that are not JSON', call('search', '{"query": "Stanley')],
    ['an unknown tool', call('browse', '{"url":"x"}')],
    ['an unknown document id', call('open', '{"id":"no-such-doc"}')],
    ['a search without a query', call('search', '{"q":"x"}')],
  ])('%s three times in a row: an error tool message each time, then stop bad-tool-call', async (_, bad) => {
    const server = await serve(() => bad);
    const result = await runSearchAgent('Who was the first president of the APA?', { client: clientOn(server), search });
    expect(result).toMatchObject({ stop: 'bad-tool-call', turns: 3 });
    expect(result.trajectory.steps).toEqual([]);
    const errors = toolMessages(server) as { error: string }[];
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => typeof e.error === 'string' && e.error !== '')).toBe(true);
  });

  it('a good call between bad ones resets the count, and the run goes on to its answer', async () => {
    const server = await serve(scripted([call('browse', '{}'), call('open', '{"id":"nope"}'), searchCall('American Psychological Association president'), call('nope', '{}'), call('open', '{bad'), answer('G. Stanley Hall, per Adolescence.')]));
    const result = await runSearchAgent('q', { client: clientOn(server), search });
    expect(result).toMatchObject({ stop: 'answered', turns: 6 });
    expect(result.trajectory.answer).toBe('G. Stanley Hall, per Adolescence.');
  });

  it('a reply without a tool call is the final answer; its citations are the pages its words name', async () => {
    const row = MUSIQUE[0]!;
    const server = await serve(scripted([searchCall('first president American Psychological Association'), answer('According to Adolescence, it was G. Stanley Hall.')]));
    const result = await runSearchAgent(row.question, { client: clientOn(server), search });
    const seen = readTrajectory(result.trajectory).seen;
    expect(seen.map((d) => d.title)).toContain('Adolescence');
    expect(result.trajectory.citations.map((id) => byId.get(id)!.title)).toEqual(['Adolescence']);
  });

  it('finish keeps cited ids it saw (or titles of them), and drops ids it never met', async () => {
    const server = await serve(scripted([
      searchCall('Journal of Psychotherapy Integration'),
      (r) => {
        const [list] = toolMessagesOf(r) as [{ id: string; title: string }[]];
        return call('finish', JSON.stringify({ answer: 'APA', citations: [list[0]!.id, list[1]!.title, 'made-up'] }));
      },
    ]));
    const result = await runSearchAgent('q', { client: clientOn(server), search });
    expect(result.stop).toBe('answered');
    expect(result.trajectory.citations).toHaveLength(2);
    expect(result.trajectory.citations.every((id) => byId.has(id))).toBe(true);
  });

  it('a model that never stops searching ends at maxTurns', async () => {
    const server = await serve(() => searchCall('journal'));
    const result = await runSearchAgent('q', { client: clientOn(server), search, maxTurns: 4 });
    expect(result).toMatchObject({ stop: 'max-turns', turns: 4 });
    expect(result.trajectory.steps.filter((s) => 'search' in s)).toHaveLength(4);
    expect(server.received).toHaveLength(4);
  });

  it('an empty reply gets a nudge; three in a row end the run, one is forgiven', async () => {
    const empty = await serve(() => answer(''));
    expect(await runSearchAgent('q', { client: clientOn(empty), search })).toMatchObject({ stop: 'bad-tool-call', turns: 3 });
    const once = await serve(scripted([answer('  '), answer('Paris')]));
    const result = await runSearchAgent('q', { client: clientOn(once), search });
    expect(result).toMatchObject({ stop: 'answered', turns: 2 });
    expect(result.trajectory.answer).toBe('Paris');
    const sent = once.received[1]!.body.messages as unknown as { role: string; content: string }[];
    expect(sent.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('empty') as unknown });
  });

  it('a 5 MB reply is an answer clipped to 10,000 characters, and a 5 MB query is clipped before it is searched', async () => {
    const huge = 'word '.repeat(1_000_000);
    const server = await serve(scripted([searchCall(huge), answer(huge)]));
    const started = performance.now();
    const result = await runSearchAgent('q', { client: clientOn(server), search });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(result.stop).toBe('answered');
    expect(result.trajectory.answer!.length).toBe(10_001);
    const step = result.trajectory.steps[0] as { search: { query: string } };
    expect(step.search.query.length).toBeLessThanOrEqual(1001);
  });

  it('a model answering 500 ends the run with stop error and the trajectory so far', async () => {
    const server = await serve(scripted([searchCall('journal'), { status: 500, body: '{"error":"boom"}' }]));
    const result = await runSearchAgent('q', { client: clientOn(server), search });
    expect(result.stop).toBe('error');
    expect(result.error).toMatchObject({ code: 'LLM_UNAVAILABLE', message: expect.stringContaining('HTTP 500') as unknown });
    expect(result.turns).toBe(1);
    expect(result.trajectory.steps).toHaveLength(1);
  });

  it('a retriever that is down ends the run with stop error (RETRIEVER_UNAVAILABLE)', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const { port } = down.address() as AddressInfo;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const retriever = createRetrieveClient({ url: `http://127.0.0.1:${port}`, retries: 1, retryDelayMs: 1 });
    const server = await serve(() => searchCall('journal'));
    const result = await runSearchAgent('q', { client: clientOn(server), search: retriever });
    expect(result).toMatchObject({ stop: 'error', turns: 1, error: { code: 'RETRIEVER_UNAVAILABLE' } });
    expect(result.error!.message).toMatch(/ECONNREFUSED/);
  });

  it('rejects (not a row) when the caller aborts, and refuses bad options naming them', async () => {
    const server = await serve(() => ({ ...searchCall('journal'), delayMs: 200 }));
    const controller = new AbortController();
    const running = runSearchAgent('q', { client: clientOn(server), search, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(running).rejects.toThrow('stop');
    await expect(runSearchAgent('q', { search } as SearchAgentOptions)).rejects.toMatchObject({ code: 'INVALID_OPTIONS', message: expect.stringContaining('client') as unknown });
    await expect(runSearchAgent('q', { client: clientOn(server), search, maxTurns: 0 })).rejects.toMatchObject({ message: expect.stringContaining('maxTurns') as unknown });
  });
});

function toolMessagesOf(r: Received): unknown[] {
  return (r.body.messages as unknown as { role: string; content: string }[]).filter((m) => m.role === 'tool').map((m) => JSON.parse(m.content) as unknown);
}

describe('collectTrajectories', () => {
  it('yields in input order with bounded concurrency; a failing question is reported on its row and the run goes on', async () => {
    const questions = Array.from({ length: 12 }, (_, i) => ({ id: `q${i}`, question: `question ${i}` }));
    const server = await serve((r) => {
      const user = (r.body.messages as unknown as { role: string; content: string }[]).find((m) => m.role === 'user')!.content;
      const i = Number(user.split(' ')[1]);
      if (i === 5) return { status: 400, body: '{"error":"bad"}' };
      // Later questions answer sooner, so rows finish out of order.
      return { ...answer(`answer ${i}`), delayMs: (12 - i) * 5 };
    });
    const rows = [];
    for await (const row of collectTrajectories(questions, { client: clientOn(server), search, concurrency: 3 })) rows.push(row);
    expect(rows.map((r) => r.id)).toEqual(questions.map((q) => q.id));
    expect(rows[5]).toMatchObject({ stop: 'error', error: { code: 'LLM_UNAVAILABLE' } });
    expect(rows.filter((r) => r.stop === 'answered')).toHaveLength(11);
    expect(rows[7]!.trajectory.answer).toBe('answer 7');
    expect(server.maxConcurrent).toBeLessThanOrEqual(3);
    expect(server.maxConcurrent).toBeGreaterThan(1);
  });

  it('a search backend that throws something that is not ours still ends one row only', async () => {
    let n = 0;
    const flaky: SearchBackend = {
      name: 'flaky',
      search: () => (n++ === 0 ? Promise.reject(new TypeError('socket hang up')) : search.search(['journal'], 3)),
    };
    const server = await serve((r) => (r.body.messages.some((m) => m.role === 'tool') ? answer('done') : searchCall('journal')));
    const rows = [];
    for await (const row of collectTrajectories([{ id: 'a', question: 'x' }, { id: 'b', question: 'y' }], { client: clientOn(server), search: flaky, concurrency: 1 })) rows.push(row);
    expect(rows.map((r) => [r.id, r.stop])).toEqual([['a', 'error'], ['b', 'answered']]);
    expect(rows[0]!.error).toEqual({ code: 'INTERNAL', message: 'socket hang up' });
  });
});

describe('collectTrajectories through the on-disk reply cache', () => {
  /** A stateless agent: search the question, open the first result, answer. */
  const agent = (r: Received): Action => {
    const messages = r.body.messages as unknown as { role: string; content: string }[];
    const step = messages.filter((m) => m.role === 'assistant').length;
    if (step === 0) return searchCall(messages[1]!.content.slice(0, 60));
    if (step === 1) return call('open', JSON.stringify({ id: (JSON.parse(messages.at(-1)!.content) as { id: string }[])[0]!.id }));
    return { raw: chatBody('It is in the page I opened.', [], { usage: { prompt_tokens: 50, completion_tokens: 9 } }) };
  };
  const questions = MUSIQUE.flatMap((m, i) => [{ id: `${i}a`, question: m.question }, { id: `${i}b`, question: `${m.question} Explain.` }]);
  const collect = async (options: Parameters<typeof collectTrajectories>[1]) => {
    const rows: TrajectoryRow[] = [];
    for await (const row of collectTrajectories(questions, options)) rows.push(row);
    return rows;
  };

  it('a run stopped half-way and started again asks only what was not answered; a finished run asked again makes no call', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agent-cache-'));
    try {
      const baseline = await serve(agent);
      const expected = await collect({ client: clientOn(baseline), search, concurrency: 2 });
      const needed = baseline.received.length;
      expect(needed).toBe(questions.length * 3);

      // Run 1: stopped after 7 model calls (two more may be in flight). The cache keys on the
      // endpoint, so every run talks to the same server, as a restarted job does.
      const controller = new AbortController();
      let stopAt = 7;
      const server = await serve((r) => {
        if (server.received.length >= stopAt) controller.abort(new Error('killed'));
        return agent(r);
      });
      const first = createFileReplyStore({ dir });
      await expect(collect({ client: withReplyCache(clientOn(server), first), search, concurrency: 2, signal: controller.signal })).rejects.toThrow('killed');
      // Calls under way when the run stopped settle (as a killed process's would be gone).
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stored = first.stats().writes;
      expect(stored).toBeGreaterThanOrEqual(5);
      expect(stored).toBeLessThan(needed);

      // Run 2: the same questions, a new process's store on the same directory.
      stopAt = Infinity;
      const before = server.received.length;
      const second = createFileReplyStore({ dir });
      const rows = await collect({ client: withReplyCache(clientOn(server), second), search, concurrency: 2 });
      expect(rows).toEqual(expected);
      expect(server.received.length - before).toBe(needed - stored);
      expect(second.stats().hits).toBe(stored);

      // Run 3: everything is cached.
      const after = server.received.length;
      expect(await collect({ client: withReplyCache(clientOn(server), createFileReplyStore({ dir })), search, concurrency: 2 })).toEqual(expected);
      expect(server.received.length).toBe(after);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
