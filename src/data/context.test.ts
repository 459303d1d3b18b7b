import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { LongtraceError } from '../errors.js';
import { buildContext, goldPositions, type GoldPlacement } from './context.js';
import { indexCorpus } from './corpus/index.js';
import { approxTokenCount, approxTokenizer, loadTokenizer, type Tokenizer } from './tokenizer.js';
import type { Doc } from './types.js';

const words: Tokenizer = { name: 'words', count: (t) => t.split(/\s+/).filter(Boolean).length };
// Counts a whole text as more than its parts (one extra token per paragraph break), as a BPE
// merging across block edges might: the final recount must catch it.
const superAdditive: Tokenizer = { name: 'super', count: (t) => approxTokenCount(t) + (t.match(/\n\n/g)?.length ?? 0) * 3 };

const doc = (id: string, n: number): Doc => ({ id, title: `Title ${id}`, text: `word `.repeat(n).trim() });

const docArb = (prefix: string) =>
  // Documents with text: a document without any is skipped (tiers, pool) or refused (gold), tested below.
  fc.array(fc.record({ title: fc.string({ maxLength: 20 }), text: fc.string({ maxLength: 400 }).map((t) => (t.trim() === '' ? `x${t}` : t)) }), { maxLength: 12 }).map((list) =>
    list.map((d, i) => ({ id: `${prefix}${i}`, title: d.title, text: d.text })),
  );
const placementArb: fc.Arbitrary<GoldPlacement> = fc.oneof(
  fc.constantFrom<GoldPlacement>('uniform', 'spread', 'gaussian'),
  fc.record({ depth: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ depth: fc.double({ min: 0, max: 1, noNaN: true }), sd: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
);

describe('buildContext: invariants (fast-check)', () => {
  it('never over budget, every gold document in, or CONTEXT_OVER_BUDGET when the gold alone does not fit', () => {
    fc.assert(
      fc.property(
        docArb('g'), docArb('a'), docArb('b'), docArb('p'),
        fc.integer({ min: 1, max: 3000 }), fc.integer(), placementArb, fc.constantFrom(approxTokenizer, words, superAdditive), fc.string({ maxLength: 80 }),
        (gold, tier1, tier2, pool, budget, seed, goldPlacement, tokenizer, question) => {
          let ctx;
          try {
            ctx = buildContext({ gold, tier1, tier2, pool }, { budgetTokens: budget, seed, goldPlacement, tokenizer, question });
          } catch (error) {
            expect(LongtraceError.isInstance(error) && error.code).toBe('CONTEXT_OVER_BUDGET');
            return;
          }
          expect(ctx.tokens).toBe(tokenizer.count(ctx.prompt));
          expect(ctx.tokens).toBeLessThanOrEqual(budget);
          expect(ctx.documents.filter((d) => d.tier === 'gold').map((d) => d.id)).toEqual(
            [...ctx.goldPositions].sort((x, y) => x - y).map((p) => ctx.documents[p]!.id),
          );
          expect(ctx.goldPositions.every((p) => p >= 0 && ctx.documents[p]!.tier === 'gold')).toBe(true);
          expect(new Set(ctx.documents.map((d) => d.id)).size).toBe(ctx.documents.length);
          // Whatever of a tier is not in the context is reported as left out.
          for (const tier of ['tier1', 'tier2'] as const) {
            const given = tier === 'tier1' ? tier1 : tier2;
            const inside = ctx.documents.filter((d) => d.tier === tier).length;
            expect(inside + ctx.left.filter((l) => l.tier === tier).length).toBe(given.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(docArb('g'), docArb('a'), docArb('p'), fc.integer({ min: 50, max: 2000 }), fc.integer(), placementArb, (gold, tier1, pool, budget, seed, goldPlacement) => {
        const run = (): unknown => {
          try {
            return buildContext({ gold, tier1, pool }, { budgetTokens: budget, seed, goldPlacement });
          } catch (error) {
            return (error as Error).message;
          }
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 100 },
    );
  });

  it('gold positions are distinct, sorted and in range for every placement', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 }), placementArb, fc.integer(), (g, extra, placement, seed) => {
        const n = g + extra;
        const p = goldPositions(g, n, placement, xoroshiro128plus(seed));
        expect(p).toHaveLength(g);
        expect(new Set(p).size).toBe(g);
        expect([...p].sort((a, b) => a - b)).toEqual(p);
        expect(p.every((x) => x >= 0 && x < Math.max(n, 1))).toBe(true);
      }),
    );
  });
});

describe('buildContext: behaviour', () => {
  const gold = [doc('g1', 50), doc('g2', 50)];
  const tier1 = [doc('t1a', 50), doc('t1b', 50)];
  const tier2 = [doc('t2a', 50), doc('t2b', 50)];
  const pool = indexCorpus(Array.from({ length: 200 }, (_, i) => doc(`p${i}`, 50)));

  it('fills Tier-1, then Tier-2, then the pool, and reports what was left out', () => {
    const small = buildContext({ gold, tier1, tier2, pool }, { budgetTokens: 270, tokenizer: words, question: 'Q?' });
    expect(small.documents.map((d) => d.tier).sort()).toEqual(['gold', 'gold', 'tier1', 'tier1']);
    expect(small.left).toEqual([{ id: 't2a', tier: 'tier2', reason: 'budget' }, { id: 't2b', tier: 'tier2', reason: 'budget' }]);
    const big = buildContext({ gold, tier1, tier2, pool }, { budgetTokens: 2000, tokenizer: words, question: 'Q?' });
    expect(big.documents.filter((d) => d.tier === 'pool').length).toBe(big.pool.taken);
    expect(big.pool.taken).toBeGreaterThan(20);
    expect(big.left).toEqual([]);
    expect(big.tokens).toBeLessThanOrEqual(2000);
    expect(big.tokens).toBeGreaterThan(2000 - 60);
    const t2first = buildContext({ gold, tier1, tier2 }, { budgetTokens: 270, tokenizer: words, fillOrder: ['tier2', 'tier1'] });
    expect(t2first.documents.filter((d) => d.tier !== 'gold').map((d) => d.tier)).toEqual(['tier2', 'tier2']);
  });

  it('renders the template with positions, the instruction and the question', () => {
    const ctx = buildContext({ gold: [{ id: 'a', title: 'Alpha', text: 'alpha text' }] }, { budgetTokens: 100, instruction: 'Read.', question: 'Who?' });
    expect(ctx.prompt).toBe('Read.\n\n[Doc 1] Alpha\nalpha text\n\nQuestion: Who?');
    const custom = buildContext({ gold: [{ id: 'a', title: 'Alpha', text: 'x' }] }, { budgetTokens: 100, instruction: 'I', docTemplate: '<doc id="{id}" n="{n}">{text}</doc>', separator: '\n' });
    expect(custom.prompt).toBe('I\n<doc id="a" n="1">x</doc>\nQuestion: ');
  });

  it.each<[GoldPlacement, number[]]>([
    ['spread', [2, 7]],
    [{ depth: 0 }, [0, 1]],
    [{ depth: 1 }, [8, 9]],
    [{ depth: 0.5 }, [4, 5]],
  ])('places the gold: %j', (goldPlacement, expected) => {
    const distractors = Array.from({ length: 8 }, (_, i) => doc(`d${i}`, 5));
    const ctx = buildContext({ gold, tier1: distractors }, { budgetTokens: 10_000, goldPlacement, tokenizer: words });
    expect(ctx.documents).toHaveLength(10);
    expect(ctx.goldPositions).toEqual(expected);
  });

  it('skips pool documents that mention the answer', () => {
    const leaky = indexCorpus([doc('x1', 5), { id: 'x2', title: 'Paris', text: 'the answer' }, doc('x3', 5), { id: 'x4', text: 'Paris again' }]);
    const ctx = buildContext({ gold }, { budgetTokens: 1000, tokenizer: words, answer: 'Paris' });
    expect(ctx.pool.taken).toBe(0);
    const withPool = buildContext({ gold, pool: leaky }, { budgetTokens: 1000, tokenizer: words, answer: 'Paris' });
    expect(withPool.documents.map((d) => d.id).filter((id) => id.startsWith('x')).sort()).toEqual(['x1', 'x3']);
    expect(withPool.pool.answerSkipped).toBe(2);
  });

  it.each([
    [{ budgetTokens: 0 }, 'budgetTokens'],
    [{ budgetTokens: 1.5 }, 'budgetTokens'],
    [{ budgetTokens: 10, goldPlacement: { depth: 2 } }, 'goldPlacement'],
  ])('refuses options %j naming %s', (options, path) => {
    expect(() => buildContext({ gold }, options)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', path }));
  });

  it('throws CONTEXT_OVER_BUDGET naming the budget when the gold alone is too long', () => {
    expect(() => buildContext({ gold }, { budgetTokens: 60, tokenizer: words })).toThrow(/more than budgetTokens \(60\)/);
  });
});

describe('tokenizers', () => {
  it.each([
    ['', 0],
    ['Paris', 2],
    ['1879', 5],
    ['東京', 3],
  ])('approx counts %j as %i', (text, n) => {
    expect(approxTokenCount(text)).toBe(n);
  });

  it('approx grows with the text and is never negative', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      expect(approxTokenCount(a)).toBeGreaterThanOrEqual(0);
      expect(approxTokenCount(a + b)).toBeGreaterThanOrEqual(approxTokenCount(a));
    }));
  });

  it('an unknown tokenizer path is a TOKENIZER_UNAVAILABLE error', async () => {
    await expect(loadTokenizer('/nonexistent/tokenizer.json')).rejects.toMatchObject({ code: 'TOKENIZER_UNAVAILABLE' });
    expect(await loadTokenizer('approx')).toBe(approxTokenizer);
  });
});

describe('buildContext: gold given twice', () => {
  it('puts it in once', () => {
    const g = { id: 'g', title: 'G', text: 'gold' };
    const ctx = buildContext({ gold: [g, g] }, { budgetTokens: 100 });
    expect(ctx.documents.map((d) => d.id)).toEqual(['g']);
    expect(ctx.goldPositions).toEqual([0]);
  });
});

describe('buildContext: hostile input (issue 21)', () => {
  it('inserts a question with $ patterns literally', () => {
    for (const question of ["US$' and more", 'a $& b', '$$5', "$` $1 $<x>"]) {
      const ctx = buildContext({ gold: [doc('g', 3)] }, { budgetTokens: 500, question });
      expect(ctx.prompt.endsWith(`Question: ${question}`)).toBe(true);
    }
  });

  it('keeps two gold documents that share a title but not an id (paragraph corpora)', () => {
    const gold = [{ id: 'p1', title: 'Canon law', text: 'first paragraph' }, { id: 'p2', title: 'Canon law', text: 'second paragraph' }];
    const ctx = buildContext({ gold }, { budgetTokens: 500 });
    expect(ctx.documents.filter((d) => d.tier === 'gold').map((d) => d.id).sort()).toEqual(['p1', 'p2']);
    expect(ctx.goldPositions).toHaveLength(2);
  });

  it('puts one document in once, whether it came by title or by id', () => {
    const page = { id: 'c7', title: 'Rhine', text: 'The Rhine is a river.' };
    const byTitle = { id: 'Rhine', title: 'Rhine', text: 'The Rhine is a river.' };
    const pool = indexCorpus([page, doc('x1', 3), doc('x2', 3)]);
    for (let seed = 0; seed < 20; seed++) {
      const ctx = buildContext({ gold: [doc('g', 3)], tier1: [byTitle], pool }, { budgetTokens: 2000, seed });
      expect(ctx.documents.filter((d) => d.title === 'Rhine')).toHaveLength(1);
    }
  });

  it('skips distractors and pool documents without text, and refuses gold without text', () => {
    const pool = indexCorpus([{ id: 'e1', title: 'Empty' }, { id: 'e2', title: 'Blank', text: '  ' }, doc('x1', 3)]);
    const ctx = buildContext({ gold: [doc('g', 3)], tier1: [{ id: 't1', title: 'No text' }], pool }, { budgetTokens: 2000 });
    expect(ctx.documents.map((d) => d.id).sort()).toEqual(['g', 'x1']);
    expect(ctx.left).toContainEqual({ id: 't1', tier: 'tier1', reason: 'no-text' });
    expect(ctx.pool.noText).toBe(2);
    expect(() => buildContext({ gold: [{ id: 'g', title: 'T' }] }, { budgetTokens: 500 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it.each([
    ['goldPlacement', { goldPlacement: 'bogus' }],
    ['fillOrder', { fillOrder: ['bogus'] }],
    ['tokenizer', { tokenizer: { count: () => Number.NaN } }],
    ['tokenizer', { tokenizer: { count: () => -1 } }],
    ['tokenizer', { tokenizer: { count: () => 1.5 } }],
  ])('refuses a bad %s with a typed error naming it', (field, bad) => {
    expect(() => buildContext({ gold: [doc('g', 3)] }, { budgetTokens: 500, ...(bad as object) })).toThrow(
      expect.objectContaining({ name: 'ValidationError', code: 'INVALID_OPTIONS', path: field }),
    );
  });

  it('refuses gold that is not an array', () => {
    expect(() => buildContext({ gold: null } as never, { budgetTokens: 500 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'gold' }));
  });

  it('is linear in the number of gold documents (10x the documents, well under the 100x of a quadratic pass)', () => {
    const run = (n: number): number => {
      const gold = Array.from({ length: n }, (_, i) => doc(`g${i}`, 2));
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        buildContext({ gold }, { budgetTokens: 10_000_000, tokenizer: words });
        best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    const small = Math.max(run(2000), 5);
    expect(run(20_000) / small).toBeLessThan(40);
  });
});

describe('buildContext: the question', () => {
  // A string replacement read `$$` as `$` and `$&` as the placeholder: the prompt lost the question's dollars.
  it.each(['What costs $$5?', 'Is $& a pattern?', "Before $` and after $'"])('stands in the prompt as written: %s', (question) => {
    const context = buildContext({ gold: [doc('g', 3)] }, { budgetTokens: 1000, question });
    expect(context.prompt.endsWith(`\n\nQuestion: ${question}`)).toBe(true);
  });
});
