import type { Mention } from '../entities/index.js';
import { expectOptions } from '../response/arguments.js';
import type { Span, SplitOptions } from '../response/index.js';
import { ARTICLES, F_PRE_BREAK, F_PRE_PERIOD, tokenize, type Token } from '../text/index.js';
import type { Cache } from './cache.js';
import { compileGold, contentOf, DEFAULT_GOLD_CACHE, keysOf, stem, STOP_WORDS, unglue, type CompiledGold } from './compiled-gold.js';
import { extractFinalAnswer, extractFromFinal, type ExtractedAnswer } from './extract-answer.js';
import { goldAliases, type GoldAnswer } from './gold-answer.js';
import { namesPerson } from './names.js';

/**
 * Which rule decided a verdict. Correct: `exact`, `contains`, `sentence`, `number`, `date`,
 * `choice`, `yes-no`, `partial-name`, `all-words`, `acronym`. Wrong: `no-answer`, `refusal`, `hedged`, `negated`,
 * `conflicting-answers`, `number-mismatch`, `date-mismatch`, `choice-mismatch`, `yes-no-mismatch`,
 * `mismatch`. Not decided (not correct; a judge may be asked): `undecided`.
 */
export type VerdictMethod =
  | 'exact' | 'contains' | 'sentence' | 'number' | 'date' | 'choice' | 'yes-no' | 'partial-name' | 'all-words' | 'acronym'
  | 'no-answer' | 'refusal' | 'hedged' | 'negated' | 'conflicting-answers' | 'number-mismatch'
  | 'date-mismatch' | 'choice-mismatch' | 'yes-no-mismatch' | 'mismatch' | 'undecided';

/** The outcome of checking a response's final answer against the gold answer. */
export interface Verdict {
  correct: boolean;
  /** 1 or 0 for a decided verdict; for `undecided`, the token F1 of the best partial overlap (still not correct). */
  score: number;
  method: VerdictMethod;
  /** The final answer found in the response, cleaned; null when there is none. */
  extracted: string | null;
  /** The gold alias that decided a correct verdict, else null. */
  matched: string | null;
}

export interface VerifyOptions {
  /** The question: a long answer that only restates it is not taken as containing the gold. */
  question?: string | undefined;
  /**
   * Accept small typos in long names (Tchaikovksy).
   * @default true
   */
  fuzzy?: boolean | undefined;
  /** How to split the response (documents and tool blocks to leave out). */
  split?: SplitOptions | undefined;
}

/** Whether these words can be the parts of a compound written closed. */
function compoundParts(keys: readonly string[]): boolean {
  if (keys.every((k) => k.length === 1)) return keys.length <= 4;
  return keys.every((k) => k.length > 1 && !STOP_WORDS.has(k) && !NEGATIONS.has(k) && !QUANTIFIERS.has(k));
}
const QUANTIFIERS = new Set(['any', 'every', 'some', 'no', 'each', 'all']);
/** An answer of at most this many tokens is judged whole; a longer one sentence by sentence. */
const SHORT_ANSWER_TOKENS = 12;
/**
 * Only an answer this short is held to offering one candidate: in a sentence "X or Y" is mostly
 * a synonym ("the uvea or uveal tract", "Ghent (or Gent)").
 */
const HEDGE_TOKENS = 8;
/** Words that may stand between a negation and what it negates ("is not the …"). */
const NEGATION_GAP = new Set(['the', 'a', 'an', 'be', 'been', 'actually', 'really', 'necessarily']);
const NEGATIONS = new Set(['not', 'no', 'never', 'isnt', 'wasnt', 'arent', 'werent', 'doesnt', 'didnt', 'dont', 'cannot', 'cant', 'neither', 'nor', 'nt']);
const REFUSALS = [
  /\b(?:i\s+)?(?:do\s+not|don'?t|cannot|can'?t|could\s+not|couldn'?t|am\s+unable\s+to|unable\s+to)\s+(?:know|determine|find|answer|tell|say|be\s+determined|identify|confirm|provide|verify)/i,
  /\b(?:not\s+(?:enough|sufficient)|insufficient)\s+(?:information|data|context|evidence)/i,
  /^(?:unknown|none|n\/a|no\s+answer|not\s+sure|unsure|not\s+available|cannot\s+be\s+determined|undetermined|unclear|not\s+applicable)$/i,
  /\bno\s+(?:information|answer|data)\s+(?:is\s+)?(?:available|provided|found|given)/i,
  /\b(?:is|are)\s+not\s+(?:mentioned|specified|provided|given|stated)\b/i,
];

/**
 * Checks a response's final answer against the gold answer and its aliases, with rules a careful
 * grader uses; never throws on a response, throws `ValidationError` on a bad gold answer.
 * @example
 * verifyAnswer('<think>…</think> The answer is \\boxed{Paris}.', ['Paris', 'Paris, France']).correct // true
 * verifyAnswer('It is Paris or Lyon.', 'Paris').method // 'hedged'
 */
export function verifyAnswer(response: string, gold: GoldAnswer, options: VerifyOptions = {}): Verdict {
  return verifyAnswerWith(DEFAULT_GOLD_CACHE, response, gold, options);
}

/** `verifyAnswer` compiling golds into `cache` (a scorer's own, see `createScorer`). */
export function verifyAnswerWith(cache: Cache<CompiledGold>, response: string, gold: GoldAnswer, options: VerifyOptions = {}): Verdict {
  expectOptions(options);
  const compiled = compileGold(goldAliases(gold), cache);
  if (typeof response !== 'string') return verdict(false, 'no-answer', null);
  return verifyExtracted(extractFinalAnswer(response, options.split), compiled, options);
}

/** `verifyAnswer` for a response whose final region is already known (rubricReward splits it once for both scorers). */
export function verifyFinal(response: string, final: Span | null, gold: GoldAnswer, options: VerifyOptions = {}, cache = DEFAULT_GOLD_CACHE): Verdict {
  expectOptions(options);
  return verifyExtracted(extractFromFinal(response, final), compileGold(goldAliases(gold), cache), options);
}

function verifyExtracted(extracted: ExtractedAnswer | null, compiled: CompiledGold, options: VerifyOptions): Verdict {
  if (extracted === null) return verdict(false, 'no-answer', null);
  const result = judge(extracted.text, compiled, options);
  if (result.correct && extracted.others.length > 0) {
    // Two different explicit final answers: only right if they all are.
    const allRight = extracted.others.every((other) => judge(other, compiled, options).correct);
    if (!allRight) return verdict(false, 'conflicting-answers', extracted.text);
  }
  return result;
}

function verdict(correct: boolean, method: VerdictMethod, extracted: string | null, matched: string | null = null, score = correct ? 1 : 0): Verdict {
  return { correct, score, method, extracted, matched };
}

/** Judges one extracted answer against the compiled gold. */
function judge(answer: string, gold: CompiledGold, options: VerifyOptions): Verdict {
  const verdictOf = judgeUnglued(unglue(answer), gold, options);
  return { ...verdictOf, extracted: answer };
}

function judgeUnglued(answer: string, gold: CompiledGold, options: VerifyOptions): Verdict {
  const tokens = tokenize(answer);
  // Nothing but the word "answer" (an empty "Answer:" line) is no answer.
  if (tokens.every((t) => t.key === 'answer' || t.key === 'final')) return verdict(false, 'no-answer', answer);
  if (tokens.length <= 40 && REFUSALS.some((re) => re.test(answer))) return verdict(false, 'refusal', answer);
  const keys = keysOf(tokens);

  const special = judgeSpecial(answer, tokens, keys, gold);
  if (special !== null) return special;

  // Exact: the same keys (plurals folded), articles ignored.
  const stemmedKeys = keys.map(stem);
  const stemmed = stemmedKeys.join(' ');
  // Compounds written open, hyphenated or closed are one word ("rear-view", "rearview").
  // Not a function word ("Not able" is not "Notable", "any one" is not "anyone"); letters spelled
  // out only as an initialism ("J K L" is "JKL", "D-I-V-O-R-C-E" is not "Divorce").
  const closed = compoundParts(stemmedKeys) ? stemmedKeys.join('') : null;
  for (const alias of gold.aliases) {
    const goldKeys = alias.stemmed;
    if (goldKeys.join(' ') === stemmed) return verdict(true, 'exact', answer, alias.source);
    if (closed !== null && compoundParts(goldKeys) && goldKeys.join('') === closed) return verdict(true, 'exact', answer, alias.source);
  }
  const short = tokens.length <= SHORT_ANSWER_TOKENS;
  const form = short ? shortForm(stemmed, keys, answer, gold) : null;
  if (form !== null) return verdict(true, form.method, answer, form.source);

  const numeric = judgeNumericOrDate(answer, tokens, gold);
  if (numeric !== null) return numeric;

  const mentions = validMentions(answer, tokens, gold, options, tokens.length <= HEDGE_TOKENS);
  if (mentions.hedged) return verdict(false, 'hedged', answer);
  const first = mentions.found[0];
  if (first !== undefined) {
    // Found only as a year, while the answer's own date contradicts a fuller gold date of that year.
    const onlyValues = mentions.found.every((m) => !gold.aliases.some((a) => a.source === m.alias && a.kind === 'text'));
    if (onlyValues && contradictsGoldDate(tokens, gold)) return verdict(false, 'date-mismatch', answer);
    if (short) return verdict(true, 'contains', answer, first.alias);
    if (!restatesQuestion(gold, mentions.found, options.question)) return verdict(true, 'sentence', answer, first.alias);
  } else if (mentions.negated) return verdict(false, 'negated', answer);

  const person = namedPerson(answer, tokens, short, gold, options.question);
  if (person !== null) return verdict(true, 'partial-name', answer, person);
  // Containment with plurals folded ("Uralic language family" for "Uralic languages").
  for (const alias of gold.aliases) {
    if (alias.kind === 'text' && alias.content.length > 0 && containsRun(stemmedKeys, alias.stemmed) && short) {
      return verdict(true, 'contains', answer, alias.source);
    }
  }
  const partial = partialName(keys, gold, short, options.question);
  if (partial !== null) return verdict(true, 'partial-name', answer, partial);
  const covering = allContentWords(keys, gold, options.question, short);
  if (covering !== null) return verdict(true, 'all-words', answer, covering);
  return undecided(answer, keys, gold);
}

/**
 * A gold person named the way people are known: given names omitted, shortened or as initials,
 * the family name the same ("Kirsten Vangsness plays Penelope Garcia" for "Kirsten Simone
 * Vangsness"). Not when the question already names the family, nor negated, nor one of
 * several candidates in a short answer.
 */
function namedPerson(answer: string, tokens: readonly Token[], short: boolean, gold: CompiledGold, question: string | undefined): string | null {
  if (gold.persons.size === 0 || (short && tokens.some((t) => t.key === 'or'))) return null;
  const keys = tokens.map((t) => t.key);
  const asked = question === undefined ? NO_WORDS : askedWords(gold, question);
  // Capitalised words are names; in an answer written all in lower case, any word may be.
  const lowerCase = answer.toLowerCase() === answer;
  const nameLike = (i: number): boolean =>
    !STOP_WORDS.has(keys[i]!) && (lowerCase || /^\p{Lu}/u.test(answer.slice(tokens[i]!.start, tokens[i]!.start + 2)));
  for (let i = 1; i < keys.length; i++) {
    const people = gold.persons.get(keys[i]!);
    if (people === undefined || asked.has(keys[i]!)) continue;
    for (const alias of people) {
      const from = namesPerson(keys, i, alias.person!, nameLike);
      // Not "not Kate E. Walsh", not "either Sam Smith or Joe Bloggs".
      if (from >= 0 && !isNegated(tokens, from) && !otherPerson(tokens, from, i, nameLike)) return alias.source;
    }
  }
  return null;
}

/** "either Sam Smith or …", "Sam Smith or Joe Bloggs": the person is one of two candidates. */
function otherPerson(tokens: readonly Token[], from: number, at: number, nameLike: (i: number) => boolean): boolean {
  for (let k = at + 1; k <= at + 2 && k + 1 < tokens.length; k++) if (tokens[k]!.key === 'or' && nameLike(k + 1)) return true;
  for (let k = from - 1; k >= from - 3 && k >= 0; k--) if (tokens[k]!.key === 'either') return true;
  return false;
}

/**
 * Whether the answer's dates contradict a gold date: none of them agrees with any gold date at
 * its precision, and one falls in the same year as a gold date ("July 26, 1976" against golds
 * "July 14, 1976" / "1976").
 */
function contradictsGoldDate(tokens: readonly Token[], gold: CompiledGold): boolean {
  const golds = gold.aliases.filter((a) => a.kind === 'date' && !a.tokens[0]!.key.startsWith('d:--')).map((a) => a.tokens[0]!);
  if (golds.length === 0) return false;
  let contradicted = false;
  for (const t of tokens) {
    if (t.kind !== 'date' || t.key.startsWith('d:--')) continue;
    for (const g of golds) {
      if (dateAgrees(t, g) || dateAgrees(g, t)) return false;
      if (t.key.slice(2, 6) === g.key.slice(2, 6)) contradicted = true;
    }
  }
  return contradicted;
}

/**
 * A short answer that is the gold without its qualifier ("Dodger Stadium" for "Dodger Stadium,
 * Los Angeles"), or its acronym either way round ("the NFL" for "National Football League",
 * "Oprah Winfrey Network" for "OWN").
 */
function shortForm(stemmed: string, keys: readonly string[], answer: string, gold: CompiledGold): { method: VerdictMethod; source: string } | null {
  // An acronym is written in capitals ("the NFL", not "no" for "New Orleans").
  const written = /\b[A-Z]{2,6}\b/.exec(answer)?.[0].toLowerCase();
  // A name spelled out whole: no list ("Uganda and Kenya" is not "UK").
  const spelled = keys.length >= 3 && !keys.some((k) => k === 'and' || k === 'or') && !answer.includes(',') ? keys.map((k) => k[0]).join('') : undefined;
  for (const alias of gold.aliases) {
    if (alias.head === stemmed) return { method: 'partial-name', source: alias.source };
    if (written !== undefined && keys.length === 1 && keys[0] === written && written === alias.initials) return { method: 'acronym', source: alias.source };
    if (spelled !== undefined && spelled === alias.acronym) return { method: 'acronym', source: alias.source };
  }
  return null;
}

/**
 * The gold's content words that the question does not already say, found in the answer in any
 * order: all of them, or, in a long answer, its first and last ("Wilhelm … Röntgen") or three in
 * four of them.
 */
function allContentWords(keys: string[], gold: CompiledGold, question: string | undefined, short: boolean): string | null {
  const inAnswer = new Set(contentOf(keys));
  const asked = question === undefined ? NO_WORDS : askedWords(gold, question);
  for (const alias of gold.aliases) {
    if (alias.kind !== 'text') continue;
    const needed = alias.content.filter((k) => !asked.has(k));
    if (needed.length === 0) continue;
    const present = needed.filter((k) => inAnswer.has(k)).length;
    if (present === needed.length) return alias.source;
    if (short) continue;
    const [firstWord, lastWord] = [needed[0]!, needed[needed.length - 1]!];
    const firstAndLast = needed.length >= 2 && firstWord !== lastWord && inAnswer.has(firstWord) && inAnswer.has(lastWord);
    if (firstAndLast || present / needed.length >= 0.75) return alias.source;
  }
  return null;
}

const NO_WORDS: ReadonlySet<string> = new Set();
// Questions read per compiled gold: the 8+ rollouts of a group ask the same one, so a few suffice.
const QUESTIONS_PER_GOLD = 16;

/** What the verifier has read from this question, kept with the gold it was asked with. */
function questionNotes(gold: CompiledGold, question: string): { words?: ReadonlySet<string>; mentions?: number } {
  let notes = gold.questions.get(question);
  if (notes === undefined) {
    if (gold.questions.size >= QUESTIONS_PER_GOLD) gold.questions.clear();
    gold.questions.set(question, (notes = {}));
  }
  return notes;
}

/** The content words of a question. */
function askedWords(gold: CompiledGold, question: string): ReadonlySet<string> {
  const notes = questionNotes(gold, question);
  return (notes.words ??= new Set(contentOf(keysOf(tokenize(unglue(question))))));
}

/** How often the question names the gold. */
function mentionsInQuestion(gold: CompiledGold, question: string): number {
  const notes = questionNotes(gold, question);
  return (notes.mentions ??= gold.matcher.match(unglue(question)).reduce((n, hit) => n + hit.mentions.length, 0));
}

/** Multiple-choice letters and yes/no golds. */
function judgeSpecial(answer: string, tokens: Token[], keys: string[], gold: CompiledGold): Verdict | null {
  const choices = gold.aliases.filter((a) => a.kind === 'choice');
  if (choices.length > 0 && choices.length === gold.aliases.length) {
    const letter = /^\(?([A-Ja-j])\)?(?:[.):]|\s|$)/.exec(answer.trim()) ?? /\b(?:option|choice|answer)\s+\(?([A-J])\)?\b/i.exec(answer);
    if (letter === null) return null;
    const hit = choices.find((c) => c.label === letter[1]!.toUpperCase());
    return hit ? verdict(true, 'choice', answer, hit.source) : verdict(false, 'choice-mismatch', answer);
  }
  const yesNo = gold.aliases.filter((a) => a.kind === 'yes-no');
  if (yesNo.length > 0) {
    const head = keys[0] === 'answer' ? keys[1] : keys[0];
    const label = head === undefined ? undefined : ['yes', 'true', 'correct'].includes(head) ? 'yes' : ['no', 'false', 'incorrect'].includes(head) ? 'no' : undefined;
    if (label === undefined) return tokens.length <= 3 ? verdict(false, 'yes-no-mismatch', answer) : null;
    const hit = yesNo.find((a) => a.label === label);
    return hit ? verdict(true, 'yes-no', answer, hit.source) : verdict(false, 'yes-no-mismatch', answer);
  }
  return null;
}

/**
 * When every gold alias is one number or one date, a short answer is compared by value: the same
 * number (units agreeing when both have one), or a date that contains the most precise gold it
 * can be compared with. "October 15, 1993" is wrong for golds "October 29, 1993" / "1993": it
 * agrees with the year but contradicts the full date. Long answers go to the mention rules.
 */
function judgeNumericOrDate(answer: string, tokens: Token[], gold: CompiledGold): Verdict | null {
  const golds = gold.aliases.filter((a) => a.kind === 'number' || a.kind === 'date');
  if (golds.length === 0 || golds.length < gold.aliases.length || tokens.length > SHORT_ANSWER_TOKENS) return null;
  const values = tokens.filter((t) => t.kind === 'num' || t.kind === 'date');
  if (values.length === 0) return null;
  if (values.length > 1 && tokens.some((t) => t.key === 'or')) return verdict(false, 'hedged', answer);
  let comparedDate = false;
  for (const t of values) {
    if (t.kind === 'num') {
      const hit = golds.find((g) => g.kind === 'number' && g.tokens[0]!.key === t.key && unitsAgree(t.unit, g.tokens[0]!.unit));
      if (hit !== undefined) return verdict(true, 'number', answer, hit.source);
      continue;
    }
    // Golds this date can be compared with: dates no more precise than it, and years.
    const comparable = golds.filter((g) => datePrecision(g.tokens[0]!) <= precision(t.key));
    if (comparable.length === 0) continue;
    comparedDate = true;
    const top = Math.max(...comparable.map((g) => datePrecision(g.tokens[0]!)));
    const hit = comparable.find((g) => datePrecision(g.tokens[0]!) === top && dateAgrees(t, g.tokens[0]!));
    // Golds more precise than the answer must not say otherwise at its precision:
    // "January 1946" agrees with "1946" but not with "21 March 1946".
    const finer = golds.filter((g) => datePrecision(g.tokens[0]!) > precision(t.key)).map((g) => g.tokens[0]!.alts ?? []);
    const contradicted = finer.length > 0 && !finer.some((alts) => alts.includes(t.key));
    if (hit !== undefined && !contradicted) return verdict(true, 'date', answer, hit.source);
  }
  return verdict(false, comparedDate || golds.some((g) => g.kind === 'date') ? 'date-mismatch' : 'number-mismatch', answer);
}

/** Precision of a gold token as a date: a plain number counts as a year (0). */
function datePrecision(t: Token): number {
  return t.kind === 'date' ? precision(t.key) : 0;
}

/** 3 for a full date, 2 for a month of a year, 1 for a day of a month. */
function precision(key: string): number {
  if (key.startsWith('d:--')) return 1;
  return key.length > 9 ? 3 : 2;
}

/** A more or equally precise date agrees with a gold date when it contains it. */
function dateAgrees(t: Token, gold: Token): boolean {
  return t.key === gold.key || (t.alts ?? []).includes(gold.key);
}

function unitsAgree(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

interface Mentions {
  found: Mention[];
  hedged: boolean;
  negated: boolean;
}

/**
 * Mentions of the gold in the answer that assert it: not negated ("not Paris"), not one of
 * several alternatives ("Paris or Lyon").
 */
function validMentions(answer: string, tokens: Token[], gold: CompiledGold, options: VerifyOptions, checkHedging: boolean): Mentions {
  const hits = gold.matcher.match(answer);
  const all = hits.flatMap((h, i) =>
    h.mentions.filter((m) => m.how !== 'fuzzy' || options.fuzzy !== false).map((m) => ({ ...m, alias: gold.matcherAliases[i]! })),
  );
  all.sort((a, b) => a.start - b.start);
  const out: Mentions = { found: [], hedged: false, negated: false };
  for (const m of all) {
    // Mentions come sorted by start: a binary search keeps a long answer naming the gold on every
    // line linear, where a scan from the first token per mention was quadratic.
    const first = firstTokenEndingAfter(tokens, m.start);
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1]!.start < m.end) last++;
    if (first < 0) continue;
    if (isNegated(tokens, first)) {
      out.negated = true;
      continue;
    }
    if (checkHedging && isAlternative(answer, tokens, first, last, all)) {
      out.hedged = true;
      continue;
    }
    out.found.push(m);
  }
  return out;
}

/** The index of the first token that ends after `offset` (tokens are sorted and do not overlap), or -1. */
function firstTokenEndingAfter(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo < tokens.length ? lo : -1;
}

function sentenceBreakBefore(t: Token): boolean {
  return (t.flags & (F_PRE_BREAK | F_PRE_PERIOD)) !== 0;
}

function isNegated(tokens: readonly Token[], first: number): boolean {
  for (let k = first - 1; k >= 0; k--) {
    const t = tokens[k]!;
    // "No. 12" is a number, not a negation.
    if (t.key === 'no' && tokens[k + 1]?.kind === 'num') return false;
    if (NEGATIONS.has(t.key)) return true;
    if (!NEGATION_GAP.has(t.key) || sentenceBreakBefore(t)) return false;
  }
  return false;
}

/** "Paris or Lyon", "either Paris or …", "Paris, Lyon, Marseille or Nice": an `or` near the mention whose other side is not gold too. */
function isAlternative(answer: string, tokens: readonly Token[], first: number, last: number, mentions: readonly Mention[]): boolean {
  const inGold = (t: Token): boolean => mentions.some((m) => t.start >= m.start && t.end <= m.end);
  for (let k = last + 1; k <= Math.min(tokens.length - 1, last + 6); k++) {
    if (sentenceBreakBefore(tokens[k]!)) break;
    if (tokens[k]!.key === 'or') {
      return tokens[k + 1] !== undefined && !inGold(tokens[k + 1]!) && !isOrSo(tokens, k) && !parenthetical(answer, tokens[last]!, tokens[k]!);
    }
  }
  for (let k = first - 1; k >= Math.max(0, first - 6); k--) {
    if (tokens[k]!.key === 'or' || tokens[k]!.key === 'either') return k > 0 && !inGold(tokens[k - 1]!);
    if (sentenceBreakBefore(tokens[k + 1]!)) break;
  }
  return false;
}

/** "Ghent (or Gent)": an `or` opening a parenthesis gives another name, not another answer. */
function parenthetical(answer: string, before: Token, or: Token): boolean {
  return answer.slice(before.end, or.start).includes('(');
}

/** "or so", "or more", "or later" qualify a value; they are no alternative. */
function isOrSo(tokens: readonly Token[], k: number): boolean {
  const next = tokens[k + 1]?.key;
  return next === 'so' || next === 'more' || next === 'less' || next === 'later' || next === 'earlier';
}

/**
 * A long answer that names the gold no more often than the question does may only be restating
 * the question ("the main mineral in lithium batteries is lithium cobalt oxide").
 */
function restatesQuestion(gold: CompiledGold, found: readonly Mention[], question: string | undefined): boolean {
  if (question === undefined) return false;
  const inQuestion = mentionsInQuestion(gold, question);
  return inQuestion > 0 && found.length <= inQuestion;
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * A short answer naming part of a multi-word gold, including its last word: "Wilhelm Röntgen"
 * for "Wilhelm Conrad Röntgen", "Agincourt" for "Battle of Agincourt"; not when the answer only
 * repeats words of the question.
 */
function partialName(keys: string[], gold: CompiledGold, short: boolean, question: string | undefined): string | null {
  if (!short) return null;
  const content = contentOf(keys);
  if (content.length === 0) return null;
  // Picking words out of the question's own options ("Count Cohn or Key House Mirror?") names nothing.
  if (question !== undefined) {
    const asked = askedWords(gold, question);
    if (content.every((k) => asked.has(k))) return null;
  }
  for (const alias of gold.aliases) {
    // "Los Angeles" is the qualifier of "Dodger Stadium, Los Angeles", not a part of its name.
    const name = alias.headContent ?? alias.content;
    // A part of a range ("1653" of "1632–1653") is not the range.
    if (alias.kind !== 'text' || name.length < 2 || name.filter((k) => k.includes(':')).length > 1) continue;
    // In the gold's order, and no function word the gold lacks: "The House of Mirrors" shares
    // two words with "Key House Mirror" but is another name.
    if (content.every((k) => name.includes(k)) && content.includes(name[name.length - 1]!) && linksOf(keys).every((k) => alias.keys.includes(k))) {
      return alias.source;
    }
  }
  return null;
}

/** Whether `part` is `whole` with some words left out, the rest in the same order. */
function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let j = 0;
  for (const k of part) {
    while (j < whole.length && whole[j] !== k) j++;
    if (j === whole.length) return false;
    j++;
  }
  return true;
}

/** The function words inside a name ("of" in "House of Mirrors"), articles aside. */
function linksOf(keys: readonly string[]): string[] {
  return keys.filter((k) => STOP_WORDS.has(k) && !ARTICLES.has(k));
}

/** No rule decides: not correct, scored by the best token F1 so a judge or a soft reward can use it. */
function undecided(answer: string, keys: string[], gold: CompiledGold): Verdict {
  const content = contentOf(keys);
  let best = 0;
  for (const alias of gold.aliases) best = Math.max(best, f1(content, alias.content));
  if (best === 0) return verdict(false, 'mismatch', answer);
  return verdict(false, 'undecided', answer, null, best);
}

function f1(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const k of b) pool.set(k, (pool.get(k) ?? 0) + 1);
  let common = 0;
  for (const k of a) {
    const n = pool.get(k) ?? 0;
    if (n > 0) {
      common++;
      pool.set(k, n - 1);
    }
  }
  if (common === 0) return 0;
  const p = common / a.length;
  const r = common / b.length;
  return (2 * p * r) / (p + r);
}

