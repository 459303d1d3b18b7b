// Character classes and folding, by char code, for the one-pass tokenizer.
// ASCII is answered from a fixed table; anything else is classified once with a Unicode
// property regex on that single character and cached, so no regex ever runs over a whole text.

import {
  CC_AMPERSAND, CC_APOSTROPHE, CC_BACKTICK, CC_CARRIAGE_RETURN, CC_COMMA, CC_DIGIT_0, CC_DIGIT_9, CC_DOLLAR,
  CC_EXCLAMATION, CC_FORM_FEED, CC_HYPHEN, CC_LINE_FEED, CC_LOWER_A, CC_LOWER_Z, CC_NON_ASCII, CC_PERCENT, CC_PERIOD,
  CC_QUESTION, CC_SEMICOLON, CC_SLASH, CC_SPACE, CC_TAB, CC_UPPER_A, CC_UPPER_Z, CC_VERTICAL_TAB, isAsciiDigit,
  isAsciiLetter,
} from './char-codes.js';

export const CH_OTHER = 0;
export const CH_SPACE = 1;
export const CH_NEWLINE = 2;
export const CH_LETTER = 3;
export const CH_DIGIT = 4;
export const CH_CJK = 5;
export const CH_MARK = 6;
export const CH_APOS = 7;
export const CH_HYPHEN = 8;
export const CH_PERIOD = 9;
export const CH_COMMA = 10;
export const CH_SLASH = 11;
export const CH_SYMBOL = 12;
export const CH_BREAK = 13;
export const CH_HIGH_SURROGATE = 14;

const UNSET = 255;
let table: Uint8Array | undefined;

function buildTable(): Uint8Array {
  const t = new Uint8Array(65536).fill(UNSET);
  for (let c = 0; c < CC_NON_ASCII; c++) t[c] = CH_OTHER;
  for (let c = CC_DIGIT_0; c <= CC_DIGIT_9; c++) t[c] = CH_DIGIT;
  for (let c = CC_UPPER_A; c <= CC_UPPER_Z; c++) t[c] = CH_LETTER;
  for (let c = CC_LOWER_A; c <= CC_LOWER_Z; c++) t[c] = CH_LETTER;
  for (const c of [CC_TAB, CC_VERTICAL_TAB, CC_FORM_FEED, CC_SPACE]) t[c] = CH_SPACE;
  t[CC_LINE_FEED] = CH_NEWLINE;
  t[CC_CARRIAGE_RETURN] = CH_NEWLINE;
  t[CC_APOSTROPHE] = CH_APOS;
  t[CC_BACKTICK] = CH_APOS;
  t[CC_HYPHEN] = CH_HYPHEN;
  t[CC_PERIOD] = CH_PERIOD;
  t[CC_COMMA] = CH_COMMA;
  t[CC_SLASH] = CH_SLASH;
  for (const c of [CC_DOLLAR, CC_PERCENT, CC_AMPERSAND]) t[c] = CH_SYMBOL;
  for (const c of [CC_EXCLAMATION, CC_SEMICOLON, CC_QUESTION]) t[c] = CH_BREAK;
  return t;
}

const RE_MARK = /^\p{M}$/u;
const RE_CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const RE_LETTER = /^[\p{L}\p{N}]$/u;
const RE_SPACE = /^\s$/u;

const SPECIAL_CLASS: Record<number, number> = {
  0x2019: CH_APOS, 0x2018: CH_APOS, 0x02bc: CH_APOS, 0x00b4: CH_APOS, 0x2032: CH_APOS,
  0x2010: CH_HYPHEN, 0x2011: CH_HYPHEN, 0x2012: CH_HYPHEN, 0x2013: CH_HYPHEN, 0x2014: CH_HYPHEN,
  0x2015: CH_HYPHEN, 0x2212: CH_HYPHEN, 0xfe63: CH_HYPHEN, 0xff0d: CH_HYPHEN,
  0xff0c: CH_COMMA, 0x3001: CH_COMMA,
  0x3002: CH_BREAK, 0xff01: CH_BREAK, 0xff1f: CH_BREAK, 0xff1b: CH_BREAK, 0x2026: CH_BREAK,
  0x2028: CH_NEWLINE, 0x2029: CH_NEWLINE, 0x0085: CH_NEWLINE,
  // A soft hyphen is invisible: "He\u00adlium" is one word, like a combining mark inside it.
  0x00ad: CH_MARK,
  0x20ac: CH_SYMBOL, 0x00a3: CH_SYMBOL, 0x00a5: CH_SYMBOL, 0x20b9: CH_SYMBOL, 0xff04: CH_SYMBOL,
  0xff05: CH_SYMBOL, 0xff06: CH_SYMBOL,
};

function classifySlow(c: number): number {
  if (c >= 0xd800 && c <= 0xdbff) return CH_HIGH_SURROGATE;
  const special = SPECIAL_CLASS[c];
  if (special !== undefined) return special;
  const ch = String.fromCharCode(c);
  if (RE_MARK.test(ch)) return CH_MARK;
  if (RE_CJK.test(ch)) return CH_CJK;
  if (RE_LETTER.test(ch)) return CH_LETTER;
  if (RE_SPACE.test(ch)) return CH_SPACE;
  return CH_OTHER;
}

/** The class of one UTF-16 code unit (a high surrogate gets its own class; see `classOfCodePoint`). */
export function charClass(c: number): number {
  const t = table ?? (table = buildTable());
  const k = t[c]!;
  if (k !== UNSET) return k;
  const computed = classifySlow(c);
  t[c] = computed;
  return computed;
}

/** The class of an astral code point: letters act like CJK (one token each), the rest is punctuation. */
export function classOfAstral(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (RE_MARK.test(ch)) return CH_MARK;
  return RE_LETTER.test(ch) ? CH_CJK : CH_OTHER;
}

// Letters NFKD does not decompose, folded the way an English reader would spell them.
const FOLD_SPECIAL: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l',
  đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h', ŧ: 't', Ŧ: 't',
  ŀ: 'l', Ŀ: 'l', ĸ: 'k', ŉ: 'n',
};
const RE_MARKS = /\p{M}/gu;
const foldCache = new Map<number, string>();

/** Folds one non-ASCII code point to lower-case, accent-free text ('' for a combining mark). */
export function foldCodePoint(cp: number): string {
  const hit = foldCache.get(cp);
  if (hit !== undefined) return hit;
  const ch = String.fromCodePoint(cp);
  const folded = FOLD_SPECIAL[ch] ?? ch.normalize('NFKD').replace(RE_MARKS, '').toLowerCase();
  // NFKD may expand to several characters (ligatures, fullwidth forms); keep only letters and digits.
  let out = '';
  for (const part of folded) {
    const code = part.codePointAt(0)!;
    if (code < CC_NON_ASCII) {
      if (isAsciiDigit(code) || (isAsciiLetter(code) && code >= CC_LOWER_A)) out += part;
    } else if (RE_LETTER.test(part)) out += part;
  }
  foldCache.set(cp, out);
  return out;
}

// The case of each UTF-16 code unit, found once and kept: 0 not yet known, else CASE_* + 1.
const CASE_UNKNOWN = 0;
const CASE_UPPER = 1;
const CASE_LOWER = 2;
const CASE_NONE = 3;
let cases: Uint8Array | undefined;

function caseOf(cp: number): number {
  if (cp > 0xffff) return caseOfSlow(cp);
  const t = cases ?? (cases = new Uint8Array(65536));
  let k = t[cp]!;
  if (k === CASE_UNKNOWN) t[cp] = k = caseOfSlow(cp);
  return k;
}

function caseOfSlow(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (ch !== ch.toLowerCase()) return CASE_UPPER;
  return ch !== ch.toUpperCase() ? CASE_LOWER : CASE_NONE;
}

/** True when a non-ASCII letter is upper-case (İ, É, Ж). */
export function isUpperCodePoint(cp: number): boolean {
  return caseOf(cp) === CASE_UPPER;
}

/** True when a non-ASCII letter is lower-case. */
export function isLowerCodePoint(cp: number): boolean {
  return caseOf(cp) === CASE_LOWER;
}
