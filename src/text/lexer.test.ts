import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charClass, CH_DIGIT, CH_LETTER } from './chars.js';
import { hashKey, Lexer } from './lexer.js';
import { scan } from './scan.js';

/** Where `readWord` ends the word at 0, and where the scan goes on after it. */
function extent(text: string): { word: string; resume: number } {
  const lex = new Lexer(text);
  lex.readWord(0, text.length);
  return { word: text.slice(0, lex.end), resume: lex.resume };
}

describe('Lexer.readWord: the one place that decides where a word ends', () => {
  it.each([
    { text: "d'Orsay is", word: "d'Orsay", resume: -1 },
    { text: 'O’Neill,', word: 'O’Neill', resume: -1 },
    { text: "Köln's cathedral", word: 'Köln', resume: 6 }, // a possessive 's ends the word; the scan skips it
    { text: "1990's", word: "1990's", resume: -1 }, // no letter before: not a possessive
    { text: '1,500 km', word: '1,500', resume: -1 },
    { text: '1,50 km', word: '1', resume: -1 }, // a thousands group has three digits
    { text: '3.5.', word: '3.5', resume: -1 }, // one decimal point
    { text: 'v1,500', word: 'v1', resume: -1 }, // separators only inside a number
    { text: 'He\u00adlium', word: 'He\u00adlium', resume: -1 }, // a soft hyphen is invisible
    { text: "rock' n", word: 'rock', resume: -1 }, // an apostrophe before a space ends the word
    { text: 'Rolls-Royce', word: 'Rolls', resume: -1 },
  ])('$text', ({ text, word, resume }) => {
    expect(extent(text)).toEqual({ word, resume });
  });
});

// Characters that make word boundaries interesting: apostrophes of every kind, separators, accents,
// marks, a soft hyphen, non-ASCII digits, a letter that folds to nothing.
const chars = fc.constantFrom(
  'a', 'B', 's', 'S', 'x', '1', '9', '0', "'", '’', '`', ',', '.', ' ', '-', 'é', 'Ö', 'ß', 'æ', '\u0301', '\u00ad', '٣', 'ͺ', 'ﬁ', 'Ж',
);

describe('Lexer.readWord agrees with the tokenizer', () => {
  it('ends every word where the tokenizer ends it, and hashes its key when it is sure of it', () => {
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join('')), (text) => {
        const lex = new Lexer(text);
        for (const token of scan(text)) {
          const cls = charClass(text.charCodeAt(token.start));
          if (cls !== CH_LETTER && cls !== CH_DIGIT) continue; // CJK and symbols are not words
          lex.readWord(token.start, text.length);
          // "5km" is one word to the reader and two tokens to the tokenizer: the word ends with the last.
          expect(lex.end).toBeGreaterThanOrEqual(token.end);
          if (token.kind === 'word' && lex.end === token.end && !lex.wordUnsure) {
            expect(lex.hash, `${JSON.stringify(text)} at ${token.start}`).toBe(hashKey(token.key));
          }
          if (lex.foldedWord(token.start, text.length)) expect(lex.hash).toBe(hashKey(token.key));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Lexer.dateNumbers: the day and year after a month name', () => {
  it.each([
    { after: ' 14, 1879 was', count: 2, day: 14, year: 1879 },
    { after: '. 14th 1879', count: 2, day: 14, year: 1879 },
    { after: ' 1,879', count: 1, day: 1879, year: undefined }, // a thousands comma is read through
    { after: ' 1879 and 1880', count: 1, day: 1879, year: undefined }, // a word ends the date
    { after: ' the 14th', count: 0, day: undefined, year: undefined },
    { after: '', count: 0, day: undefined, year: undefined },
  ])('March$after', ({ after, count, day, year }) => {
    const text = `March${after}`;
    const lex = new Lexer(text);
    expect(lex.dateNumbers(5, text.length)).toBe(count);
    if (day !== undefined) expect(lex.dayValue).toBe(day);
    if (year !== undefined) expect(lex.yearValue).toBe(year);
  });
});
