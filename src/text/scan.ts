import {
  CH_BREAK, CH_CJK, CH_COMMA, CH_DIGIT, CH_HIGH_SURROGATE, CH_HYPHEN, CH_LETTER, CH_NEWLINE, CH_PERIOD, CH_SLASH,
  CH_SPACE, CH_SYMBOL, charClass, classOfAstral, foldCodePoint,
} from './chars.js';
import {
  CC_CASE_BIT, CC_COMMA, CC_NON_ASCII, CC_PERIOD, CC_UPPER_A, CC_UPPER_Z, isAsciiDigit, isAsciiLetter, isDigitAt,
} from './char-codes.js';
import { Lexer } from './lexer.js';
import { GLUED_UNITS, SCALE_SUFFIXES } from './lexicon.js';
import {
  F_LOWER, F_ORDINAL, F_PLAIN_DIGITS, F_PRE_BREAK, F_PRE_COMMA, F_PRE_HYPHEN, F_PRE_OTHER,
  F_PRE_PERIOD, F_PRE_SLASH, F_PRE_SPACE, F_UPPER, type Token,
} from './token.js';

/**
 * First pass: split `text[from, to)` into raw tokens (words, digit numbers, CJK characters,
 * symbols) with offsets into `text`, recording what punctuation stands between them.
 * One left-to-right walk over char codes; stops after `limit` tokens (local windows of the matcher).
 */
export function scan(text: string, from = 0, to = text.length, limit = Infinity): Token[] {
  const out: Token[] = [];
  scanInto(text, from, to, limit, out);
  return out;
}

/**
 * `scan` that appends to `out` until it holds `limit` tokens, and returns where it stopped, so that
 * a caller can read on from there later (a stop is never inside a word or before a dropped 's).
 */
export function scanInto(text: string, from: number, to: number, limit: number, out: Token[]): number {
  const lex = new Lexer(text);
  let pre = 0;
  let i = from;
  while (i < to && out.length < limit) {
    const c = text.charCodeAt(i);
    switch (charClass(c)) {
      case CH_LETTER:
      case CH_DIGIT:
        i = readWord(lex, i, to, pre, out);
        pre = 0;
        continue;
      case CH_CJK:
        out.push({ start: i, end: i + 1, key: cjkKey(c), norm: cjkKey(c), kind: 'cjk', flags: pre });
        pre = 0;
        break;
      case CH_HIGH_SURROGATE: {
        const cp = text.codePointAt(i)!;
        const len = cp > 0xffff ? 2 : 1;
        if (len === 2 && i + 2 <= to && classOfAstral(cp) === CH_CJK) {
          const key = String.fromCodePoint(cp);
          out.push({ start: i, end: i + 2, key, norm: key, kind: 'cjk', flags: pre });
          pre = 0;
        } else pre |= F_PRE_OTHER;
        i += len;
        continue;
      }
      case CH_SPACE:
        pre |= F_PRE_SPACE;
        break;
      case CH_NEWLINE:
        pre |= F_PRE_SPACE | F_PRE_BREAK;
        break;
      case CH_HYPHEN:
        pre |= F_PRE_HYPHEN;
        break;
      case CH_COMMA:
        pre |= F_PRE_COMMA;
        break;
      case CH_PERIOD:
        pre |= F_PRE_PERIOD;
        break;
      case CH_SLASH:
        pre |= F_PRE_SLASH;
        break;
      case CH_BREAK:
        pre |= F_PRE_BREAK;
        break;
      case CH_SYMBOL: {
        const sym = symbolKey(c);
        // `&` reads as "and" so "Procter & Gamble" = "Procter and Gamble".
        out.push(
          sym === '&'
            ? { start: i, end: i + 1, key: 'and', norm: 'and', kind: 'word', flags: pre }
            : { start: i, end: i + 1, key: sym, norm: sym, kind: 'sym', flags: pre },
        );
        pre = 0;
        break;
      }
      default:
        pre |= F_PRE_OTHER;
    }
    i++;
  }
  return i;
}

function cjkKey(c: number): string {
  // Full-width and compatibility forms fold to their base character; most CJK stays as is.
  return c < 0x3400 || c >= 0xf900 ? foldCodePoint(c) || String.fromCharCode(c) : String.fromCharCode(c);
}

function symbolKey(c: number): string {
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0); // full-width $ % &
  return String.fromCharCode(c);
}

/**
 * Reads one word or number starting at `start` with the shared word reader; pushes one token (two
 * for "5km"); returns the next index.
 */
function readWord(lex: Lexer, start: number, to: number, pre: number, out: Token[]): number {
  const { text } = lex;
  lex.readWord(start, to);
  const { end, resume } = lex;
  const caseFlags = (lex.wordUpper && !lex.wordLower ? F_UPPER : 0) | (lex.wordLower ? F_LOWER : 0);
  if (lex.wordLetters === 0) {
    out.push(numberToken(text, start, end, pre, lex.wordSeparators));
  } else if (lex.wordDigits > 0 && isDigitAt(text, start, end)) {
    splitDigitsAndLetters(text, start, end, pre, caseFlags, out);
  } else {
    let key = lex.wordSimple ? text.slice(start, end).toLowerCase() : foldRange(text, start, end);
    // A letter that folds to nothing (ͺ is a space and a mark under NFKD) keeps its own form.
    if (key === '') key = text.slice(start, end).toLowerCase();
    out.push({ start, end, key, norm: key, kind: 'word', flags: pre | caseFlags });
  }
  return resume >= 0 ? resume : end;
}

/** Canonical text of a number: 12 significant digits, so 2.3 × 10⁶ is 2300000 and not 2299999.9999999995. */
export function canonicalNumber(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

function numberToken(text: string, start: number, end: number, pre: number, separators: boolean): Token {
  const raw = text.slice(start, end);
  const value = Number(separators ? raw.replaceAll(',', '') : raw);
  return {
    start, end, key: `n:${canonicalNumber(value)}`, norm: raw, kind: 'num', value,
    flags: pre | (separators ? 0 : F_PLAIN_DIGITS),
  };
}

/** "14th" is an ordinal, "5km" and "3.5km" a number and a unit, "1990s" and "3D" stay words. */
function splitDigitsAndLetters(text: string, start: number, end: number, pre: number, caseFlags: number, out: Token[]): void {
  // The separators readWord took in ("1,500km", "3.5km") all stand before the first letter.
  let p = start;
  let separators = false;
  let decimal = false;
  for (; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === CC_COMMA || c === CC_PERIOD) {
      separators = true;
      decimal ||= c === CC_PERIOD;
    } else if (!isAsciiDigit(c)) break;
  }
  let q = p;
  while (q < end) {
    const c = text.charCodeAt(q);
    if (!isAsciiLetter(c)) break;
    q++;
  }
  if (q === end) {
    const suffix = text.slice(p, end).toLowerCase();
    if (!decimal && (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th')) {
      const value = Number(text.slice(start, p).replaceAll(',', ''));
      out.push({ start, end, key: `n:${canonicalNumber(value)}`, norm: text.slice(start, end).toLowerCase(), kind: 'num', value, flags: pre | F_ORDINAL });
      return;
    }
    if (GLUED_UNITS.has(suffix) || SCALE_SUFFIXES.has(suffix)) {
      out.push(numberToken(text, start, p, pre, separators));
      out.push({ start: p, end, key: suffix, norm: suffix, kind: 'word', flags: caseFlags });
      return;
    }
  }
  const key = foldRange(text, start, end);
  out.push({ start, end, key, norm: key, kind: 'word', flags: pre | caseFlags });
}

/** Folds `text[start, end)` to lower-case ASCII-ish letters and digits, dropping accents and apostrophes. */
export function foldRange(text: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < CC_NON_ASCII) {
      if (c >= CC_UPPER_A && c <= CC_UPPER_Z) out += String.fromCharCode(c | CC_CASE_BIT);
      else if (isAsciiLetter(c) || isAsciiDigit(c)) out += text[i];
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    out += foldCodePoint(cp);
  }
  return out;
}
