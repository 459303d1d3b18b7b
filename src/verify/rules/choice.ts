import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';

/** `choice` / `choice-mismatch`: every gold alias is a letter A–J; the answer's letter is compared. */
export const choice: Rule = ({ answer, gold }): Verdict | null => {
  const choices = gold.aliases.filter((a) => a.kind === 'choice');
  if (choices.length === 0 || choices.length !== gold.aliases.length) return null;
  const letter = /^\(?([A-Ja-j])\)?(?:[.):]|\s|$)/.exec(answer.trim()) ?? /\b(?:option|choice|answer)\s+\(?([A-J])\)?\b/i.exec(answer);
  if (letter === null) return null;
  const hit = choices.find((c) => c.label === letter[1]!.toUpperCase());
  return hit ? verdict(true, 'choice', answer, hit.source) : verdict(false, 'choice-mismatch', answer);
};
