// The cursor the matcher's fast scan reads words with: it hashes a word's folded key char by char
// without building it, and answers what the tokenizer (scan.ts + annotate.ts) would make of what
// follows, reading the same character tables and rules, so the two cannot drift apart. What a
// reader found is left in the cursor's fields (acorn keeps its token state on the parser the same
// way), so the hot loop allocates nothing per word and no state outlives a cursor.
import {
  ASCII_FOLD, CC_APOSTROPHE, CC_BACKTICK, CC_COMMA, CC_DIGIT_0, CC_LOWER_A, CC_LOWER_S, CC_NON_ASCII, CC_PERIOD, CC_SPACE,
  CC_UPPER_S, CC_UPPER_Z,
  isAsciiDigit, isDigitAt, threeDigitsFollow,
} from './char-codes.js';
import {
  CH_APOS, CH_BREAK, CH_COMMA, CH_DIGIT, CH_HYPHEN, CH_LETTER, CH_MARK, CH_NEWLINE, CH_OTHER, CH_PERIOD, CH_SPACE, CH_SYMBOL,
  charClass, foldCodePoint, isLowerCodePoint, isUpperCodePoint,
} from './chars.js';
import { DAYS_IN_MONTH, GLUED_UNITS, MONTHS, NUMBER_WORDS, SCALE_SUFFIXES, SCALE_WORDS, UNITS } from './lexicon.js';

/** The hash of a folded key, the same one the cursor computes char by char. */
export function hashKey(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h;
}

/** One step of `hashKey`: the hash of a key after one more folded char. */
export function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

const asciiWords = (words: Iterable<string>): number[] => [...words].filter((w) => /^[a-z0-9]+$/.test(w)).map(hashKey);

export const AND_HASH = hashKey('and');
export const A_HASH = hashKey('a');
const SCALE_HASHES: ReadonlySet<number> = new Set([...SCALE_WORDS.keys()].map(hashKey));
/**
 * Words after a number that change its key: scales ("5 million") and months ("14 March", "14th of
 * March"). A unit does not ("5 km" has the key of 5), and a name may start at it anyway.
 */
export const JOINS_DIGITS: ReadonlySet<number> = new Set(asciiWords([...SCALE_WORDS.keys(), ...MONTHS.keys(), 'of']));
/**
 * After a number word: scales, number words and "and" ("forty two", "one and a half million"). No
 * month or "of": a number written in words is never the day of a date.
 */
export const JOINS_WORDS: ReadonlySet<number> = new Set(asciiWords([...SCALE_WORDS.keys(), ...NUMBER_WORDS.keys(), 'and']));
/** After a number with separators ("1,500", "3.5"): only a scale changes its key; it is never a day. */
export const JOINS_SEPARATED: ReadonlySet<number> = new Set(asciiWords(SCALE_WORDS.keys()));
/** Number words by the hash of their key. */
export const NUMBER_WORD_VALUES: ReadonlyMap<number, number> = new Map([...NUMBER_WORDS].map(([w, v]) => [hashKey(w), v]));
/** Month numbers by the hash of their names and abbreviations. */
export const MONTH_BY_HASH: ReadonlyMap<number, number> = new Map([...MONTHS].map(([w, m]) => [hashKey(w), m]));
const ORDINAL_HASHES: ReadonlySet<number> = new Set(['st', 'nd', 'rd', 'th'].map(hashKey));
const GLUED_UNIT_HASHES: ReadonlySet<number> = new Set([...GLUED_UNITS].map(hashKey));
const GLUED_SCALE_HASHES: ReadonlySet<number> = new Set([...SCALE_SUFFIXES.keys()].map(hashKey));
const ONE_LETTER_UNITS: ReadonlySet<number> = new Set([...UNITS.keys()].filter((u) => /^[a-z]$/.test(u)).map((u) => u.charCodeAt(0)));

/** What a digit word is to the tokenizer (see `Lexer.readDigits`). */
export const DIGITS_PLAIN = 0;
export const DIGITS_ORDINAL = 1;
export const DIGITS_WITH_UNIT = 2;
export const DIGITS_WORD = 3;
export const DIGITS_UNSURE = 4;
/** Digits with thousands commas or a decimal point ("28,090", "3.5"): a number, never a day or a year. */
export const DIGITS_SEPARATED = 5;

/** True for an apostrophe the tokenizer drops from a word (' ` ’ ‘ ʼ ´ ′). */
export function isApostrophe(c: number): boolean {
  return charClass(c) === CH_APOS;
}

/** A letter, digit or combining mark: a character that continues a word. */
export function isWordChar(c: number): boolean {
  if (ASCII_FOLD[c] !== 0) return true;
  if (c < CC_NON_ASCII) return false;
  const cls = charClass(c);
  return cls === CH_LETTER || cls === CH_DIGIT || cls === CH_MARK;
}

/**
 * An apostrophe at `i` followed by an s that ends the word: a possessive 's, which the tokenizer
 * drops ("Köln's", "Paris’s"). Whether a letter came before is the caller's to check.
 */
export function possessiveAt(text: string, i: number, to: number): boolean {
  const next = text.charCodeAt(i + 1);
  return (next === CC_LOWER_S || next === CC_UPPER_S) && (i + 2 >= to || !isWordChar(text.charCodeAt(i + 2)));
}

/**
 * Where scanning goes on after a token that ends at `end`. The tokenizer drops a possessive 's
 * and a word only ever stops right before an apostrophe and a letter when that is one, so the 's
 * is skipped here too; otherwise the scan would read it as a word "s".
 */
export function afterToken(text: string, end: number, to: number): number {
  return end + 1 < to && isApostrophe(text.charCodeAt(end)) && end > 0 &&
    isWordChar(text.charCodeAt(end - 1)) && isWordChar(text.charCodeAt(end + 1))
    ? end + 2
    : end;
}

/** A character after which no number or date goes on: a line or sentence break, a comma, a period, a quote or bracket. */
function endsNumber(c: number): boolean {
  const cls = charClass(c);
  return cls === CH_NEWLINE || cls === CH_BREAK || cls === CH_OTHER || cls === CH_COMMA || cls === CH_PERIOD;
}

/** True when only spaces and a scale word ("million", "hundred") follow: "a million" is a number. */
export function scaleFollows(text: string, i: number, to: number): boolean {
  let k = i;
  while (k < to && charClass(text.charCodeAt(k)) === CH_SPACE) k++;
  if (k === i) return false;
  let h = 0;
  for (let g = k < to ? ASCII_FOLD[text.charCodeAt(k)]! : 0; g !== 0; g = ++k < to ? ASCII_FOLD[text.charCodeAt(k)]! : 0) {
    h = hashStep(h, g);
  }
  return SCALE_HASHES.has(h);
}

/** True when a day or a year may follow a month name: "March 14", "Mar. 14", "March, 1879". */
export function dayOrYearFollows(text: string, i: number, to: number): boolean {
  let k = i;
  let space = false;
  while (k < to) {
    const c = text.charCodeAt(k);
    if (c === CC_PERIOD || c === CC_COMMA) k++;
    else if (charClass(c) === CH_SPACE) {
      space = true;
      k++;
    } else break;
  }
  return space && k < to && isAsciiDigit(text.charCodeAt(k));
}

/** True when the one-letter word at `start` is a unit the number just before it takes in ("3 s"). */
export function unitAfterNumber(text: string, start: number, from: number, letter: number): boolean {
  if (!ONE_LETTER_UNITS.has(letter)) return false;
  let k = start - 1;
  if (k < from || charClass(text.charCodeAt(k)) !== CH_SPACE) return false;
  while (k >= from && charClass(text.charCodeAt(k)) === CH_SPACE) k--;
  return k >= from && isAsciiDigit(text.charCodeAt(k));
}

/**
 * A cursor over one text for the matcher's fast scan. Each reader returns a verdict and leaves
 * what it read in the fields named in its comment; the next read overwrites them.
 */
export class Lexer {
  /** `readWord` (so `wordTail`, `foldedWord`): the folded key's hash, where the word ends, where the scan resumes (after a possessive 's) or -1. */
  hash = 0;
  end = 0;
  resume = -1;
  /** `wordTail`: how many characters (apostrophes, separators) it left out of the key. */
  skipped = 0;
  /**
   * `readWord`: no apostrophe dropped and no character outside ASCII (the key is the lower-cased
   * slice); a letter, digit or mark outside ASCII; upper-case and lower-case letters seen; how many
   * letters and digits; a thousands comma or decimal point, and a decimal point, inside.
   */
  wordSimple = true;
  wordNonAscii = false;
  /** `readWord`: a digit outside ASCII, or a letter that folds to nothing: the hash is not the key's. */
  wordUnsure = false;
  wordUpper = false;
  wordLower = false;
  wordLetters = 0;
  wordDigits = 0;
  wordSeparators = false;
  wordDecimal = false;
  /** `readWord`, `foldedWord`: the folded key's length and first char. */
  length = 0;
  first = 0;
  /** `readDigits`: the value of the digits. */
  digitValue = 0;
  /** `mayJoinNext`: the word it read (0 when none) and where it ends. */
  joinedHash = 0;
  joinedEnd = 0;
  /** `dateNumbers`: the first and the second number after a month name. */
  dayValue = 0;
  yearValue = 0;
  /** `readTailNumber`: the number's value, its digit count, and where it ends. */
  private tailValue = 0;
  private tailDigits = 0;
  private tailAt = 0;
  /** `readSeparators`: where the separators end. */
  private sepEnd = 0;

  constructor(readonly text: string) {}

  /**
   * Reads the word that starts at `start` (a letter or a digit) the way the tokenizer does; the
   * one place that decides where a word ends. Letters, digits and combining marks go on; an
   * apostrophe between two of them disappears ("d'Orsay", "don't") unless it begins a possessive
   * 's, which ends the word ("Köln's"); a thousands comma or a decimal point goes on inside a
   * number ("1,500", "3.5"). Sets `end`, `resume`, `hash`, `length`, `first` and the `word*` fields.
   */
  readWord(start: number, to: number): void {
    const { text } = this;
    let i = start;
    let simple = true;
    let nonAscii = false;
    let unsure = false;
    let upper = false;
    let lower = false;
    let letters = 0;
    let digits = 0;
    let separators = false;
    let decimal = false;
    let resume = -1;
    let h = 0;
    let length = 0;
    let first = 0;
    while (i < to) {
      const c = text.charCodeAt(i);
      const g = ASCII_FOLD[c]!;
      if (g !== 0) {
        // An ASCII letter or digit: the common case, answered from the fold table.
        if (g >= CC_LOWER_A) {
          letters++;
          if (c <= CC_UPPER_Z) upper = true;
          else lower = true;
        } else digits++;
        h = hashStep(h, g);
        if (length++ === 0) first = g;
        i++;
        continue;
      }
      const k = charClass(c);
      if (k === CH_LETTER && c >= CC_NON_ASCII) {
        letters++;
        simple = false;
        nonAscii = true;
        if (isUpperCodePoint(c)) upper = true;
        else if (isLowerCodePoint(c)) lower = true;
        const folded = foldCodePoint(c);
        if (folded === '') unsure = true;
        for (let f = 0; f < folded.length; f++) h = hashStep(h, folded.charCodeAt(f));
        if (length === 0 && folded !== '') first = folded.charCodeAt(0);
        length += folded.length;
        i++;
      } else if (k === CH_DIGIT) {
        digits++; // a digit outside ASCII: its key is the tokenizer's to build
        nonAscii = true;
        unsure = true;
        i++;
      } else if (k === CH_MARK) {
        simple = false;
        nonAscii = true;
        i++;
      } else if (k === CH_APOS) {
        if (i + 1 >= to || !isWordChar(text.charCodeAt(i + 1))) break;
        if (letters > 0 && possessiveAt(text, i, to)) {
          resume = i + 2;
          break;
        }
        // d'Orsay, O'Neill: the apostrophe is part of the name and disappears from the key.
        simple = false;
        i++;
      } else if (k === CH_COMMA && letters === 0 && digits > 0 && !decimal && threeDigitsFollow(text, i + 1, to)) {
        separators = true;
        i++;
      } else if (k === CH_PERIOD && letters === 0 && digits > 0 && !decimal && isDigitAt(text, i + 1, to)) {
        separators = true;
        decimal = true;
        i++;
      } else break;
    }
    this.end = i;
    this.resume = resume;
    this.hash = h;
    this.length = length;
    this.first = first;
    this.wordSimple = simple;
    this.wordNonAscii = nonAscii;
    this.wordUnsure = unsure;
    this.wordUpper = upper;
    this.wordLower = lower;
    this.wordLetters = letters;
    this.wordDigits = digits;
    this.wordSeparators = separators;
    this.wordDecimal = decimal;
  }

  /**
   * Finishes a word the tight loop stopped at on an apostrophe, a comma or period after digits, or
   * a non-ASCII character: reads it again from `start` with `readWord`. False when the word has a
   * letter, digit or mark outside ASCII (the tokenizer's job). Sets `hash`, `end`, `resume`, `skipped`.
   */
  wordTail(start: number, to: number): boolean {
    this.readWord(start, to);
    if (this.wordNonAscii) return false;
    this.skipped = this.end - start - this.length;
    return true;
  }

  /**
   * The key hash of a word with accented letters ("Dvořák", "Bedřich"), read with `readWord`, which
   * folds it char by char the way the tokenizer keys it, without building the word. False when
   * unsure (a digit first, a digit outside ASCII, a letter that folds to nothing): the caller then
   * asks the tokenizer. Sets `hash`, `length`, `first`, `end`, `resume`.
   */
  foldedWord(start: number, to: number): boolean {
    if (charClass(this.text.charCodeAt(start)) !== CH_LETTER) return false;
    this.readWord(start, to);
    return !this.wordUnsure && this.length > 0;
  }

  /**
   * False when the token of a number ending at `i` certainly has the key of the plain number: what
   * follows is the end, a break, or spaces and then a digit or a word that is not in `joins` (a unit
   * may follow: "5 km" has the key of 5). True (read it with the tokenizer) whenever in doubt.
   * Sets `joinedHash` and `joinedEnd`.
   */
  mayJoinNext(i: number, to: number, joins: ReadonlySet<number>, dashJoinsWords = false): boolean {
    const { text } = this;
    this.joinedHash = 0;
    if (i >= to) return false;
    let k = i;
    let c = text.charCodeAt(k);
    const spaced = charClass(c) === CH_SPACE;
    while (k < to && charClass(text.charCodeAt(k)) === CH_SPACE) k++;
    if (k >= to) return false;
    c = text.charCodeAt(k);
    let dashed = false;
    if (charClass(c) === CH_HYPHEN) {
      // "forty-two", "1879-03-14", "forty - two": a dash joins only what a number can take after it.
      dashed = true;
      while (k < to && (charClass(text.charCodeAt(k)) === CH_HYPHEN || charClass(text.charCodeAt(k)) === CH_SPACE)) k++;
      if (k >= to) return false;
      c = text.charCodeAt(k);
    }
    let g = ASCII_FOLD[c]!;
    // A currency or percent sign may belong to the number even after a space ("3 $", "5 %").
    if (g === 0) return charClass(c) === CH_SYMBOL || (!dashed && !spaced && !endsNumber(c));
    // Digits after a dash with no space ("1879-03", "3-4") may make a date; "14 1879" is two numbers.
    if (isAsciiDigit(g)) return dashed && !spaced && k > i && charClass(text.charCodeAt(k - 1)) === CH_HYPHEN;
    // A word after a dash joins only number words ("forty-two"); after digits nothing takes a dash.
    if (dashed && !dashJoinsWords) return false;
    let h = 0;
    do {
      h = hashStep(h, g);
      g = ++k < to ? ASCII_FOLD[text.charCodeAt(k)]! : 0;
    } while (g !== 0);
    this.joinedHash = h;
    this.joinedEnd = k;
    if (k < to) {
      const stop = text.charCodeAt(k);
      if (stop >= CC_NON_ASCII || stop === CC_APOSTROPHE || stop === CC_BACKTICK) return true; // an apostrophe or accent: not sure of the word
    }
    return joins.has(h);
  }

  /**
   * Reads an ASCII digit word ("1879", "14th", "5km", "1990s") and sets `digitValue`: one of the
   * `DIGITS_*` kinds, UNSURE when it has separators or apostrophes, a glued scale ("5k") or too
   * many digits for an exact value.
   */
  readDigits(start: number, end: number): number {
    const { text } = this;
    let v = 0;
    let k = start;
    for (; k < end; k++) {
      const c = text.charCodeAt(k);
      if (!isAsciiDigit(c)) break;
      v = v * 10 + (c - CC_DIGIT_0);
    }
    if (k < end && (text.charCodeAt(k) === CC_COMMA || text.charCodeAt(k) === CC_PERIOD) && this.onlyDigitsAndSeparators(k, end)) {
      // Rare enough to build the string: the value must be the tokenizer's, to the last bit.
      this.digitValue = Number(text.slice(start, end).replaceAll(',', ''));
      return DIGITS_SEPARATED;
    }
    if (k - start > 15) return DIGITS_UNSURE;
    this.digitValue = v;
    if (k === end) return DIGITS_PLAIN;
    let h = 0;
    for (; k < end; k++) {
      const g = ASCII_FOLD[text.charCodeAt(k)]!;
      if (g < CC_LOWER_A) return g === 0 ? DIGITS_UNSURE : DIGITS_WORD; // "3d4" is a word; a separator or apostrophe: unsure
      h = hashStep(h, g);
    }
    if (ORDINAL_HASHES.has(h)) return DIGITS_ORDINAL;
    if (GLUED_UNIT_HASHES.has(h)) return DIGITS_WITH_UNIT;
    return GLUED_SCALE_HASHES.has(h) ? DIGITS_UNSURE : DIGITS_WORD;
  }

  private onlyDigitsAndSeparators(k: number, end: number): boolean {
    for (; k < end; k++) {
      const c = this.text.charCodeAt(k);
      if (!isAsciiDigit(c) && c !== CC_COMMA && c !== CC_PERIOD) return false;
    }
    return true;
  }

  /**
   * The numbers right after a month name, as the tokenizer would read its day and year: apart only
   * by spaces, commas and periods (" 14, 1879", ". 14th 1879", " 1879"), thousands commas read
   * through ("1,879" is 1879), an ordinal's suffix passed; anything else ends the date, as in
   * `tryDate`. Returns how many it read (0–2) and sets `dayValue` and `yearValue`.
   */
  dateNumbers(from: number, to: number): number {
    const { text } = this;
    let numbers = 0;
    let k = from;
    while (k < to && numbers < 2) {
      const c = text.charCodeAt(k);
      if (c === CC_COMMA || c === CC_PERIOD || charClass(c) === CH_SPACE) {
        k++;
        continue;
      }
      if (!isAsciiDigit(c)) break;
      let v = 0;
      for (;;) {
        while (k < to && isAsciiDigit(text.charCodeAt(k))) v = v * 10 + (text.charCodeAt(k++) - CC_DIGIT_0);
        if (!(text.charCodeAt(k) === CC_COMMA && k + 3 < to && threeDigitsFollow(text, k + 1, text.length))) break;
        k++;
      }
      if (numbers === 0) this.dayValue = v;
      else this.yearValue = v;
      numbers++;
      while (k < to && ASCII_FOLD[text.charCodeAt(k)]! >= CC_LOWER_A) k++; // an ordinal's suffix: "14th"
    }
    return numbers;
  }

  /**
   * What stands at `k`, in `readDigits`' terms: PLAIN, ORDINAL, WITH_UNIT (digits with a glued unit
   * or scale, which undo a date) or WORD (anything else); sets the tail fields.
   */
  private readTailNumber(k: number, to: number): number {
    const { text } = this;
    let j = k;
    let v = 0;
    while (j < to && isAsciiDigit(text.charCodeAt(j))) v = v * 10 + (text.charCodeAt(j++) - CC_DIGIT_0);
    this.tailValue = v;
    this.tailDigits = j - k;
    this.tailAt = j;
    if (this.tailDigits === 0) return DIGITS_WORD;
    let e = j;
    while (e < to && ASCII_FOLD[text.charCodeAt(e)]! !== 0) e++;
    const next = e < to ? text.charCodeAt(e) : CC_SPACE;
    // An apostrophe, a thousands comma or a decimal point inside: "1990's", "1,879", "3.5" are no plain number.
    if ((isApostrophe(next) || (e === j && (next === CC_COMMA || next === CC_PERIOD))) && e + 1 < to && isWordChar(text.charCodeAt(e + 1))) return DIGITS_WORD;
    if (isWordChar(next)) return DIGITS_WORD; // an accented letter glued on: a word
    if (e === j) return DIGITS_PLAIN;
    const kind = this.readDigits(k, e);
    if (kind === DIGITS_ORDINAL) {
      this.tailAt = e;
      return DIGITS_ORDINAL;
    }
    return kind === DIGITS_WITH_UNIT || kind === DIGITS_UNSURE ? DIGITS_WITH_UNIT : DIGITS_WORD;
  }

  /** The separators after `k`: sets `sepEnd` and returns the bits of what was seen (1 space, 2 comma, 4 period). */
  private readSeparators(k: number, to: number): number {
    const { text } = this;
    let seen = 0;
    for (; k < to; k++) {
      const c = text.charCodeAt(k);
      if (charClass(c) === CH_SPACE) seen |= 1;
      else if (c === CC_COMMA) seen |= 2;
      else if (c === CC_PERIOD) seen |= 4;
      else break;
    }
    this.sepEnd = k;
    return seen;
  }

  /**
   * Where the date token the tokenizer would build from the month name ending at `i` ends, or `i`
   * when it builds none. Mirrors `tryDate` and `unlessGlued` in annotate.ts: "May 14", "May 14,
   * 1879", "May 14th", "May, 1879" merge; "August, 3/14/1879" (a comma before a day), "May 3bn"
   * and "May 5 1990km" (glued digits at the end) do not.
   */
  dateTailEnd(i: number, to: number, month: number): number {
    const daySep = this.readSeparators(i, to);
    if ((daySep & 1) === 0) return i;
    const kind = this.readTailNumber(this.sepEnd, to);
    const normLength = this.tailDigits + (kind === DIGITS_ORDINAL ? 2 : 0);
    const isDay = (kind === DIGITS_PLAIN || kind === DIGITS_ORDINAL) && this.tailValue >= 1 && this.tailValue <= 31 && normLength <= 4;
    if (isDay && (daySep & 2) === 0 && this.tailValue <= DAYS_IN_MONTH[month - 1]!) {
      const dayEnd = this.tailAt;
      const yearSep = this.readSeparators(dayEnd, to);
      if (yearSep !== 0 && (yearSep & 4) === 0) {
        const yearKind = this.readTailNumber(this.sepEnd, to);
        if (this.tailDigits >= 3 && this.tailDigits <= 4) {
          if (yearKind === DIGITS_PLAIN) return this.tailAt;
          if (yearKind === DIGITS_WITH_UNIT) return i; // the whole date is taken back
        }
      }
      return dayEnd;
    }
    if (kind === DIGITS_WITH_UNIT && this.tailDigits >= 1) return i;
    if (kind === DIGITS_PLAIN && this.tailDigits >= 3 && this.tailDigits <= 4) return this.tailAt;
    return i;
  }
}
