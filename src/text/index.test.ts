import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize, type Token } from './index.js';

/** What a matcher compares: the key, with the unit when there is one. */
function keys(text: string): string[] {
  return tokenize(text).map((t) => (t.unit === undefined ? t.key : `${t.key}|${t.unit}`));
}

describe('tokenize: spellings that mean the same', () => {
  it.each([
    { why: 'case', spellings: ['Paris', 'PARIS', 'paris'] },
    { why: 'accents', spellings: ['São Paulo', 'Sao Paulo', 'SÃO PAULO', 'Sa\u0303o Paulo'] },
    { why: 'umlaut', spellings: ['Zürich', 'Zurich'] },
    { why: 'Polish letters', spellings: ['Gdańsk', 'Gdansk'] },
    { why: 'stroked l', spellings: ['Łódź', 'Lodz'] },
    { why: 'sharp s', spellings: ['Straße', 'Strasse'] },
    { why: 'ligature', spellings: ['Æsir', 'Aesir'] },
    { why: 'curly and straight apostrophes', spellings: ["d'Orsay", 'd’Orsay', 'dOrsay'] },
    { why: 'a soft hyphen is invisible', spellings: ['Helium', 'He\u00adlium'] },
    { why: 'quotes', spellings: ['“Hamlet”', '"Hamlet"', '‘Hamlet’', 'Hamlet'] },
    { why: 'hyphens and dashes', spellings: ['Rolls-Royce', 'Rolls Royce', 'Rolls–Royce', 'Rolls—Royce'] },
    { why: 'ampersand', spellings: ['Procter & Gamble', 'Procter and Gamble', 'Procter&Gamble'] },
    { why: 'possessive', spellings: ["Tolkien's", 'Tolkien’s', 'Tolkien'] },
    { why: 'plural possessive', spellings: ["the Smiths'", 'the Smiths'] },
    { why: 'dotted acronym', spellings: ['U.S.A.', 'USA', 'U.S.A'] },
    { why: 'spaced initials', spellings: ['J. R. R. Tolkien', 'J.R.R. Tolkien', 'JRR Tolkien'] },
    { why: 'two initials', spellings: ['C.F. Martin', 'CF Martin'] },
    { why: 'Saint', spellings: ['St. Louis', 'St Louis', 'Saint Louis'] },
    { why: 'Mount', spellings: ['Mt. Everest', 'Mount Everest'] },
    { why: 'Doctor', spellings: ['Dr. No', 'Doctor No'] },
    { why: 'Fort', spellings: ['Ft. Worth', 'Fort Worth'] },
    { why: 'full-width letters', spellings: ['Ｔｏｋｙｏ', 'Tokyo'] },
    { why: 'big number', spellings: ['1,500,000', '1500000', '1.5 million', 'one and a half million', '1.5mn'] },
    { why: 'a million', spellings: ['1,000,000', 'one million', '1 million', 'a million'] },
    { why: 'number words', spellings: ['forty-two', 'forty two', '42'] },
    { why: 'small number', spellings: ['twelve', '12'] },
    { why: 'fraction', spellings: ['1/2', '0.5'] },
    { why: 'percent', spellings: ['45%', '45 percent', '45 per cent', 'forty-five percent'] },
    { why: 'kilometres', spellings: ['5 km', '5km', '5 kilometres', '5 kilometers', 'five kilometres'] },
    { why: 'metres', spellings: ['3 m', '3 metres', '3 meters'] },
    { why: 'dollars', spellings: ['$5', '5 dollars', '5 USD', 'five dollars'] },
    { why: 'money with a scale', spellings: ['$1.5 million', '1.5 million dollars', '$1,500,000'] },
    { why: 'full date', spellings: ['March 14, 1879', '14 March 1879', '1879-03-14', '14th of March 1879', '14th March, 1879', 'Mar. 14, 1879', '3/14/1879'] },
    { why: 'month and year', spellings: ['March 1879', 'March, 1879', 'Mar 1879'] },
  ])('$why', ({ spellings }) => {
    const [first, ...rest] = spellings;
    const expected = keys(first!);
    for (const s of rest) expect(keys(s), s).toEqual(expected);
  });
});

describe('tokenize: spellings that must stay apart', () => {
  it.each([
    { why: 'a year is not a longer number', a: '1879', b: '18790' },
    { why: 'not a prefix of a number', a: '1066', b: '10666' },
    { why: 'a bare year is not a date', a: '1879', b: 'March 14, 1879' },
    { why: 'a month-year is not a full date', a: 'March 1879', b: 'March 14, 1879' },
    { why: 'a day-month is not a full date', a: '14 March', b: 'March 14, 1879' },
    { why: 'another day', a: 'March 14, 1879', b: 'March 15, 1879' },
    { why: 'a fraction is not its parts', a: '1/2', b: '1 2' },
    { why: 'twelve is not one-two', a: '12', b: '1 2' },
    { why: 'a unit makes a different key', a: '5 km', b: '5 kg' },
    { why: 'thousands separator only before three digits', a: '1,50', b: '150' },
    { why: 'decimal point', a: '3.5', b: '35' },
    { why: 'a decade is not a year', a: '1990s', b: '1990' },
    { why: 'apostrophes join, spaces do not', a: "d'Orsay", b: 'd Orsay' },
  ])('$why: $a ≠ $b', ({ a, b }) => {
    expect(keys(a)).not.toEqual(keys(b));
  });
});

describe('tokenize: spans', () => {
  it.each([
    { text: 'The U.S.A. is big', spans: ['The', 'U.S.A.', 'is', 'big'] },
    { text: "Paris's mayor", spans: ['Paris', 'mayor'] },
    { text: 'He paid $1.5 million.', spans: ['He', 'paid', '$1.5 million'] },
    { text: 'on the 14th of March 1879, he', spans: ['on', 'the', '14th of March 1879', 'he'] },
    { text: 'It was 45 per cent.', spans: ['It', 'was', '45 per cent'] },
    { text: 'Musée d’Orsay', spans: ['Musée', 'd’Orsay'] },
    { text: '“Rolls-Royce”', spans: ['Rolls', 'Royce'] },
    { text: '我去東京了', spans: ['我', '去', '東', '京', '了'] },
    { text: 'x 𠮷野家', spans: ['x', '𠮷', '野', '家'] },
  ])('$text', ({ text, spans }) => {
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(spans);
  });

  it('windows give offsets into the original string', () => {
    const text = 'Before. Born March 14, 1879 in Ulm.';
    const from = text.indexOf('March');
    const to = text.indexOf(' in');
    const tokens: Token[] = tokenize(text, from, to);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ key: 'd:1879-03-14', start: from, end: to });
  });

  it('a window ends a number or a date at its edge', () => {
    const text = 'about 1.5 million people';
    const to = text.indexOf(' million');
    expect(tokenize(text, 0, to).map((t) => t.key)).toEqual(['about', 'n:1.5']);
  });

  it('limit caps the raw tokens read', () => {
    expect(tokenize('one two three four', 0, undefined, 2).map((t) => t.key)).toEqual(['n:1', 'n:2']);
  });
});

describe('normalizeText', () => {
  it.each([
    ['The U.S.A.', 'the usa'],
    ['São Paulo’s mayor', 'sao paulo mayor'],
    ['1.5 million', 'n:1500000'],
    ['', ''],
  ])('%j → %j', (text, normalized) => {
    expect(normalizeText(text)).toBe(normalized);
  });
});
