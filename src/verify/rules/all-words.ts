import { contentOf } from '../compiled-gold.js';
import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';
import { askedWords, NO_WORDS } from './question.js';

/**
 * `all-words`: the gold's content words that the question does not already say, found in the answer in any
 * order: all of them, or, in a long answer, its first and last ("Wilhelm … Röntgen") or three in
 * four of them.
 */
export const allWords: Rule = ({ answer, keys, gold, short, options }): Verdict | null => {
  const { question } = options;
  const inAnswer = new Set(contentOf(keys));
  const asked = question === undefined ? NO_WORDS : askedWords(gold, question);
  for (const alias of gold.aliases) {
    if (alias.kind !== 'text') continue;
    const needed = alias.content.filter((k) => !asked.has(k));
    if (needed.length === 0) continue;
    const present = needed.filter((k) => inAnswer.has(k)).length;
    if (present === needed.length) return verdict(true, 'all-words', answer, alias.source);
    if (short) continue;
    const [firstWord, lastWord] = [needed[0]!, needed[needed.length - 1]!];
    const firstAndLast = needed.length >= 2 && firstWord !== lastWord && inAnswer.has(firstWord) && inAnswer.has(lastWord);
    if (firstAndLast || present / needed.length >= 0.75) return verdict(true, 'all-words', answer, alias.source);
  }
  return null;
};
