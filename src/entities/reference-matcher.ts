// A slow reference matcher, for tests only (not exported from the package): tokenize the whole
// range once and look for each alias's key sequence at every token, with the rules the compiled
// matcher documents, written as plainly as possible so that the two can be compared:
// - a leading article of an alias is optional (unless only articles would be left);
// - a number with a unit in the gold matches the same number with that unit or with none;
//   a bare gold number matches the number whatever its unit;
// - a full date in the text also answers to its month-year, its day-month and its year;
// - short all-caps aliases (2 to 4 letters) must be all-caps in the text;
// - a match never runs across a sentence break (. after a non-abbreviation, ! ? ; newline),
//   except where the alias itself has one ("Tick, Tick... Boom!");
// - the last word of an alias, when the alias writes it in lower case, also matches its other
//   grammatical number ("giraffe" / "giraffes"), unless it is a unit or a scale ("a week"); when
//   the alias capitalises it ("Giraffe"), only its plural by "-s", and not for a word already
//   ending in s, x, z, ch, sh or y ("Wales" is never "Wale"), nor in a title with its article
//   ("The Streak" is not "streaks");
// - the head of a name of two words or more may be written as its compound ("Bay Light" /
//   "Bay Lighthouse", lexicon's HEAD_COMPOUNDS);
// - an ordinal in the gold ("12th") matches only an ordinal; a cardinal matches both;
// - a name may start at the capital after a glued function word ("ofThrash Metal"), when the
//   rest of the word reads as one word;
// - a number or a date takes in neighbouring words ("14 August", "5 km", "a million"); a name may
//   still start at such a word when something stands before it ("on 14 August Strindberg wrote",
//   not "5km"), but a number may not start inside another number (1 is not in "twenty-one");
// - typos (when `fuzzy`): only for an entity not found exactly, word tokens only, each word within
//   the distance its length allows (optimal string alignment), same first letter, an ending added
//   or dropped is no typo.
import { F_ABBR, F_LOWER, F_ORDINAL, F_PRE_ANY, F_PRE_BREAK, F_PRE_PERIOD, F_UPPER, tokenize, type Token } from '../text/index.js';
import { gluedNameStart } from '../text/glued-words.js';
import { capitalisedPlural, numberVariants } from '../text/inflection.js';
import { ARTICLES, HEAD_COMPOUNDS, SCALE_WORDS, UNITS } from '../text/lexicon.js';
import { scan } from '../text/scan.js';
import { osaDistance } from './edit-distance.js';
import type { EntityHit, GoldEntity, Mention, TextRange } from './types.js';

function goldKeys(t: Token, alias: string, last: boolean, multiWord: boolean, titled: boolean): string[] {
  if (t.kind === 'num' && t.unit !== undefined) return [`${t.key}|${t.unit}`, `${t.key}|?`];
  if (t.kind === 'num' && (t.flags & F_ORDINAL) !== 0) return [`${t.key}#th`];
  if (!last || t.kind !== 'word') return [t.key];
  const c = alias.charCodeAt(t.start);
  const plain = (t.flags & F_ABBR) === 0 && !UNITS.has(t.key) && !SCALE_WORDS.has(t.key);
  const lower = plain && c >= 97 && c <= 122;
  const capital = plain && !titled && c >= 65 && c <= 90 && (t.flags & F_LOWER) !== 0 && !ARTICLES.has(t.key);
  const forms = (key: string): string[] => (lower ? [key, ...numberVariants(key)] : capital ? [key, ...capitalisedPlural(key)] : [key]);
  const heads = multiWord ? (HEAD_COMPOUNDS.get(t.key) ?? []) : [];
  return [t.key, ...heads].flatMap(forms);
}

function textKeys(t: Token): string[] {
  if (t.kind === 'num' && t.unit !== undefined) return [`${t.key}|${t.unit}`, t.key];
  if (t.kind === 'num') return (t.flags & F_ORDINAL) !== 0 ? [t.key, `${t.key}|?`, `${t.key}#th`] : [t.key, `${t.key}|?`];
  return [t.key, ...(t.alts ?? [])];
}

function crossesSentence(prev: Token, t: Token): boolean {
  return (t.flags & F_PRE_BREAK) !== 0 || ((t.flags & F_PRE_PERIOD) !== 0 && (prev.flags & F_ABBR) === 0);
}

function aliasesOf(entity: GoldEntity): string[] {
  return typeof entity === 'string' ? [entity.trim()] : [entity.name.trim(), ...(entity.aliases ?? []).map((a) => a.trim())];
}

interface Gold {
  alias: string;
  surface: string;
  tokens: Token[];
  /** The keys each token may be matched by. */
  keys: string[][];
  /** Whether the alias itself has a sentence break before each token. */
  breaks: boolean[];
  caseSensitive: boolean;
}

function goldOf(alias: string, acronymCase: boolean): Gold {
  let tokens = tokenize(alias);
  let surface = alias;
  if (tokens.length > 1 && ARTICLES.has(tokens[0]!.key) && tokens.some((t) => !ARTICLES.has(t.key))) {
    surface = alias.slice(tokens[1]!.start);
    tokens = tokens.slice(1);
  }
  const first = tokens[0]!;
  const caseSensitive =
    acronymCase && tokens.length === 1 && first.kind === 'word' && (first.flags & F_UPPER) !== 0 && first.key.length >= 2 && first.key.length <= 4;
  const keys = tokens.map((t, k) => goldKeys(t, alias, k === tokens.length - 1, tokens.length > 1, surface !== alias));
  const breaks = tokens.map((t, k) => k > 0 && crossesSentence(tokens[k - 1]!, t));
  return { alias, surface, tokens, keys, breaks, caseSensitive };
}

/** Does the alias match at the start of `tokens`? Its own sentence breaks may stand in the text too. */
function matchesAt(tokens: Token[], p: number, gold: Gold): boolean {
  const g = gold.tokens;
  if (tokens.length - p < g.length) return false;
  for (let k = 0; k < g.length; k++) {
    const t = tokens[p + k]!;
    if (k > 0 && crossesSentence(tokens[p + k - 1]!, t) && !gold.breaks[k]) return false;
    const offered = textKeys(t);
    if (!gold.keys[k]!.some((key) => offered.includes(key))) return false;
  }
  return !gold.caseSensitive || (tokens[p + g.length - 1]!.flags & F_UPPER) !== 0;
}

function typoBound(length: number): number {
  return length < 7 ? 0 : length < 11 ? 1 : length < 20 ? 2 : 3;
}

function withinTypo(word: string, key: string, bound: number): boolean {
  // Identifiers (a word with a digit, on either side) are never typos.
  if (bound === 0 || /\d/.test(word) || /\d/.test(key)) return word === key;
  if (word.charCodeAt(0) !== key.charCodeAt(0)) return false;
  if (word !== key && (word.startsWith(key) || key.startsWith(word))) return false;
  return osaDistance(word, key, bound) <= bound;
}

/** A typo match of the alias at the start of `tokens`: all words, each within its bound, one at least off. */
function typoAt(tokens: Token[], p: number, gold: Gold): boolean {
  const g = gold.tokens;
  if (tokens.length - p < g.length || g.some((t) => t.kind !== 'word') || g.every((t) => typoBound(t.key.length) === 0 || /\d/.test(t.key))) return false;
  let typo = false;
  for (let k = 0; k < g.length; k++) {
    const t = tokens[p + k]!;
    if (t.kind !== 'word') return false;
    if (k > 0 && crossesSentence(tokens[p + k - 1]!, t) && !gold.breaks[k]) return false;
    if (!withinTypo(t.key, g[k]!.key, typoBound(g[k]!.key.length))) return false;
    typo ||= t.key !== g[k]!.key;
  }
  return typo;
}

function dedupe(mentions: Mention[]): Mention[] {
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  for (const m of mentions) if (out.length === 0 || m.start >= out[out.length - 1]!.end) out.push(m);
  return out;
}

/** Options of the reference matcher, as the compiled matcher's. */
export interface ReferenceOptions {
  ranges?: readonly TextRange[] | undefined;
  /** @default true */
  fuzzy?: boolean | undefined;
  /** @default true */
  acronymCase?: boolean | undefined;
}

/** Every mention of every entity, found the slow way (see the header of this file). */
export function referenceMatch(text: string, entities: readonly GoldEntity[], options: ReferenceOptions = {}): EntityHit[] {
  const ranges = options.ranges ?? [{ start: 0, end: text.length }];
  // Every place a match may start: [tokens, the index of the first, only a name may start here].
  const starts: [Token[], number, boolean][] = [];
  for (const range of ranges) {
    const start = Math.max(0, Math.min(range.start, text.length));
    const end = Math.max(start, Math.min(range.end, text.length));
    const whole = tokenize(text, start, end);
    whole.forEach((t, p) => {
      starts.push([whole, p, false]);
      // "ofThrash Metal": a name may also start at the capital after a glued function word, when
      // the rest of the word reads as one word.
      const glued = t.kind === 'word' ? gluedNameStart(text, t.start, t.end) : -1;
      if (glued > 0) {
        const rest = tokenize(text, glued, end);
        if (rest[0]?.kind === 'word' && rest[0].end === t.end) starts.push([rest, 0, true]);
      }
      if (t.kind !== 'num' && t.kind !== 'date') return;
      for (const r of scan(text, t.start, t.end)) {
        if (r.start > t.start && r.kind === 'word' && (r.flags & F_PRE_ANY) !== 0) starts.push([tokenize(text, r.start, end), 0, true]);
      }
    });
  }
  const mention = (tokens: Token[], p: number, gold: Gold, how: Mention['how'] | undefined): Mention => {
    const from = tokens[p]!.start;
    const to = tokens[p + gold.tokens.length - 1]!.end;
    const source = text.slice(from, to);
    return { start: from, end: to, text: source, alias: gold.alias, how: how ?? (source === gold.surface ? 'exact' : 'folded') };
  };
  return entities.map((entity) => {
    const golds = aliasesOf(entity).map((alias) => goldOf(alias, options.acronymCase ?? true));
    const found: Mention[] = [];
    for (const gold of golds) {
      for (const [tokens, p, nameOnly] of starts) {
        if (nameOnly && (tokens[p]!.kind === 'num' || tokens[p]!.kind === 'date')) continue;
        if (matchesAt(tokens, p, gold)) found.push(mention(tokens, p, gold, undefined));
      }
    }
    if (found.length === 0 && options.fuzzy !== false) {
      for (const gold of golds) {
        for (const [tokens, p] of starts) if (typoAt(tokens, p, gold)) found.push(mention(tokens, p, gold, 'fuzzy'));
      }
    }
    const mentions = dedupe(found);
    const weight = typeof entity === 'string' ? 1 : (entity.weight ?? 1);
    return { name: typeof entity === 'string' ? entity.trim() : entity.name.trim(), found: mentions.length > 0, mentions, weight };
  });
}
