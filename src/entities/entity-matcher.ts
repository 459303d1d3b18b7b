import { annotate } from '../text/annotate.js';
import {
  ASCII_FOLD, CC_AMPERSAND, CC_APOSTROPHE, CC_BACKTICK, CC_COMMA, CC_DIGIT_9, CC_DOLLAR, CC_NON_ASCII, CC_PERIOD, CC_SPACE,
} from '../text/char-codes.js';
import { CH_CJK, CH_DIGIT, CH_HIGH_SURROGATE, CH_LETTER, CH_SYMBOL, charClass } from '../text/chars.js';
import { checkOptions, checkText } from '../text/check-input.js';
import { F_PRE_ANY, F_UPPER, foldRange, tokenize, type Token } from '../text/index.js';
import { gluedNameStart } from '../text/glued-words.js';
import {
  afterToken, AND_HASH, A_HASH, DIGITS_SEPARATED, DIGITS_UNSURE, DIGITS_WITH_UNIT, DIGITS_WORD, dayOrYearFollows, hashKey, JOINS_DIGITS,
  JOINS_SEPARATED, JOINS_WORDS, Lexer, MONTH_BY_HASH, NUMBER_WORD_VALUES, scaleFollows, unitAfterNumber,
} from '../text/lexer.js';
import { MONTHS, NUMBER_WORDS } from '../text/lexicon.js';
import { scanInto } from '../text/scan.js';
import { osaDistance } from './edit-distance.js';
import {
  compileAliases, crossesSentence, hasDigit, NUMERIC_START_HASHES, textKeys, type AliasOutput, type CompiledAliases, type TrieNode,
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

const START_BIT = 1;
const NUMERIC_BIT = 2;
const GLUE_BIT = 4;

/** `STOP_KINDS` bits: what a word's first non-letter, non-digit character may be to the tokenizer. */
const STOP_WORD = 1; // an apostrophe or a non-ASCII character: any word may go on past it
const STOP_NUMBER = 2; // a comma or a period: a number may go on past it ("1,500", "3.5")
const STOP_ANY = STOP_WORD | STOP_NUMBER;
const STOP_KINDS: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  t.fill(STOP_WORD, CC_NON_ASCII);
  t[CC_APOSTROPHE] = STOP_WORD;
  t[CC_BACKTICK] = STOP_WORD;
  t[CC_COMMA] = STOP_NUMBER;
  t[CC_PERIOD] = STOP_NUMBER;
  return t;
})();

interface ScanState {
  /** The cursor every word of the text is read with. */
  lex: Lexer;
  /** Set by numericMayStart when a date it passed over ends further on; -1 when none. */
  skipTo: number;
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
  /** The trie walk's own stack (nodes and how many tokens led to each), reused from walk to walk. */
  nodes: TrieNode[];
  depths: number[];
}

function matchCompiled(
  text: string,
  entities: readonly NormalizedEntity[],
  compiled: CompiledAliases,
  fuzzy: boolean,
  options: MatchOptions | undefined,
): EntityHit[] {
  const state: ScanState = {
    lex: new Lexer(text),
    skipTo: -1,
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
    nodes: [],
    depths: [],
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
    for (const h of compiled.gluedHashes) table[h & PREFILTER_MASK]! |= GLUE_BIT;
    if (compiled.numeric) for (const h of NUMERIC_START_HASHES) table[h & PREFILTER_MASK]! |= NUMERIC_BIT;
    prefilters.set(compiled, table);
  }
  return table;
}

/**
 * Whether a number, a number word or a month at [start, i) needs a visit: only when its token may
 * be more than the plain value (a unit, a scale, a date follows) or when that value starts an alias.
 * Most numbers in a text are plain and not in the gold, and are passed over without tokenizing.
 */
function numericMayStart(state: ScanState, start: number, i: number, after: number, to: number, h: number, digit: boolean): boolean {
  const { text, compiled, lex } = state;
  if (digit) {
    const kind = lex.readDigits(start, i);
    // A word ("1990s") starts an alias only through its hash, which the caller has checked.
    if (kind === DIGITS_WORD) return false;
    if (kind === DIGITS_UNSURE || compiled.firstValues.has(lex.digitValue)) return true;
    if (kind === DIGITS_SEPARATED) return lex.mayJoinNext(i, to, JOINS_SEPARATED);
    // "5km" is done; a plain number or an ordinal may still begin a date or take a scale.
    if (kind === DIGITS_WITH_UNIT || !lex.mayJoinNext(i, to, JOINS_DIGITS)) return false;
    const month = MONTH_BY_HASH.get(lex.joinedHash);
    return month === undefined || dateMayMatch(compiled, lex, month, lex.joinedEnd, to);
  }
  const value = NUMBER_WORD_VALUES.get(h);
  if (value !== undefined) return compiled.firstValues.has(value) || lex.mayJoinNext(i, to, JOINS_WORDS, true);
  const month = MONTH_BY_HASH.get(h);
  // A possessive 's after the month is dropped ("March's 2" reads as "March 2"): look past it.
  if (month === undefined || !dayOrYearFollows(text, after, to)) return false;
  if (dateMayMatch(compiled, lex, month, after, to)) return true;
  // The date cannot match, but its day and year are part of it: scanning resumes after them, so
  // "May 1879-03-14" never starts a match at 1879 (the tokenizer reads "May 1879" as one token).
  state.skipTo = lex.dateTailEnd(after, to, month);
  return false;
}

/**
 * Whether a date in `month` starting here can match an alias: only one that starts with a date of
 * that month, or with the number of the day or the year that follows ("March 14, 1879" for gold
 * "1879"), read by the cursor as the tokenizer would read them.
 */
function dateMayMatch(compiled: CompiledAliases, lex: Lexer, month: number, from: number, to: number): boolean {
  if (compiled.firstMonths.has(month)) return true;
  if (compiled.firstValues.size === 0) return false;
  const count = lex.dateNumbers(from, to);
  return (count > 0 && compiled.firstValues.has(lex.dayValue)) || (count > 1 && compiled.firstValues.has(lex.yearValue));
}

/**
 * Walks the text once, hashing each word's folded letters without building strings (the same
 * key the tokenizer would give it); only a word that can start an alias gets the full tokenizer,
 * on a small local window. Words with non-ASCII letters take the tokenizer's path directly.
 */
function fastScan(state: ScanState, from: number, to: number): void {
  const { text, compiled, prefilter, fuzzyTable, lex } = state;
  const { startHashes, numeric } = compiled;
  state.skipTo = -1;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    let g = ASCII_FOLD[c]!;
    if (g === 0) {
      if (c < CC_NON_ASCII) {
        if ((c === CC_DOLLAR && numeric) || (c === CC_AMPERSAND && startHashes.has(AND_HASH))) i = Math.max(i + 1, visit(state, i, to, false, 6));
        else i++;
      } else i = nonAsciiStart(state, c, i, to);
      continue;
    }
    const start = i;
    const digit = c <= CC_DIGIT_9;
    let h = 0;
    do {
      // hashStep by hand: in a function this large the call is not always inlined, and it runs per character.
      h = (Math.imul(h, 31) + g) | 0;
      g = ++i < to ? ASCII_FOLD[text.charCodeAt(i)]! : 0;
    } while (g !== 0);
    let length = i - start;
    let resume = -1;
    let stop = i < to ? text.charCodeAt(i) : 0;
    // A word may go on past an apostrophe or a non-ASCII character, and a number past a comma or a period.
    if ((STOP_KINDS[stop]! & (digit ? STOP_ANY : STOP_WORD)) !== 0) {
      if (!lex.wordTail(start, to)) {
        i = slowWord(state, start, to);
        continue;
      }
      h = lex.hash;
      i = lex.end;
      resume = lex.resume;
      length = i - start - lex.skipped;
      stop = text.charCodeAt(i);
    }
    let skip = -1;
    const bits = prefilter[h & PREFILTER_MASK]!;
    if (bits !== 0 || length === 1 || digit) {
      // "ofThrash Metal": a function word glued to a start word hides a name after its capital.
      if ((bits & GLUE_BIT) !== 0 && compiled.gluedHashes.has(h)) gluedAt(state, start, i, to);
      // How many raw tokens the visit reads first: one for a name's first word (final alone), six
      // for what may be a number or a date ("14 March 1879", "99 years later").
      let limit = (bits & START_BIT) !== 0 && startHashes.has(h) ? 1 : 0;
      if (numeric && (digit || (bits & NUMERIC_BIT) !== 0) && numericMayStart(state, start, i, resume >= 0 ? resume : i, to, h, digit)) limit = 6;
      // Dotted initials (U.S.A., J. R. R.), and "a million" when numbers are wanted. A one-letter
      // unit right after a number ("3 S. U.S.A.") is the number's ("3 s"), not an initial.
      else if (limit === 0 && length === 1 && !digit && (text.charCodeAt(i) === CC_PERIOD ? !unitAfterNumber(text, start, from, ASCII_FOLD[c]!) : numeric && h === A_HASH && scaleFollows(text, i, to))) limit = 6;
      if (limit > 0) {
        state.skipTo = -1; // the visit reads the whole date token itself
        if (fuzzyTable !== undefined && !digit && isFuzzyCandidate(fuzzyTable, c, length)) fuzzyCandidate(state, start, i, to, length);
        i = Math.max(i, visit(state, start, to, false, limit));
        if (resume > i) i = resume;
        continue;
      }
      // A date numericMayStart passed over ends further on (only it sets the mark).
      skip = state.skipTo;
      state.skipTo = -1;
    }
    if (fuzzyTable !== undefined && !digit && isFuzzyCandidate(fuzzyTable, c, length)) fuzzyCandidate(state, start, i, to, length);
    if (skip > i) i = skip;
    else if (resume > i) i = resume;
    else if (stop === CC_SPACE) i++; // the space after a word: one turn of the outer loop saved
  }
}

/**
 * A word of the text whose letters are a function word and a start word ("ofThrash"): from its
 * capital, the rest of the word is looked up as a name (never a number or a date), and only when
 * the tokenizer reads that rest as one word ending where the whole word ends.
 */
function gluedAt(state: ScanState, start: number, end: number, to: number): void {
  const at = gluedNameStart(state.text, start, end);
  if (at < 0) return;
  readWindow(state, at, to, 1, 1);
  const first = state.win[0];
  if (first === undefined || first.kind !== 'word' || first.start !== at || first.end !== end) return;
  const { compiled } = state;
  if (state.fuzzyTable !== undefined && (compiled.fuzzyExactFirst.has(first.key) || isFuzzyCandidate(state.fuzzyTable, first.key.charCodeAt(0), first.key.length))) {
    state.fuzzy.push(at, end, to);
  }
  if (mayStart(compiled.firstKeys, first)) walk(state, compiled.root);
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
function slowWord(state: ScanState, i: number, to: number): number {
  const { text } = state;
  const { lex } = state;
  if (lex.foldedWord(i, to)) {
    const { startHashes, numeric, gluedHashes } = state.compiled;
    const h = lex.hash;
    if (gluedHashes.has(h)) gluedAt(state, i, lex.end, to);
    if (startHashes.has(h) || (numeric && NUMERIC_START_HASHES.has(h)) || (lex.length === 1 && lex.end < to && text.charCodeAt(lex.end) === CC_PERIOD)) {
      return Math.max(i + 1, visit(state, i, to, false, 6));
    }
    const table = state.fuzzyTable;
    if (table !== undefined && isFuzzyCandidate(table, lex.first, lex.length)) state.fuzzy.push(i, lex.end, to);
    return Math.max(i + 1, lex.resume >= 0 ? lex.resume : afterToken(text, lex.end, to));
  }
  const token = tokenize(text, i, to, 1)[0];
  // An astral symbol (an emoji) is no token: the tokenizer would skip to the next one.
  if (token === undefined || token.start !== i) return i + 1;
  const { startHashes, numeric, gluedHashes } = state.compiled;
  const h = hashKey(token.key);
  if (token.kind === 'word' && gluedHashes.has(h)) gluedAt(state, i, token.end, to);
  if (
    startHashes.has(h) ||
    (numeric && (token.kind === 'num' || NUMERIC_START_HASHES.has(h))) ||
    (token.key.length === 1 && token.end < to && text.charCodeAt(token.end) === CC_PERIOD)
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
      if (t.kind === 'word' && (t.flags & F_PRE_ANY) !== 0 && (startHashes.has(hashKey(t.key)) || (t.key.length === 1 && t.end < to && text.charCodeAt(t.end) === CC_PERIOD))) {
        (inner ??= []).push(t.start);
      }
    }
  }
  if (mayStart(compiled.firstKeys, first)) walk(state, root);
  if (inner !== undefined) for (const start of inner) visit(state, start, to, true, 6);
  return resume;
}

/**
 * Depth-first walk of the trie along the window's tokens; records every alias that ends. With a
 * stack of its own, not recursion: an alias of thousands of words would overflow the call stack
 * (issue 25). Children are pushed in reverse key order, so mentions are recorded in the order a
 * recursive walk would record them (which alias a tie reports depends on it).
 */
function walk(state: ScanState, root: TrieNode): void {
  const { nodes, depths } = state;
  nodes.push(root);
  depths.push(0);
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const j = depths.pop()!;
    if (j > 0 && node.out !== undefined) record(state, j - 1, node.out);
    if (node.next === undefined) continue;
    const t = tokenAt(state, j);
    if (t === undefined) continue;
    const crosses = j > 0 && crossesSentence(state.win[j - 1]!, t);
    const keys = textKeys(t);
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = node.next.get(keys[k]!);
      if (child === undefined || (crosses && !child.breakBefore)) continue;
      nodes.push(child);
      depths.push(j + 1);
    }
  }
}

/** Records the aliases that end with window token `j`. */
function record(state: ScanState, j: number, outs: readonly AliasOutput[]): void {
  const t = state.win[j]!;
  const start = state.win[0]!.start;
  const end = t.end;
  const source = state.text.slice(start, end);
  for (const out of outs) {
    if (out.caseSensitive && (t.flags & F_UPPER) === 0) continue;
    state.found[out.entity]!.push({ start, end, text: source, alias: out.alias, how: source === out.surface ? 'exact' : 'folded' });
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
    // An identifier in the text (a word with a digit) is never a typo of a name.
    if (token.key !== alias.keys[t] && hasDigit(token.key)) return -1;
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
