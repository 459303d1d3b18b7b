import { contentOf } from '../compiled-gold.js';
import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';
import { askedWords, NO_WORDS } from './question.js';

/**
 * `all-words`: the gold's content words that the question does not already say, found in the answer in any
 * order: all of them, or, in a long answer, its first and last ("Wilhelm … Röntgen") or three in
 * four of them. A number or a date of the gold is always needed, and always needed in the answer:
 * the question's "Flight 7" does not make "Gate 12" the gold "Gate 7" (issue 25).
 */
export const allWords: Rule = ({ answer, keys, tokens, gold, short, options }): Verdict | null => {
  const { question } = options;
  const inAnswer = new Set(contentOf(keys));
  // The year of a full date counts as that number too ("4 December 1154" holds 1154).
  for (const t of tokens) if (t.kind === 'date' && t.alts !== undefined) for (const alt of t.alts) inAnswer.add(alt);
  const asked = question === undefined ? NO_WORDS : askedWords(gold, question);
  for (const alias of gold.aliases) {
    if (alias.kind !== 'text') continue;
    // A citation mark of the gold ("Gardner[4]") is no number it needs.
    const needed = alias.content.filter((k) => (isValueKey(k) ? alias.values.includes(k) : !asked.has(k)));
    if (needed.length === 0 || !needed.every((k) => !isValueKey(k) || inAnswer.has(k))) continue;
    const present = needed.filter((k) => inAnswer.has(k)).length;
    if (present === needed.length) return verdict(true, 'all-words', answer, alias.source);
    if (short) continue;
    const [firstWord, lastWord] = [needed[0]!, needed[needed.length - 1]!];
    const firstAndLast = needed.length >= 2 && firstWord !== lastWord && inAnswer.has(firstWord) && inAnswer.has(lastWord);
    if (firstAndLast || present / needed.length >= 0.75) return verdict(true, 'all-words', answer, alias.source);
  }
  return null;
};

/** A number's or a date's key (`n:7`, `n:5|km`, `d:1879-03-14`), as opposed to a word's. */
function isValueKey(key: string): boolean {
  return key.startsWith('n:') || key.startsWith('d:');
}
