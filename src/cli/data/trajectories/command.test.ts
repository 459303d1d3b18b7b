// `data trajectories` end to end, in-process: a scripted agent (test/agent/scripted-agent.ts) on a
// fake OpenAI-compatible server over the 60 real MuSiQue paragraphs of the fixture, both protocols,
// then `data build --trajectories` on what it wrote: the tiers of the rows are what the script did.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeChatServers, type Action, type Received } from '../../../../test/judge/fake-chat-server.js';
import { CORPUS, goldOf, MUSIQUE, tagsAgent, toolsAgent, type MusiqueRow, type ScriptLog } from '../../../../test/agent/scripted-agent.js';
import { createBm25Retriever, type Doc } from '../../../data/index.js';
import { startRetrieveServer } from '../../../server/retrieve.js';
import { chatBody } from '../../../../test/llm/bodies.js';
import { captureStderr } from '../../shared/capture-stderr.test-helper.js';
import { run } from '../../program.js';

const dir = mkdtempSync(join(tmpdir(), 'data-trajectories-cli-'));
const write = (name: string, rows: unknown[]): string => {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
};
const lines = (path: string): Record<string, unknown>[] => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const byId = new Map(CORPUS.map((d) => [d.id, d]));

const corpus = write('corpus.jsonl', CORPUS);
const questions = write('questions.jsonl', MUSIQUE.map((m) => ({
  id: m.id, question: m.question, answer: { answer: m.answer, aliases: m.aliases }, entities: m.hops.map((h) => h.answer), gold: goldOf(m).map((d) => d.id),
})));

const serve = fakeChatServers();
const stderr = captureStderr();
const cli = (...args: string[]): Promise<number> => run(['node', 'longtrace-reward', 'data', ...args]);

/** One fake model for all three questions: each request goes to the script of the question it carries. */
function dispatch(scripts: Map<string, (r: Received) => Action>): (r: Received) => Action {
  return (r) => {
    const text = JSON.stringify(r.body);
    for (const [question, respond] of scripts) if (text.includes(JSON.stringify(question).slice(1, -1))) return respond(r);
    return { status: 400, body: '{"error":{"message":"no script for this question"}}' };
  };
}

function bearsAnswer(doc: Doc, row: MusiqueRow): boolean {
  const text = `${doc.title ?? ''}\n${doc.text ?? ''}`.toLowerCase();
  return [row.answer, ...row.aliases].some((a) => text.includes(a.toLowerCase()));
}

/** Tier-1 = opened − cited − gold, Tier-2 = seen − opened − gold, pages naming the answer out: what the script did. */
function expectedTiers(row: MusiqueRow, log: Pick<ScriptLog, 'seen' | 'opened' | 'cited'>): { tier1: string[]; tier2: string[] } {
  const gold = goldOf(row);
  const goldTitles = new Set(gold.map((g) => g.title!.toLowerCase()));
  const keep = (id: string) => !gold.some((g) => g.id === id) && !goldTitles.has(byId.get(id)!.title!.toLowerCase()) && !bearsAnswer(byId.get(id)!, row);
  return {
    tier1: [...log.opened].filter((id) => !log.cited.has(id) && keep(id)).sort(),
    tier2: [...log.seen].filter((id) => !log.opened.has(id) && keep(id)).sort(),
  };
}

interface Urls { model: string; refusing: string }

interface Provenance { id: string; stop?: string; docs: { gold: string[]; tier1: string[]; tier2: string[] } }

/** Builds native rows from `trajectories` with a budget that holds every tiered document. */
async function buildFrom(trajectories: string, name: string): Promise<Map<string, Provenance>> {
  const out = join(dir, name);
  expect(await cli('build', '--questions', questions, '--corpus', corpus, '--trajectories', trajectories, '--budget', '100000', '--format', 'native', '-o', out, '--summary', 'none', '--no-progress')).toBe(0);
  return new Map(lines(out).map((r) => [r['id'] as string, r['provenance'] as Provenance]));
}

describe('data trajectories', () => {
  it('tools protocol: one row per question in input order, and data build makes the tiers the script did', async () => {
    const scripts = MUSIQUE.map((row) => ({ row, ...toolsAgent(row, 3) }));
    const server = await serve(dispatch(new Map(scripts.map((s) => [s.row.question, s.respond]))));
    const out = join(dir, 'tools.jsonl');
    const code = await cli('trajectories', '--questions', questions, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent', '--topk', '5', '--concurrency', '3', '--no-cache', '-o', out, '--summary', 'json', '--no-progress');
    expect(code, stderr.text).toBe(0);
    const rows = lines(out);
    expect(rows.map((r) => r['id'])).toEqual(MUSIQUE.map((m) => m.id));
    for (const [i, row] of rows.entries()) {
      const { row: m, log } = scripts[i]!;
      expect(Object.keys(row).sort()).toEqual(['id', 'stop', 'trajectory', 'turns', 'usage']);
      expect(row['stop']).toBe('answered');
      expect(row['turns']).toBe(m.hops.length * 2 + 1);
      expect(row['usage']).toEqual({ promptTokens: log.promptTokens, completionTokens: log.completionTokens, totalTokens: log.promptTokens + log.completionTokens });
    }
    // The summary: every stop answered, every answer right by verifyAnswer, the tokens the server reported.
    const summary = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as { questions: number; stops: Record<string, number>; accuracy: { correct: number; graded: number }; mean: { searches: number; opens: number }; usage: { totalTokens: number }; tiers: { questions: number; meanTier1: number }; cache: unknown };
    expect(summary).toMatchObject({ questions: 3, stops: { answered: 3 }, accuracy: { correct: 3, graded: 3 }, cache: null });
    expect(summary.mean.searches).toBeCloseTo(MUSIQUE.reduce((a, m) => a + m.hops.length, 0) / 3, 2);
    expect(summary.usage.totalTokens).toBe(scripts.reduce((a, s) => a + s.log.promptTokens + s.log.completionTokens, 0));
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { tool: string; questions: number; options: Record<string, unknown> };
    expect(manifest).toMatchObject({ tool: 'longtrace-reward data trajectories', questions: 3 });
    expect(manifest.options['progress']).toBeUndefined();

    const built = await buildFrom(out, 'tools-rows.jsonl');
    let tier1 = 0;
    for (const { row, log } of scripts) {
      const provenance = built.get(row.id)!;
      expect(provenance.stop).toBe('answered');
      const expected = expectedTiers(row, log);
      expect([...provenance.docs.tier1].sort()).toEqual(expected.tier1);
      expect([...provenance.docs.tier2].sort()).toEqual(expected.tier2);
      tier1 += expected.tier1.length;
    }
    // The mean Tier-1 in the summary is what data build made.
    expect(summary.tiers.meanTier1).toBeCloseTo(tier1 / 3, 2);
    // Not vacuous: the script opened pages that are neither gold nor cited.
    expect(tier1).toBeGreaterThan(0);
  });

  it('tags protocol (Search-R1): every retrieved page is read, the pages the reasoning names are cited', async () => {
    const scripts = MUSIQUE.map((row) => ({ row, ...tagsAgent(row, 'search-r1') }));
    const server = await serve(dispatch(new Map(scripts.map((s) => [s.row.question, s.respond]))));
    const out = join(dir, 'tags.jsonl');
    const code = await cli('trajectories', '--questions', questions, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent', '--protocol', 'tags', '--no-cache', '-o', out, '--summary', 'none', '--no-progress');
    expect(code, stderr.text).toBe(0);
    const rows = lines(out);
    expect(rows.map((r) => [r['id'], r['stop']])).toEqual(MUSIQUE.map((m) => [m.id, 'answered']));
    const built = await buildFrom(out, 'tags-rows.jsonl');
    let tier1 = 0;
    for (const [i, { row, log }] of scripts.entries()) {
      const trajectory = rows[i]!['trajectory'] as { steps: { search?: { results: { id: string; title: string }[] } }[] };
      expect(trajectory.steps.filter((s) => s.search !== undefined).length).toBe(row.hops.length);
      for (const step of trajectory.steps) {
        for (const doc of step.search?.results ?? []) {
          log.opened.add(doc.id);
          log.seen.add(doc.id);
          if (log.namedTitles.has(doc.title)) log.cited.add(doc.id);
        }
      }
      const expected = expectedTiers(row, log);
      const provenance = built.get(row.id)!;
      expect([...provenance.docs.tier1].sort()).toEqual(expected.tier1);
      expect(provenance.docs.tier2).toEqual([]);
      tier1 += expected.tier1.length;
    }
    expect(tier1).toBeGreaterThan(0);
  });

  it('--retriever: searches a Search-R1 retrieval server (ours), and the trajectories are those of the local corpus', async () => {
    const retrieval = await startRetrieveServer({ backend: await createBm25Retriever(CORPUS) });
    try {
      const scripts = MUSIQUE.map((row) => ({ row, ...toolsAgent(row, 2) }));
      const server = await serve(dispatch(new Map(scripts.map((s) => [s.row.question, s.respond]))));
      const remote = join(dir, 'remote.jsonl');
      expect(await cli('trajectories', '--questions', questions, '--retriever', `${retrieval.url}/retrieve`, '--llm-url', server.baseURL, '--llm-model', 'agent', '--no-cache', '-o', remote, '--summary', 'none', '--no-progress'), stderr.text).toBe(0);
      const local = join(dir, 'local.jsonl');
      expect(await cli('trajectories', '--questions', questions, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent', '--no-cache', '-o', local, '--summary', 'none', '--no-progress')).toBe(0);
      const ids = (path: string) => lines(path).map((r) => (r['trajectory'] as { steps: unknown[]; citations: string[] }).citations);
      expect(ids(remote)).toEqual(ids(local));
      expect(lines(remote).map((r) => r['stop'])).toEqual(['answered', 'answered', 'answered']);
    } finally {
      await retrieval.close();
    }
  });

  it('--cache: a finished run asked again makes no model call, and the summary counts hits and misses', async () => {
    const scripts = MUSIQUE.map((row) => ({ row, ...toolsAgent(row, 1) }));
    const server = await serve(dispatch(new Map(scripts.map((s) => [s.row.question, s.respond]))));
    const cache = join(dir, 'cache');
    const args = ['trajectories', '--questions', questions, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent', '--cache', cache, '--summary', 'json', '--no-progress'];
    expect(await cli(...args, '-o', join(dir, 'c1.jsonl'))).toBe(0);
    const calls = server.received.filter((r) => r.body.messages !== undefined).length;
    expect(stderr.text).toContain(`model reply cache: ${cache}`);
    const first = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as { cache: { hits: number; misses: number } };
    expect(first.cache).toMatchObject({ hits: 0, misses: calls });
    stderr.clear();
    expect(await cli(...args, '-o', join(dir, 'c2.jsonl'))).toBe(0);
    expect(server.received.filter((r) => r.body.messages !== undefined).length).toBe(calls);
    const second = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as { cache: { hits: number; misses: number } };
    expect(second.cache).toMatchObject({ hits: calls, misses: 0 });
    expect(readFileSync(join(dir, 'c2.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'c1.jsonl'), 'utf8'));
  });

  it('a model that misbehaves on some questions: each such question ends with its stop, the others are answered, exit 0', async () => {
    const [good, broken, looping] = MUSIQUE;
    const script = toolsAgent(good!, 1);
    const server = await serve(dispatch(new Map<string, (r: Received) => Action>([
      [good!.question, script.respond],
      // Arguments that are not JSON, every time: three bad calls in a row end the run.
      [broken!.question, () => ({ raw: chatBody(null, [{ name: 'search', arguments: '{"query": ' }]) })],
      // Searches forever: the run ends at --max-turns.
      [looping!.question, (r) => ({ raw: chatBody(null, [{ id: `s${r.index}`, name: 'search', arguments: JSON.stringify({ query: `query ${r.index}` }) }]) })],
    ])));
    const out = join(dir, 'misbehaving.jsonl');
    expect(await cli('trajectories', '--questions', questions, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent', '--max-turns', String(good!.hops.length * 2 + 1), '--no-cache', '-o', out, '--summary', 'json', '--no-progress')).toBe(0);
    expect(lines(out).map((r) => [r['id'], r['stop']])).toEqual([[good!.id, 'answered'], [broken!.id, 'bad-tool-call'], [looping!.id, 'max-turns']]);
    const summary = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as { stops: Record<string, number>; accuracy: { correct: number; graded: number } };
    expect(summary.stops).toEqual({ answered: 1, 'bad-tool-call': 1, 'max-turns': 1 });
    expect(summary.accuracy).toMatchObject({ correct: 1, graded: 3 });
  });

  it('a model that answers 500 for one question: that row says error (with its code), the run goes on', async () => {
    const [good, failing] = MUSIQUE;
    const server = await serve(dispatch(new Map<string, (r: Received) => Action>([
      [good!.question, toolsAgent(good!, 1).respond],
      [failing!.question, () => ({ status: 500, body: '{"error":{"message":"CUDA out of memory"}}' })],
      [MUSIQUE[2]!.question, toolsAgent(MUSIQUE[2]!, 1).respond],
    ])));
    const out = join(dir, 'five-hundred.jsonl');
    expect(await cli('trajectories', '--questions', questions, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent', '--llm-retries', '0', '--no-cache', '-o', out, '--summary', 'none', '--no-progress')).toBe(0);
    const rows = lines(out);
    expect(rows.map((r) => r['stop'])).toEqual(['answered', 'error', 'answered']);
    expect((rows[1]!['error'] as { code: string; message: string }).message).toMatch(/500/);
    expect(stderr.text).toMatch(new RegExp(`warning: ${failing!.id}: `));
  });

  it.each([
    ['a model that cannot be reached', (u: Urls) => ['--corpus', corpus, '--llm-url', 'http://127.0.0.1:1/v1'], /the model at http:\/\/127\.0\.0\.1:1\/v1: it cannot be reached/],
    ['a retriever that cannot be reached', (u: Urls) => ['--retriever', 'http://127.0.0.1:1/retrieve', '--llm-url', u.model], /the retriever at http:\/\/127\.0\.0\.1:1\/retrieve: /],
    ['a model that refuses the key', (u: Urls) => ['--corpus', corpus, '--llm-url', u.refusing], /refused the API key \(HTTP 401/],
  ])('%s: said at start, exit 1, nothing written', async (_, flags, message) => {
    const server = await serve((r) => ({ reply: `unexpected ${r.index}` }));
    const refusing = createServer((_req, res) => res.writeHead(401).end());
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const out = join(dir, `unreachable-${Math.random().toString(36).slice(2)}.jsonl`);
    try {
      const args = flags({ model: server.baseURL, refusing: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/v1` });
      expect(await cli('trajectories', '--questions', questions, ...args, '--llm-model', 'agent', '--no-cache', '-o', out, '--no-progress')).toBe(1);
    } finally {
      refusing.close();
    }
    expect(stderr.text).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(server.received).toHaveLength(0);
  });

  it.each([
    [['--llm-url', 'http://x/v1', '--llm-model', 'm'], /give either --corpus FILE .* or --retriever URL/],
    [['--corpus', 'c', '--retriever', 'http://x', '--llm-url', 'http://x/v1', '--llm-model', 'm'], /give either --corpus/],
    [['--corpus', 'c', '--llm-url', 'http://x/v1', '--llm-model', 'm', '--protocol', 'xml'], /option --protocol: expected one of tools, tags/],
  ])('bad flags %j: a usage error', async (args, message) => {
    const code = await cli('trajectories', '--questions', questions, ...args);
    expect(code).not.toBe(0);
    expect(stderr.text).toMatch(message);
  });

  it('a bad question line stops the run before anything is written, naming the line', async () => {
    const bad = write('bad-questions.jsonl', [{ id: 'a', question: 'Who?' }, { id: 'b' }]);
    const server = await serve((r) => ({ reply: `unexpected ${r.index}` }));
    const out = join(dir, 'bad-out.jsonl');
    expect(await cli('trajectories', '--questions', bad, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent', '--no-cache', '-o', out, '--no-progress')).toBe(1);
    expect(stderr.text).toMatch(/bad-questions\.jsonl line 2: question: /);
    expect(existsSync(out)).toBe(false);
    expect(server.received).toHaveLength(0);
  });
});

describe('data trajectories --resume', () => {
  it('continues a partial file with a torn last line: every question once, the same rows, only the missing questions asked', async () => {
    const scripts = MUSIQUE.map((row) => ({ row, ...toolsAgent(row, 3) }));
    const server = await serve(dispatch(new Map(scripts.map((s) => [s.row.question, s.respond]))));
    const args = ['trajectories', '--questions', questions, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent', '--topk', '5', '--no-cache', '--summary', 'none', '--no-progress'];
    const whole = join(dir, 'resume-whole.jsonl');
    expect(await cli(...args, '-o', whole)).toBe(0);
    const full = readFileSync(whole, 'utf8').trim().split('\n');
    // A stopped run: the first row whole, the second torn half-way.
    const out = join(dir, 'resume.jsonl');
    writeFileSync(`${out}.partial`, `${full[0]}\n${full[1]!.slice(0, 40)}`);
    const asked = server.received.filter((r) => r.body.messages !== undefined).length;
    expect(await cli(...args, '-o', out, '--resume')).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').sort()).toEqual([...full].sort());
    // The resumed run asked for the two questions not done, as many calls as those took the first time.
    const firstRun = server.received.filter((r) => r.body.messages !== undefined && r.index < asked);
    const perQuestion = (q: string, list: typeof firstRun) => list.filter((r) => JSON.stringify(r.body).includes(JSON.stringify(q).slice(1, -1))).length;
    const resumed = server.received.filter((r) => r.body.messages !== undefined && r.index >= asked);
    expect(perQuestion(MUSIQUE[0]!.question, resumed)).toBe(0);
    expect(resumed.length).toBe(perQuestion(MUSIQUE[1]!.question, firstRun) + perQuestion(MUSIQUE[2]!.question, firstRun));
  });
});
