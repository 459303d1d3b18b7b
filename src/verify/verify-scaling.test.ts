import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/index.js';
import { verifyAnswer } from './verify-answer.js';

// Ratios, never wall times: the machine is shared. The baseline is one pass of the text layer's
// tokenizer over the same answer, timed in the same rounds: it is linear by design and allocates
// like the verifier does, so garbage collection and a busy neighbour slow both alike. The
// verifier's cost per tokenizer pass must not grow with the answer: a quadratic path makes it
// grow 10× from 100 KB to 1 MB and 100× from 10 KB to 1 MB.
const MAX_GROWTH = 5;

/** The fastest of `runs` calls, in ms: the minimum is the least disturbed by other processes. */
function fastest(runs: number, fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  // Below a tenth of a millisecond the clock's granularity, not the work, is measured.
  return Math.max(best, 0.1);
}

const vocabulary = 'the river flows north through Cologne and Bonn into the sea near Rotterdam where ships from Hamburg arrive daily carrying grain coal and steel'.split(' ');
const longGold = (() => {
  let gold = '';
  for (let i = 0; gold.length < 1000; i++) gold += `${vocabulary[(i * 7) % vocabulary.length]} `;
  return gold.trim();
})();
const prose = (chars: number): string => {
  let out = '';
  for (let i = 0; out.length < chars; i++) out += vocabulary[(i * 3) % vocabulary.length] + (i % 17 === 16 ? '. ' : ' ');
  return out;
};

const cases: Array<{ name: string; gold: string; make: (chars: number) => string }> = [
  { name: 'the gold on every line ("North Sea " repeated)', gold: 'North Sea', make: (n) => 'North Sea '.repeat(n / 10) },
  { name: 'a 1,000-character gold against prose sharing its words', gold: longGold, make: prose },
];

describe('verifyAnswer scales linearly with the final answer (10 KB / 100 KB / 1 MB)', () => {
  it.each(cases)('$name', ({ gold, make }) => {
    const [small, medium, large] = [make(10_000), make(100_000), make(1_000_000)];
    // Compile the gold and warm the JIT before anything is timed.
    for (let i = 0; i < 3; i++) verifyAnswer(small, gold);
    const verdict = verifyAnswer(large, gold);
    expect(verdict.method).toBe(verifyAnswer(medium, gold).method);
    // Rounds interleave the sizes, so a busy moment of the machine slows one round, not one size.
    const sizes = [small, medium, large];
    const verify = [Infinity, Infinity, Infinity];
    const baseline = [Infinity, Infinity, Infinity];
    for (let round = 0; round < 2; round++) {
      sizes.forEach((text, i) => {
        const runs = i === 2 ? 1 : 3;
        verify[i] = Math.min(verify[i]!, fastest(runs, () => verifyAnswer(text, gold)));
        baseline[i] = Math.min(baseline[i]!, fastest(runs, () => tokenize(text)));
      });
    }
    const [c10k, c100k, c1m] = verify.map((t, i) => t / baseline[i]!) as [number, number, number];
    const timings = ['10 KB', '100 KB', '1 MB'].map((size, i) => `${size} ${verify[i]!.toFixed(1)} ms (tokenize ${baseline[i]!.toFixed(1)} ms)`).join(', ');
    expect(c1m / c100k, timings).toBeLessThan(MAX_GROWTH);
    expect(c1m / c10k, timings).toBeLessThan(MAX_GROWTH);
  }, 120_000);
});

describe('goldAliases scales linearly with the number of aliases (issue 21)', () => {
  it('50,000 aliases cost well under the 100x of a quadratic duplicate check over 5,000', async () => {
    const { goldAliases } = await import('./gold-answer.js');
    const gold = (n: number) => ({ answer: 'A', aliases: Array.from({ length: n }, (_, i) => `alias ${i}`) });
    const small = gold(5000);
    const large = gold(50_000);
    expect(goldAliases(large)).toHaveLength(50_001);
    const ratio = fastest(5, () => goldAliases(large)) / Math.max(fastest(5, () => goldAliases(small)), 0.5);
    expect(ratio).toBeLessThan(50);
  });
});
