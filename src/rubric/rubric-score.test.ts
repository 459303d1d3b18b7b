import { describe, expect, it } from 'vitest';
import { createEntityMatcher, type GoldEntity } from '../entities/index.js';
import { ValidationError } from '../errors.js';
import { rubricScore } from './rubric-score.js';

const CHAIN: GoldEntity[] = ['Cologne', 'Rhine', 'North Sea'];

describe('rubricScore: recall', () => {
  it.each<{ name: string; text: string; entities: GoldEntity[]; recall: number; hits: number; total: number }>([
    { name: 'every entity', text: 'Cologne lies on the Rhine, which flows into the North Sea.', entities: CHAIN, recall: 1, hits: 3, total: 3 },
    { name: 'two of three', text: 'Cologne lies on the Rhine.', entities: CHAIN, recall: 2 / 3, hits: 2, total: 3 },
    { name: 'none', text: 'Berlin lies on the Spree.', entities: CHAIN, recall: 0, hits: 0, total: 3 },
    { name: 'empty text', text: '', entities: CHAIN, recall: 0, hits: 0, total: 3 },
    { name: 'an alias counts for its entity', text: 'Köln is old.', entities: [{ name: 'Cologne', aliases: ['Köln'] }, 'Rhine'], recall: 0.5, hits: 1, total: 2 },
    { name: 'case and accents folded', text: 'COLOGNE and the rhine', entities: CHAIN, recall: 2 / 3, hits: 2, total: 3 },
    {
      name: 'weighted: the found entity weighs 2 of 4',
      text: 'Köln lies on the Rhine',
      entities: [{ name: 'Cologne', aliases: ['Köln'], weight: 2 }, 'Rhine', 'North Sea'],
      recall: 0.75,
      hits: 2,
      total: 3,
    },
    {
      name: 'weighted: a zero-weight entity adds nothing',
      text: 'Cologne',
      entities: [{ name: 'Cologne', weight: 0 }, 'Rhine'],
      recall: 0,
      hits: 1,
      total: 2,
    },
    { name: 'all weights zero: recall 0', text: 'Cologne', entities: [{ name: 'Cologne', weight: 0 }], recall: 0, hits: 1, total: 1 },
    { name: 'no entities: recall 0', text: 'Cologne', entities: [], recall: 0, hits: 0, total: 0 },
    { name: 'repeated mentions count once', text: 'Rhine, Rhine, Rhine.', entities: CHAIN, recall: 1 / 3, hits: 1, total: 3 },
  ])('$name', ({ text, entities, recall, hits, total }) => {
    const score = rubricScore(text, entities);
    expect(score.recall).toBeCloseTo(recall, 12);
    expect(score.hits).toBe(hits);
    expect(score.total).toBe(total);
    expect(score.entities.map((e) => e.name)).toEqual(entities.map((e) => (typeof e === 'string' ? e : e.name)));
  });

  it('accepts a compiled matcher and gives the same score as the entity list', () => {
    const text = 'Cologne lies on the Rhine.';
    expect(rubricScore(text, createEntityMatcher(CHAIN))).toEqual(rubricScore(text, CHAIN));
  });

  it('pins the shape of a score', () => {
    expect(rubricScore('Köln lies on the Rhine', [{ name: 'Cologne', aliases: ['Köln'] }, 'Rhine', 'North Sea'])).toMatchInlineSnapshot(`
      {
        "entities": [
          {
            "found": true,
            "mentions": [
              {
                "alias": "Köln",
                "end": 4,
                "how": "exact",
                "start": 0,
                "text": "Köln",
              },
            ],
            "name": "Cologne",
            "weight": 1,
          },
          {
            "found": true,
            "mentions": [
              {
                "alias": "Rhine",
                "end": 22,
                "how": "exact",
                "start": 17,
                "text": "Rhine",
              },
            ],
            "name": "Rhine",
            "weight": 1,
          },
          {
            "found": false,
            "mentions": [],
            "name": "North Sea",
            "weight": 1,
          },
        ],
        "hits": 2,
        "orderedRecall": 0.6666666666666666,
        "recall": 0.6666666666666666,
        "total": 3,
      }
    `);
  });
});

describe('rubricScore: ranges', () => {
  const text = 'Cologne | Rhine | North Sea';
  it.each<{ name: string; ranges: { start: number; end: number }[]; found: boolean[] }>([
    { name: 'the whole text', ranges: [{ start: 0, end: text.length }], found: [true, true, true] },
    { name: 'the first word only', ranges: [{ start: 0, end: 7 }], found: [true, false, false] },
    { name: 'two ranges', ranges: [{ start: 0, end: 7 }, { start: 18, end: text.length }], found: [true, false, true] },
    { name: 'no ranges', ranges: [], found: [false, false, false] },
  ])('$name', ({ ranges, found }) => {
    const score = rubricScore(text, CHAIN, { ranges });
    expect(score.entities.map((e) => e.found)).toEqual(found);
    for (const hit of score.entities) {
      for (const m of hit.mentions) {
        expect(text.slice(m.start, m.end)).toBe(m.text);
        expect(ranges.some((r) => m.start >= r.start && m.end <= r.end)).toBe(true);
      }
    }
  });
});

describe('rubricScore: orderedRecall', () => {
  const chain: GoldEntity[] = ['Alpha', 'Bravo', 'Charlie', 'Delta'];
  it.each<{ name: string; text: string; ordered: number; recall: number }>([
    { name: 'the chain walked in order', text: 'Alpha then Bravo then Charlie then Delta', ordered: 1, recall: 1 },
    { name: 'the chain walked backwards', text: 'Delta then Charlie then Bravo then Alpha', ordered: 0.25, recall: 1 },
    { name: 'one pair swapped', text: 'Alpha then Charlie then Bravo then Delta', ordered: 0.75, recall: 1 },
    { name: 'a gap does not break the order', text: 'Alpha then Charlie then Delta', ordered: 0.75, recall: 0.75 },
    { name: 'first mentions decide, later ones do not', text: 'Alpha Bravo Charlie Delta, and again Alpha', ordered: 1, recall: 1 },
    { name: 'nothing mentioned', text: 'Echo Foxtrot', ordered: 0, recall: 0 },
    { name: 'one mentioned', text: 'only Charlie', ordered: 0.25, recall: 0.25 },
  ])('$name → $ordered', ({ text, ordered, recall }) => {
    const score = rubricScore(text, chain);
    expect(score.orderedRecall).toBeCloseTo(ordered, 12);
    expect(score.recall).toBeCloseTo(recall, 12);
  });

  it('is 0 for an empty chain', () => {
    expect(rubricScore('Alpha', []).orderedRecall).toBe(0);
  });
});

describe('rubricScore: distractors', () => {
  it.each<{ name: string; text: string; mentioned: number; names: string[] }>([
    { name: 'none mentioned', text: 'Cologne lies on the Rhine.', mentioned: 0, names: [] },
    { name: 'one mentioned', text: 'Cologne lies on the Rhine, not the Danube.', mentioned: 1, names: ['Danube'] },
    { name: 'reported in the order given', text: 'Vienna and the Danube and Baltic Sea', mentioned: 3, names: ['Baltic Sea', 'Danube', 'Vienna'] },
  ])('$name', ({ text, mentioned, names }) => {
    const score = rubricScore(text, CHAIN, { distractors: ['Baltic Sea', 'Danube', 'Vienna'] });
    expect(score.distractors).toEqual({ mentioned, total: 3, names });
  });

  it('leaves recall unchanged', () => {
    const text = 'Cologne lies on the Rhine, not the Danube.';
    const { distractors, ...withDistractors } = rubricScore(text, CHAIN, { distractors: ['Danube'] });
    expect(distractors?.mentioned).toBe(1);
    expect(withDistractors).toEqual(rubricScore(text, CHAIN));
  });

  it('is absent when no distractors are given', () => {
    expect('distractors' in rubricScore('Cologne', CHAIN)).toBe(false);
  });

  it('accepts a compiled matcher of distractors', () => {
    expect(rubricScore('the Danube', CHAIN, { distractors: createEntityMatcher(['Danube']) }).distractors).toEqual({ mentioned: 1, total: 1, names: ['Danube'] });
  });

  it('only counts distractors inside the ranges', () => {
    const text = 'Cologne. Danube.';
    expect(rubricScore(text, CHAIN, { distractors: ['Danube'], ranges: [{ start: 0, end: 8 }] }).distractors?.mentioned).toBe(0);
  });
});

describe('rubricScore: validation', () => {
  function errorOf(fn: () => unknown): { name: string; code: string; path: string; message: string } {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { name: error.name, code: error.code, path: error.path, message: error.message };
    }
    throw new Error('expected a ValidationError');
  }

  it('names the bad entity', () => {
    expect(errorOf(() => rubricScore('x', ['Cologne', { name: '  ' }]))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "message": "entities[1].name: entity name is empty",
        "name": "ValidationError",
        "path": "entities[1].name",
      }
    `);
  });

  it('names a bad distractor as a distractor, not as a chain entity', () => {
    expect(errorOf(() => rubricScore('x', ['Cologne'], { distractors: ['Danube', ''] }))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "message": "distractors[1]: entity name is empty",
        "name": "ValidationError",
        "path": "distractors[1]",
      }
    `);
  });
});
