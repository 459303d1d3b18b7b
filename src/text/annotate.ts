import { CC_CASE_BIT, CC_LOWER_A, CC_LOWER_Z, CC_PERIOD } from './char-codes.js';
import { ABBREVIATIONS, CURRENCY_SYMBOLS, DAYS_IN_MONTH, MONTHS, NUMBER_WORDS, SCALE_SUFFIXES, SCALE_WORDS, UNITS } from './lexicon.js';
import { canonicalNumber } from './scan.js';
import {
  F_ABBR, F_ORDINAL, F_PLAIN_DIGITS, F_PRE_ANY, F_PRE_COMMA, F_PRE_HYPHEN, F_PRE_PERIOD, F_PRE_SLASH,
  F_PRE_SPACE, F_UPPER, type Token,
} from './token.js';

/**
 * Second pass over the raw tokens: merges what spans several tokens into one canonical token
 * (numbers with scales and units, number words, dates, fractions, dotted initials) and maps
 * abbreviations to their long form. Linear: every pattern looks a few tokens ahead at most.
 * `to` is where the scanned window ends: a closing period past it is not looked at.
 */
export function annotate(raw: Token[], text: string, to = text.length): Token[] {
  const out: Token[] = [];
  const n = raw.length;
  let i = 0;
  while (i < n) {
    let next = unlessGlued(raw, tryDate(raw, i, out), out, text);
    if (next < 0) next = unlessGlued(raw, tryNumber(raw, i, out), out, text);
    if (next < 0) next = tryInitials(raw, i, text, to, out);
    if (next < 0) {
      // Raw tokens are not changed (a caller may annotate them again): a changed one is a copy.
      const t = raw[i]!;
      const long = t.kind === 'word' ? ABBREVIATIONS.get(t.key) : undefined;
      if (long !== undefined) out.push({ ...t, key: long, flags: t.flags | F_ABBR });
      else if (t.kind === 'word' && t.key.length === 1 && periodAt(text, t.end, to)) out.push({ ...t, flags: t.flags | F_ABBR }); // "John F. Kennedy"
      else out.push(t);
      next = i + 1;
    }
    i = next;
  }
  return out;
}

/** A period at `k`, looked up in the text itself but never past `to`: a window must not reach outside. */
function periodAt(text: string, k: number, to: number): boolean {
  return k < to && text.charCodeAt(k) === CC_PERIOD;
}

/**
 * Takes back a date or number that ends on digits with letters glued to them ("May 05km",
 * "$5km"): the digits belong with those letters, and a word must not be left to start mid-word.
 */
function unlessGlued(raw: Token[], next: number, out: Token[], text: string): number {
  if (next <= 0) return next;
  const after = raw[next];
  if (after === undefined || after.kind !== 'word' || (after.flags & F_PRE_ANY) !== 0 || after.start !== raw[next - 1]!.end) return next;
  // Only letters split off the digits of one word count ("&" right after "5k" is a word too).
  const c = text.charCodeAt(after.start) | CC_CASE_BIT;
  if (c < CC_LOWER_A || c > CC_LOWER_Z) return next;
  out.pop();
  return -1;
}

/** True when only the allowed punctuation (and at least one of `required`, if given) stands before `t`. */
function sepIs(t: Token, allowed: number, required = 0): boolean {
  const pre = t.flags & F_PRE_ANY;
  return (pre & ~allowed) === 0 && (required === 0 || (pre & required) !== 0);
}

function merged(first: Token, last: Token, fields: Pick<Token, 'key' | 'kind'> & Partial<Token>): Token {
  return { start: first.start, end: last.end, norm: fields.key, flags: first.flags & F_PRE_ANY, ...fields };
}

// ---------------------------------------------------------------------------------------------
// Numbers

function isPlainInt(t: Token | undefined): t is Token & { value: number } {
  return t !== undefined && t.kind === 'num' && (t.flags & F_PLAIN_DIGITS) !== 0 && Number.isInteger(t.value);
}

/** Numbers: "1.5 million", "one and a half million", "forty-two", "$5", "45 percent", "7 km", "1/2". */
function tryNumber(raw: Token[], i: number, out: Token[]): number {
  const first = raw[i]!;
  let j = i;
  let unit: string | undefined;
  if (first.kind === 'sym') {
    unit = CURRENCY_SYMBOLS.get(first.key);
    const num = raw[j + 1];
    if (unit === undefined || num === undefined || num.kind !== 'num' || !sepIs(num, F_PRE_SPACE)) return -1;
    j++;
  }
  let value: number;
  const core = raw[j]!;
  let wordsUsed = false;
  if (core.kind === 'num') {
    value = core.value!;
    j++;
    if ((core.flags & F_ORDINAL) !== 0) {
      if (j === i + 1) return -1; // a lone ordinal stays as scanned
    } else {
      const fraction = readFraction(raw, j - 1);
      if (fraction !== undefined && unit === undefined) {
        out.push(merged(core, raw[j]!, { key: `n:${canonicalNumber(fraction)}`, kind: 'num', value: fraction }));
        return j + 1;
      }
    }
  } else if (core.kind === 'word') {
    const parsed = readNumberWords(raw, j);
    if (parsed === undefined) return -1;
    [value, j] = parsed;
    wordsUsed = true;
  } else return -1;

  // Scale words: "1.5 million", "3 bn", glued "5k".
  for (let t = raw[j]; t !== undefined && t.kind === 'word'; t = raw[j]) {
    const scale = sepIs(t, F_PRE_SPACE) ? (SCALE_WORDS.get(t.key) ?? (t.flags & F_PRE_ANY ? undefined : SCALE_SUFFIXES.get(t.key))) : undefined;
    // After a currency symbol a glued m/b is millions/billions ("$5m"), not metres.
    const money = unit !== undefined && (t.flags & F_PRE_ANY) === 0 ? ({ m: 1e6, b: 1e9 } as Record<string, number>)[t.key] : undefined;
    const factor = scale ?? money;
    if (factor === undefined || (scale === 100 && value >= 100)) break;
    value *= factor;
    j++;
  }

  // A unit after the number: "7 km", "45%", "45 per cent", "5 dollars".
  const after = raw[j];
  if (unit === undefined && after !== undefined && sepIs(after, F_PRE_SPACE)) {
    if (after.norm === 'per' && raw[j + 1]?.norm === 'cent' && sepIs(raw[j + 1]!, F_PRE_SPACE)) {
      unit = '%';
      j += 2;
    } else {
      const u = after.kind === 'num' ? undefined : UNITS.get(after.norm);
      if (u !== undefined) {
        unit = u;
        j++;
      }
    }
  }
  if (j === i + 1 && !wordsUsed) return -1; // a bare digit number: keep the scanned token
  const last = raw[j - 1]!;
  const token = merged(first, last, { key: `n:${canonicalNumber(value)}`, kind: 'num', value });
  if (unit !== undefined) token.unit = unit;
  out.push(token);
  return j;
}

/** "1/2" → 0.5 (a small proper fraction, written with a slash and no spaces). */
function readFraction(raw: Token[], i: number): number | undefined {
  const a = raw[i];
  const b = raw[i + 1];
  if (!isPlainInt(a) || !isPlainInt(b) || !sepIs(b, F_PRE_SLASH, F_PRE_SLASH)) return undefined;
  if (raw[i + 2] !== undefined && sepIs(raw[i + 2]!, F_PRE_SLASH, F_PRE_SLASH)) return undefined; // a date
  if (b.value < 2 || b.value > 100 || a.value >= b.value) return undefined;
  return a.value / b.value;
}

/** May a units or tens word follow what has been read so far ("twenty one" yes, "one two" no)? */
function canFollow(current: number, small: number): boolean {
  const r = current % 100;
  return small < 10 ? r === 0 || (r >= 20 && r % 10 === 0) : r === 0;
}

/** Number words from `i`: returns [value, next index], or undefined when there is none. */
function readNumberWords(raw: Token[], i: number): [number, number] | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  let k = i;
  while (k < raw.length) {
    const w = raw[k]!;
    if (w.kind !== 'word' || (k > i && !sepIs(w, F_PRE_SPACE | F_PRE_HYPHEN))) break;
    const small = NUMBER_WORDS.get(w.key);
    if (small !== undefined) {
      if (seen && !canFollow(current, small)) break;
      current += small;
      seen = true;
      k++;
      continue;
    }
    const scale = SCALE_WORDS.get(w.key);
    if (scale !== undefined && seen) {
      if (scale === 100) {
        // "one hundred and five hundred" is two numbers, not 10500.
        if (current >= 100) break;
        current = (current || 1) * 100;
      } else {
        total += (current || 1) * scale;
        current = 0;
      }
      k++;
      continue;
    }
    const ahead = raw[k + 1];
    if (w.key === 'a' && !seen && ahead !== undefined && SCALE_WORDS.has(ahead.key) && sepIs(ahead, F_PRE_SPACE)) {
      current = 1; // "a million"
      seen = true;
      k++;
      continue;
    }
    if (w.key === 'and' && seen && ahead !== undefined) {
      if (ahead.key === 'a' && raw[k + 2]?.key === 'half') {
        current += 0.5; // "one and a half million"
        k += 3;
        continue;
      }
      const nextSmall = NUMBER_WORDS.get(ahead.key);
      // "one hundred and five", "two thousand and five".
      if (nextSmall !== undefined && (current >= 100 || (current === 0 && total > 0)) && canFollow(current, nextSmall)) {
        k++;
        continue;
      }
    }
    break;
  }
  return seen ? [total + current, k] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates

function isDay(t: Token | undefined): t is Token & { value: number } {
  return (
    t !== undefined && t.kind === 'num' && (t.flags & (F_PLAIN_DIGITS | F_ORDINAL)) !== 0 &&
    Number.isInteger(t.value) && t.value! >= 1 && t.value! <= 31 && t.norm.length <= 4
  );
}

function isYear(t: Token | undefined): t is Token & { value: number } {
  return isPlainInt(t) && t.norm.length >= 3 && t.norm.length <= 4;
}

function monthOf(t: Token | undefined): number | undefined {
  return t !== undefined && t.kind === 'word' ? MONTHS.get(t.key) : undefined;
}

const pad2 = (v: number): string => (v < 10 ? `0${v}` : String(v));
const pad4 = (v: number): string => String(v).padStart(4, '0');

/** Canonical key of a full date, a month of a year, or a day of a month. */
export function dateKey(year: number | undefined, month: number, day: number | undefined): string {
  if (year === undefined) return `d:--${pad2(month)}-${pad2(day ?? 0)}`;
  return day === undefined ? `d:${pad4(year)}-${pad2(month)}` : `d:${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

function dateToken(first: Token, last: Token, year: number | undefined, month: number, day: number | undefined): Token {
  const key = dateKey(year, month, day);
  const alts: string[] = [];
  // A full date also mentions its month, its day of the year and its year; a month-year its year.
  if (year !== undefined && day !== undefined) alts.push(dateKey(year, month, undefined), dateKey(undefined, month, day));
  if (year !== undefined) alts.push(`n:${year}`);
  const token = merged(first, last, { key, kind: 'date' });
  if (alts.length > 0) token.alts = alts;
  return token;
}

function validDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
}

/** Dates: "March 14, 1879", "14th of March 1879", "1879-03-14", "3/14/1879", "March 1879", "14 March". */
function tryDate(raw: Token[], i: number, out: Token[]): number {
  const t = raw[i]!;
  const month = monthOf(t);
  if (month !== undefined) {
    const d = raw[i + 1];
    if (isDay(d) && sepIs(d, F_PRE_SPACE | F_PRE_PERIOD, F_PRE_SPACE) && validDay(month, d.value)) {
      const y = raw[i + 2];
      if (isYear(y) && sepIs(y, F_PRE_SPACE | F_PRE_COMMA, F_PRE_SPACE | F_PRE_COMMA)) {
        out.push(dateToken(t, y, y.value, month, d.value));
        return i + 3;
      }
      out.push(dateToken(t, d, undefined, month, d.value));
      return i + 2;
    }
    if (isYear(d) && sepIs(d, F_PRE_SPACE | F_PRE_COMMA | F_PRE_PERIOD, F_PRE_SPACE)) {
      out.push(dateToken(t, d, d.value, month, undefined));
      return i + 2;
    }
    return -1;
  }
  if (t.kind !== 'num') return -1;
  if (isDay(t)) {
    let k = i + 1;
    if (raw[k]?.key === 'of' && sepIs(raw[k]!, F_PRE_SPACE, F_PRE_SPACE)) k++;
    const m = raw[k];
    const mv = monthOf(m);
    if (m !== undefined && mv !== undefined && sepIs(m, F_PRE_SPACE, F_PRE_SPACE) && validDay(mv, t.value)) {
      const y = raw[k + 1];
      if (isYear(y) && sepIs(y, F_PRE_SPACE | F_PRE_COMMA | F_PRE_PERIOD, F_PRE_SPACE | F_PRE_COMMA)) {
        out.push(dateToken(t, y, y.value, mv, t.value));
        return k + 2;
      }
      out.push(dateToken(t, m, undefined, mv, t.value));
      return k + 1;
    }
  }
  const b = raw[i + 1];
  const c = raw[i + 2];
  if (!isPlainInt(t) || !isPlainInt(b) || !isPlainInt(c)) return -1;
  for (const sep of [F_PRE_HYPHEN, F_PRE_SLASH]) {
    if (!sepIs(b, sep, sep) || !sepIs(c, sep, sep)) continue;
    // ISO order first: 1879-03-14.
    if (t.norm.length === 4 && validDay(b.value, c.value)) {
      out.push(dateToken(t, c, t.value, b.value, c.value));
      return i + 3;
    }
    // Slashed day/month/year: US order unless the first part cannot be a month.
    if (sep === F_PRE_SLASH && isYear(c) && c.norm.length === 4) {
      const usOrder = validDay(t.value, b.value);
      const [mo, da] = usOrder ? [t.value, b.value] : [b.value, t.value];
      if (!validDay(mo, da)) return -1;
      const token = dateToken(t, c, c.value, mo, da);
      // An ambiguous 3/4/1879 also answers to the other reading.
      if (usOrder && validDay(b.value, t.value) && t.value !== b.value) token.alts!.push(dateKey(c.value, b.value, t.value));
      out.push(token);
      return i + 3;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Initials

function isInitial(t: Token | undefined): t is Token {
  return t !== undefined && t.kind === 'word' && t.norm.length === 1 && !(t.norm >= '0' && t.norm <= '9');
}

/**
 * Dotted initials and acronyms fold into one token: "U.S.A." = USA, "J. R. R." = JRR. The initials
 * of one chain are all spaced or all unspaced, so "U.S.A. J. R. R." stays two tokens and the "A"
 * that starts the sentence after "Washington, D.C. A year later" is not read as a third initial.
 */
function tryInitials(raw: Token[], i: number, text: string, to: number, out: Token[]): number {
  const first = raw[i]!;
  if (!isInitial(first) || !periodAt(text, first.end, to)) return -1;
  let j = i + 1;
  let key = first.norm;
  let upper = (first.flags & F_UPPER) !== 0;
  let spaced: boolean | undefined;
  while (j < raw.length) {
    const t = raw[j]!;
    if (!isInitial(t) || !sepIs(t, F_PRE_PERIOD | F_PRE_SPACE, F_PRE_PERIOD) || !periodAt(text, raw[j - 1]!.end, to)) break;
    const hasSpace = (t.flags & F_PRE_SPACE) !== 0;
    if (spaced !== undefined && hasSpace !== spaced) break;
    spaced = hasSpace;
    // "U.S.A" without the last period still joins; "A. Smith" does not (Smith is not an initial).
    key += t.norm;
    upper &&= (t.flags & F_UPPER) !== 0;
    j++;
  }
  if (j - i < 2) return -1;
  const last = raw[j - 1]!;
  const token = merged(first, last, { key, kind: 'word' });
  if (periodAt(text, last.end, to)) token.end = last.end + 1;
  token.flags |= F_ABBR | (upper ? F_UPPER : 0);
  out.push(token);
  return j;
}
