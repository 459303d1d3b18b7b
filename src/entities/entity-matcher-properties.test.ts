import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CH_DIGIT, CH_LETTER, CH_MARK, charClass } from '../text/chars.js';
import { gluedNameStart } from '../text/glued-words.js';
import { createEntityMatcher, matchEntities } from './entity-matcher.js';
import { referenceMatch } from './reference-matcher.js';
import type { GoldEntity, TextRange } from './types.js';

// The slow reference matcher (tokenize everything, try every alias at every token) lives in
// reference-matcher.ts, where the case tables of entity-matcher.test.ts run against it too.

function aliasesOf(entity: GoldEntity): string[] {
  return typeof entity === 'string' ? [entity] : [entity.name, ...(entity.aliases ?? [])];
}

// ---------------------------------------------------------------------------------------------
// Generators: entities whose spellings the tokenizer has to work for, and texts made of pieces
// of them, near misses, filler, punctuation, accents, apostrophes and numbers.

const ENTITY_POOL: GoldEntity[] = [
  'Paris', { name: 'United States', aliases: ['US', 'U.S.A.', 'America'] }, 'The Beatles', "Musée d'Orsay", 'São Paulo',
  { name: 'Cologne', aliases: ['Köln'] }, 'St. Louis', 'Mount Everest', 'Doctor Who', 'JRR Tolkien', 'Procter & Gamble',
  'Rolls-Royce', '1,500,000', '42', 'March 14, 1879', 'March 1879', '1879', '45%', '5 km', '$5', '東京', 'WHO', "O'Neill",
  'New York City', 'Ray', 'Mali', 'Java', '1990s', 'Łódź', 'Straße', 'August Strindberg', 'Second World War', 'A', 'half',
  'June', 'km', 'Ft. Worth', '𠮷野家', 'が', "Smith's", 'Dr. No', 'The The', '1/2', 'one hundred', 'S', '5,000', '14th',
  '3 billion', 'May 5', '1990', '2', 'Tick, Tick... Boom!', 'Panic! at the Disco', 'giraffe', 'astrological signs', 'Wales',
  'Colt', 'Yaquina Bay Light', '12th', '12', 'Giraffe',
];

const FRAGMENTS = [
  'Paris', 'paris', 'PARIS', 'Parisian', 'United', 'States', 'US', 'us', 'Us', 'U.S.', 'U.S.A.', 'America', 'The', 'the', 'Beatles',
  'Musée', 'Musee', "d'Orsay", 'd’Orsay', 'dOrsay', 'São', 'Sao', 'Paulo', 'Köln', 'Koln', 'Cologne', 'St.', 'St', 'Saint',
  'Louis', 'Mt.', 'Mount', 'Everest', 'Dr.', 'Doctor', 'Who', 'WHO', 'who', 'J.', 'R.', 'JRR', 'J.R.R.', 'Tolkien', 'Procter',
  '&', 'and', 'Gamble', 'Rolls', 'Royce', '1,500,000', '1.5', 'million', 'one', 'and a half', 'half', 'a', '42', 'forty',
  'two', 'forty-two', 'hundred', 'March', 'May', 'June', 'August', 'Strindberg', 'Second', 'World', 'War', '14', '14th', 'of',
  '1879', '18790', '1879-03-14', '3/14/1879', '45', '%', 'percent', '5', 'km', '5km', 'kilometres', '$', '€', '東', '京',
  '𠮷', '野家', 'が', 'か', '😀', "O'Neill", 'Oneill', 'New', 'York', 'City', 'Ray', 'array', 'Mali', 'Somalia', 'Java',
  'JavaScript', '1990s', "1990's", '1,990', 'Łódź', 'Lodz', 'Straße', 'strasse', 'dollars', 'Fort', 'Ft.', 'Worth', 's',
  "'s", '’s', "'", 'S', 'No', 'No.', 'Smith', 'x', 'e\u0301', 'É.', 'Ｍｔ.', 'ｏｎｅ', '1/2', '0.5', 'twelve', '3', '0',
  '5k', '5000', '3bn', '3', '14TH', '2nd', '5m', '1990s', '3D', '05', '1879th', 'billion', 'thousand', 'five', '2,',
  'Tick', 'Boom', 'Panic', 'at', 'Disco', 'giraffe', 'giraffes', 'Giraffes', 'sign', 'signs', 'astrological', 'Wale', 'wales',
  // issue 25: capitalised plurals, a head's compound, ordinals, names glued to a function word
  'Colt', 'Colts', 'colts', 'Light', 'Lighthouse', 'lighthouses', 'Bay', '12th', '12', 'twelfth', 'ofParis', 'theBeatles', 'inKöln', 'ofMarch', 'ofJavaScript',
];
const SEPARATORS = [' ', ' ', ' ', '  ', '-', '—', '.', '. ', ',', ', ', '\n', ';', '!', '?', "'", '’', '', '(', ')', '"', ':', '/'];

const piece = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...SEPARATORS)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 2, unit: 'binary' }) },
);
const textArb = fc.array(piece, { maxLength: 16 }).map((parts) => parts.join(''));
const entitiesArb = fc.subarray(ENTITY_POOL, { minLength: 1, maxLength: 6 });
const rangesArb = (text: string): fc.Arbitrary<TextRange[] | undefined> =>
  fc.option(
    fc.array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })), { minLength: 1, maxLength: 3 }).map((pairs) =>
      pairs.map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
    ),
    { nil: undefined },
  );
const caseArb = fc
  .tuple(textArb, entitiesArb)
  .chain(([text, entities]) => fc.tuple(fc.constant(text), fc.constant(entities), rangesArb(text)));

/**
 * A letter, digit or (with `marks`) combining mark that continues a word; CJK characters stand
 * alone. A stray mark after a space starts no word, so only a mark after a mention counts.
 */
function isWordChar(c: number, marks = true): boolean {
  if (Number.isNaN(c)) return false;
  const cls = charClass(c);
  return cls === CH_LETTER || cls === CH_DIGIT || (marks && cls === CH_MARK);
}

/** `at` is the capital of a name glued to a function word that starts inside range `r` ("ofThrash"). */
function gluedAt(text: string, r: TextRange, at: number): boolean {
  for (let start = Math.max(r.start, at - 4); start <= at - 2; start++) {
    if ((start === r.start || !isWordChar(text.charCodeAt(start - 1))) && gluedNameStart(text, start, r.end) === at) return true;
  }
  return false;
}

function describeCase(text: string, entities: GoldEntity[], ranges: TextRange[] | undefined): string {
  return JSON.stringify({ text, entities, ranges });
}

// Thousands of cases each: seconds on a loaded machine, so the default 5 s would fail at random.
const PROPERTY_TIMEOUT = 120_000;
// MATCHER_PROPERTY_RUNS=150000 runs the comparison with the reference matcher at length, locally.
const REFERENCE_RUNS = Number(process.env.MATCHER_PROPERTY_RUNS ?? 4000);

describe('entity matcher properties', () => {
  it('finds the same entities as the slow reference matcher (no fuzzy matching)', () => {
    fc.assert(
      fc.property(caseArb, ([text, entities, ranges]) => {
        const hits = createEntityMatcher(entities, { fuzzy: false }).match(text, { ranges });
        const expected = referenceMatch(text, entities, { ranges, fuzzy: false }).map((h) => h.found);
        expect(hits.map((h) => h.found), describeCase(text, entities, ranges)).toEqual(expected);
      }),
      { numRuns: REFERENCE_RUNS },
    );
  }, Math.max(PROPERTY_TIMEOUT, REFERENCE_RUNS * 10));

  it('mentions slice back to their text, are sorted, apart, inside the ranges, and never cut a word', () => {
    fc.assert(
      fc.property(caseArb, ([text, entities, ranges]) => {
        const hits = matchEntities(text, entities, { ranges });
        const where = describeCase(text, entities, ranges);
        expect(hits.map((h) => h.name), where).toHaveLength(entities.length);
        for (const hit of hits) {
          expect(hit.found).toBe(hit.mentions.length > 0);
          let previousEnd = -1;
          for (const m of hit.mentions) {
            expect(text.slice(m.start, m.end), where).toBe(m.text);
            expect(m.start, where).toBeGreaterThanOrEqual(previousEnd);
            expect(m.end, where).toBeGreaterThan(m.start);
            previousEnd = m.end;
            // Inside some range, a mention starting or ending with a word character has no word
            // character right outside it (a range may cut a word: the caller asked for that).
            const inside = (ranges ?? [{ start: 0, end: text.length }]).filter((r) => r.start <= m.start && m.end <= r.end);
            expect(inside.length, where).toBeGreaterThan(0);
            // …except a name glued to a function word ("ofThrash"), which starts at its capital.
            const cutsWord = (r: TextRange): boolean =>
              (m.start > r.start && isWordChar(text.charCodeAt(m.start)) && isWordChar(text.charCodeAt(m.start - 1), false) && !gluedAt(text, r, m.start)) ||
              (m.end < r.end && isWordChar(text.charCodeAt(m.end - 1)) && isWordChar(text.charCodeAt(m.end)));
            expect(inside.some((r) => !cutsWord(r)), where).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT);

  it('is deterministic, and a compiled matcher gives what a one-off call gives', () => {
    fc.assert(
      fc.property(caseArb, ([text, entities, ranges]) => {
        const matcher = createEntityMatcher(entities);
        const first = matcher.match(text, { ranges });
        expect(matcher.match(text, { ranges })).toEqual(first);
        expect(matchEntities(text, entities, { ranges })).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT);

  it('adding a mention of an entity finds it, and loses none of the others', () => {
    const withInsert = fc
      .tuple(textArb, entitiesArb)
      .chain(([text, entities]) =>
        fc.tuple(fc.constant(text), fc.constant(entities), fc.nat({ max: entities.length - 1 }), fc.nat(), fc.nat()),
      );
    fc.assert(
      fc.property(withInsert, ([text, entities, which, aliasPick, placePick]) => {
        const aliases = aliasesOf(entities[which]!);
        const alias = aliases[aliasPick % aliases.length]!;
        // Insert on its own line where the text already breaks a line, so no token of the text changes.
        const places = [0, text.length];
        for (let k = 0; k < text.length; k++) if (text[k] === '\n') places.push(k);
        const at = places[placePick % places.length]!;
        const longer = `${text.slice(0, at)}\n${alias}\n${text.slice(at)}`;
        const matcher = createEntityMatcher(entities);
        const before = matcher.match(text);
        const after = matcher.match(longer);
        const where = JSON.stringify({ text, longer, entities });
        expect(after[which]!.found, where).toBe(true);
        before.forEach((hit, i) => {
          if (hit.found) expect(after[i]!.found, where).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  }, PROPERTY_TIMEOUT);

  it('typo tolerance only adds: what is found exactly is found with fuzzy matching on', () => {
    fc.assert(
      fc.property(caseArb, ([text, entities, ranges]) => {
        const exact = matchEntities(text, entities, { fuzzy: false, ranges });
        const fuzzy = matchEntities(text, entities, { ranges });
        exact.forEach((hit, i) => {
          if (hit.found) expect(fuzzy[i]!.mentions).toEqual(hit.mentions);
        });
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT);

  it('a typo of a long name is found; a typo of a short one or of a number never is', () => {
    const names = fc.constantFrom('Tchaikovsky', 'Dostoevsky', 'Mediterranean', 'Kilimanjaro', 'Bonn', 'Austria', 'Mali', '1879', '1500000');
    const typo = fc.tuple(names, fc.nat(), fc.constantFrom('x', 'q', '')).map(([name, at, ch]) => {
      // change or delete one letter after the first
      const k = 1 + (at % (name.length - 1));
      return { name, typo: name.slice(0, k) + ch + name.slice(k + 1) };
    });
    fc.assert(
      fc.property(typo, ({ name, typo: written }) => {
        const [hit] = matchEntities(`He wrote ${written} today.`, [name]);
        if (written.toLowerCase() === name.toLowerCase()) return;
        // dropping the last letter leaves a prefix: another word, not a typo (German, Germany)
        const prefix = name.toLowerCase().startsWith(written.toLowerCase());
        expect(hit!.found, written).toBe(name.length >= 7 && !/^\d+$/.test(name) && !prefix);
      }),
      { numRuns: 500 },
    );
  }, PROPERTY_TIMEOUT);
});
