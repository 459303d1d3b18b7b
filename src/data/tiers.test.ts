import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bm25Tiers, simulateTrajectory } from './bm25-tiers.js';
import { createBm25Retriever } from './search/bm25-memory.js';
import { indexCorpus, urlKey } from './corpus/index.js';
import { tierDocuments } from './tiers.js';
import { readTrajectory } from './trajectory.js';
import type { Doc } from './types.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'data-build');
const lines = (name: string): unknown[] => readFileSync(join(FIXTURES, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
const traces = lines('r1-searcher-traces.jsonl') as { answer: string; gen_text_store: string }[];
interface Musique { id: string; question: string; answer: string; aliases: string[]; hops: { answer: string; paragraph: number }[]; paragraphs: { idx: number; title: string; text: string; supporting: boolean }[] }
const musique = lines('musique.jsonl') as Musique[];
const ids = (docs: { id: string }[]): string[] => docs.map((d) => d.id);

describe('tierDocuments on each trajectory format', () => {
  it('native: Tier-1 = read − cited − gold, Tier-2 = seen − read − gold, corpus text filled in', () => {
    const trajectory = readTrajectory({
      steps: [
        { search: { query: 'q', results: [{ id: 'g1', title: 'Gold' }, { id: 'a', title: 'Alpha' }, { id: 'b', title: 'Beta' }, { id: 'c', title: 'Gamma' }, { id: 'd', title: 'Delta' }] } },
        { open: { id: 'g1' } }, { open: { id: 'a' } }, { open: { id: 'b' } },
      ],
      citations: ['b'],
    });
    const corpus = [
      { id: 'g1', title: 'Gold', text: 'gold text' }, { id: 'a', title: 'Alpha', text: 'alpha text' }, { id: 'b', title: 'Beta', text: 'beta text' },
      { id: 'c', title: 'Gamma', text: 'gamma text' }, { id: 'd', title: 'Delta', text: 'delta text' },
    ];
    const t = tierDocuments({ trajectory, gold: [{ id: 'g1' }], answer: 'Zed', corpus });
    expect(ids(t.gold)).toEqual(['g1']);
    expect(t.gold[0]?.text).toBe('gold text');
    expect(ids(t.tier1)).toEqual(['a']);
    expect(t.tier1[0]?.text).toBe('alpha text');
    expect(ids(t.tier2)).toEqual(['c', 'd']);
    expect(t.dropped).toEqual([{ id: 'g1', reason: 'gold', tier: 'tier1' }, { id: 'b', reason: 'cited', tier: 'tier1' }]);
    expect(t.source).toBe('trajectory');
  });

  it('chat: deduplicates by URL and by folded title, gold matched by URL', () => {
    const messages = [
      { role: 'assistant', tool_calls: [{ id: '1', function: { name: 'search', arguments: '{"query":"x"}' } }] },
      { role: 'tool', tool_call_id: '1', content: JSON.stringify([
        { id: 'u1', title: 'São Paulo', url: 'https://www.example.org/sp/', snippet: 'A city in Brazil.' },
        { id: 'u2', title: 'Sao Paulo', url: 'http://other.org/x', snippet: 'Same title, folded.' },
        { id: 'u3', title: 'Another', url: 'http://example.org/sp', snippet: 'Same URL.' },
        { id: 'u4', title: 'Gold page', url: 'https://gold.org/page', snippet: 'gold' },
        { id: 'u5', title: 'Rio', url: 'https://rio.org', snippet: 'Rio de Janeiro is a city.' },
      ]) },
      { role: 'assistant', content: 'done' },
    ];
    const t = tierDocuments({ trajectory: readTrajectory(messages), gold: [{ id: 'G', url: 'gold.org/page' }], answer: 'Lisbon' });
    expect(ids(t.tier1)).toEqual([]);
    expect(ids(t.tier2)).toEqual(['u1', 'u5']);
    expect(t.dropped).toEqual([
      { id: 'u2', reason: 'duplicate', tier: 'tier2' },
      { id: 'u3', reason: 'duplicate', tier: 'tier2' },
      { id: 'u4', reason: 'gold', tier: 'tier2' },
    ]);
    expect(urlKey('HTTPS://WWW.Example.org/A/#x')).toBe('example.org/A');
  });

  it('R1-Searcher: the real trace of "Revenge of the Ninja" (answer Poland)', () => {
    const trajectory = readTrajectory(traces[2]);
    const gold = [{ id: 'Revenge of the Ninja', title: 'Revenge of the Ninja' }, { id: 'Sam Firstenberg', title: 'Sam Firstenberg' }];
    const t = tierDocuments({ trajectory, gold, answer: traces[2]!.answer });
    // Cited but not gold ("Firstenberg") is neither a distractor nor gold.
    expect(t.dropped).toContainEqual({ id: 'Firstenberg', reason: 'cited', tier: 'tier1' });
    expect(ids(t.tier1)).not.toContain('Firstenberg');
    expect(ids(t.tier1)).not.toContain('Sam Firstenberg');
    // Every retrieved document was read, so there is no Tier-2.
    expect(t.tier2).toEqual([]);
    // Each kept distractor really does not mention Poland.
    for (const d of t.tier1) expect(`${d.title} ${d.text}`).not.toMatch(/Poland|Polish/);
    const answerDrops = t.dropped.filter((d) => d.reason === 'answer-in-distractor').map((d) => d.id);
    for (const id of answerDrops) expect(trajectory.read.find((d) => d.id === id)?.text).toMatch(/Poland/);
    expect(ids(t.tier1).length + t.dropped.filter((d) => d.tier === 'tier1').length).toBe(trajectory.read.length);
  });
});

describe('answer-in-distractor', () => {
  const trajectory = { queries: [], cited: [], read: [], seen: [
    { id: '1', title: 'Munich', text: 'A city in Bavaria.' },
    { id: '2', title: 'Gottingen', text: 'A university town.' },
    { id: '3', title: 'Berlin', text: 'Capital; the university of Göttingen is elsewhere.' },
    { id: '4', title: 'Hamburg', text: 'Known as the Gateway to the World.' },
  ] };

  it.each([
    ['an alias in the text, folded', { answer: 'Göttingen', aliases: ['Goettingen'] }, ['1', '4'], ['2', '3']],
    ['a second alias', ['Hamburg', 'Gateway to the World'], ['1', '2', '3'], ['4']],
    ['yes/no answers are never leaks', 'yes', ['1', '2', '3', '4'], []],
  ])('%s', (_, answer, kept, dropped) => {
    const t = tierDocuments({ trajectory, gold: [], answer });
    expect(ids(t.tier2)).toEqual(kept);
    expect(t.dropped.filter((d) => d.reason === 'answer-in-distractor').map((d) => d.id)).toEqual(dropped);
  });

  it('keeps them when asked', () => {
    const t = tierDocuments({ trajectory, gold: [], answer: 'Göttingen' }, { keepAnswerDistractors: true });
    expect(t.tier2).toHaveLength(4);
  });

  it('drops documents without text unless told otherwise', () => {
    const bare = { queries: [], cited: [], read: [], seen: [{ id: 'x', title: 'No text' }] };
    expect(tierDocuments({ trajectory: bare, gold: [], answer: 'a' }).dropped).toEqual([{ id: 'x', reason: 'no-text', tier: 'tier2' }]);
    expect(tierDocuments({ trajectory: bare, gold: [], answer: 'a' }, { requireText: false }).tier2).toHaveLength(1);
  });
});

describe('BM25 fallback on MuSiQue paragraphs', () => {
  const m = musique[0]!;
  const docs: Doc[] = m.paragraphs.map((p) => ({ id: `${m.id}-${p.idx}`, title: p.title, text: p.text }));
  const gold = m.paragraphs.filter((p) => p.supporting).map((p) => ({ id: `${m.id}-${p.idx}` }));

  it('simulates a trajectory (top results read, next seen) and labels the tiers bm25', async () => {
    const retriever = await createBm25Retriever(docs);
    const [hit] = await retriever.search(['Journal of Psychotherapy Integration'], 1);
    expect(hit?.[0]?.doc.title).toBe('Journal of Psychotherapy Integration');
    const sim = await simulateTrajectory(retriever, [m.question], { read: 2, seen: 3 });
    expect(sim.read).toHaveLength(2);
    expect(sim.seen).toHaveLength(5);
    expect(sim.seen.slice(0, 2)).toEqual(sim.read);
    const t = await bm25Tiers({ retriever, question: m.question, entities: m.hops.map((h) => h.answer), gold, answer: { answer: m.answer, aliases: m.aliases } });
    expect(t.source).toBe('bm25');
    expect(ids(t.gold)).toEqual(gold.map((g) => g.id));
    const goldIds = new Set(ids(gold));
    for (const d of [...t.tier1, ...t.tier2]) expect(goldIds.has(d.id)).toBe(false);
    expect(t.tier1.length).toBeGreaterThan(0);
    // Nothing kept mentions the answer (G. Stanley Hall).
    for (const d of [...t.tier1, ...t.tier2]) expect(d.text).not.toMatch(/Stanley Hall/);
  });

  it('is deterministic and refuses a corpus too small to rank', async () => {
    const a = await createBm25Retriever(docs);
    const b = await createBm25Retriever(indexCorpus(new Map(docs.map((d) => [d.id, d]))));
    expect(ids(a.searchOne(m.question, 8).map((h) => h.doc))).toEqual(ids(b.searchOne(m.question, 8).map((h) => h.doc)));
    await expect(createBm25Retriever(docs.slice(0, 2))).rejects.toThrow(/at least 3 documents/);
    expect(await a.search(['of the'], 5)).toEqual([[]]);
  });
});

describe('HotpotQA distractor setting as a trajectory (real paragraphs)', () => {
  interface Hotpot { id: string; question: string; answer: string; supporting: string[]; context: { title: string; text: string }[] }
  const hotpot = lines('hotpotqa.jsonl') as Hotpot[];

  it.each(hotpot.map((h) => [h.id, h] as const))('%s: the 8 non-supporting paragraphs become Tier-2 unless they name the answer', (_, h) => {
    // HotpotQA's distractors were retrieved for the question and shown: seen, never opened.
    const trajectory = readTrajectory({ steps: [{ search: { query: h.question, results: h.context.map((c) => ({ title: c.title, snippet: c.text })) } }] });
    const gold = h.supporting.map((title) => ({ id: title, title }));
    const t = tierDocuments({ trajectory, gold, answer: h.answer });
    expect(t.gold.map((d) => d.title)).toEqual(h.supporting);
    expect(t.tier1).toEqual([]);
    const kept = t.tier2.map((d) => d.title);
    const leaked = t.dropped.filter((d) => d.reason === 'answer-in-distractor').map((d) => d.id);
    expect(kept.length + leaked.length).toBe(h.context.length - h.supporting.length);
    for (const title of leaked) expect(h.context.find((c) => c.title === title)?.text.toLowerCase()).toContain(h.answer.toLowerCase().split(' ')[0]);
  });
});

describe('tierDocuments: gold documents that share a title (issue 21)', () => {
  it('keeps both gold paragraphs of one title, each by its id', () => {
    const gold = [{ id: 'p1', title: 'Canon law', text: 'one' }, { id: 'p2', title: 'Canon law', text: 'two' }, { id: 'p1', title: 'Canon law', text: 'one' }];
    const t = tierDocuments({ trajectory: { queries: [], seen: [], read: [], cited: [] }, gold, answer: 'X' });
    expect(t.gold.map((d) => d.id)).toEqual(['p1', 'p2']);
  });
});
