import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GoldEntity } from '../entities/index.js';
import { DEFAULT_EXCLUDED_BLOCKS } from '../response/index.js';
import { groupRewards } from './group-rewards.js';
import { rubricReward, type RewardOptions, type RubricSource } from './rubric-reward.js';
import { rubricScore } from './rubric-score.js';
import { combine, STRATEGIES } from './strategy.js';

// A small world: chain entities whose names overlap (York / New York / New York City), an alias
// with an accent, and words that only look like them, so matches, near-misses and overlaps are common.
const ENTITIES: GoldEntity[] = [
  { name: 'Cologne', aliases: ['Köln'] },
  'Rhine',
  'North Sea',
  'York',
  { name: 'New York City', aliases: ['NYC'], weight: 2 },
  { name: 'Pyotr Ilyich Tchaikovsky', aliases: ['Tchaikovsky'], weight: 0.5 },
];
const NAMES = ['Cologne', 'Köln', 'Rhine', 'North Sea', 'York', 'New York City', 'NYC', 'Tchaikovsky', 'Pyotr Ilyich Tchaikovsky'];
const WORDS = ['the', 'river', 'flows', 'into', 'North', 'Sea', 'New', 'city', 'Tchaikovksy', 'Rhin', 'Koln', 'not', 'or', 'and', '.', ',', '\n', '1893'];
const MARKERS = ['<think>', '</think>', '<|im_end|>', '\\boxed{', '}', '<answer>', '</answer>', 'Answer: ', ...DEFAULT_EXCLUDED_BLOCKS.flatMap((b) => [b.open, b.close])];

/** Text made of names, words and a little noise, with no markers (a stretch of reasoning). */
const plainText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NAMES) }, { weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.string({ maxLength: 5 }).filter((s) => !/[<>|\\{}]/.test(s)) }), { maxLength: 25 })
  .map((parts) => parts.join(' '));
/** A whole response: names, words, markers in any order, and arbitrary strings. */
const response = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom(...WORDS), fc.constantFrom(...MARKERS), fc.string({ maxLength: 6 })), { maxLength: 40 }).map((p) => p.join(' ')),
  fc.tuple(plainText, fc.constantFrom(...NAMES, 'Lyon', 'the North Sea', 'North Sea or Baltic Sea')).map(([r, a]) => `<think>${r}</think>\\boxed{${a}}`),
  fc.string({ maxLength: 120 }),
);
const answer = fc.constantFrom<string | string[]>('North Sea', 'New York City', ['Pyotr Ilyich Tchaikovsky', 'Tchaikovsky'], 'Rhine');
const options: fc.Arbitrary<RewardOptions> = fc.record({
  eta: fc.double({ min: 0, max: 1, noNaN: true }),
  strategy: fc.constantFrom(...STRATEGIES),
  rubricSource: fc.constantFrom<RubricSource>('reasoning', 'content', 'all'),
});

describe('reward invariants', () => {
  it('combine stays in [0, 1] for any outcome, rubric, strategy and eta in [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...STRATEGIES), fc.double({ min: 0, max: 1, noNaN: true }), (o, r, s, eta) => {
        const reward = combine(o, r, s, eta);
        return reward >= 0 && reward <= 1;
      }),
    );
  });

  it('rubricReward: reward in [0, 1], gated ⇒ reward 0, outcome and rubric in range', () => {
    fc.assert(
      fc.property(response, answer, options, (text, gold, opts) => {
        const r = rubricReward({ response: text, answer: gold, entities: ENTITIES }, opts);
        expect(r.reward).toBeGreaterThanOrEqual(0);
        expect(r.reward).toBeLessThanOrEqual(1);
        expect([0, 1]).toContain(r.outcome);
        expect(r.outcome).toBe(r.verdict.correct ? 1 : 0);
        expect(r.rubric).toBeGreaterThanOrEqual(0);
        expect(r.rubric).toBeLessThanOrEqual(1);
        expect(r.gated).toBe(opts.strategy === 'positive-only' && !r.verdict.correct);
        if (r.gated) expect(r.reward).toBe(0);
        expect(r.reward).toBe(combine(r.outcome, r.rubric, opts.strategy!, opts.eta!));
      }),
      { numRuns: 300 },
    );
  });

  it('the same input gives the same output', () => {
    fc.assert(
      fc.property(response, answer, options, (text, gold, opts) => {
        const input = { response: text, answer: gold, entities: ENTITIES };
        expect(rubricReward(input, opts)).toEqual(rubricReward(structuredClone(input), { ...opts }));
      }),
      { numRuns: 150 },
    );
  });

  it('every mention slices back out of the response and lies outside excluded blocks', () => {
    fc.assert(
      fc.property(response, answer, options, (text, gold, opts) => {
        const r = rubricReward({ response: text, answer: gold, entities: ENTITIES }, opts);
        for (const hit of r.rubricDetail.entities) {
          expect(hit.found).toBe(hit.mentions.length > 0);
          for (const m of hit.mentions) {
            expect(text.slice(m.start, m.end)).toBe(m.text);
            for (const marker of MARKERS) {
              // A mention never swallows a marker: markers are cut out of every span.
              if (marker.length > 1 && /[<|]/.test(marker)) expect(m.text.includes(marker)).toBe(false);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('adding a mention of a gold entity to the reasoning never lowers recall', () => {
    fc.assert(
      fc.property(plainText, plainText, fc.constantFrom(...NAMES), fc.constantFrom('start', 'end'), fc.constantFrom<RubricSource>('reasoning', 'all'), (reasoning, final, name, where, source) => {
        const before = `<think>${reasoning}</think>${final}`;
        const added = where === 'start' ? `${name}.\n${reasoning}` : `${reasoning}\n${name}.`;
        const after = `<think>${added}</think>${final}`;
        const r0 = rubricReward({ response: before, answer: 'North Sea', entities: ENTITIES }, { rubricSource: source });
        const r1 = rubricReward({ response: after, answer: 'North Sea', entities: ENTITIES }, { rubricSource: source });
        expect(r1.rubric).toBeGreaterThanOrEqual(r0.rubric);
        // The named entity itself is found afterwards.
        const index = ENTITIES.findIndex((e) => (typeof e === 'string' ? e === name : e.name === name || (e.aliases ?? []).includes(name)));
        if (index >= 0 && name !== 'York') expect(r1.rubricDetail.entities[index]!.found).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('rubricScore recall is the weighted share of found entities', () => {
    fc.assert(
      fc.property(plainText, (text) => {
        const score = rubricScore(text, ENTITIES);
        const weights = score.entities.map((e) => e.weight);
        const found = score.entities.reduce((sum, e) => sum + (e.found ? e.weight : 0), 0);
        expect(score.recall).toBeCloseTo(found / weights.reduce((a, b) => a + b, 0), 12);
        expect(score.hits).toBe(score.entities.filter((e) => e.found).length);
        expect(score.orderedRecall).toBeLessThanOrEqual(score.hits / score.total + 1e-12);
      }),
    );
  });
});

describe('groupRewards invariants', () => {
  const result = fc.record({ outcome: fc.constantFrom(0, 1), rubric: fc.double({ min: 0, max: 1, noNaN: true }) });
  const groupOptions = fc.record({
    eta: fc.double({ min: 0, max: 1, noNaN: true }),
    strategy: fc.constantFrom(...STRATEGIES),
    normalizeRubric: fc.boolean(),
  });

  it('advantages have mean ≈ 0, rewards stay in [0, 1], one of each per result', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 16 }), groupOptions, (group, opts) => {
        const { rewards, advantages } = groupRewards(group, opts);
        expect(rewards).toHaveLength(group.length);
        expect(advantages).toHaveLength(group.length);
        for (const x of rewards) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1 + 1e-12);
        }
        if (group.length > 0) expect(Math.abs(advantages.reduce((a, b) => a + b, 0) / group.length)).toBeLessThan(1e-9);
        if (rewards.every((x) => x === rewards[0])) expect(advantages.every((a) => a === 0)).toBe(true);
        // A higher reward never gets a lower advantage (equal only when the gap underflows).
        for (let i = 0; i < rewards.length; i++) {
          for (let j = 0; j < rewards.length; j++) if (rewards[i]! > rewards[j]!) expect(advantages[i]!).toBeGreaterThanOrEqual(advantages[j]!);
        }
      }),
    );
  });

  it('normalised rubrics reach 1 for the best rollout', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 16 }), (group) => {
        const best = Math.max(...group.map((g) => g.rubric));
        fc.pre(best > 0);
        // With mixed and η = 1 the reward is the normalised rubric itself.
        const { rewards } = groupRewards(group, { strategy: 'mixed', eta: 1 });
        expect(Math.max(...rewards)).toBeCloseTo(1, 12);
        rewards.forEach((x, i) => expect(x).toBeCloseTo(group[i]!.rubric / best, 12));
      }),
    );
  });
});
