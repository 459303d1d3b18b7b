/**
 * Builds fixtures/data.ts from ../shared/data: a few real traces and chains, each with the
 * results this library gives it. Run after a change of behaviour, then review the diff:
 *   npx tsx scripts/build-fixtures.ts
 * Selection is by fixed ids, so the output is reproducible.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldAliases, rubricReward, tokenize, type GoldEntity } from '../src/index.js';
import type { Fixture, FixtureTag } from '../fixtures/types.js';
import { defaultDataDir } from './eval/datasets.js';

const data = process.env['LONGTRACE_DATA'] ?? defaultDataDir();
const jsonl = (path: string): Record<string, unknown>[] =>
  readFileSync(join(data, path), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

type Draft = Omit<Fixture, 'expected'>;

// ---------------------------------------------------------------------------------------------
// R1-Searcher (MIT): RL-trained Qwen-2.5-7B search-agent traces, judged by GPT-4o.

const r1Specs: { file: string; index: number; entities: GoldEntity[]; answer: string[]; tags: FixtureTag[] }[] = [
  { file: '2wiki_qwen', index: 5, answer: ['Tetisheri'], tags: ['alias', 'documents', 'answer-tag'],
    entities: ['Ahmose-Henutemipet', { name: 'Seqenenre Tao', aliases: ['Seqenenre Taa'] }, { name: 'Tetisheri', aliases: ['Queen Tetisheri'] }] },
  { file: '2wiki_qwen', index: 6, answer: ['3 November 1929'], tags: ['date', 'accents', 'documents', 'answer-tag'],
    entities: ['Cezaria Jędrzejewiczowa', { name: 'Jan Baudouin de Courtenay', aliases: ['Jan Niecisław Baudouin de Courtenay', 'Baudouin de Courtenay'] }, '3 November 1929'] },
  { file: '2wiki_qwen', index: 9, answer: ['Poland'], tags: ['documents', 'answer-tag'],
    entities: ['Revenge of the Ninja', 'Sam Firstenberg', 'Poland'] },
  { file: '2wiki_qwen', index: 18, answer: ['19 February 1863'], tags: ['date', 'wrong', 'documents', 'answer-tag'],
    entities: ['Sudeley Hanbury-Tracy, 3rd Baron Sudeley', { name: 'Charles Hanbury-Tracy, 2nd Baron Sudeley', aliases: ['Charles Hanbury-Tracy'] }, '19 February 1863'] },
  { file: '2wiki_qwen', index: 32, answer: ['Reykjavík'], tags: ['accents', 'documents', 'answer-tag'],
    entities: ['Beowulf & Grendel', 'Sturla Gunnarsson', { name: 'Reykjavík', aliases: ['Reykjavik'] }] },
  { file: '2wiki_qwen', index: 0, answer: ['Key House Mirror'], tags: ['comparison', 'wrong', 'answer-tag'],
    entities: ['Count Cohn', 'Key House Mirror'] },
  { file: 'bamboogle_qwen', index: 16, answer: ['February 11, 1650'], tags: ['date', 'alias', 'documents', 'answer-tag'],
    entities: ['Cogito, ergo sum', { name: 'René Descartes', aliases: ['Descartes'] }, 'February 11, 1650'] },
];

function r1Drafts(): Draft[] {
  const files = new Map<string, Record<string, unknown>[]>();
  return r1Specs.map((spec) => {
    const rows = files.get(spec.file) ?? jsonl(`r1-searcher/eval_results/${spec.file}.jsonl`);
    files.set(spec.file, rows);
    const row = rows[spec.index]!;
    const label = row['gpt4o_output'] === 'True';
    return {
      id: `r1-${spec.file.replace('_qwen', '')}-${spec.index}`,
      source: `R1-Searcher ${spec.file}.jsonl row ${spec.index} (MIT; GPT-4o judge label)`,
      kind: 'real-trace',
      question: String(row['question']),
      response: String(row['gen_text_store']),
      answer: spec.answer,
      entities: spec.entities,
      label,
      tags: [label ? 'correct' : 'wrong', 'think', ...spec.tags.filter((t) => t !== 'wrong')],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// tts-knowledge (MIT): Qwen3-14B and R1-Distill-Qwen-14B on FRAMES, graded by gpt-4o-mini.
// The chain is the FRAMES question's Wikipedia pages (their titles act as hop entities).

function titleOf(url: string): string {
  const slug = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)).replaceAll('_', ' ');
  return slug.replace(/\s*\([^)]*\)\s*$/, '').replace(/#.*$/, '').trim();
}

function framesDrafts(): Draft[] {
  const bench = new Map(jsonl('tts-knowledge/benchmarks/frames_824.jsonl').map((r) => [String(r['id']), r]));
  const pick: { model: string; file: string; ids: string[] }[] = [
    { model: 'Qwen3-14B', file: 'tts-knowledge/outputs/Qwen3-14B_frames_exd0.jsonl', ids: [] },
    { model: 'R1-Distill-Qwen-14B', file: 'tts-knowledge/outputs/DeepSeek-R1-Distill-Qwen-14B_frames_exd0.jsonl', ids: [] },
  ];
  const out: Draft[] = [];
  for (const { model, file } of pick) {
    const rows = jsonl(file);
    // The first graded-correct and the first graded-wrong rows with a short trace and 2–4 pages.
    for (const want of ['A', 'B']) {
      const row = rows.find((r) => {
        const b = bench.get(String(r['id']));
        const thought = String(r['thought'] ?? '');
        const links = b === undefined ? [] : linksOf(b);
        return r['grading'] === want && thought.length > 1500 && thought.length < 6000 && links.length >= 2 && links.length <= 4;
      });
      if (row === undefined) continue;
      const b = bench.get(String(row['id']))!;
      const thought = String(row['thought']);
      const response = String(row['response']);
      const text = thought.startsWith('<think>') ? `${thought}${thought.includes('</think>') ? '' : '</think>'}\n\n${response}` : `<think>${thought}</think>\n\n${response}`;
      out.push({
        id: `frames-${model.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${String(row['id'])}`,
        source: `tts-knowledge ${file.split('/').pop()} id ${String(row['id'])} (MIT; FRAMES Apache-2.0; gpt-4o-mini grade ${want})`,
        kind: 'real-trace',
        question: String(row['problem']),
        response: text,
        answer: [String(row['answer'])],
        entities: linksOf(b).map(titleOf),
        label: want === 'A',
        tags: [want === 'A' ? 'correct' : 'wrong', 'think'],
      });
    }
  }
  return out;
}

function linksOf(row: Record<string, unknown>): string[] {
  const raw = row['wiki_links'];
  if (Array.isArray(raw)) return raw.map(String);
  return [...String(raw).matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

// ---------------------------------------------------------------------------------------------
// MuSiQue via HippoRAG (MIT; MuSiQue CC BY 4.0): real per-hop chains with aliases. No traces
// exist for them, so the reasoning is assembled from the gold decomposition (kind: constructed).

interface Hop {
  question: string;
  answer: string;
}

function musiqueDrafts(): Draft[] {
  const rows = JSON.parse(readFileSync(join(data, 'hipporag/musique_train.json'), 'utf8')) as Record<string, unknown>[];
  const threeHop = rows.find((r) => (r['question_decomposition'] as Hop[]).length === 3 && (r['answer_aliases'] as string[]).length > 0);
  const twoHop = rows.find((r) => (r['question_decomposition'] as Hop[]).length === 2 && (r['answer_aliases'] as string[]).length > 0);
  const out: Draft[] = [];
  for (const row of [twoHop, threeHop]) {
    if (row === undefined) continue;
    const hops = row['question_decomposition'] as Hop[];
    const answer = [String(row['answer']), ...(row['answer_aliases'] as string[])];
    const entities: GoldEntity[] = hops.map((h, i) => (i === hops.length - 1 ? { name: h.answer, aliases: answer.slice(1) } : h.answer));
    const reason = (skip: number): string =>
      hops
        .map((h, i) => {
          if (i === skip) return `Step ${i + 1}: I am not sure about this step, so I will move on.`;
          // A skipped hop's answer is never named, not even inside a later hop's question.
          const q = h.question.replace(/#(\d)/g, (_, k: string) => (Number(k) - 1 === skip ? 'it' : (hops[Number(k) - 1]?.answer ?? '')));
          return `Step ${i + 1}: ${q.replace(/\s*>>\s*/, ', ').replace(/\?\s*$/, '')}? That is ${h.answer}.`;
        })
        .join('\n');
    const base = { source: `HippoRAG musique_train.json id ${String(row['id'])} (MIT; MuSiQue CC BY 4.0); reasoning assembled from the gold decomposition`, kind: 'constructed' as const, question: String(row['question']), answer, entities, label: null };
    const id = `musique-${hops.length}hop`;
    out.push({ ...base, id: `${id}-full`, response: `<think>\n${reason(-1)}\n</think>\n\nThe answer is \\boxed{${answer[0]}}.`, tags: ['correct', 'think', 'boxed', 'alias'] });
    out.push({ ...base, id: `${id}-skips-a-hop`, response: `<think>\n${reason(hops.length - 2)}\n</think>\n\nThe answer is \\boxed{${answer[0]}}.`, tags: ['correct', 'think', 'boxed', 'partial-chain'] });
    out.push({ ...base, id: `${id}-wrong-answer`, response: `<think>\n${reason(-1)}\n</think>\n\nAnswer: ${hops[0]!.answer}`, tags: ['wrong', 'think', 'answer-line'] });
    if (hops.length === 2) {
      // The same chain as a chat whose reasoning skips the first hop: only the tool's result names
      // it, and tool messages never count for the rubric.
      out.push({
        ...base,
        id: `${id}-messages`,
        messages: [
          { role: 'user', content: String(row['question']) },
          { role: 'assistant', reasoning_content: reason(0), content: null },
          { role: 'tool', content: `Search result: ${hops[0]!.answer} (${hops[0]!.question})` },
          { role: 'assistant', content: `The answer is ${answer[0]}.` },
        ],
        tags: ['correct', 'messages', 'partial-chain', 'answer-line'],
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hand-written (this project's own text): a CJK chain.

function handWritten(): Draft[] {
  return [
    {
      id: 'hand-cjk',
      source: 'hand-written for this package (MIT)',
      kind: 'constructed',
      question: '长城所在国家的首都是哪座城市？',
      response: '<think>长城位于中国。中国的首都是北京。</think>答案：北京',
      answer: ['北京', 'Beijing'],
      entities: [{ name: '长城', aliases: ['Great Wall'] }, { name: '中国', aliases: ['China'] }, { name: '北京', aliases: ['Beijing'] }],
      label: null,
      tags: ['correct', 'cjk', 'think', 'answer-line'],
    },
  ];
}

// ---------------------------------------------------------------------------------------------

function withExpected(draft: Draft): Fixture {
  const result = rubricReward({ response: draft.response, messages: draft.messages, answer: draft.answer, entities: draft.entities, question: draft.question });
  const hits = result.rubricDetail.entities.filter((e) => e.found).map((e) => e.name);
  const missed = result.rubricDetail.entities.filter((e) => !e.found).map((e) => e.name);
  // Tag what the gold answer is made of, so tests can pick number and date cases.
  const gold = goldAliases(draft.answer)[0]!;
  const kinds = new Set(tokenize(gold).map((t) => t.kind));
  const tags = new Set(draft.tags);
  if (kinds.has('num')) tags.add('number');
  if (kinds.has('date')) tags.add('date');
  return {
    ...draft,
    tags: [...tags],
    expected: { correct: result.verdict.correct, method: result.verdict.method, hits, missed, rubric: result.rubric, reward: result.reward },
  };
}

const fixtures = [...r1Drafts(), ...framesDrafts(), ...musiqueDrafts(), ...handWritten()].map(withExpected);
for (const f of fixtures) {
  if (f.label !== null && f.label !== f.expected.correct) {
    console.warn(`note: ${f.id}: the source says ${f.label ? 'correct' : 'wrong'}, verifyAnswer says ${f.expected.correct ? 'correct' : 'wrong'} (${f.expected.method})`);
  }
}
const body = `// Generated by scripts/build-fixtures.ts from ../shared/data; do not edit by hand.\n// Sources and licences: fixtures/README.md.\nimport type { Fixture } from './types.js';\n\nexport const data: Fixture[] = ${JSON.stringify(fixtures, null, 2)};\n`;
writeFileSync(new URL('../fixtures/data.ts', import.meta.url), body);
console.log(`wrote ${fixtures.length} fixtures, ${(Buffer.byteLength(body) / 1024).toFixed(1)} KiB`);
