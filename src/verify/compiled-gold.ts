import { createEntityMatcher, type EntityMatcher } from '../entities/index.js';
import { ARTICLES, tokenize, type Token } from '../text/index.js';
import { boundedCache, DEFAULT_CACHE_SIZE, type Cache } from './cache.js';
import { demonymAliases } from './demonyms.js';
import { writtenVariants } from './gold-variants.js';
import { personName, type PersonName } from './names.js';
import { stem } from './stem.js';

export { stem } from './stem.js';

/** What a gold alias is, which decides the rules it is compared by. */
export type GoldKind = 'choice' | 'yes-no' | 'number' | 'date' | 'text';

/** One gold alias, prepared once per question. */
export interface PreparedAlias {
  text: string;
  /** The caller's alias this one was derived from (itself, a demonym's source, a name without its note). */
  source: string;
  kind: GoldKind;
  tokens: Token[];
  /** Token keys without a leading article. */
  keys: string[];
  /** `keys` with plurals folded: what the exact and containment rules compare. */
  stemmed: string[];
  /** Keys without stop words, plural-folded: what partial overlaps are counted on. */
  content: string[];
  /** For `choice`: the letter, upper-case. For `yes-no`: 'yes' or 'no'. */
  label?: string;
  /** For a `text` alias that names a person: given and family names. */
  person?: PersonName;
  /**
   * For a `text` alias with a qualifier after a comma or a preposition ("Dodger Stadium, Los
   * Angeles", "Thomas Hobbes in his Leviathan"): the stemmed keys of what comes before it.
   */
  head?: string;
  /** Content words of `head`: a part of the name is taken from it, not from the qualifier. */
  headContent?: string[];
  /** For a `text` alias of two or more words: the initials of all of them ("National Football League" → nfl). */
  initials?: string;
  /** For an alias written as one word of 3–6 capitals ("OWN"): that word, folded. */
  acronym?: string;
  /**
   * Keys of the numbers and dates of the alias (`n:7`, `n:5|km`), except citation marks ("Peter
   * Gardner[4] Ostrum"): an answer must hold each of them to be the alias (the `all-words` rule).
   */
  values: string[];
}

/** The gold side of a comparison, compiled once per question and cached. */
export interface CompiledGold {
  aliases: PreparedAlias[];
  /** One entity per searchable alias, so a mention tells which alias it matched. */
  matcher: EntityMatcher;
  /** The caller's gold alias behind each matcher entity. */
  matcherAliases: string[];
  /** The aliases that name a person, by family name, for one pass over an answer. */
  persons: ReadonlyMap<string, readonly PreparedAlias[]>;
  /**
   * What the verifier read from the last few questions asked with this gold (their content words,
   * how often they name the gold): the rollouts of a group share one question.
   */
  questions: Map<string, { words?: ReadonlySet<string>; mentions?: number }>;
  /**
   * Content words (plural-folded) of the notes in parentheses of the caller's golds ("spiny
   * anteater" of "Echidna (spiny anteater)"): an answer's "Echidnas or spiny anteaters" offers the
   * gold's own other name, not a second answer.
   */
  noteWords: ReadonlySet<string>;
  /** The golds with no word at all ("!!!", "?"): compared as written (the `literal` rule). */
  literals: string[];
}

/** Words that carry no content when overlaps are counted. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'by', 'with', 'from', 'as', 'is',
  'was', 'are', 'were', 'be', 'been', 'it', 'its', 'this', 'that', 'which', 'who', 'what', 'his', 'her',
  'their', 'he', 'she', 'they', 'i', 'we', 'you', 'answer', 'final', 'between', 'until',
]);

const YES = new Set(['yes', 'true', 'correct', 'yeah', 'yep']);
const NO = new Set(['no', 'false', 'incorrect', 'nope']);


/** Keys of tokens without a leading article; a number carries its unit (7 km is not 7 miles). */
export function keysOf(tokens: readonly Token[]): string[] {
  const keys = tokens.map((t) => (t.unit === undefined ? t.key : `${t.key}|${t.unit}`));
  return keys.length > 1 && ARTICLES.has(keys[0]!) ? keys.slice(1) : keys;
}

/** Content keys: no stop words, plurals folded. */
export function contentOf(keys: readonly string[]): string[] {
  return keys.filter((k) => !STOP_WORDS.has(k)).map(stem);
}

// Leading words that do not change what kind of answer a gold is ("in 1908", "on 21 March 1946").
const LEADING = new Set(['in', 'on', 'at', 'by', 'during', 'around', 'about', 'since', 'from', 'circa', 'c', 'the']);

/**
 * Splits words glued by lost markup or citations: "isMalina Weissman12" → "is Malina Weissman 12".
 * Applied to both sides of a comparison, so "MacFarlane" still meets "MacFarlane".
 */
export function unglue(text: string): string {
  return text
    // A citation number glued to a year ("in 19661." is "in 1966" and note 1).
    // Only where the sentence ends there: "an army of 15000 men" is a number.
    .replace(/\b((?:in|on|of|since|by|until|from|to|and|january|february|march|april|may|june|july|august|september|october|november|december|\d{1,2}(?:st|nd|rd|th)?,?)\s+(?:1[5-9]|20)\d\d)([1-9]\d?)(?=[.,;:)]?$|[.,;:)]\s)/gi, '$1 $2')
    // Thousands written apart by a tokenizer ("500, 000", "7, 826, 367") when they end the text,
    // not "day 2, 500 refugees" nor a day and a year ("April 23, 303 AD").
    // The \b before the lookbehind keeps it to the start of a word, so each run of spaces is read back
    // once (before, it was read at every position of a run: quadratic on a long one). The lint cannot see that.
    // eslint-disable-next-line regexp/no-super-linear-move -- linear: see the comment above, and regex-rewrites.test.ts
    .replace(/\b(?<![\d,]\s?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)\d{1,3}(?:, \d{3})+$/gi, (m) => m.replace(/, /g, ','))
    // Citation marks in superscript after a word ("Lady Gaga⁶"), not powers of a unit ("km²").
    .replace(/(?<=\p{L}{3}|[.,;:)"'\u201d])[\u00b2\u00b3\u00b9\u2070-\u2079]+/gu, ' ')
    .replace(/([a-z\u00df-\u00ff])([A-Z\u00c0-\u00de])/g, '$1 $2')
    .replace(/(?<=[A-Za-z\u00c0-\u00ff]{2})(\d+)\b/g, ' $1')
    .replace(/(\d)([A-Z][a-z]|[a-z]{3,})/g, (m, d: string, rest: string) => (/^(?:st|nd|rd|th|s)\b/.test(rest) ? m : `${d} ${rest}`));
}

function prepare(text: string, source: string): PreparedAlias {
  const unglued = unglue(text);
  const tokens = tokenize(unglued);
  const keys = keysOf(tokens);
  const values = tokens
    .filter((t) => (t.kind === 'num' || t.kind === 'date') && !(unglued.charAt(t.start - 1) === '[' && unglued.charAt(t.end) === ']'))
    .map((t) => (t.unit === undefined ? t.key : `${t.key}|${t.unit}`));
  const alias: PreparedAlias = { text, source, kind: 'text', tokens, keys, stemmed: keys.map(stem), content: contentOf(keys), values };
  const letter = /^\(?([A-Ja-j])\)?[.)]?$/.exec(text.trim());
  if (letter !== null) {
    alias.kind = 'choice';
    alias.label = letter[1]!.toUpperCase();
  } else if (keys.length === 1 && (YES.has(keys[0]!) || NO.has(keys[0]!))) {
    alias.kind = 'yes-no';
    alias.label = YES.has(keys[0]!) ? 'yes' : 'no';
  } else {
    let k = 0;
    while (k < tokens.length - 1 && LEADING.has(tokens[k]!.key)) k++;
    const value = tokens[k]!;
    if (k === tokens.length - 1 && (value.kind === 'num' || value.kind === 'date')) {
      alias.kind = value.kind === 'num' ? 'number' : 'date';
      alias.tokens = [value];
    }
  }
  if (alias.kind === 'text') {
    const head = headOf(unglued);
    if (head !== undefined) {
      alias.head = head.keys.map(stem).join(' ');
      if (head.comma) alias.headContent = contentOf(head.keys);
    }
    if (keys.length >= 2 && keys.every((k) => /^[a-z]/.test(k))) alias.initials = keys.map((k) => k[0]).join('');
    if (keys.length === 1 && /^[A-Z]{3,6}$/.test(text.trim())) alias.acronym = keys[0]!;
    const person = text.length <= MAX_DERIVED ? personName(text, STOP_WORDS) : null;
    if (person !== null) alias.person = person;
  }
  return alias;
}

// A qualifier after the name: ", Los Angeles", " in Lincolnshire", " or layer 1", " of 1922".
// Golds longer than this are sentences, not names: no variants or name readings are derived from them.
const MAX_DERIVED = 200;
const QUALIFIER = /,\s|(?<!\s)\s+(?:in|at|near|for|from|during|on|or)\s+|(?<!\s)\s+of\s+(?=\d)/i;
// "of" + a name is a qualifier only after a name of two words or more ("Archduke Franz Ferdinand
// of Austria"); "Battle of Hastings" and "Isle of Man" are one name.
const OF_NAME = /(?<!\s)\s+of\s+(?=\p{Lu})/u;

/**
 * The keys of an alias before its qualifier, when it has one and that part names something: two
 * words or more ("Dodger Stadium", "two years"), or one capitalised word before a comma ("Dhaka",
 * and also "Paris" of "Paris, Texas"), or before "or"; never one word before a preposition ("Death" of "Death in
 * Venice") nor only a number ("1" of "1 in 4"). `comma` when the qualifier came after a comma.
 */
function headOf(text: string): { keys: string[]; comma: boolean } | undefined {
  if (text.length > MAX_DERIVED) return undefined;
  const cut = QUALIFIER.exec(text) ?? OF_NAME.exec(text);
  if (cut === null || cut.index === 0) return undefined;
  const keys = keysOf(tokenize(text.slice(0, cut.index)));
  // Words, and quantities with their unit ("two years"); a bare number names nothing.
  const words = contentOf(keys).filter((k) => !k.includes(':') || k.includes('|'));
  const comma = cut[0].startsWith(',');
  // One capitalised word before a comma or an "or" is a place with its region ("Dhaka,
  // Bangladesh"), one of two names ("Gurkha or Nepalese"), or a name with a note ("Scots in origin").
  // Before a preposition only when what follows is no part of a title ("Scots in origin", not
  // "Death in Venice", "Fiddler on the Roof").
  const tail = text.slice(cut.index + cut[0].length);
  const loose = comma || /^\s+or\s+$/i.test(cut[0]) || !/\p{Lu}/u.test(tail);
  const single = words.length === 1 && (words[0]!.includes('|') || (loose && /^\p{Lu}/u.test(text)));
  return words.length >= 2 || single ? { keys, comma } : undefined;
}

/** A canonical gold with a note in parentheses also stands without it: "Venera 7 (Venus.)" → "Venera 7". */
function coreOf(alias: string): string[] {
  const bare = alias.replace(/(?:(?<!\s)\s+)?\([^()]*\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
  return bare !== alias.trim() ? [bare] : [];
}

/** The content words inside the parentheses of the golds, plural-folded (see `CompiledGold.noteWords`). */
function noteWordsOf(aliases: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const alias of aliases) {
    if (alias.length > MAX_DERIVED) continue;
    for (const [, note] of alias.matchAll(/\(([^()]*)\)/g)) for (const k of contentOf(keysOf(tokenize(note!)))) words.add(k);
  }
  return words;
}

/** Undoes UTF-8 bytes decoded as Latin-1 ("MÃ¡ire" → "Máire"), when the text reads as exactly that. */
export function repairMojibake(text: string): string | undefined {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(text) || /[\u0100-\uffff]/.test(text)) return undefined;
  try {
    return UTF8.decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The compiled golds of the default scorer (`verifyAnswer`, `rubricReward`). */
export const DEFAULT_GOLD_CACHE: Cache<CompiledGold> = boundedCache(DEFAULT_CACHE_SIZE);

/** Compiles (or fetches from `cache`) the gold side for these aliases. */
export function compileGold(aliases: readonly string[], cache: Cache<CompiledGold> = DEFAULT_GOLD_CACHE): CompiledGold {
  // JSON, not a joined string: an alias may itself contain any separator ("Paris\u0000Lyon").
  const cacheKey = JSON.stringify(aliases);
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit;
  // Derived aliases remember which gold they came from, so a verdict reports the caller's alias.
  const expanded = new Map<string, string>(aliases.map((a) => [a, a]));
  const add = (alias: string, source: string): void => {
    if (alias !== '' && !expanded.has(alias)) expanded.set(alias, source);
  };
  for (const alias of aliases) {
    // UTF-8 read as Latin-1 somewhere upstream ("MÃ¡ire", "50Â GB"): also stands repaired.
    const repaired = repairMojibake(alias) ?? alias;
    if (repaired !== alias) add(repaired, alias);
    if (repaired.length <= MAX_DERIVED) for (const variant of writtenVariants(repaired)) add(variant, alias);
  }
  for (const alias of aliases) {
    // A gold that offers two answers ("morgue or mortuary", "PIGEONS or DOVES") accepts either;
    // a title ("Deal or No Deal", "Dead or Alive") is one name.
    if (alias.length > MAX_DERIVED) continue;
    const sides = alias.split(/(?<!\s)\s+or\s+/);
    const title = sides.every((side) => side.split(/\s+/).every((w) => /^\p{Lu}\p{Ll}/u.test(w) || /^(?:of|the|a|an|and|to|in|no|not)$/i.test(w)));
    // "16 or older", "50 or so": the second side qualifies the first.
    const qualifies = /^(?:older|younger|more|less|fewer|greater|higher|lower|better|worse|later|earlier|so|above|below|over|under|both|never|not)\b/i.test(sides[1] ?? '');
    if (sides.length === 2 && !title && !qualifies) for (const side of sides) if (side.trim() !== '') add(side.trim(), alias);
  }
  for (const alias of aliases) {
    // A nationality gold also accepts the country's name, and back ("American" = "United States").
    for (const other of demonymAliases(alias)) add(other, alias);
  }
  // Only the canonical answer is read as "name + note": alias lists scraped from page titles
  // ("Cob (bird)", "Dot (punctuation)") would otherwise turn into bare, ambiguous words.
  for (const core of coreOf(aliases[0]!)) add(core, aliases[0]!);
  const all = [...expanded].map(([text, source]) => prepare(text, source));
  const prepared = all.filter((a) => a.tokens.length > 0);
  const literals = all.filter((a) => a.tokens.length === 0).map((a) => a.source);
  // An alias of stop words only ("A+" reads as "a", "The Who" as "who") would be found in any
  // sentence: it is compared whole (the exact rule), never searched for.
  const searchable = prepared.filter((a) => a.content.length > 0 || a.kind !== 'text');
  const persons = new Map<string, PreparedAlias[]>();
  for (const alias of prepared) {
    if (alias.person !== undefined) persons.set(alias.person.family, [...(persons.get(alias.person.family) ?? []), alias]);
  }
  const compiled: CompiledGold = {
    aliases: prepared,
    matcher: createEntityMatcher(searchable.map((a) => unglue(a.text)), { acronymCase: false }),
    matcherAliases: searchable.map((a) => a.source),
    persons,
    questions: new Map(),
    noteWords: noteWordsOf(aliases),
    literals,
  };
  cache.set(cacheKey, compiled);
  return compiled;
}
