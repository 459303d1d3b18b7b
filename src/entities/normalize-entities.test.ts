import { describe, expect, it } from 'vitest';
import { LongtraceError, ValidationError } from '../errors.js';
import { createEntityMatcher } from './entity-matcher.js';
import { normalizeEntities } from './normalize-entities.js';

/** The error `fn` throws, as the stable parts a caller may rely on. */
function caught(fn: () => unknown): { code: string; path: string; message: string; issues: unknown } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect(LongtraceError.isInstance(error)).toBe(true);
    const e = error as ValidationError;
    return { code: e.code, path: e.path, message: e.message, issues: e.issues.map((i) => `${i.path.join('.')} ${i.code}`) };
  }
  throw new Error('expected a ValidationError');
}

describe('normalizeEntities', () => {
  it.each([
    { input: ['Paris'], expected: [{ name: 'Paris', aliases: [], weight: 1 }] },
    { input: ['  Paris  '], expected: [{ name: 'Paris', aliases: [], weight: 1 }] },
    {
      input: [{ name: 'Cologne', aliases: ['Köln', ' Köln ', 'Cologne', 'Koeln'], weight: 2 }],
      expected: [{ name: 'Cologne', aliases: ['Köln', 'Koeln'], weight: 2 }],
    },
    { input: [{ name: 'Paris', aliases: undefined, weight: undefined }], expected: [{ name: 'Paris', aliases: [], weight: 1 }] },
    { input: [{ name: 'Paris', weight: 0 }], expected: [{ name: 'Paris', aliases: [], weight: 0 }] },
    { input: [], expected: [] },
  ])('$input', ({ input, expected }) => {
    expect(normalizeEntities(input)).toEqual(expected);
  });

  it('an empty name names the field', () => {
    expect(caught(() => normalizeEntities(['Paris', { name: '' }]))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "issues": [
          "entities.1.name empty",
        ],
        "message": "entities[1].name: entity name is empty",
        "path": "entities[1].name",
      }
    `);
  });

  it('a blank string entity', () => {
    expect(caught(() => normalizeEntities(['  ']))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "issues": [
          "entities.0 empty",
        ],
        "message": "entities[0]: entity name is empty",
        "path": "entities[0]",
      }
    `);
  });

  it('an empty alias', () => {
    expect(caught(() => normalizeEntities([{ name: 'Paris', aliases: ['Lutetia', ''] }]))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "issues": [
          "entities.0.aliases.1 empty",
        ],
        "message": "entities[0].aliases[1]: alias is empty",
        "path": "entities[0].aliases[1]",
      }
    `);
  });

  it('a name with nothing to match, at its own index even after a dropped duplicate', () => {
    expect(caught(() => normalizeEntities([{ name: 'Paris', aliases: ['Lutetia', 'Lutetia', '!!!'] }]))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "issues": [
          "entities.0.aliases.2 no_tokens",
        ],
        "message": "entities[0].aliases[2]: "!!!" has no letters or digits to match",
        "path": "entities[0].aliases[2]",
      }
    `);
  });

  it('wrong types, all reported at once', () => {
    expect(caught(() => normalizeEntities([42, null, { name: 7 }, { name: 'x', aliases: 'y' }, { name: 'x', weight: -1 }, ['a']])))
      .toMatchInlineSnapshot(`
        {
          "code": "INVALID_ENTITY",
          "issues": [
            "entities.0 invalid_type",
            "entities.1 invalid_type",
            "entities.2.name invalid_type",
            "entities.3.aliases invalid_type",
            "entities.4.weight invalid_weight",
            "entities.5 invalid_type",
          ],
          "message": "entities[0]: expected a string or { name, aliases?, weight? } (and 5 more)",
          "path": "entities[0]",
        }
      `);
  });

  it('not an array', () => {
    expect(caught(() => normalizeEntities('Paris'))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "issues": [
          "entities invalid_type",
        ],
        "message": "entities: expected an array of entities",
        "path": "entities",
      }
    `);
  });

  it('a weight that is not finite', () => {
    expect(caught(() => normalizeEntities([{ name: 'x', weight: Number.NaN }]))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "issues": [
          "entities.0.weight invalid_weight",
        ],
        "message": "entities[0].weight: weight must be a finite number >= 0",
        "path": "entities[0].weight",
      }
    `);
  });

  it('createEntityMatcher validates the same way', () => {
    expect(caught(() => createEntityMatcher(['Paris', { name: '   ' }]))).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "issues": [
          "entities.1.name empty",
        ],
        "message": "entities[1].name: entity name is empty",
        "path": "entities[1].name",
      }
    `);
  });
});
