import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';

/**
 * `partial-name` / `acronym`: a short answer that is the gold without its qualifier ("Dodger Stadium" for "Dodger Stadium,
 * Los Angeles"), or its acronym either way round ("the NFL" for "National Football League",
 * "Oprah Winfrey Network" for "OWN").
 */
export const shortForm: Rule = ({ answer, keys, stemmedKeys, gold, short }): Verdict | null => {
  if (!short) return null;
  const stemmed = stemmedKeys.join(' ');
  // An acronym is written in capitals ("the NFL", not "no" for "New Orleans").
  const written = /\b[A-Z]{2,6}\b/.exec(answer)?.[0].toLowerCase();
  // A name spelled out whole: no list ("Uganda and Kenya" is not "UK").
  const spelled = keys.length >= 3 && !keys.some((k) => k === 'and' || k === 'or') && !answer.includes(',') ? keys.map((k) => k[0]).join('') : undefined;
  for (const alias of gold.aliases) {
    if (alias.head === stemmed) return verdict(true, 'partial-name', answer, alias.source);
    if (written !== undefined && keys.length === 1 && keys[0] === written && written === alias.initials) return verdict(true, 'acronym', answer, alias.source);
    if (spelled !== undefined && spelled === alias.acronym) return verdict(true, 'acronym', answer, alias.source);
  }
  return null;
};
