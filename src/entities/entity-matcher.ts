import { annotate } from '../text/annotate.js';
import {
  CH_APOS, CH_BREAK, CH_CJK, CH_COMMA, CH_DIGIT, CH_HIGH_SURROGATE, CH_HYPHEN, CH_LETTER, CH_MARK, CH_NEWLINE, CH_OTHER, CH_PERIOD,
  CH_SPACE, CH_SYMBOL, charClass, foldCodePoint,
} from '../text/chars.js';
import {
  F_ABBR, F_PRE_ANY, F_PRE_BREAK, F_PRE_PERIOD, F_UPPER, foldRange, tokenize, type Token,
} from '../text/index.js';
import { GLUED_UNITS, MONTHS, NUMBER_WORDS, SCALE_SUFFIXES, SCALE_WORDS, UNITS } from '../text/lexicon.js';
import { scanInto } from '../text/scan.js';
import { checkOptions, checkText } from '../text/check-input.js';
import { osaDistance } from './edit-distance.js';
import {
  compileAliases, crossesSentence, hashKey, NUMERIC_START_HASHES, textKeys, type CompiledAliases, type TrieNode,
} from './alias-trie.js';
import { normalizeEntities, type NormalizedEntity } from './normalize-entities.js';
import type {
  EntityHit, EntityMatcher, EntityMatcherOptions, GoldEntity, MatchOptions, Mention, TextRange,
} from './types.js';

/**
 * Compiles gold entities into a matcher; compile once per question, call `match` per rollout.
 * @example
 * const matcher = createEntityMatcher(['Cologne', { name: 'Tchaikovsky', aliases: ['Pyotr Ilyich Tchaikovsky'] }]);
 * matcher.match('Tchaikovksy visited Köln').map((h) => h.found); // [false, true] — Köln is not an alias here
 */
export function createEntityMatcher(entities: readonly GoldEntity[], options: EntityMatcherOptions = {}): EntityMatcher {
  checkOptions(options, 'options');
  const normalized = normalizeEntities(entities);
  const compiled = compileAliases(normalized, { acronymCase: options.acronymCase ?? true });
  const fuzzy = options.fuzzy ?? true;
  return {
    entities: normalized,
    match: (text, matchOptions) => {
      checkText(text, 'text');
      checkOptions(matchOptions ?? undefined, 'options');
      return matchCompiled(text, normalized, compiled, fuzzy, matchOptions);
    },
  };
}

/** One-off convenience: compiles `entities` and matches `text`. Prefer `createEntityMatcher` in loops. */
export function matchEntities(text: string, entities: readonly GoldEntity[], options: EntityMatcherOptions & MatchOptions = {}): EntityHit[] {
  checkText(text, 'text');
  return createEntityMatcher(entities, options).match(text, options);
}

/** True for a value that quacks like a compiled matcher. */
export function isEntityMatcher(value: unknown): value is EntityMatcher {
  return typeof value === 'object' && value !== null && typeof (value as EntityMatcher).match === 'function';
}

// ASCII letters and digits folded to lower case; 0 for everything else (all of non-ASCII too,
// which leaves the fast path).
const FOLD = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) FOLD[c] = c;
for (let c = 97; c <= 122; c++) FOLD[c] = c;
for (let c = 65; c <= 90; c++) FOLD[c] = c + 32;
const AND_HASH = hashKey('and');
const A_HASH = hashKey('a');
const START_BIT = 1;
const NUMERIC_BIT = 2;
const SCALE_HASHES: ReadonlySet<number> = new Set([...SCALE_WORDS.keys()].map(hashKey));
const asciiWords = (words: Iterable<string>): number[] => [...words].filter((w) => /^[a-z0-9]+$/.test(w)).map(hashKey);
/**
 * Words after a number that change its key: scales ("5 million") and months ("14 March", "14th of
 * March"). A unit does not ("5 km" has the key of 5), and a name may start at it anyway.
 */
const JOINS_DIGITS: ReadonlySet<number> = new Set(asciiWords([...SCALE_WORDS.keys(), ...MONTHS.keys(), 'of']));
/** After a number word also number words and "and": "forty two", "one and a half". */
const JOINS_WORDS: ReadonlySet<number> = new Set([...JOINS_DIGITS, ...asciiWords([...NUMBER_WORDS.keys(), 'and'])]);
const NUMBER_WORD_VALUES: ReadonlyMap<number, number> = new Map([...NUMBER_WORDS].map(([w, v]) => [hashKey(w), v]));
const MONTH_BY_HASH: ReadonlyMap<number, number> = new Map([...MONTHS].map(([w, m]) => [hashKey(w), m]));

interface ScanState {
  text: string;
  compiled: CompiledAliases;
  /** Bit 1: some start hash has these low 16 bits; bit 2: some numeric start word has. */
  prefilter: Uint8Array;
  found: Mention[][];
  /** Words that might begin a typo of a fuzzy alias: word start, word end, range end. */
  fuzzy: number[];
  /** (first letter, length) table of fuzzy aliases whose first word may itself be misspelt. */
  fuzzyTable: Uint8Array | undefined;
  /** The window `readWindow` read last: its raw tokens, its tokens, how many of them are final. */
  raw: Token[];
  win: Token[];
  winCertain: number;
  winFrom: number;
  winTo: number;
  /** Where the scan of the window's raw tokens stopped. */
  winStop: number;
  /** The window reached the end of its range: every token in it is final. */
  winDone: boolean;
}

function matchCompiled(
  text: string,
  entities: readonly NormalizedEntity[],
  compiled: CompiledAliases,
  fuzzy: boolean,
  options: MatchOptions | undefined,
): EntityHit[] {
  const state: ScanState = {
    text,
    compiled,
    prefilter: prefilterOf(compiled),
    found: entities.map(() => []),
    fuzzy: [],
    fuzzyTable: fuzzy && compiled.fuzzy.length > 0 ? fuzzyTableOf(compiled) : undefined,
    raw: [],
    win: [],
    winCertain: 0,
    winFrom: 0,
    winTo: 0,
    winStop: 0,
    winDone: true,
  };
  const ranges: readonly TextRange[] = options?.ranges ?? [{ start: 0, end: text.length }];
  for (const range of ranges) {
    const start = Math.max(0, Math.min(range.start, text.length));
    const end = Math.max(start, Math.min(range.end, text.length));
    fastScan(state, start, end);
  }
  if (state.fuzzyTable !== undefined) fuzzyPass(state);
  return entities.map((entity, i) => {
    const mentions = dedupe(state.found[i]!);
    return { name: entity.name, found: mentions.length > 0, mentions, weight: entity.weight };
  });
}

// Per compiled question, built on first use and kept as long as the matcher lives.
const prefilters = new WeakMap<CompiledAliases, Uint8Array>();
// 4 KB per compiled question: a few dozen start hashes leave nearly every word dismissed by one
// read, and thousands of cached matchers (one per question) stay cheap to keep.
const PREFILTER_MASK = 0xfff;
const fuzzyTables = new WeakMap<CompiledAliases, Uint8Array>();

/** A table on the low bits of the start hashes, so most words are dismissed by one array read. */
function prefilterOf(compiled: CompiledAliases): Uint8Array {
  let table = prefilters.get(compiled);
  if (table === undefined) {
    table = new Uint8Array(PREFILTER_MASK + 1);
    for (const h of compiled.startHashes) table[h & PREFILTER_MASK]! |= START_BIT;
    if (compiled.numeric) for (const h of NUMERIC_START_HASHES) table[h & PREFILTER_MASK]! |= NUMERIC_BIT;
    prefilters.set(compiled, table);
  }
  return table;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 96 || c === 0x2019 || c === 0x2018 || c === 0x02bc || c === 0x00b4 || c === 0x2032;
}

/** A letter, digit or combining mark, as the tokenizer reads words. */
function isWordChar(c: number): boolean {
  if (FOLD[c] !== 0) return true;
  if (c < 128) return false;
  const cls = charClass(c);
  return cls === CH_LETTER || cls === CH_DIGIT || cls === CH_MARK;
}

/**
 * Where scanning goes on after a token that ends at `end`. The tokenizer drops a possessive 's
 * ("Köln's", "Paris’s") and a word only ever stops right before an apostrophe and a letter when
 * that is one, so the 's is skipped here too; otherwise the scan would read it as a word "s".
 */
function afterToken(text: string, end: number, to: number): number {
  return end + 1 < to && isApostrophe(text.charCodeAt(end)) && end > 0 &&
    isWordChar(text.charCodeAt(end - 1)) && isWordChar(text.charCodeAt(end + 1))
    ? end + 2
    : end;
}

/** True when only spaces and a scale word ("million", "hundred") follow: "a million" is a number. */
function scaleFollows(text: string, i: number, to: number): boolean {
  let k = i;
  while (k < to && charClass(text.charCodeAt(k)) === CH_SPACE) k++;
  if (k === i) return false;
  let h = 0;
  for (let g = k < to ? FOLD[text.charCodeAt(k)]! : 0; g !== 0; g = ++k < to ? FOLD[text.charCodeAt(k)]! : 0) {
    h = (Math.imul(h, 31) + g) | 0;
  }
  return SCALE_HASHES.has(h);
}

/** True when a word that holds only digits and apostrophes so far has a letter: only then is 's possessive. */
function hasLetter(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (FOLD[text.charCodeAt(k)]! >= 97) return true;
  return false;
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * True when the tokenizer reads the comma or period at `i` as part of the number before it
 * ("1,500", "3.5"): only inside a number with no letter and no decimal point yet.
 */
function separatorInNumber(text: string, start: number, i: number, to: number): boolean {
  const stop = text.charCodeAt(i);
  if (!isAsciiDigit(i + 1 < to ? text.charCodeAt(i + 1) : 0)) return false;
  for (let k = start; k < i; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 || FOLD[c]! >= 97) return false;
  }
  if (stop === 46) return true;
  const d = (k: number): boolean => k < to && isAsciiDigit(text.charCodeAt(k));
  return d(i + 2) && d(i + 3) && !d(i + 4);
}

// What `wordTail` read: the word's hash, where it ends, where the scan resumes (past a possessive
// 's) and how many characters it left out of the key. Module scratch, so the hot loop allocates nothing.
let tailHash = 0;
let tailEnd = 0;
let tailResume = -1;
let tailSkipped = 0;

/**
 * Finishes a word the tight loop stopped at `i` on an apostrophe, a comma or period after digits,
 * or a non-ASCII character, the way the tokenizer reads it: "d'Orsay" and "1,500" go on, a
 * possessive 's ends the word. False when the word has non-ASCII letters (the tokenizer's job).
 */
function wordTail(text: string, start: number, i: number, h: number, to: number, digit: boolean): boolean {
  let skipped = 0;
  let resume = -1;
  let g = 0;
  for (;;) {
    const stop = text.charCodeAt(i);
    if (stop < 128) {
      if (stop !== 39 && stop !== 96) {
        // "1,500" and "3.5" are one word to the tokenizer; the separator is not in the key.
        if (!(digit && (stop === 44 || stop === 46) && separatorInNumber(text, start, i, to))) break;
      } else {
        if (i + 1 >= to || !isWordChar(text.charCodeAt(i + 1))) break;
        if (isPossessive(text, start, i, to, digit)) {
          resume = i + 2;
          break;
        }
      }
    } else if (isApostrophe(stop)) {
      if (i + 1 >= to || !isWordChar(text.charCodeAt(i + 1))) break;
      if (isPossessive(text, start, i, to, digit)) {
        resume = i + 2;
        break;
      }
    } else {
      if (isWordChar(stop)) return false; // an accented letter inside the word
      break;
    }
    // d'Orsay, don't, 1,500: the character disappears from the key and the word goes on.
    i++;
    skipped++;
    g = FOLD[text.charCodeAt(i)]!;
    if (g === 0) return false; // an accented letter right after the apostrophe
    do {
      h = (Math.imul(h, 31) + g) | 0;
      g = ++i < to ? FOLD[text.charCodeAt(i)]! : 0;
    } while (g !== 0);
    if (i >= to) break;
  }
  tailHash = h;
  tailEnd = i;
  tailResume = resume;
  tailSkipped = skipped;
  return true;
}

/** An apostrophe at `i` followed by s and no more letters is a possessive, but only after a letter: "1990's" is the word 1990s. */
function isPossessive(text: string, start: number, i: number, to: number, digit: boolean): boolean {
  const next = text.charCodeAt(i + 1);
  return (next === 115 || next === 83) && (i + 2 >= to || !isWordChar(text.charCodeAt(i + 2))) && (!digit || hasLetter(text, start, i));
}

/** A character after which no number or date goes on: a line or sentence break, a comma, a period, a quote or bracket. */
function endsNumber(c: number): boolean {
  const cls = charClass(c);
  return cls === CH_NEWLINE || cls === CH_BREAK || cls === CH_OTHER || cls === CH_COMMA || cls === CH_PERIOD;
}

/**
 * False when the token of a number ending at `i` certainly has the key of the plain number: what
 * follows is the end, a break, or spaces and then a digit or a word that is not in `joins` (a unit
 * may follow: "5 km" has the key of 5). True (read it with the tokenizer) whenever in doubt.
 */
// The word mayJoinNext read last (0 when it read none), and where it ends.
let joinedHash = 0;
let joinedEnd = 0;

function mayJoinNext(text: string, i: number, to: number, joins: ReadonlySet<number>): boolean {
  joinedHash = 0;
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
  let g = FOLD[c]!;
  if (g === 0) return !dashed && !spaced && !endsNumber(c);
  // Digits after a dash with no space ("1879-03", "3-4") may make a date; "14 1879" is two numbers.
  if (g <= 57) return dashed && !spaced && k > i && charClass(text.charCodeAt(k - 1)) === CH_HYPHEN;
  let h = 0;
  do {
    h = (Math.imul(h, 31) + g) | 0;
    g = ++k < to ? FOLD[text.charCodeAt(k)]! : 0;
  } while (g !== 0);
  joinedHash = h;
  joinedEnd = k;
  if (k < to) {
    const stop = text.charCodeAt(k);
    if (stop >= 128 || stop === 39 || stop === 96) return true; // an apostrophe or accent: not sure of the word
  }
  return joins.has(h);
}

const ORDINAL_HASHES: ReadonlySet<number> = new Set(['st', 'nd', 'rd', 'th'].map(hashKey));
const GLUED_UNIT_HASHES: ReadonlySet<number> = new Set([...GLUED_UNITS].map(hashKey));
const GLUED_SCALE_HASHES: ReadonlySet<number> = new Set([...SCALE_SUFFIXES.keys()].map(hashKey));

/** What a digit word is to the tokenizer: a plain number, an ordinal, a number with a glued unit, a word, or unsure. */
const PLAIN = 0;
const ORDINAL = 1;
const WITH_UNIT = 2;
const WORD = 3;
const UNSURE = 4;
let digitValue = 0;

/**
 * Reads an ASCII digit word ("1879", "14th", "5km", "1990s") and sets `digitValue`; UNSURE when it
 * has separators or apostrophes, a glued scale ("5k") or too many digits for an exact value.
 */
function readDigits(text: string, start: number, end: number): number {
  let v = 0;
  let k = start;
  for (; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  if (k - start > 15) return UNSURE;
  digitValue = v;
  if (k === end) return PLAIN;
  let h = 0;
  for (; k < end; k++) {
    const g = FOLD[text.charCodeAt(k)]!;
    if (g < 97) return g === 0 ? UNSURE : WORD; // "3d4" is a word; a separator or apostrophe: unsure
    h = (Math.imul(h, 31) + g) | 0;
  }
  if (ORDINAL_HASHES.has(h)) return ORDINAL;
  if (GLUED_UNIT_HASHES.has(h)) return WITH_UNIT;
  return GLUED_SCALE_HASHES.has(h) ? UNSURE : WORD;
}

/** True when a day or a year may follow a month name: "March 14", "Mar. 14", "March, 1879". */
function dayOrYearFollows(text: string, i: number, to: number): boolean {
  let k = i;
  let space = false;
  while (k < to) {
    const c = text.charCodeAt(k);
    if (c === 46 || c === 44) k++;
    else if (charClass(c) === CH_SPACE) {
      space = true;
      k++;
    } else break;
  }
  return space && k < to && isAsciiDigit(text.charCodeAt(k));
}

/**
 * Whether a number, a number word or a month at [start, i) needs a visit: only when its token may
 * be more than the plain value (a unit, a scale, a date follows) or when that value starts an alias.
 * Most numbers in a text are plain and not in the gold, and are passed over without tokenizing.
 */
function numericMayStart(state: ScanState, start: number, i: number, to: number, h: number, digit: boolean): boolean {
  const { text, compiled } = state;
  if (digit) {
    const kind = readDigits(text, start, i);
    // A word ("1990s") starts an alias only through its hash, which the caller has checked.
    if (kind === WORD) return false;
    if (kind === UNSURE || compiled.firstValues.has(digitValue)) return true;
    // "5km" is done; a plain number or an ordinal may still begin a date or take a scale.
    if (kind === WITH_UNIT || !mayJoinNext(text, i, to, JOINS_DIGITS)) return false;
    const month = MONTH_BY_HASH.get(joinedHash);
    return month === undefined || dateMayMatch(compiled, month, text, joinedEnd, to);
  }
  const value = NUMBER_WORD_VALUES.get(h);
  if (value !== undefined) return compiled.firstValues.has(value) || mayJoinNext(text, i, to, JOINS_WORDS);
  const month = MONTH_BY_HASH.get(h);
  if (month === undefined || !dayOrYearFollows(text, i, to)) return false;
  if (dateMayMatch(compiled, month, text, i, to)) return true;
  // The date cannot match, but its day and year are part of it: scanning resumes after them, so
  // "May 1879-03-14" never starts a match at 1879 (the tokenizer reads "May 1879" as one token).
  skipTo = dateTailEnd(text, i, to, month);
  return false;
}

const ONE_LETTER_UNITS: ReadonlySet<number> = new Set([...UNITS.keys()].filter((u) => /^[a-z]$/.test(u)).map((u) => u.charCodeAt(0)));

/** The folded code of an ASCII letter. */
function g0(c: number): number {
  return FOLD[c]!;
}

/** True when the one-letter word at `start` is a unit the number just before it takes in ("3 s"). */
function unitAfterNumber(text: string, start: number, from: number, letter: number): boolean {
  if (!ONE_LETTER_UNITS.has(letter)) return false;
  let k = start - 1;
  if (k < from || charClass(text.charCodeAt(k)) !== CH_SPACE) return false;
  while (k >= from && charClass(text.charCodeAt(k)) === CH_SPACE) k--;
  return k >= from && isAsciiDigit(text.charCodeAt(k));
}

/** Set by numericMayStart when a date it passed over ends further on. */
let skipTo = -1;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

let tailValue = 0;
let tailDigits = 0;
let tailAt = 0;

/**
 * What stands at `k`, in `readDigits`' terms: PLAIN, ORDINAL, WITH_UNIT (digits with a glued unit
 * or scale, which undo a date) or WORD (anything else); sets tailValue, tailDigits and tailAt.
 */
function readTailNumber(text: string, k: number, to: number): number {
  let j = k;
  let v = 0;
  while (j < to && isAsciiDigit(text.charCodeAt(j))) v = v * 10 + (text.charCodeAt(j++) - 48);
  tailValue = v;
  tailDigits = j - k;
  tailAt = j;
  if (tailDigits === 0) return WORD;
  let e = j;
  while (e < to && FOLD[text.charCodeAt(e)]! !== 0) e++;
  const next = e < to ? text.charCodeAt(e) : 32;
  // An apostrophe, a thousands comma or a decimal point inside: "1990's", "1,879", "3.5" are no plain number.
  if ((isApostrophe(next) || (e === j && (next === 44 || next === 46))) && e + 1 < to && isWordChar(text.charCodeAt(e + 1))) return WORD;
  if (isWordChar(next)) return WORD; // an accented letter glued on: a word
  if (e === j) return PLAIN;
  const kind = readDigits(text, k, e);
  if (kind === ORDINAL) {
    tailAt = e;
    return ORDINAL;
  }
  return kind === WITH_UNIT || kind === UNSURE ? WITH_UNIT : WORD;
}

/** The separators after `k`: sets sepEnd and the bits of what was seen (1 space, 2 comma, 4 period). */
let sepEnd = 0;
function readSeparators(text: string, k: number, to: number): number {
  let seen = 0;
  for (; k < to; k++) {
    const c = text.charCodeAt(k);
    if (charClass(c) === CH_SPACE) seen |= 1;
    else if (c === 44) seen |= 2;
    else if (c === 46) seen |= 4;
    else break;
  }
  sepEnd = k;
  return seen;
}

/**
 * Where the date token the tokenizer would build from the month name ending at `i` ends, or `i`
 * when it builds none. Mirrors `tryDate` and `unlessGlued` in text/annotate.ts: "May 14", "May 14,
 * 1879", "May 14th", "May, 1879" merge; "August, 3/14/1879" (a comma before a day), "May 3bn"
 * and "May 5 1990km" (glued digits at the end) do not.
 */
function dateTailEnd(text: string, i: number, to: number, month: number): number {
  const daySep = readSeparators(text, i, to);
  if ((daySep & 1) === 0) return i;
  const at = sepEnd;
  const kind = readTailNumber(text, at, to);
  const normLength = tailDigits + (kind === ORDINAL ? 2 : 0);
  const isDay = (kind === PLAIN || kind === ORDINAL) && tailValue >= 1 && tailValue <= 31 && normLength <= 4;
  if (isDay && (daySep & 2) === 0 && tailValue <= DAYS_IN_MONTH[month - 1]!) {
    const dayEnd = tailAt;
    const yearSep = readSeparators(text, dayEnd, to);
    if (yearSep !== 0 && (yearSep & 4) === 0) {
      const yearKind = readTailNumber(text, sepEnd, to);
      if (tailDigits >= 3 && tailDigits <= 4) {
        if (yearKind === PLAIN) return tailAt;
        if (yearKind === WITH_UNIT) return i; // the whole date is taken back
      }
    }
    return dayEnd;
  }
  if (kind === WITH_UNIT && tailDigits >= 1) return i;
  if (kind === PLAIN && tailDigits >= 3 && tailDigits <= 4) return tailAt;
  return i;
}

/**
 * Whether a date in `month` starting here can match an alias: only one that starts with a date of
 * that month, or with the number of the year that follows ("March 14, 1879" for gold "1879").
 */
function dateMayMatch(compiled: CompiledAliases, month: number, text: string, from: number, to: number): boolean {
  if (compiled.firstMonths.has(month)) return true;
  if (compiled.firstValues.size === 0) return false;
  // The year is within a few characters: " 14, 1879", " 1879", "th of March 1879". Numbers are
  // read as the tokenizer reads them ("1,879" is 1879).
  const end = Math.min(to, from + 24);
  for (let k = from; k < end; k++) {
    if (!isAsciiDigit(text.charCodeAt(k))) continue;
    let v = 0;
    for (;;) {
      while (k < end && isAsciiDigit(text.charCodeAt(k))) v = v * 10 + (text.charCodeAt(k++) - 48);
      const thousands = text.charCodeAt(k) === 44 && k + 3 < to && isAsciiDigit(text.charCodeAt(k + 1)) &&
        isAsciiDigit(text.charCodeAt(k + 2)) && isAsciiDigit(text.charCodeAt(k + 3)) && !isAsciiDigit(text.charCodeAt(k + 4));
      if (!thousands) break;
      k++;
    }
    if (compiled.firstValues.has(v)) return true;
  }
  return false;
}

/**
 * Walks the text once, hashing each word's folded letters without building strings (the same
 * key the tokenizer would give it); only a word that can start an alias gets the full tokenizer,
 * on a small local window. Words with non-ASCII letters take the tokenizer's path directly.
 */
function fastScan(state: ScanState, from: number, to: number): void {
  const { text, compiled, prefilter, fuzzyTable } = state;
  const { startHashes, numeric } = compiled;
  skipTo = -1;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    let g = FOLD[c]!;
    if (g === 0) {
      if (c < 128) {
        if ((c === 36 && numeric) || (c === 38 && startHashes.has(AND_HASH))) i = Math.max(i + 1, visit(state, i, to, false, 6));
        else i++;
      } else i = nonAsciiStart(state, c, i, to);
      continue;
    }
    const start = i;
    const digit = c <= 57;
    let h = 0;
    do {
      h = (Math.imul(h, 31) + g) | 0;
      g = ++i < to ? FOLD[text.charCodeAt(i)]! : 0;
    } while (g !== 0);
    let length = i - start;
    let resume = -1;
    if (i < to) {
      const stop = text.charCodeAt(i);
      if (stop >= 128 || stop === 39 || stop === 96 || (digit && (stop === 44 || stop === 46))) {
        if (!wordTail(text, start, i, h, to, digit)) {
          i = slowWord(state, start, to);
          continue;
        }
        h = tailHash;
        i = tailEnd;
        resume = tailResume;
        length = i - start - tailSkipped;
      }
    }
    const bits = prefilter[h & PREFILTER_MASK]!;
    if (bits !== 0 || length === 1 || digit) {
      // How many raw tokens the visit reads first: one for a name's first word (final alone), six
      // for what may be a number or a date ("14 March 1879", "99 years later").
      let limit = (bits & START_BIT) !== 0 && startHashes.has(h) ? 1 : 0;
      if (numeric && (digit || (bits & NUMERIC_BIT) !== 0) && numericMayStart(state, start, i, to, h, digit)) limit = 6;
      // Dotted initials (U.S.A., J. R. R.), and "a million" when numbers are wanted. A one-letter
      // unit right after a number ("3 S. U.S.A.") is the number's ("3 s"), not an initial.
      else if (limit === 0 && length === 1 && !digit && (text.charCodeAt(i) === 46 ? !unitAfterNumber(text, start, from, g0(c)) : numeric && h === A_HASH && scaleFollows(text, i, to))) limit = 6;
      if (limit > 0) {
        skipTo = -1; // the visit reads the whole date token itself
        if (fuzzyTable !== undefined && !digit && isFuzzyCandidate(fuzzyTable, c, length)) fuzzyCandidate(state, start, i, to, length);
        i = Math.max(i, visit(state, start, to, false, limit));
        if (resume > i) i = resume;
        continue;
      }
    }
    if (fuzzyTable !== undefined && !digit && isFuzzyCandidate(fuzzyTable, c, length)) fuzzyCandidate(state, start, i, to, length);
    // A date passed over ends further on; a stale mark (one not past here) must not outlive its word.
    const skip = skipTo;
    skipTo = -1;
    if (skip > i) {
      i = skip;
      continue;
    }
    if (resume > i) i = resume;
    else if (text.charCodeAt(i) === 32) i++; // the space after a word: one turn of the outer loop saved
  }
}

/** A non-ASCII character where a word could start: CJK characters are one token each. */
function nonAsciiStart(state: ScanState, c: number, i: number, to: number): number {
  const cls = charClass(c);
  if (cls === CH_CJK && c >= 0x3400 && c < 0xf900) {
    // Most CJK characters are their own key, whose hash is the char code itself.
    if (state.compiled.startHashes.has(c)) visit(state, i, to, false, 4);
    return i + 1;
  }
  if (cls === CH_LETTER || cls === CH_DIGIT || cls === CH_CJK || cls === CH_HIGH_SURROGATE) return slowWord(state, i, to);
  // A currency sign before a number: €5, £3 million.
  if (cls === CH_SYMBOL && state.compiled.numeric) return Math.max(i + 1, visit(state, i, to, false, 6));
  return i + 1;
}

/** A word with non-ASCII letters (or an astral or compatibility character): take its key from the full tokenizer. */
// What foldedWord read: the key's hash, its length and first char, where the word ends, and where
// scanning resumes (after a possessive 's), or -1.
let foldedHash = 0;
let foldedLength = 0;
let foldedFirst = 0;
let foldedEnd = 0;
let foldedResume = -1;

/**
 * The key hash of a word with accented letters ("Dvořák", "Bedřich"), folded char by char the way
 * the tokenizer keys it, without building the word. False when unsure (a digit first, a letter that
 * folds to nothing): the caller then asks the tokenizer.
 */
function foldedWord(text: string, start: number, to: number): boolean {
  let h = 0;
  let length = 0;
  let first = 0;
  let i = start;
  let resume = -1;
  while (i < to) {
    const c = text.charCodeAt(i);
    const g = FOLD[c]!;
    if (g !== 0) {
      if (length === 0 && g <= 57) return false;
      h = (Math.imul(h, 31) + g) | 0;
      if (length++ === 0) first = g;
      i++;
      continue;
    }
    const cls = c < 128 ? (c === 39 || c === 96 ? CH_APOS : -1) : charClass(c);
    if (cls === CH_LETTER) {
      const folded = foldCodePoint(c);
      if (folded === '') return false;
      for (let k = 0; k < folded.length; k++) h = (Math.imul(h, 31) + folded.charCodeAt(k)) | 0;
      if (length === 0) first = folded.charCodeAt(0);
      length += folded.length;
      i++;
    } else if (cls === CH_MARK) i++;
    else if (cls === CH_APOS && length > 0 && i + 1 < to && isWordChar(text.charCodeAt(i + 1))) {
      const next = text.charCodeAt(i + 1);
      if ((next === 115 || next === 83) && (i + 2 >= to || !isWordChar(text.charCodeAt(i + 2)))) {
        resume = i + 2; // possessive 's: the word ends before the apostrophe
        break;
      }
      i++; // d'Orsay: the apostrophe disappears from the key
    } else if (cls === CH_DIGIT) return false;
    else break;
  }
  if (length === 0) return false;
  foldedHash = h;
  foldedLength = length;
  foldedFirst = first;
  foldedEnd = i;
  foldedResume = resume;
  return true;
}

function slowWord(state: ScanState, i: number, to: number): number {
  const { text } = state;
  if (foldedWord(text, i, to)) {
    const { startHashes, numeric } = state.compiled;
    const h = foldedHash;
    if (startHashes.has(h) || (numeric && NUMERIC_START_HASHES.has(h)) || (foldedLength === 1 && foldedEnd < to && text.charCodeAt(foldedEnd) === 46)) {
      return Math.max(i + 1, visit(state, i, to, false, 6));
    }
    const table = state.fuzzyTable;
    if (table !== undefined && isFuzzyCandidate(table, foldedFirst, foldedLength)) state.fuzzy.push(i, foldedEnd, to);
    return Math.max(i + 1, foldedResume >= 0 ? foldedResume : afterToken(text, foldedEnd, to));
  }
  const token = tokenize(text, i, to, 1)[0];
  // An astral symbol (an emoji) is no token: the tokenizer would skip to the next one.
  if (token === undefined || token.start !== i) return i + 1;
  const { startHashes, numeric } = state.compiled;
  const h = hashKey(token.key);
  if (
    startHashes.has(h) ||
    (numeric && (token.kind === 'num' || NUMERIC_START_HASHES.has(h))) ||
    (token.key.length === 1 && token.end < to && text.charCodeAt(token.end) === 46)
  ) {
    return Math.max(i + 1, visit(state, i, to, false, 6));
  }
  const table = state.fuzzyTable;
  if (table !== undefined && token.kind === 'word' && isFuzzyCandidate(table, token.key.charCodeAt(0), token.key.length)) {
    state.fuzzy.push(i, token.end, to);
  }
  return Math.max(i + 1, afterToken(text, token.end, to));
}

/**
 * Tokenizes `text[i, to)` reading `limit` raw tokens at first, and more until `want` tokens are
 * final, that is what tokenizing the whole range would give too: the annotator looks up to three
 * raw tokens past what it merges ("one and a half"), so three must follow a token for it to be final.
 */
function readWindow(state: ScanState, i: number, to: number, want: number, limit: number): void {
  const raw: Token[] = [];
  state.raw = raw;
  state.winFrom = i;
  state.winTo = to;
  state.winStop = scanInto(state.text, i, to, limit, raw);
  settleWindow(state, want);
}

/** Annotates the raw tokens read so far, reading on (twice as many each time) until `want` tokens are final. */
function settleWindow(state: ScanState, want: number): void {
  const { text, raw } = state;
  const to = state.winTo;
  for (;;) {
    const tokens = annotate(raw, text, to);
    const done = state.winStop >= to; // the window reached the end of the range
    let certain = tokens.length;
    if (!done) {
      certain = 0;
      let used = 0;
      for (const t of tokens) {
        const before = used;
        while (used < raw.length && raw[used]!.start < t.end) used++;
        // A word that can begin no number, date or initials is final at once: nothing after it matters.
        if (used + 3 > raw.length && !(used === before + 1 && isPlainWord(t))) break;
        certain++;
      }
    }
    if (done || certain >= want) {
      state.win = tokens;
      state.winCertain = certain;
      state.winDone = done;
      return;
    }
    state.winStop = scanInto(text, state.winStop, to, raw.length * 2, raw);
  }
}

function isPlainWord(t: Token): boolean {
  return t.kind === 'word' && t.key.length > 1 && !MONTHS.has(t.key) && !NUMBER_WORDS.has(t.key);
}

/** Token `j` of the current window, reading further when it is not final yet; undefined past the range. */
function tokenAt(state: ScanState, j: number): Token | undefined {
  if (j >= state.winCertain && !state.winDone) settleWindow(state, j + 1);
  return state.win[j];
}

/** True when some alias may start with this token (units aside, which the walk checks). */
function mayStart(firstKeys: ReadonlySet<string>, t: Token): boolean {
  if (firstKeys.has(t.key)) return true;
  if (t.alts !== undefined) for (const alt of t.alts) if (firstKeys.has(alt)) return true;
  return false;
}

/**
 * Tokenizes a small window at `i` (reading `limit` raw tokens at first) and walks the trie from its
 * first token; returns where the scan goes on. `wordsOnly` is for a word inside a number or a
 * date, where only a name may start.
 */
function visit(state: ScanState, i: number, to: number, wordsOnly: boolean, limit: number): number {
  const { text, compiled } = state;
  const { root, startHashes } = compiled;
  // The window grows as the first token or the trie walk needs more tokens.
  readWindow(state, i, to, 1, limit);
  const first = state.win[0];
  if (first === undefined) return i + 1;
  const resume = afterToken(text, first.end, to);
  const merged = first.kind === 'num' || first.kind === 'date';
  if (wordsOnly && merged) return resume;
  if (state.fuzzyTable !== undefined && compiled.fuzzyExactFirst.has(first.key)) state.fuzzy.push(i, first.end, to);
  // A number or a date takes in the words after its digits (units, months, "of"), yet a name may
  // start with one of them: "14 August Strindberg". Those words get a visit of their own, unless
  // glued to the digits ("5km" is one word).
  let inner: number[] | undefined;
  if (merged && !wordsOnly) {
    const raw = state.raw;
    for (let k = 1; k < raw.length && raw[k]!.start < first.end; k++) {
      const t = raw[k]!;
      if (t.kind === 'word' && (t.flags & F_PRE_ANY) !== 0 && (startHashes.has(hashKey(t.key)) || (t.key.length === 1 && t.end < to && text.charCodeAt(t.end) === 46))) {
        (inner ??= []).push(t.start);
      }
    }
  }
  if (mayStart(compiled.firstKeys, first)) walk(state, 0, root);
  if (inner !== undefined) for (const start of inner) visit(state, start, to, true, 6);
  return resume;
}

/** Depth-first walk of the trie along the window's tokens; records every alias that ends. */
function walk(state: ScanState, j: number, node: TrieNode): void {
  if (node.next === undefined) return;
  const t = tokenAt(state, j);
  if (t === undefined) return;
  const crosses = j > 0 && crossesSentence(state.win[j - 1]!, t);
  for (const key of textKeys(t)) {
    const child = node.next.get(key);
    if (child === undefined || (crosses && !child.breakBefore)) continue;
    if (child.out !== undefined) {
      const start = state.win[0]!.start;
      const end = t.end;
      const source = state.text.slice(start, end);
      for (const out of child.out) {
        if (out.caseSensitive && (t.flags & F_UPPER) === 0) continue;
        state.found[out.entity]!.push({ start, end, text: source, alias: out.alias, how: source === out.surface ? 'exact' : 'folded' });
      }
    }
    walk(state, j + 1, child);
  }
}


// ---------------------------------------------------------------------------------------------
// Typos

const MAX_WORD = 63;

/**
 * For each first letter a–z and word length: 1 when a word may be a misspelling of the first word
 * of some fuzzy alias (same first letter, length within that word's edit distance).
 */
function fuzzyTableOf(compiled: CompiledAliases): Uint8Array {
  let table = fuzzyTables.get(compiled);
  if (table !== undefined) return table;
  table = new Uint8Array(26 * (MAX_WORD + 1));
  for (const alias of compiled.fuzzy) {
    const key = alias.keys[0]!;
    const bound = alias.bounds[0]!;
    const first = key.charCodeAt(0) - 97;
    if (bound === 0 || first < 0 || first >= 26) continue;
    for (let len = Math.max(1, key.length - bound); len <= Math.min(MAX_WORD, key.length + bound); len++) {
      table[first * (MAX_WORD + 1) + len] = 1;
    }
  }
  fuzzyTables.set(compiled, table);
  return table;
}

/**
 * Keeps an ASCII word as a typo candidate only if some fuzzy alias's first word is near enough in
 * the letters it uses: most words of the right first letter and length are dismissed here, so
 * the typo pass after the scan has little left to look at.
 */
function fuzzyCandidate(state: ScanState, start: number, end: number, to: number, length: number): void {
  const { text, compiled } = state;
  const mask = asciiLetterMask(text, start, end);
  const first = text.charCodeAt(start) | 32;
  for (const alias of compiled.fuzzy) {
    const key = alias.keys[0]!;
    const bound = alias.bounds[0]!;
    if (bound === 0 || key.charCodeAt(0) !== first || Math.abs(key.length - length) > bound) continue;
    if (mask < 0 || popcount(mask ^ alias.mask) <= 2 * bound) {
      state.fuzzy.push(start, end, to);
      return;
    }
  }
}

function isFuzzyCandidate(table: Uint8Array, firstChar: number, length: number): boolean {
  const first = (firstChar | 32) - 97;
  return first >= 0 && first < 26 && table[first * (MAX_WORD + 1) + Math.min(length, MAX_WORD)] === 1;
}

/**
 * For entities not found exactly: compare candidate words with their aliases word by word, each
 * within the edit distance its length allows (short words must be equal, numbers never fuzz).
 */
function fuzzyPass(state: ScanState): void {
  const { text, compiled, found, fuzzy } = state;
  const pending = compiled.fuzzy.filter((alias) => found[alias.entity]!.length === 0);
  if (pending.length === 0) return;
  for (let c = 0; c < fuzzy.length; c += 3) {
    const start = fuzzy[c]!;
    const end = fuzzy[c + 1]!;
    const firstChar = text.charCodeAt(start) | 32;
    const mask = asciiLetterMask(text, start, end);
    let firstWord: string | undefined;
    let tokens: Token[] | undefined;
    for (const alias of pending) {
      const key0 = alias.keys[0]!;
      const bound = alias.bounds[0]!;
      if (key0.charCodeAt(0) !== firstChar) continue;
      // Each edit adds or removes at most two letters from the set of letters a word uses, so a
      // cheap bit count dismisses most candidates before a string is built.
      if (bound > 0 && mask >= 0 && popcount(mask ^ alias.mask) > 2 * bound) continue;
      firstWord ??= foldRange(text, start, end);
      if (!within(firstWord, key0, bound)) continue;
      if (tokens === undefined) {
        readWindow(state, start, fuzzy[c + 2]!, compiled.maxTokens, compiled.maxTokens + 3);
        tokens = state.win;
      }
      const matchEnd = fuzzyEnd(tokens, alias);
      if (matchEnd < 0) continue;
      found[alias.entity]!.push({ start, end: matchEnd, text: text.slice(start, matchEnd), alias: alias.alias, how: 'fuzzy' });
    }
  }
}

/** The letters a–z of an ASCII word as a bit set, or -1 when it has other characters than ASCII ones. */
function asciiLetterMask(text: string, start: number, end: number): number {
  let mask = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c >= 128) return -1;
    const l = (c | 32) - 97;
    if (l >= 0 && l < 26) mask |= 1 << l;
  }
  return mask;
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function within(word: string, key: string, bound: number): boolean {
  if (bound === 0) return word === key;
  if (Math.abs(word.length - key.length) > bound) return false;
  // An ending added or dropped makes another word, not a typo: American is not America, German
  // not Germany, Beatle not Beatles.
  if (word !== key && (word.startsWith(key) || key.startsWith(word))) return false;
  return osaDistance(word, key, bound) <= bound;
}

/** Where the fuzzy match of `alias` at the start of `tokens` ends, or -1 (an exact match is not fuzzy). */
function fuzzyEnd(tokens: Token[], alias: { keys: string[]; bounds: number[]; breaks: boolean[] }): number {
  if (tokens.length < alias.keys.length) return -1;
  let typo = false;
  for (let t = 0; t < alias.keys.length; t++) {
    const token = tokens[t]!;
    if (token.kind !== 'word' || (t > 0 && !alias.breaks[t] && crossesSentence(tokens[t - 1]!, token))) return -1;
    if (!within(token.key, alias.keys[t]!, alias.bounds[t]!)) return -1;
    typo ||= token.key !== alias.keys[t];
  }
  return typo ? tokens[alias.keys.length - 1]!.end : -1;
}

/** Sorts mentions and keeps the longest of any that overlap. */
function dedupe(mentions: Mention[]): Mention[] {
  if (mentions.length <= 1) return mentions;
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  for (const m of mentions) {
    const last = out[out.length - 1];
    if (last !== undefined && m.start < last.end) continue;
    out.push(m);
  }
  return out;
}
