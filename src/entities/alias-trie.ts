import { ABBREVIATIONS, ARTICLES, HEAD_COMPOUNDS, MONTHS, NUMBER_WORDS, SCALE_WORDS, UNITS } from '../text/lexicon.js';
import { capitalisedPlural, numberVariants } from '../text/inflection.js';
import { F_ABBR, F_LOWER, F_ORDINAL, F_PRE_BREAK, F_PRE_PERIOD, F_UPPER, tokenize, type Token } from '../text/index.js';
import { hashKey } from '../text/lexer.js';
import { GLUED_FUNCTION_WORDS } from '../text/glued-words.js';
import type { NormalizedEntity } from './normalize-entities.js';

/** What a trie node reports when a whole alias has been read. */
export interface AliasOutput {
  entity: number;
  alias: string;
  /** The alias as it may be written verbatim (without a leading article), for `how: 'exact'`. */
  surface: string;
  /** Short all-caps alias: the text must write it in capitals too. */
  caseSensitive: boolean;
}

export interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  out: AliasOutput[] | undefined;
  /**
   * Some alias has a sentence break right before this token ("Tick, Tick... Boom!", "Panic! at
   * the Disco"), so the text may have one there too: the alias's own punctuation is no break.
   */
  breakBefore: boolean;
}

/** An alias eligible for typo-tolerant matching: only word tokens, at least one long enough to fuzz. */
export interface FuzzyAlias {
  entity: number;
  alias: string;
  keys: string[];
  /** Edit distance allowed per token, by its length: 0 for short words, which must match exactly. */
  bounds: number[];
  /** Bit set of the letters a–z in the first key: a typo within distance d changes at most 2d of them. */
  mask: number;
  /** Per token: the alias itself has a sentence break before it (see `TrieNode.breakBefore`). */
  breaks: boolean[];
}

/** Everything compiled from a question's gold entities. */
export interface CompiledAliases {
  root: TrieNode;
  /** Hashes of the folded words that can start an alias (see `hashKey`). */
  startHashes: Set<number>;
  /** Some alias starts with a number or a date: digits, number words and month names start a match. */
  numeric: boolean;
  /** The most tokens an alias has; local windows read a few times this many raw tokens. */
  maxTokens: number;
  fuzzy: FuzzyAlias[];
  /** First keys of fuzzy aliases whose first word must match exactly (the typo is further on). */
  fuzzyExactFirst: Set<string>;
  /**
   * The keys a first text token may carry for some alias to start with it, units dropped (`n:5`
   * for `n:5|km`): lets a visit give up without building the unit-qualified keys.
   */
  firstKeys: Set<string>;
  /** Values of the aliases that start with a number: a plain number in the text only matters if it is one. */
  firstValues: Set<number>;
  /** Months of the dates aliases start with: a date in another month can only match a gold year. */
  firstMonths: Set<number>;
  /**
   * Hashes of each start word glued after a function word ("ofthrash" for "Thrash Metal"): a word
   * of the text with one of them may hide a name after a missing space, and is looked at closer.
   * Gold-side work, so that the scan of a text pays nothing for words that hide no name.
   */
  gluedHashes: Set<number>;
}

// The hash of a folded key is the text layer's, the one its cursor computes char by char.
export { hashKey } from '../text/lexer.js';

/**
 * Hashes of number words and month names: where a number or a date may start. ("a million" is
 * left out: the scan looks at an "a" only when a scale word follows it.)
 */
export const NUMERIC_START_HASHES: ReadonlySet<number> = new Set([...NUMBER_WORDS.keys(), ...MONTHS.keys()].map(hashKey));

/** The key an ordinal offers besides its number's: "12th" is `n:12` and `n:12#th`. */
export function ordinalKey(key: string): string {
  return `${key}#th`;
}

/**
 * The keys a gold token may be matched by: a number with a unit also matches a bare number in the
 * text; an ordinal only an ordinal ("12th" is not "12 institutions", issue 25).
 */
function goldKeys(t: Token): string[] {
  if (t.kind === 'num' && t.unit !== undefined) return [`${t.key}|${t.unit}`, `${t.key}|?`];
  if (t.kind === 'num' && (t.flags & F_ORDINAL) !== 0) return [ordinalKey(t.key)];
  return [t.key];
}

/** A match may not run across a sentence or line break; a period after an abbreviation is no break. */
export function crossesSentence(prev: Token, t: Token): boolean {
  if ((t.flags & F_PRE_BREAK) !== 0) return true;
  return (t.flags & F_PRE_PERIOD) !== 0 && (prev.flags & F_ABBR) === 0;
}

/** How the last word of an alias may change its number: both ways, singular to plural only, or not at all. */
export type Inflection = 'both' | 'plural' | 'none';

/**
 * How the last word of an alias may also match its other grammatical number. A lower-case word is
 * a common noun: both ways. A capitalised word ("Giraffe", "World Championship") may be a common
 * noun written as a name or a person's name: only its plural by "-s", never a singular cut from it
 * ("Wales" is never "Wale", "Jones" never "Jone"). An abbreviation, an all-caps word, a unit or a
 * scale keeps its one form ("a week" is not "741 weeks").
 */
export function inflectionOf(alias: string, t: Token): Inflection {
  if (t.kind !== 'word' || (t.flags & F_ABBR) !== 0 || UNITS.has(t.key) || SCALE_WORDS.has(t.key)) return 'none';
  const c = alias.charCodeAt(t.start);
  if (c >= 97 && c <= 122) return 'both';
  return c >= 65 && c <= 90 && (t.flags & F_LOWER) !== 0 && !ARTICLES.has(t.key) ? 'plural' : 'none';
}

/** The forms of a word under an inflection: itself first. */
function inflected(key: string, how: Inflection): string[] {
  if (how === 'both') return [key, ...numberVariants(key)];
  if (how === 'plural') return [key, ...capitalisedPlural(key)];
  return [key];
}

/**
 * The keys the last word of an alias may be matched by: itself, its other grammatical number
 * (see `inflectionOf`) and, for the head of a name of two words or more, the compound it is also
 * written as ("Yaquina Bay Light" / "Lighthouse", see `HEAD_COMPOUNDS`).
 */
export function lastWordKeys(alias: string, t: Token, multiWord = false, titled = false): string[] {
  if (t.kind !== 'word') return goldKeys(t);
  // A title with its article ("The Streak", "The Beatles") names one thing: no plural of its capital.
  const how = titled && inflectionOf(alias, t) === 'plural' ? 'none' : inflectionOf(alias, t);
  const keys = inflected(t.key, how);
  const compounds = multiWord ? HEAD_COMPOUNDS.get(t.key) : undefined;
  if (compounds !== undefined) for (const compound of compounds) keys.push(...inflected(compound, how));
  return keys;
}

/** The trie keys of each token of an alias, the last word with its other number (`titled`: the alias had a leading article). */
export function aliasKeys(alias: string, tokens: readonly Token[], titled = false): string[][] {
  return tokens.map((t, k) => (k === tokens.length - 1 ? lastWordKeys(alias, t, tokens.length > 1, titled) : goldKeys(t)));
}

/** For each token of an alias: whether the alias has a sentence break before it. */
export function aliasBreaks(tokens: readonly Token[]): boolean[] {
  return tokens.map((t, k) => k > 0 && crossesSentence(tokens[k - 1]!, t));
}

/**
 * The keys a text token offers to the trie: a number with a unit offers `n:7|km` and the bare
 * `n:7`; a bare number offers `n:7` and `n:7|?` (which only gold numbers with a unit carry).
 */
export function textKeys(t: Token): string[] {
  if (t.kind === 'num') {
    if (t.unit !== undefined) return [`${t.key}|${t.unit}`, t.key];
    return (t.flags & F_ORDINAL) !== 0 ? [t.key, `${t.key}|?`, ordinalKey(t.key)] : [t.key, `${t.key}|?`];
  }
  if (t.alts !== undefined) return [t.key, ...t.alts];
  return [t.key];
}

/** The edit distance a word of this length may be off by: short names never fuzz (Bonn ≠ Born). */
export function maxDistanceFor(length: number): number {
  if (length < 7) return 0;
  if (length < 11) return 1;
  if (length < 20) return 2;
  return 3;
}

const ABBREVIATION_SHORT_FORMS = new Map<string, string[]>();
for (const [short, long] of ABBREVIATIONS) {
  ABBREVIATION_SHORT_FORMS.set(long, [...(ABBREVIATION_SHORT_FORMS.get(long) ?? []), short]);
}

/** Compiles the aliases of every entity into one token trie, FlashText-style. */
export function compileAliases(entities: readonly NormalizedEntity[], options: { acronymCase: boolean }): CompiledAliases {
  const root: TrieNode = { next: undefined, out: undefined, breakBefore: false };
  const startHashes = new Set<number>();
  const fuzzy: FuzzyAlias[] = [];
  const fuzzyExactFirst = new Set<string>();
  const firstKeys = new Set<string>();
  const firstValues = new Set<number>();
  const firstMonths = new Set<number>();
  const gluedHashes = new Set<number>();
  let numeric = false;
  let maxTokens = 1;
  entities.forEach((entity, index) => {
    for (const alias of [entity.name, ...entity.aliases]) {
      // normalizeEntities has made sure every alias has a token.
      let tokens = tokenize(alias);
      // A leading article is optional in the text: index the name without it ("The Beatles" → Beatles),
      // unless nothing but articles would be left ("The The" is not every "the").
      let surface = alias;
      if (tokens.length > 1 && ARTICLES.has(tokens[0]!.key) && tokens.some((t) => !ARTICLES.has(t.key))) {
        surface = alias.slice(tokens[1]!.start);
        tokens = tokens.slice(1);
      }
      const first = tokens[0]!;
      const caseSensitive =
        options.acronymCase && tokens.length === 1 && first.kind === 'word' && (first.flags & F_UPPER) !== 0 &&
        first.key.length >= 2 && first.key.length <= 4;
      const keys = aliasKeys(alias, tokens, surface !== alias);
      const breaks = aliasBreaks(tokens);
      insert(root, keys, breaks, { entity: index, alias, surface, caseSensitive });
      maxTokens = Math.max(maxTokens, tokens.length);
      firstKeys.add(first.key);
      for (const key of keys[0]!) if (!key.includes('|')) firstKeys.add(key);
      if (first.kind === 'num' && first.value !== undefined) firstValues.add(first.value);
      if (first.kind === 'date') firstMonths.add(Number(first.key.startsWith('d:--') ? first.key.slice(4, 6) : first.key.slice(7, 9)));
      for (const key of keys[0]!) {
        if (key.startsWith('n:') || key.startsWith('d:')) numeric = true;
        else {
          for (const start of [key, ...(ABBREVIATION_SHORT_FORMS.get(key) ?? [])]) {
            startHashes.add(hashKey(start));
            for (const glue of GLUED_FUNCTION_WORDS) gluedHashes.add(hashKey(glue + start));
          }
        }
      }
      // A word with a digit is an identifier (Q188771, B-52, 3rd): one character off is another one.
      const bounds = tokens.map((t) => (t.kind === 'word' && !hasDigit(t.key) ? maxDistanceFor(t.key.length) : 0));
      if (bounds.some((b) => b > 0) && tokens.every((t) => t.kind === 'word')) {
        fuzzy.push({ entity: index, alias, keys: tokens.map((t) => t.key), bounds, mask: letterMask(first.key), breaks });
        if (bounds[0] === 0) fuzzyExactFirst.add(first.key);
      }
    }
  });
  return { root, startHashes, numeric, maxTokens, fuzzy, fuzzyExactFirst, firstKeys, firstValues, firstMonths, gluedHashes };
}

/** Bit set of the ASCII letters of a folded key (bit 0 for a, bit 25 for z); other characters are left out. */
export function letterMask(key: string): number {
  let mask = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) mask |= 1 << c;
  }
  return mask;
}

function insert(root: TrieNode, keys: string[][], breaks: boolean[], output: AliasOutput): void {
  let frontier = [root];
  for (let k = 0; k < keys.length; k++) {
    const nextFrontier: TrieNode[] = [];
    for (const node of frontier) {
      for (const key of keys[k]!) {
        node.next ??= new Map();
        let child = node.next.get(key);
        if (child === undefined) {
          child = { next: undefined, out: undefined, breakBefore: false };
          node.next.set(key, child);
        }
        if (breaks[k] === true) child.breakBefore = true;
        // Distinct keys lead to distinct children, so the frontier holds each node once.
        nextFrontier.push(child);
      }
    }
    frontier = nextFrontier;
  }
  // No duplicate check: each alias string is inserted once (normalizeEntities drops repeats) and
  // reaches each end node once, and a scan of the outputs would make 10⁴ aliases quadratic.
  for (const node of frontier) (node.out ??= []).push(output);
}

/** True when `key` holds an ASCII digit. */
export function hasDigit(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}
