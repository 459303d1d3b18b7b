// Character classes and folding, by char code, for the one-pass tokenizer.
// ASCII is answered from a fixed table; anything else is classified once with a Unicode
// property regex on that single character and cached, so no regex ever runs over a whole text.

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
  for (let c = 0; c < 128; c++) t[c] = CH_OTHER;
  for (let c = 48; c <= 57; c++) t[c] = CH_DIGIT;
  for (let c = 65; c <= 90; c++) t[c] = CH_LETTER;
  for (let c = 97; c <= 122; c++) t[c] = CH_LETTER;
  for (const c of [9, 11, 12, 32]) t[c] = CH_SPACE;
  t[10] = CH_NEWLINE;
  t[13] = CH_NEWLINE;
  t[39] = CH_APOS; // '
  t[96] = CH_APOS; // `
  t[45] = CH_HYPHEN;
  t[46] = CH_PERIOD;
  t[44] = CH_COMMA;
  t[47] = CH_SLASH;
  for (const c of [36, 37, 38]) t[c] = CH_SYMBOL; // $ % &
  for (const c of [33, 59, 63]) t[c] = CH_BREAK; // ! ; ?
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
    if (code < 128) {
      if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122)) out += part;
    } else if (RE_LETTER.test(part)) out += part;
  }
  foldCache.set(cp, out);
  return out;
}

/** True when a non-ASCII letter is upper-case (İ, É, Ж). */
export function isUpperCodePoint(cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  return ch !== ch.toLowerCase();
}

/** True when a non-ASCII letter is lower-case. */
export function isLowerCodePoint(cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  return ch !== ch.toUpperCase();
}
