import { F_PRE_BREAK, F_PRE_PERIOD, type Token } from '../../text/index.js';

/** Words that may stand between a negation and what it negates ("is not the …"). */
const NEGATION_GAP = new Set(['the', 'a', 'an', 'be', 'been', 'actually', 'really', 'necessarily']);
export const NEGATIONS = new Set(['not', 'no', 'never', 'isnt', 'wasnt', 'arent', 'werent', 'doesnt', 'didnt', 'dont', 'cannot', 'cant', 'neither', 'nor', 'nt']);

export function sentenceBreakBefore(t: Token): boolean {
  return (t.flags & (F_PRE_BREAK | F_PRE_PERIOD)) !== 0;
}

export function isNegated(tokens: readonly Token[], first: number): boolean {
  for (let k = first - 1; k >= 0; k--) {
    const t = tokens[k]!;
    // "No. 12" is a number, not a negation.
    if (t.key === 'no' && tokens[k + 1]?.kind === 'num') return false;
    if (NEGATIONS.has(t.key)) return true;
    if (!NEGATION_GAP.has(t.key) || sentenceBreakBefore(t)) return false;
  }
  return false;
}
