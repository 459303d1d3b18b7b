import { distance } from 'fastest-levenshtein';
import { CH_CJK, CH_DIGIT, CH_LETTER, CH_MARK, charClass } from '../text/chars.js';
import {
  F_ABBR, F_PRE_BREAK, F_PRE_PERIOD, F_UPPER, foldRange, tokenize, type Token,
} from '../text/index.js';
import {
  compileAliases, hashKey, NUMERIC_START_HASHES, textKeys, type CompiledAliases, type TrieNode,
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
  const normalized = normalizeEntities(entities);
  const compiled = compileAliases(normalized, { acronymCase: options.acronymCase ?? true });
  const fuzzy = options.fuzzy ?? true;
  return {
    entities: normalized,
    match: (text, matchOptions) => matchCompiled(text, normalized, compiled, fuzzy, matchOptions),
  };
}

/** One-off convenience: compiles `entities` and matches `text`. Prefer `createEntityMatcher` in loops. */
export function matchEntities(text: string, entities: readonly GoldEntity[], options: EntityMatcherOptions & MatchOptions = {}): EntityHit[] {
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
const NUMERIC_BIT = 2;

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
const fuzzyTables = new WeakMap<CompiledAliases, Uint8Array>();

/** A 64K table on the low bits of the start hashes, so most words are dismissed by one array read. */
function prefilterOf(compiled: CompiledAliases): Uint8Array {
  let table = prefilters.get(compiled);
  if (table === undefined) {
    table = new Uint8Array(65536);
    for (const h of compiled.startHashes) table[h & 0xffff]! |= 1;
    if (compiled.numeric) for (const h of NUMERIC_START_HASHES) table[h & 0xffff]! |= NUMERIC_BIT;
    prefilters.set(compiled, table);
  }
  return table;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 96 || c === 0x2019 || c === 0x2018 || c === 0x02bc;
}

/** A letter, digit or combining mark, as the tokenizer reads words. */
function isWordChar(c: number): boolean {
  if (FOLD[c] !== 0) return true;
  if (c < 128) return false;
  const cls = charClass(c);
  return cls === CH_LETTER || cls === CH_DIGIT || cls === CH_MARK;
}

/**
 * Walks the text once, hashing each word's folded letters without building strings (the same
 * key the tokenizer would give it); only a word that can start an alias gets the full tokenizer,
 * on a small local window. Words with non-ASCII letters take the tokenizer's path directly.
 */
function fastScan(state: ScanState, from: number, to: number): void {
  const { text, compiled, prefilter, fuzzyTable } = state;
  const { startHashes, numeric } = compiled;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    let g = FOLD[c]!;
    if (g === 0) {
      if (c < 128) {
        if ((c === 36 && numeric) || (c === 38 && startHashes.has(AND_HASH))) i = Math.max(i + 1, visit(state, i, to));
        else i++;
      } else i = nonAsciiStart(state, c, i, to);
      continue;
    }
    const start = i;
    const digit = c <= 57;
    let h = 0;
    let length = 0;
    let resume = -1;
    for (;;) {
      h = (Math.imul(h, 31) + g) | 0;
      length++;
      i++;
      g = i < to ? FOLD[text.charCodeAt(i)]! : 0;
      if (g !== 0) continue;
      if (i >= to) break;
      const stop = text.charCodeAt(i);
      if (stop < 128) {
        if (stop !== 39 && stop !== 96) break; // the common case: a space or punctuation
      } else if (!isApostrophe(stop)) {
        if (isWordChar(stop)) resume = -2; // an accented letter inside the word
        break;
      }
      if (digit || i + 1 >= to || !isWordChar(text.charCodeAt(i + 1))) break;
      const next = text.charCodeAt(i + 1);
      if ((next === 115 || next === 83) && (i + 2 >= to || !isWordChar(text.charCodeAt(i + 2)))) {
        resume = i + 2; // possessive 's: the word ends before the apostrophe
        break;
      }
      i++; // d'Orsay, don't: the apostrophe disappears from the key
      g = FOLD[text.charCodeAt(i)]!;
      if (g === 0) {
        resume = -2;
        break;
      }
    }
    if (resume === -2) {
      i = slowWord(state, start, to);
      continue;
    }
    const bits = prefilter[h & 0xffff]!;
    const trigger =
      (digit && numeric) ||
      (bits !== 0 && (startHashes.has(h) || ((bits & NUMERIC_BIT) !== 0 && NUMERIC_START_HASHES.has(h)))) ||
      (length === 1 && !digit && text.charCodeAt(i) === 46); // dotted initials: U.S.A., J. R. R.
    if (fuzzyTable !== undefined && !digit && isFuzzyCandidate(fuzzyTable, c, length)) state.fuzzy.push(start, i, to);
    if (trigger) i = Math.max(i, visit(state, start, to));
    if (resume > i) i = resume;
  }
}

/** A non-ASCII character where a word could start: CJK characters are one token each. */
function nonAsciiStart(state: ScanState, c: number, i: number, to: number): number {
  const cls = charClass(c);
  if (cls === CH_CJK) {
    if (state.compiled.startHashes.has(c)) visit(state, i, to);
    return i + 1;
  }
  return cls === CH_LETTER || cls === CH_DIGIT ? slowWord(state, i, to) : i + 1;
}

/** A word with non-ASCII letters: take its key from the full tokenizer. */
function slowWord(state: ScanState, i: number, to: number): number {
  const token = tokenize(state.text, i, to, 1)[0];
  if (token === undefined) return i + 1;
  const { startHashes, numeric } = state.compiled;
  const h = hashKey(token.key);
  if (startHashes.has(h) || (numeric && (token.kind === 'num' || NUMERIC_START_HASHES.has(h)))) {
    return Math.max(token.end, visit(state, i, to));
  }
  const table = state.fuzzyTable;
  if (table !== undefined && token.kind === 'word' && isFuzzyCandidate(table, token.key.charCodeAt(0), token.key.length)) {
    state.fuzzy.push(i, token.end, to);
  }
  return Math.max(token.end, i + 1);
}

/** Tokenizes a small window at `i` and walks the trie from its first token; returns where that token ends. */
function visit(state: ScanState, i: number, to: number): number {
  const { root, maxTokens } = state.compiled;
  // First read just enough raw tokens to build the first canonical one ("14th of March, 1879" is
  // four, "one and a half million dollars" six); most visits end here: no alias starts with it.
  const c = state.text.charCodeAt(i);
  let tokens = tokenize(state.text, i, to, c >= 48 && c <= 57 ? 4 : 6);
  const first = tokens[0];
  if (first === undefined) return i + 1;
  if (state.fuzzyTable !== undefined && state.compiled.fuzzyExactFirst.has(first.key)) state.fuzzy.push(i, first.end, to);
  if (!textKeys(first).some((key) => root.next?.has(key))) return first.end;
  if (maxTokens > 1 && tokens.length < maxTokens * 3 + 4) tokens = tokenize(state.text, i, to, maxTokens * 3 + 4);
  walk(state, tokens, 0, 0, root);
  return first.end;
}


/** Depth-first walk of the trie along the tokens from `first`; records every alias that ends. */
function walk(state: ScanState, tokens: Token[], first: number, j: number, node: TrieNode): void {
  const t = tokens[j];
  if (t === undefined || node.next === undefined) return;
  if (j > first && crossesSentence(tokens[j - 1]!, t)) return;
  for (const key of textKeys(t)) {
    const child = node.next.get(key);
    if (child === undefined) continue;
    if (child.out !== undefined) {
      const start = tokens[first]!.start;
      const end = t.end;
      const source = state.text.slice(start, end);
      for (const out of child.out) {
        if (out.caseSensitive && (t.flags & F_UPPER) === 0) continue;
        state.found[out.entity]!.push({ start, end, text: source, alias: out.alias, how: source === out.surface ? 'exact' : 'folded' });
      }
    }
    walk(state, tokens, first, j + 1, child);
  }
}

/** A match may not run across a sentence or line break; a period after an abbreviation is no break. */
function crossesSentence(prev: Token, t: Token): boolean {
  if ((t.flags & F_PRE_BREAK) !== 0) return true;
  return (t.flags & F_PRE_PERIOD) !== 0 && (prev.flags & F_ABBR) === 0;
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
    const firstChar = text.charCodeAt(start) | 32;
    let firstWord: string | undefined;
    let tokens: Token[] | undefined;
    for (const alias of pending) {
      const key0 = alias.keys[0]!;
      if (key0.charCodeAt(0) !== firstChar) continue;
      // Cheap check of the first word before tokenizing a window.
      firstWord ??= foldRange(text, start, fuzzy[c + 1]!);
      if (!within(firstWord, key0, alias.bounds[0]!)) continue;
      tokens ??= tokenize(text, start, fuzzy[c + 2]!, compiled.maxTokens + 2);
      const end = fuzzyEnd(tokens, alias);
      if (end < 0) continue;
      found[alias.entity]!.push({ start, end, text: text.slice(start, end), alias: alias.alias, how: 'fuzzy' });
    }
  }
}

function within(word: string, key: string, bound: number): boolean {
  if (bound === 0) return word === key;
  return Math.abs(word.length - key.length) <= bound && distance(word, key) <= bound;
}

/** Where the fuzzy match of `alias` at the start of `tokens` ends, or -1 (an exact match is not fuzzy). */
function fuzzyEnd(tokens: Token[], alias: { keys: string[]; bounds: number[] }): number {
  if (tokens.length < alias.keys.length) return -1;
  let typo = false;
  for (let t = 0; t < alias.keys.length; t++) {
    const token = tokens[t]!;
    if (token.kind !== 'word' || (t > 0 && crossesSentence(tokens[t - 1]!, token))) return -1;
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
