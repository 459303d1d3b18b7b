import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';

/** `contains`: a short answer holding a gold alias with plurals folded ("Uralic language family" for "Uralic languages"). */
export const containsPlural: Rule = ({ answer, stemmedKeys, gold, short }): Verdict | null => {
  if (!short) return null;
  for (const alias of gold.aliases) {
    if (alias.kind === 'text' && alias.content.length > 0 && containsRun(stemmedKeys, alias.stemmed)) return verdict(true, 'contains', answer, alias.source);
  }
  return null;
};

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
