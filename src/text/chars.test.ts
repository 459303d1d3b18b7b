import { describe, expect, it } from 'vitest';
import {
  CH_APOS, CH_BREAK, CH_CJK, CH_COMMA, CH_DIGIT, CH_HIGH_SURROGATE, CH_HYPHEN, CH_LETTER, CH_MARK, CH_NEWLINE,
  CH_OTHER, CH_PERIOD, CH_SLASH, CH_SPACE, CH_SYMBOL, charClass, classOfAstral, foldCodePoint, isLowerCodePoint,
  isUpperCodePoint,
} from './chars.js';
import { foldRange } from './scan.js';

const cp = (ch: string): number => ch.codePointAt(0)!;

describe('foldCodePoint', () => {
  it.each([
    // accents NFKD takes apart
    ['ã', 'a'], ['é', 'e'], ['ü', 'u'], ['Ü', 'u'], ['ń', 'n'], ['ó', 'o'], ['ź', 'z'], ['ç', 'c'], ['Å', 'a'], ['ő', 'o'],
    // letters NFKD leaves alone, spelt the way an English reader would
    ['ß', 'ss'], ['ẞ', 'ss'], ['æ', 'ae'], ['Æ', 'ae'], ['œ', 'oe'], ['ø', 'o'], ['Ł', 'l'], ['ł', 'l'], ['đ', 'd'],
    ['þ', 'th'], ['ð', 'd'], ['ı', 'i'], ['ħ', 'h'],
    // compatibility forms
    ['ﬁ', 'fi'], ['Ｔ', 't'], ['２', '2'], ['²', '2'], ['ǅ', 'dz'],
    // a combining mark on its own folds to nothing
    ['\u0301', ''],
    // other scripts keep their letters, lower-cased
    ['Ж', 'ж'], ['Ω', 'ω'],
  ])('%s → %s', (ch, folded) => {
    expect(foldCodePoint(cp(ch))).toBe(folded);
  });
});

describe('foldRange', () => {
  it.each([
    ['São Paulo', 'saopaulo'],
    ['Zürich', 'zurich'],
    ['Gdańsk', 'gdansk'],
    ['Łódź', 'lodz'],
    ['Straße', 'strasse'],
    ['Æsir', 'aesir'],
    ['d’Orsay', 'dorsay'],
    ['Mu\u0301sée', 'musee'], // decomposed accents
    ['𠮷野家', '𠮷野家'], // astral CJK stays whole
  ])('%s → %s', (text, folded) => {
    expect(foldRange(text, 0, text.length)).toBe(folded);
  });
});

describe('charClass', () => {
  it.each([
    ['a', CH_LETTER], ['Z', CH_LETTER], ['é', CH_LETTER], ['Ж', CH_LETTER], ['7', CH_DIGIT],
    [' ', CH_SPACE], ['\t', CH_SPACE], ['\u00a0', CH_SPACE], ['\u3000', CH_SPACE],
    ['\n', CH_NEWLINE], ['\r', CH_NEWLINE], ['\u2028', CH_NEWLINE],
    // curly quotes and primes are apostrophes, every dash is a hyphen
    ["'", CH_APOS], ['’', CH_APOS], ['‘', CH_APOS], ['ʼ', CH_APOS], ['`', CH_APOS],
    ['-', CH_HYPHEN], ['‐', CH_HYPHEN], ['–', CH_HYPHEN], ['—', CH_HYPHEN], ['−', CH_HYPHEN],
    ['.', CH_PERIOD], [',', CH_COMMA], ['，', CH_COMMA], ['/', CH_SLASH],
    ['!', CH_BREAK], ['?', CH_BREAK], [';', CH_BREAK], ['。', CH_BREAK], ['…', CH_BREAK],
    ['$', CH_SYMBOL], ['%', CH_SYMBOL], ['&', CH_SYMBOL], ['€', CH_SYMBOL], ['£', CH_SYMBOL],
    ['東', CH_CJK], ['ア', CH_CJK], ['ひ', CH_CJK], ['한', CH_CJK],
    ['\u0301', CH_MARK], ['\u00ad', CH_MARK], ['"', CH_OTHER], ['“', CH_OTHER], ['(', CH_OTHER], ['→', CH_OTHER],
    ['\ud842', CH_HIGH_SURROGATE],
  ])('%j', (ch, cls) => {
    expect(charClass(ch.charCodeAt(0))).toBe(cls);
  });

  it('answers the same on a second call (the cache does not change the answer)', () => {
    for (const ch of ['é', '東', '—', '\u0301', '→']) expect(charClass(ch.charCodeAt(0))).toBe(charClass(ch.charCodeAt(0)));
  });
});

describe('classOfAstral', () => {
  it.each([
    ['𠮷', CH_CJK], // an astral ideograph is one token, like any CJK character
    ['𝐀', CH_CJK], // mathematical letters too: letters outside the BMP stand alone
    ['😀', CH_OTHER],
  ])('%s', (ch, cls) => {
    expect(classOfAstral(cp(ch))).toBe(cls);
  });
});

describe('isUpperCodePoint / isLowerCodePoint', () => {
  it.each([
    ['É', true, false], ['é', false, true], ['Ж', true, false], ['ß', false, true], ['東', false, false],
  ])('%s', (ch, upper, lower) => {
    expect(isUpperCodePoint(cp(ch))).toBe(upper);
    expect(isLowerCodePoint(cp(ch))).toBe(lower);
  });
});
