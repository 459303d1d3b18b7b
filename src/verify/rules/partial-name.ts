import { ARTICLES } from '../../text/index.js';
import { contentOf, STOP_WORDS } from '../compiled-gold.js';
import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';
import { askedWords } from './question.js';

/**
 * `partial-name`: a short answer naming part of a multi-word gold, including its last word: "Wilhelm Röntgen"
 * for "Wilhelm Conrad Röntgen", "Agincourt" for "Battle of Agincourt"; not when the answer only
 * repeats words of the question.
 */
export const partialName: Rule = ({ answer, keys, gold, short, options }): Verdict | null => {
  const { question } = options;
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
    // No function word the gold lacks: "The House of Mirrors" shares two words with "Key House
    // Mirror" but is another name.
    if (content.every((k) => name.includes(k)) && content.includes(name[name.length - 1]!) && linksOf(keys).every((k) => alias.keys.includes(k))) {
      return verdict(true, 'partial-name', answer, alias.source);
    }
  }
  return null;
};

/** The function words inside a name ("of" in "House of Mirrors"), articles aside. */
function linksOf(keys: readonly string[]): string[] {
  return keys.filter((k) => STOP_WORDS.has(k) && !ARTICLES.has(k));
}
