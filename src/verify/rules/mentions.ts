import type { Mention } from '../../entities/index.js';
import type { Token } from '../../text/index.js';
import { stem, type CompiledGold } from '../compiled-gold.js';
import type { VerifyOptions } from '../verdict.js';
import { isNegated, sentenceBreakBefore } from './negation.js';

export interface Mentions {
  found: Mention[];
  hedged: boolean;
  negated: boolean;
}

/**
 * Mentions of the gold in the answer that assert it: not negated ("not Paris"), not one of
 * several alternatives ("Paris or Lyon").
 */
export function validMentions(answer: string, tokens: Token[], gold: CompiledGold, options: VerifyOptions, checkHedging: boolean): Mentions {
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
    if (checkHedging && isAlternative(answer, tokens, first, last, all, gold.noteWords)) {
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

/** "Paris or Lyon", "either Paris or …", "Paris, Lyon, Marseille or Nice": an `or` near the mention whose other side is not gold too. */
function isAlternative(answer: string, tokens: readonly Token[], first: number, last: number, mentions: readonly Mention[], noteWords: ReadonlySet<string>): boolean {
  // A word of the gold's own note ("Echidna (spiny anteater)") names the gold too.
  const inGold = (t: Token): boolean => mentions.some((m) => t.start >= m.start && t.end <= m.end) || noteWords.has(stem(t.key));
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
