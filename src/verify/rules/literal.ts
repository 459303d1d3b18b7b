import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';

/**
 * `exact` for a gold of punctuation only ("!!!", the band; "?", the album): such a gold has no word
 * to compare, so the answer must be written the same, spaces, quotes and emphasis aside.
 */
export const literal: Rule = ({ answer, gold }): Verdict | null => {
  if (gold.literals.length === 0) return null;
  const written = literalForm(answer);
  for (const alias of gold.literals) if (literalForm(alias) === written) return verdict(true, 'exact', answer, alias);
  return null;
};

/** The characters of a literal answer that count: not white space, quotes, backticks or asterisks. */
function literalForm(text: string): string {
  return text.replace(/[\s"'`*\u2018\u2019\u201c\u201d]+/g, '');
}
