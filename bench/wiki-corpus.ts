// A generated wiki-18-style corpus for the index benchmarks: `{ id, contents: "\"Title\"\n100 words" }`
// lines, words drawn from the word frequencies of real paragraphs (MuSiQue / HotpotQA in the test
// fixtures) mixed with a long Zipf tail of rare made-up words (names, places), so postings lists have
// wiki-like lengths: a few terms in most passages, most terms in very few. Seeded, so reproducible.
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Words of real English text, repeated as often as they occur there (a unigram sampler). */
function realWords(): string[] {
  const text = readFileSync(join(root, 'fixtures/data-build/corpus-wiki.jsonl'), 'utf8');
  const words: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const row = JSON.parse(line) as { text?: string; contents?: string };
    for (const w of (row.text ?? row.contents ?? '').split(/\s+/)) if (w !== '') words.push(w);
  }
  return words;
}

/** A generator of passages and agent-style queries over the same vocabulary. */
export function wikiGenerator(seed = 42): { passage(i: number): string; query(words: number): string } {
  const words = realWords();
  // mulberry32: a tiny seeded generator, plenty for test data.
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (): string => words[Math.floor(next() * words.length)]!;
  // Rank r of 2M made-up words with probability ∝ 1/r (inverse-CDF of a continuous Zipf).
  const rare = (): string => {
    const r = Math.floor(Math.exp(next() * Math.log(2_000_000)));
    return `Zq${r.toString(36)}`;
  };
  const word = (): string => (next() < 0.12 ? rare() : pick());
  const title = (): string => {
    const n = 1 + Math.floor(next() * 3);
    return Array.from({ length: n }, () => {
      const w = next() < 0.5 ? rare() : pick();
      return w.charAt(0).toUpperCase() + w.slice(1);
    }).join(' ');
  };
  return {
    passage(i) {
      const body = Array.from({ length: 100 }, word).join(' ');
      return JSON.stringify({ id: String(i + 1), contents: `"${title()}"\n${body}` });
    },
    query(n) {
      return Array.from({ length: n }, word).join(' ');
    },
  };
}

/** Writes `n` passages to `path`. */
export async function writeWikiCorpus(path: string, n: number, seed = 42): Promise<void> {
  const gen = wikiGenerator(seed);
  const out = createWriteStream(path);
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    buf.push(gen.passage(i));
    if (buf.length === 1000) {
      if (!out.write(`${buf.join('\n')}\n`)) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length > 0) out.write(`${buf.join('\n')}\n`);
  out.end();
  await once(out, 'close');
}
