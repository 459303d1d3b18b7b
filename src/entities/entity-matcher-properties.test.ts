import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CH_DIGIT, CH_LETTER, CH_MARK, charClass } from '../text/chars.js';
import { ARTICLES, F_ABBR, F_PRE_ANY, F_PRE_BREAK, F_PRE_PERIOD, F_UPPER, tokenize, type Token } from '../text/index.js';
import { scan } from '../text/scan.js';
import { createEntityMatcher, matchEntities } from './entity-matcher.js';
import type { GoldEntity, TextRange } from './types.js';

// ---------------------------------------------------------------------------------------------
// A slow reference matcher: tokenize the whole range once and look for each alias's key
// sequence at every token, with the same rules the compiled matcher documents:
// - a leading article of an alias is optional (unless only articles would be left);
// - a number with a unit in the gold matches the same number with that unit or with none;
//   a bare gold number matches the number whatever its unit;
// - a full date in the text also answers to its month-year, its day-month and its year;
// - short all-caps aliases (2 to 4 letters) must be all-caps in the text;
// - a match never runs across a sentence break (. after a non-abbreviation, ! ? ; newline);
// - a number or a date takes in neighbouring words ("14 August", "5 km", "a million"); a name may
//   still start at such a word when something stands before it ("on 14 August Strindberg wrote",
//   not "5km"), but a number may not start inside another number (1 is not in "twenty-one").

function goldKeys(t: Token): string[] {
  return t.kind === 'num' && t.unit !== undefined ? [`${t.key}|${t.unit}`, `${t.key}|?`] : [t.key];
}

function textKeys(t: Token): string[] {
  if (t.kind === 'num') return t.unit !== undefined ? [`${t.key}|${t.unit}`, t.key] : [t.key, `${t.key}|?`];
  return [t.key, ...(t.alts ?? [])];
}

function crossesSentence(prev: Token, t: Token): boolean {
  return (t.flags & F_PRE_BREAK) !== 0 || ((t.flags & F_PRE_PERIOD) !== 0 && (prev.flags & F_ABBR) === 0);
}

function aliasesOf(entity: GoldEntity): string[] {
  return typeof entity === 'string' ? [entity] : [entity.name, ...(entity.aliases ?? [])];
}

function matchesAt(tokens: Token[], gold: Token[], caseSensitive: boolean): boolean {
  if (tokens.length < gold.length) return false;
  for (let k = 0; k < gold.length; k++) {
    const t = tokens[k]!;
    if (k > 0 && crossesSentence(tokens[k - 1]!, t)) return false;
    const offered = textKeys(t);
    if (!goldKeys(gold[k]!).some((key) => offered.includes(key))) return false;
  }
  return !caseSensitive || (tokens[gold.length - 1]!.flags & F_UPPER) !== 0;
}

function referenceFound(text: string, entities: GoldEntity[], ranges: readonly TextRange[]): boolean[] {
  // Every place a match may start: [the tokens from there on, only a name may start here].
  const starts: [Token[], boolean][] = [];
  for (const { start, end } of ranges) {
    const whole = tokenize(text, start, end);
    whole.forEach((t, p) => {
      starts.push([whole.slice(p), false]);
      if (t.kind !== 'num' && t.kind !== 'date') return;
      for (const r of scan(text, t.start, t.end)) {
        if (r.start > t.start && r.kind === 'word' && (r.flags & F_PRE_ANY) !== 0) starts.push([tokenize(text, r.start, end), true]);
      }
    });
  }
  return entities.map((entity) =>
    aliasesOf(entity).some((alias) => {
      let gold = tokenize(alias.trim());
      if (gold.length > 1 && ARTICLES.has(gold[0]!.key) && gold.some((t) => !ARTICLES.has(t.key))) gold = gold.slice(1);
      const first = gold[0]!;
      const caseSensitive = gold.length === 1 && first.kind === 'word' && (first.flags & F_UPPER) !== 0 && first.key.length >= 2 && first.key.length <= 4;
      return starts.some(([tokens, nameOnly]) => {
        if (nameOnly && (tokens[0]!.kind === 'num' || tokens[0]!.kind === 'date')) return false;
        return matchesAt(tokens, gold, caseSensitive);
      });
    }),
  );
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
  '3 billion', 'May 5', '1990', '2',
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

function describeCase(text: string, entities: GoldEntity[], ranges: TextRange[] | undefined): string {
  return JSON.stringify({ text, entities, ranges });
}

describe('entity matcher properties', () => {
  it('finds the same entities as the slow reference matcher (no fuzzy matching)', () => {
    fc.assert(
      fc.property(caseArb, ([text, entities, ranges]) => {
        const hits = createEntityMatcher(entities, { fuzzy: false }).match(text, { ranges });
        const expected = referenceFound(text, entities, ranges ?? [{ start: 0, end: text.length }]);
        expect(hits.map((h) => h.found), describeCase(text, entities, ranges)).toEqual(expected);
      }),
      { numRuns: 4000 },
    );
  });

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
            const cutsWord = (r: TextRange): boolean =>
              (m.start > r.start && isWordChar(text.charCodeAt(m.start)) && isWordChar(text.charCodeAt(m.start - 1), false)) ||
              (m.end < r.end && isWordChar(text.charCodeAt(m.end - 1)) && isWordChar(text.charCodeAt(m.end)));
            expect(inside.some((r) => !cutsWord(r)), where).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

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
  });

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
  });

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
  });

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
  });
});
