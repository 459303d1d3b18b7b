/**
 * Sends the same real traces to LongTraceRL's own reward server (launch_server.py, its LLM judge
 * replaced by a deterministic fake, see scripts/reference/drive_reference.py) and to ours, as
 * `POST /evaluate` bodies, and reports how often the outcome and the rubric agree.
 *
 *   npx tsx scripts/compare-reference.ts --reference /path/to/LongTraceRL [--limit 200] [--out compare-reference.jsonl]
 *
 * Needs Debian's python3-fastapi and python3-uvicorn (`--python` picks the interpreter that has
 * them, default /usr/bin/python3) and the data in ../shared/data (or $LONGTRACE_DATA):
 * - FRAMES: Qwen3-14B and R1-Distill-Qwen-14B traces (tts-knowledge), the chain being the titles of
 *   the question's Wikipedia pages;
 * - R1-Searcher: 2Wiki and Bamboogle search-agent traces (retrieved documents inside), the chain
 *   being the title-case names of the question plus the answer (no gold chain exists for them);
 * - MuSiQue: the gold decomposition with its aliases, as a response (full, one hop skipped, wrong
 *   answer) and as a chat whose first hop only a tool message names;
 * - FRAMES o4-mini: responses without a recorded thought, many an "Answer:" over several lines;
 * - issue 25: constructed cases of each kind that issue found, with what is right written down,
 *   so that the summary can say who is right where the sides differ, not only how often.
 * Every disagreement is written to the --out file with the rubrics each side found.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rubricReward, type GoldAnswer, type GoldEntity } from '../src/index.js';
import { rubricText } from '../src/server/evaluate.js';
import { createRewardServer } from '../src/server/index.js';
import { defaultDataDir } from './eval/datasets.js';

const { values: args } = parseArgs({
  options: {
    reference: { type: 'string' },
    python: { type: 'string', default: '/usr/bin/python3' },
    limit: { type: 'string' },
    out: { type: 'string', default: 'compare-reference.jsonl' },
    concurrency: { type: 'string', default: '8' },
  },
});
if (args.reference === undefined) {
  console.error('usage: npx tsx scripts/compare-reference.ts --reference /path/to/LongTraceRL [--limit N] [--out FILE]');
  process.exit(2);
}
const data = process.env['LONGTRACE_DATA'] ?? defaultDataDir();
const limit = args.limit === undefined ? Infinity : Number(args.limit);
const jsonl = (path: string): Record<string, unknown>[] =>
  readFileSync(join(data, path), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

interface Sample {
  id: string;
  set: string;
  body: { label: unknown; extra_reward_info: Record<string, unknown>; response?: string; history?: { role: string; content?: string | null; reasoning_content?: string }[] };
}

const info = (question: string, rubrics: GoldEntity[]) => ({
  question, rubrics, rubric_reward_ratio: 0.3, dataset_name: 'compare', rubric_use_reasoning_content: true, rubric_use_content: true,
});

function titleOf(url: string): string {
  const slug = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)).replaceAll('_', ' ');
  return slug.replace(/\s*\([^)]*\)\s*$/, '').replace(/#.*$/, '').trim();
}

function frames(): Sample[] {
  const bench = new Map(jsonl('tts-knowledge/benchmarks/frames_824.jsonl').map((r) => [String(r['id']), r]));
  const out: Sample[] = [];
  for (const [model, file] of [
    ['qwen3-14b', 'Qwen3-14B_frames_exd0.jsonl'], ['r1-distill-14b', 'DeepSeek-R1-Distill-Qwen-14B_frames_exd0.jsonl'],
    // No thought recorded: the response alone, often "Answer:\n…" over several lines (issue 25, item 7).
    ['o4-mini', 'o4-mini_frames_high_effort.jsonl'],
  ] as const) {
    for (const row of jsonl(`tts-knowledge/outputs/${file}`).slice(0, limit)) {
      const b = bench.get(String(row['id']));
      if (b === undefined) continue;
      // A Python list's repr: items in single quotes, or double quotes when they hold an apostrophe.
      const links = [...String(b['wiki_links']).matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => titleOf(m[1] ?? m[2]!)).filter((t) => t !== '');
      const thought = String(row['thought'] ?? '');
      const response = String(row['response'] ?? '');
      const text = thought === '' ? response : thought.startsWith('<think>') ? `${thought}${thought.includes('</think>') ? '' : '</think>'}\n\n${response}` : `<think>${thought}</think>\n\n${response}`;
      out.push({ id: `frames-${model}-${String(row['id'])}`, set: 'FRAMES', body: { label: String(row['answer']), extra_reward_info: info(String(row['problem']), links), response: text } });
    }
  }
  return out;
}

/** Title-case runs of the question ("Revenge Of The Ninja"), its first word excepted: a stand-in chain. */
function namesIn(question: string): string[] {
  const names = new Set<string>();
  for (const m of question.matchAll(/(?<![\p{L}\p{N}])[A-Z][\p{L}'’.-]*(?:\s+(?:of|the|and|de|von|van|la|le|du|[A-Z][\p{L}'’.-]*))*\s*(?:[A-Z][\p{L}'’.-]*)?/gu)) {
    const name = m[0].trim();
    if (m.index === 0 && !name.includes(' ')) continue;
    if (name.length > 2) names.add(name);
  }
  return [...names];
}

function r1(): Sample[] {
  const out: Sample[] = [];
  for (const file of ['2wiki_qwen', 'bamboogle_qwen']) {
    jsonl(`r1-searcher/eval_results/${file}.jsonl`).slice(0, limit).forEach((row, i) => {
      const answer = String(row['answer']);
      const rubrics = [...namesIn(String(row['question'])).filter((n) => n !== answer), answer];
      out.push({ id: `r1-${file}-${i}`, set: 'R1-Searcher', body: { label: answer, extra_reward_info: info(String(row['question']), rubrics), response: String(row['gen_text_store']) } });
    });
  }
  return out;
}

function musique(): Sample[] {
  const rows = JSON.parse(readFileSync(join(data, 'hipporag/musique_train.json'), 'utf8')) as Record<string, unknown>[];
  const out: Sample[] = [];
  for (const row of rows.slice(0, limit)) {
    const hops = row['question_decomposition'] as { question: string; answer: string }[];
    const answer = [String(row['answer']), ...((row['answer_aliases'] as string[] | undefined) ?? [])];
    // Plain strings: the reference reads nothing else (an object rubric is a 500 there).
    const rubrics: GoldEntity[] = hops.map((h) => h.answer);
    const reason = (skip: number): string =>
      hops.map((h, i) => {
        if (i === skip) return `Step ${i + 1}: I am not sure about this step, so I will move on.`;
        const q = h.question.replace(/#(\d)/g, (_, k: string) => (Number(k) - 1 === skip ? 'it' : (hops[Number(k) - 1]?.answer ?? '')));
        return `Step ${i + 1}: ${q.replace(/\s*>>\s*/, ', ').replace(/\?\s*$/, '')}? That is ${h.answer}.`;
      }).join('\n');
    const ei = info(String(row['question']), rubrics);
    // One string: the reference puts the label into its judge prompt as str(label).
    const label = answer[0]!;
    const id = `musique-${String(row['id'])}`;
    out.push({ id: `${id}-full`, set: 'MuSiQue', body: { label, extra_reward_info: ei, response: `<think>\n${reason(-1)}\n</think>\n\nThe answer is ${answer[0]}.` } });
    out.push({ id: `${id}-skip`, set: 'MuSiQue', body: { label, extra_reward_info: ei, response: `<think>\n${reason(hops.length - 2)}\n</think>\n\nThe answer is ${answer[0]}.` } });
    out.push({ id: `${id}-wrong`, set: 'MuSiQue', body: { label, extra_reward_info: ei, response: `<think>\n${reason(-1)}\n</think>\n\nAnswer: ${hops[0]!.answer}` } });
    out.push({
      id: `${id}-history`, set: 'MuSiQue', body: {
        label, extra_reward_info: ei, history: [
          { role: 'user', content: String(row['question']) },
          // No content key at all: the reference strips every assistant content it finds (null is a 500 there).
          { role: 'assistant', reasoning_content: reason(0) },
          { role: 'tool', content: `Search result: ${hops[0]!.answer}` },
          { role: 'assistant', content: `The answer is ${answer[0]}.` },
        ],
      },
    });
  }
  return out;
}

/**
 * Cases of the kinds issue 25 found (capitalised plurals, a name's head written as its compound,
 * names glued to a function word, ordinals, a very long rubric, numbered answers, a gold of
 * punctuation only, multi-line final answers, rubric_reward_ratio = 1), each with what a careful
 * reader says is right: `truth` names, per rubric, whether the response mentions it, and whether
 * the answer is right. The summary counts, over these, who is right where the two sides differ.
 */
interface Case25 extends Sample {
  truth: { rubrics: boolean[]; outcome?: boolean };
}

function issue25(): Case25[] {
  const cases: [id: string, label: string, response: string, rubrics: string[], truth: Case25['truth'], extra?: Record<string, unknown>][] = [
    ['plural-insect', 'Spider', '<think>Insects have six legs; arachnids have eight.</think> Answer: Spider', ['Insect', 'Arachnid'], { rubrics: [true, true], outcome: true }],
    ['plural-manatee', 'Manatee', '<think>Sea cows graze on seagrass.</think>\n\nAnswer: Manatees', ['Sea cow'], { rubrics: [true], outcome: true }],
    ['plural-colt', 'Indianapolis', '<think>The Colts moved from Baltimore.</think> Indianapolis', ['Colt', 'Baltimore'], { rubrics: [true, true], outcome: true }],
    ['plural-championship', 'Seoul', '<think>The League of Legends World Championships were held there in 2018.</think> Seoul', ['League of Legends World Championship'], { rubrics: [true], outcome: true }],
    ['name-wales', 'Cardiff', '<think>A wale is a ridge in cloth.</think> Cardiff', ['Wales'], { rubrics: [false], outcome: true }],
    ['head-lighthouse', 'Maine', '<think>The West Quoddy Head Lighthouse stands in Lubec.</think> Maine', ['West Quoddy Head Light', 'Lubec'], { rubrics: [true, true], outcome: true }],
    ['head-sea', 'Washington', '<think>Seattle is on Puget Sound.</think> Washington', ['Sea', 'Puget Sound'], { rubrics: [false, true], outcome: true }],
    ['glued-words', 'Metallica', '<think>They were pioneers ofThrash Metal in the 1980s.</think> Metallica', ['Thrash Metal'], { rubrics: [true], outcome: true }],
    ['ordinal-cardinal', '1990', '<think>The network has 12 institutions.</think> 1990', ['12th'], { rubrics: [false], outcome: true }],
    ['ordinal-ordinal', '1990', '<think>It ranked 12th that year.</think> 1990', ['12th'], { rubrics: [true], outcome: true }],
    ['long-entity', 'North Sea', `<think>${LONG_ENTITY}.</think> North Sea`, [LONG_ENTITY, 'Rhine'], { rubrics: [true, false], outcome: true }],
    ['numbered-gate', 'Gate 7', '<think>Flight 7 boards far away.</think> Gate 12', ['Flight 7'], { rubrics: [true], outcome: false }, { question: 'Where does Flight 7 board?' }],
    ['punctuation-gold', '!!!', '<think>The band is called !!!.</think> \\boxed{!!!}', ['Sacramento'], { rubrics: [false], outcome: true }],
    ['multi-line-answer', 'Awake', "<think>Kerrigan's assault was in 1994.</think>\n\n**Answer:**\nClosest to Kerrigan's assault:\nAwake by Dream Theater", ['Dream Theater'], { rubrics: [true], outcome: true }],
    ['ratio-one', 'Paris', '<think>The Seine flows through it.</think> Lyon', ['Seine'], { rubrics: [true] }, { rubric_reward_ratio: 1 }],
  ];
  return cases.map(([id, label, response, rubrics, truth, extra]) => ({
    id: `issue25-${id}`, set: 'issue 25', truth,
    body: { label, extra_reward_info: { ...info(String(extra?.['question'] ?? 'a question'), rubrics), ...extra }, response },
  }));
}

/** 20,000 distinct words: an entity long enough to overflow a recursive matcher (issue 25, item 4: 5,000 words overflowed it inline, 20,000 in a worker). */
const LONG_ENTITY = Array.from({ length: 20_000 }, (_, i) => `w${(i * 7919) % 100003}q`).join(' ');

/** launch_server.py:108-113, for saying which rubric the reference found. */
function normalizeString(text: string): string {
  return (text.toLowerCase().trim().match(/\w+|[\u4e00-\u9fff]/g) ?? []).join(' ');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function main(): Promise<void> {
  const cases25 = issue25();
  const truths = new Map(cases25.map((c) => [c.id, c.truth]));
  const samples: Sample[] = [...frames(), ...r1(), ...musique(), ...cases25];
  const port = await freePort();
  // Python's `-u` keeps the "ready" line from sitting in a buffer.
  const ref = spawn(args.python!, ['-u', join(import.meta.dirname, 'reference', 'drive_reference.py'), 'serve', args.reference!, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stopRef = () => { if (ref.exitCode === null) ref.kill('SIGTERM'); };
  process.on('exit', stopRef);
  await new Promise<void>((resolve, reject) => {
    ref.stdout.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
    ref.on('exit', (code) => reject(new Error(`the reference server exited (${code}); is python3-fastapi installed for ${args.python}?`)));
  });
  const ours = createRewardServer({ workers: 0 });
  await ours.listen({ host: '127.0.0.1', port: 0 });
  const oursUrl = `http://127.0.0.1:${(ours.server.address() as AddressInfo).port}/evaluate`;
  const refUrl = `http://127.0.0.1:${port}/evaluate`;

  type Tally = { n: number; outcome: number; rubric: number; reward: number; refErrors: number; ourErrors: number };
  const tally = new Map<string, Tally>();
  // Distinct per-entity differences (set, entity, who found it), and on issue 25's cases who is right.
  const distinct = new Map<string, { set: string; name: string; ours: boolean }>();
  const judged = { rubricOurs: 0, rubricRef: 0, outcomeOurs: 0, outcomeRef: 0 };
  const lines: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < samples.length) {
      const s = samples[next++]!;
      const [a, b] = await Promise.all([postJson(oursUrl, s.body), postJson(refUrl, s.body)]);
      const t = tally.get(s.set) ?? { n: 0, outcome: 0, rubric: 0, reward: 0, refErrors: 0, ourErrors: 0 };
      tally.set(s.set, t);
      t.n++;
      if (a.status !== 200) t.ourErrors++;
      if (b.status !== 200) t.refErrors++;
      if (a.status !== 200 || b.status !== 200) {
        lines.push(JSON.stringify({ id: s.id, set: s.set, ours: a, reference: b }));
        continue;
      }
      const same = (k: string) => Math.abs(Number(a.body[k]) - Number(b.body[k])) < 1e-9;
      if (same('outcome_reward')) t.outcome++;
      if (same('rubric_reward')) t.rubric++;
      if (same('reward')) t.reward++;
      if (!same('rubric_reward') || !same('outcome_reward')) {
        const rubrics = s.body.extra_reward_info['rubrics'] as GoldEntity[];
        const refText = normalizeString(rubricText(s.body.response, s.body.history as never, true, true));
        const mine = rubricReward({ response: s.body.response, messages: s.body.history as never, answer: s.body.label as GoldAnswer, entities: rubrics }, { strategy: 'mixed' });
        const oursFound = mine.rubricDetail.entities.map((h) => h.found);
        const names = rubrics.map((r) => (typeof r === 'string' ? r : r.name));
        const disagree = names.map((name, i) => ({ name, ours: oursFound[i], reference: refText.includes(normalizeString(name)) })).filter((d) => d.ours !== d.reference);
        for (const d of disagree) distinct.set(`${s.set}\u0000${d.name}\u0000${String(d.ours)}`, { set: s.set, name: d.name, ours: d.ours === true });
        const truth = truths.get(s.id);
        if (truth !== undefined) {
          for (const d of disagree) {
            const right = truth.rubrics[names.indexOf(d.name)];
            if (right === d.ours) judged.rubricOurs++;
            else if (right === d.reference) judged.rubricRef++;
          }
          if (truth.outcome !== undefined && !same('outcome_reward')) {
            if ((Number(a.body['outcome_reward']) > 0) === truth.outcome) judged.outcomeOurs++;
            else judged.outcomeRef++;
          }
        }
        lines.push(JSON.stringify({ id: s.id, set: s.set, label: s.body.label, extracted: mine.verdict.extracted, ours: a.body, reference: b.body, rubricsThatDiffer: disagree }));
      }
    }
  };
  await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
  await ours.close();
  stopRef();
  writeFileSync(args.out!, lines.length === 0 ? '' : `${lines.join('\n')}\n`);

  const pct = (x: number, n: number) => `${((100 * x) / Math.max(1, n)).toFixed(1)}%`;
  const all: Tally = { n: 0, outcome: 0, rubric: 0, reward: 0, refErrors: 0, ourErrors: 0 };
  console.log('| set | requests | outcome agrees | rubric agrees | reward agrees | reference errors | our errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [set, t] of [...tally].sort()) {
    for (const k of Object.keys(all) as (keyof Tally)[]) all[k] += t[k];
    const ok = t.n - Math.max(t.refErrors, t.ourErrors);
    console.log(`| ${set} | ${t.n} | ${pct(t.outcome, ok)} | ${pct(t.rubric, ok)} | ${pct(t.reward, ok)} | ${t.refErrors} | ${t.ourErrors} |`);
  }
  const ok = all.n - Math.max(all.refErrors, all.ourErrors);
  console.log(`| all | ${all.n} | ${pct(all.outcome, ok)} | ${pct(all.rubric, ok)} | ${pct(all.reward, ok)} | ${all.refErrors} | ${all.ourErrors} |`);
  const oursOnly = [...distinct.values()].filter((d) => d.ours).length;
  console.log(`\n${distinct.size} distinct per-entity differences: ${oursOnly} found by us alone, ${distinct.size - oursOnly} by the reference alone (read them in ${args.out}).`);
  console.log(`issue 25's cases, where the sides differ: rubric entities right by us ${judged.rubricOurs}, by the reference ${judged.rubricRef}; outcomes right by us ${judged.outcomeOurs}, by the reference ${judged.outcomeRef}.`);
  console.log(`${lines.length} disagreements or errors written to ${args.out}`);
}

await main();
