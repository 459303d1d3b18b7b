import type { Token } from '../../text/index.js';
import { STOP_WORDS } from '../compiled-gold.js';
import { namesPerson } from '../names.js';
import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';
import { isNegated } from './negation.js';
import { askedWords, NO_WORDS } from './question.js';

/**
 * `partial-name`: a gold person named the way people are known: given names omitted, shortened or as initials,
 * the family name the same ("Kirsten Vangsness plays Penelope Garcia" for "Kirsten Simone
 * Vangsness"). Not when the question already names the family, nor negated, nor one of
 * several candidates in a short answer.
 */
export const namedPerson: Rule = ({ answer, tokens, short, gold, options }): Verdict | null => {
  const { question } = options;
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
      if (from >= 0 && !isNegated(tokens, from) && !otherPerson(tokens, from, i, nameLike)) return verdict(true, 'partial-name', answer, alias.source);
    }
  }
  return null;
};

/** "either Sam Smith or …", "Sam Smith or Joe Bloggs": the person is one of two candidates. */
function otherPerson(tokens: readonly Token[], from: number, at: number, nameLike: (i: number) => boolean): boolean {
  for (let k = at + 1; k <= at + 2 && k + 1 < tokens.length; k++) if (tokens[k]!.key === 'or' && nameLike(k + 1)) return true;
  for (let k = from - 1; k >= from - 3 && k >= 0; k--) if (tokens[k]!.key === 'either') return true;
  return false;
}
