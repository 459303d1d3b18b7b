import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { verifyAnswer } from '../verify/index.js';
import { rubricReward } from './rubric-reward.js';
import { rubricScore } from './rubric-score.js';
import { createScorer, defaultScorer } from './scorer.js';

const response = '<think>Cologne lies on the Rhine, which flows into the North Sea.</think> \\boxed{North Sea}';
const input = { response, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] };

describe('createScorer', () => {
  it('scores exactly as the top-level functions do', () => {
    const scorer = createScorer({ cacheSize: 8 });
    expect(scorer.rubricReward(input)).toEqual(rubricReward(input));
    expect(scorer.verifyAnswer('It is Paris or Lyon.', 'Paris')).toEqual(verifyAnswer('It is Paris or Lyon.', 'Paris'));
    expect(scorer.rubricScore('Köln and the Rhine', ['Rhine', { name: 'Cologne', aliases: ['Köln'] }])).toEqual(
      rubricScore('Köln and the Rhine', ['Rhine', { name: 'Cologne', aliases: ['Köln'] }]),
    );
  });

  it('keeps one compiled gold and one entity list per question, and clears them', () => {
    const scorer = createScorer({ cacheSize: 8 });
    for (let i = 0; i < 4; i++) scorer.rubricReward(input);
    expect(scorer.cacheStats()).toEqual({ golds: 1, matchers: 1, max: 8 });
    scorer.clearCache();
    expect(scorer.cacheStats()).toEqual({ golds: 0, matchers: 0, max: 8 });
  });

  it('never keeps more than cacheSize entries, for any sequence of questions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(fc.constantFrom('Paris', 'Lyon', 'Nice', 'Lille', 'Metz', 'Brest', 'Caen'), { maxLength: 20 }), (size, golds) => {
        const scorer = createScorer({ cacheSize: size });
        for (const gold of golds) scorer.rubricReward({ response: `Answer: ${gold}`, answer: gold, entities: [gold] });
        const stats = scorer.cacheStats();
        expect(stats.golds).toBeLessThanOrEqual(Math.min(size, new Set(golds).size));
        expect(stats.matchers).toBeLessThanOrEqual(Math.min(size, new Set(golds).size));
      }),
      { numRuns: 200 },
    );
  });

  it('cacheSize 0 compiles on every call and still scores', () => {
    const scorer = createScorer({ cacheSize: 0 });
    expect(scorer.rubricReward(input).reward).toBe(1);
    expect(scorer.cacheStats()).toEqual({ golds: 0, matchers: 0, max: 0 });
  });

  it('does not touch the default caches, and defaultScorer holds what the top-level functions compile', () => {
    defaultScorer.clearCache();
    createScorer().rubricReward(input);
    expect(defaultScorer.cacheStats()).toEqual({ golds: 0, matchers: 0, max: 2048 });
    rubricReward(input);
    expect(defaultScorer.cacheStats()).toEqual({ golds: 1, matchers: 1, max: 2048 });
    defaultScorer.clearCache();
    expect(defaultScorer.cacheStats().golds).toBe(0);
    // Cleared caches compile again on the next call, with the same result.
    expect(rubricReward(input).reward).toBe(1);
  });

  it.each<{ options: unknown; message: RegExp }>([
    { options: { cacheSize: -1 }, message: /cacheSize: cacheSize must be a whole number ≥ 0, got -1/ },
    { options: { cacheSize: 1.5 }, message: /got 1\.5/ },
    { options: { cacheSize: '10' }, message: /got 10/ },
    { options: { cacheSize: Number.NaN }, message: /got NaN/ },
    { options: null, message: /options: expected an options object or undefined, got null/ },
  ])('refuses $options with a ValidationError', ({ options, message }) => {
    expect(() => createScorer(options as never)).toThrow(ValidationError);
    expect(() => createScorer(options as never)).toThrow(message);
  });
});
