import { describe, expect, it } from 'vitest';
import { canonicalNumber, scan } from './scan.js';
import {
  F_LOWER, F_ORDINAL, F_PLAIN_DIGITS, F_PRE_BREAK, F_PRE_COMMA, F_PRE_HYPHEN, F_PRE_OTHER, F_PRE_PERIOD, F_PRE_SLASH,
  F_PRE_SPACE, F_UPPER,
} from './token.js';

/** Raw tokens as `source=key`, so a table row shows both the span and the key. */
function raw(text: string): string[] {
  return scan(text).map((t) => `${text.slice(t.start, t.end)}=${t.key}`);
}

describe('scan: words and their keys', () => {
  it.each([
    { text: 'Hello, World', expected: ['Hello=hello', 'World=world'] },
    // accents and case fold; the span is the source
    { text: 'São Paulo', expected: ['São=sao', 'Paulo=paulo'] },
    { text: 'ZÜRICH', expected: ['ZÜRICH=zurich'] },
    // apostrophes inside a word disappear from the key, whichever apostrophe it is
    { text: "d'Orsay O’Neill don`t", expected: ["d'Orsay=dorsay", 'O’Neill=oneill', 'don`t=dont'] },
    // a possessive 's or s' is dropped from the span and the key
    { text: "Paris's Smiths' Köln’s", expected: ['Paris=paris', 'Smiths=smiths', 'Köln=koln'] },
    { text: "1990's", expected: ["1990's=1990s"] }, // no letter before: not a possessive
    // hyphens and dashes split
    { text: 'Rolls-Royce Rolls—Royce', expected: ['Rolls=rolls', 'Royce=royce', 'Rolls=rolls', 'Royce=royce'] },
    // & reads as "and"
    { text: 'Procter & Gamble', expected: ['Procter=procter', '&=and', 'Gamble=gamble'] },
    // CJK characters are one token each; astral ones too
    { text: '東京タワー', expected: ['東=東', '京=京', 'タ=タ', 'ワ=ワ', 'ー=ー'] },
    { text: 'in東京', expected: ['in=in', '東=東', '京=京'] },
    { text: '𠮷野', expected: ['𠮷=𠮷', '野=野'] },
    // an emoji is no token
    { text: 'a😀b', expected: ['a=a', 'b=b'] },
    // full-width letters fold to ASCII
    { text: 'Ｔｏｋｙｏ', expected: ['Ｔｏｋｙｏ=tokyo'] },
    // a letter that folds to nothing keeps its own form as the key
    { text: 'ͺ', expected: ['ͺ=ͺ'] },
    { text: '', expected: [] },
    { text: ' \n\t.,;', expected: [] },
  ])('$text', ({ text, expected }) => {
    expect(raw(text)).toEqual(expected);
  });
});

describe('scan: numbers', () => {
  it.each([
    { text: '1879', key: 'n:1879', flags: F_PLAIN_DIGITS },
    { text: '1,500,000', key: 'n:1500000', flags: 0 },
    { text: '3.25', key: 'n:3.25', flags: 0 },
    { text: '10,000.5', key: 'n:10000.5', flags: 0 },
    { text: '14th', key: 'n:14', flags: F_ORDINAL },
    { text: '1st', key: 'n:1', flags: F_ORDINAL },
    { text: '1,000th', key: 'n:1000', flags: F_ORDINAL },
  ])('$text', ({ text, key, flags }) => {
    const tokens = scan(text);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ start: 0, end: text.length, key, kind: 'num' });
    expect(tokens[0]!.flags & (F_PLAIN_DIGITS | F_ORDINAL)).toBe(flags);
  });

  it.each([
    // a comma is a thousands separator only before exactly three digits
    { text: '1,50', expected: ['1=n:1', '50=n:50'] },
    { text: '1,5000', expected: ['1=n:1', '5000=n:5000'] },
    { text: '1.5.2', expected: ['1.5=n:1.5', '2=n:2'] },
    // a unit glued to the digits is split off; "1990s" and "3D" stay words
    { text: '5km', expected: ['5=n:5', 'km=km'] },
    { text: '3.5kg', expected: ['3.5=n:3.5', 'kg=kg'] },
    { text: '1,500km', expected: ['1,500=n:1500', 'km=km'] },
    { text: '5k', expected: ['5=n:5', 'k=k'] },
    { text: '1990s 3D', expected: ['1990s=1990s', '3D=3d'] },
    { text: 'v3 AD1066', expected: ['v3=v3', 'AD1066=ad1066'] },
    { text: '10666', expected: ['10666=n:10666'] },
  ])('$text', ({ text, expected }) => {
    expect(raw(text)).toEqual(expected);
  });
});

describe('scan: what stands before a token', () => {
  it.each([
    { text: 'a b', flags: F_PRE_SPACE },
    { text: 'a-b', flags: F_PRE_HYPHEN },
    { text: 'a – b', flags: F_PRE_HYPHEN | F_PRE_SPACE },
    { text: 'a, b', flags: F_PRE_COMMA | F_PRE_SPACE },
    { text: 'a. b', flags: F_PRE_PERIOD | F_PRE_SPACE },
    { text: 'a/b', flags: F_PRE_SLASH },
    { text: 'a\nb', flags: F_PRE_SPACE | F_PRE_BREAK },
    { text: 'a; b', flags: F_PRE_BREAK | F_PRE_SPACE },
    { text: 'a! b', flags: F_PRE_BREAK | F_PRE_SPACE },
    { text: 'a? b', flags: F_PRE_BREAK | F_PRE_SPACE },
    { text: 'a。b', flags: F_PRE_BREAK },
    { text: 'a (b', flags: F_PRE_OTHER | F_PRE_SPACE },
    { text: 'a “b', flags: F_PRE_OTHER | F_PRE_SPACE },
  ])('$text', ({ text, flags }) => {
    const tokens = scan(text);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]!.flags & ~(F_UPPER | F_LOWER)).toBe(flags);
  });

  it.each([
    { text: 'NASA', upper: true, lower: false },
    { text: 'Nasa', upper: false, lower: true },
    { text: 'nasa', upper: false, lower: true },
    { text: 'ÉCOLE', upper: true, lower: false },
    { text: '1879', upper: false, lower: false },
  ])('case flags of $text', ({ text, upper, lower }) => {
    const flags = scan(text)[0]!.flags;
    expect((flags & F_UPPER) !== 0).toBe(upper);
    expect((flags & F_LOWER) !== 0).toBe(lower);
  });
});

describe('scan: windows', () => {
  const text = 'The Musée d’Orsay, Paris';

  it('reads only text[from, to) and gives offsets into the whole string', () => {
    const tokens = scan(text, 4, 17);
    expect(tokens.map((t) => [t.key, text.slice(t.start, t.end)])).toEqual([['musee', 'Musée'], ['dorsay', 'd’Orsay']]);
  });

  it('stops after `limit` tokens', () => {
    expect(scan(text, 0, text.length, 2).map((t) => t.key)).toEqual(['the', 'musee']);
  });

  it('does not read a word past `to`', () => {
    expect(scan('Parisian', 0, 5).map((t) => t.key)).toEqual(['paris']);
  });
});

describe('canonicalNumber', () => {
  it.each([
    [1500000, '1500000'], [2.3e6, '2300000'], [0.1 + 0.2, '0.3'], [1 / 3, '0.333333333333'], [1.5, '1.5'], [1e21, '1e+21'],
  ])('%d → %s', (value, text) => {
    expect(canonicalNumber(value)).toBe(text);
  });
});
