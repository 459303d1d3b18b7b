import { STOP_WORDS } from '../compiled-gold.js';
import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';
import { NEGATIONS } from './negation.js';

/** Whether these words can be the parts of a compound written closed. */
function compoundParts(keys: readonly string[]): boolean {
  if (keys.every((k) => k.length === 1)) return keys.length <= 4;
  return keys.every((k) => k.length > 1 && !STOP_WORDS.has(k) && !NEGATIONS.has(k) && !QUANTIFIERS.has(k));
}
const QUANTIFIERS = new Set(['any', 'every', 'some', 'no', 'each', 'all']);

/**
 * `exact`: the same keys (articles ignored, plurals folded), or the same compound written open,
 * hyphenated or closed ("rear-view", "rearview"). Not a function word ("Not able" is not
 * "Notable", "any one" is not "anyone"); letters spelled out only as an initialism ("J K L" is
 * "JKL", "D-I-V-O-R-C-E" is not "Divorce").
 */
export const exact: Rule = ({ answer, stemmedKeys, gold }): Verdict | null => {
  const stemmed = stemmedKeys.join(' ');
  const closed = compoundParts(stemmedKeys) ? stemmedKeys.join('') : null;
  for (const alias of gold.aliases) {
    const goldKeys = alias.stemmed;
    if (goldKeys.join(' ') === stemmed) return verdict(true, 'exact', answer, alias.source);
    if (closed !== null && compoundParts(goldKeys) && goldKeys.join('') === closed) return verdict(true, 'exact', answer, alias.source);
  }
  return null;
};
