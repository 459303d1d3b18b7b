import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, type Token } from './index.js';

// Fragments where the tokenizer has decisions to make: numbers next to scales and units, dates,
// initials, apostrophes, accents (precomposed and combining), CJK, astral characters, dashes.
const FRAGMENTS = [
  'Paris', 'São', 'Zürich', 'Łódź', 'Straße', 'Æ', 'e\u0301', '\u0301', 'd’', "'s", '’s', "s'", "'", '`',
  'U.', 'S.', 'A.', 'J. ', 'R.', 'St.', 'Mt', 'Dr.', 'the', 'a', 'an', 'and', '&', 'of', 'per', 'cent',
  '1', '14', '14th', '1879', '18790', '1,500,000', '1,50', '3.5', '.5', '1/2', '3/14/1879', '1879-03-14', '0',
  'one', 'forty', '-two', 'half', 'hundred', 'million', 'bn', 'k', 'km', 'm', '%', '$', '€', '£',
  'March', 'Mar.', 'May', 'Feb', '東', '京', 'ｶ', 'が', '𠮷', '😀', '𝐀', 'Ｔｏ', 'ﬁ', '²',
  ' ', ' ', '  ', '\n', '\t', '\u00a0', '\u3000', '.', '. ', ',', ', ', ';', '!', '?', '-', '–', '—', '/', '(', ')', '"', '“', '”', '…', '。',
];
const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join(''));
const anyText = fc.oneof(
  { weight: 3, arbitrary: fragmentText },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: fc.constantFrom(...'0123456789.,/-:% $thsndrkmM'.split('')) }) },
);
/** A text and a window [from, to) inside it. */
const textAndWindow = anyText.chain((text) =>
  fc.tuple(fc.constant(text), fc.nat({ max: text.length }), fc.nat({ max: text.length })).map(([t, a, b]) => ({
    text: t,
    from: Math.min(a, b),
    to: Math.max(a, b),
  })),
);

/** A letter, digit or mark that continues a word (CJK and astral letters stand alone). */
function isWordLetter(cp: number | undefined): boolean {
  if (cp === undefined || cp > 0xffff) return false;
  const ch = String.fromCharCode(cp);
  return /[\p{L}\p{N}\p{M}]/u.test(ch) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(ch);
}

function expectWellFormed(text: string, tokens: Token[], from: number, to: number): void {
  let previousEnd = from;
  for (const t of tokens) {
    expect(t.start, 'sorted, non-overlapping').toBeGreaterThanOrEqual(previousEnd);
    expect(t.end, 'non-empty').toBeGreaterThan(t.start);
    expect(t.end, 'inside the window').toBeLessThanOrEqual(to);
    expect(t.key.length, 'has a key').toBeGreaterThan(0);
    // a token never starts or ends in the middle of a surrogate pair
    const first = text.charCodeAt(t.start);
    expect(first >= 0xdc00 && first <= 0xdfff, 'starts on a code point').toBe(false);
    const last = text.charCodeAt(t.end - 1);
    expect(last >= 0xd800 && last <= 0xdbff, 'ends on a code point').toBe(false);
    previousEnd = t.end;
  }
}

// Thousands of cases each: seconds on a loaded machine, so the default 5 s would fail at random.
const PROPERTY_TIMEOUT = 120_000;

describe('tokenize properties', () => {
  it('never throws, is deterministic, and gives sorted, non-overlapping, non-empty tokens in range', () => {
    fc.assert(
      fc.property(textAndWindow, ({ text, from, to }) => {
        const tokens = tokenize(text, from, to);
        expectWellFormed(text, tokens, from, to);
        expect(tokenize(text, from, to)).toEqual(tokens);
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT);

  it('a window gives offsets into the original string: the same as tokenizing the cut-out text, shifted', () => {
    fc.assert(
      fc.property(textAndWindow, ({ text, from, to }) => {
        const inWindow = tokenize(text, from, to);
        const cut = tokenize(text.slice(from, to));
        expect(inWindow.map((t) => [t.start - from, t.end - from, t.key, t.kind, t.unit, t.alts])).toEqual(
          cut.map((t) => [t.start, t.end, t.key, t.kind, t.unit, t.alts]),
        );
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT);

  it('the whole text is the window [0, length)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(tokenize(text, 0, text.length)).toEqual(tokenize(text));
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT);

  it('every letter and digit of the text lies in some token (nothing readable is dropped)', () => {
    fc.assert(
      fc.property(fragmentText, (text) => {
        const covered = new Array<boolean>(text.length).fill(false);
        for (const t of tokenize(text)) for (let k = t.start; k < t.end; k++) covered[k] = true;
        for (let k = 0; k < text.length; k++) {
          const ch = text[k]!;
          // the possessive s is dropped on purpose
          const possessiveS = /[sS]/.test(ch) && /['’`]/.test(text[k - 1] ?? '') && !isWordLetter(text.codePointAt(k + 1));
          if (/[A-Za-z0-9]/.test(ch) && !possessiveS) expect(covered[k], `${JSON.stringify(text)}[${k}]`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  }, PROPERTY_TIMEOUT);

  it('folding is idempotent: tokenizing the keys again gives the same word keys', () => {
    const words = fc.array(fc.constantFrom('Paris', 'São', 'Zürich', 'Łódź', 'Straße', 'Æsir', 'd’Orsay', 'O\'Neill', 'Ｔｏｋｙｏ', 'Rolls-Royce'), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(words, (parts) => {
        const once = tokenize(parts.join(' ')).map((t) => t.key);
        expect(tokenize(once.join(' ')).map((t) => t.key)).toEqual(once);
      }),
      { numRuns: 500 },
    );
  }, PROPERTY_TIMEOUT);
});
