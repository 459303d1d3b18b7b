// A space a model left out between a short function word and a name: "ofThrash Metal",
// "theBeatles". The capital after the function word still starts a word, for the matcher, so a
// name can be found inside such a join; the join as a whole stays one token (the tokenizer does
// not split it: "JavaScript", "McDonald", "iPhone" are one word each, and none starts this way).
import { CC_LOWER_A, CC_LOWER_Z, CC_UPPER_A, CC_UPPER_Z } from './char-codes.js';

/** Function words that are glued to the next word when a space goes missing. */
export const GLUED_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'of', 'the', 'in', 'and', 'is', 'was', 'are', 'by', 'at', 'to', 'on', 'from', 'for', 'as', 'with', 'or',
]);

/** The longest word of `GLUED_FUNCTION_WORDS`. */
const LONGEST = 4;

/**
 * Where a name glued to a function word starts inside the word at `start` (which ends at `end`):
 * the position of the capital in "ofThrash", or -1. Only lower-case ASCII letters before it, and
 * they must spell one of `GLUED_FUNCTION_WORDS`; a few char reads for any other word.
 * @example gluedNameStart('ofThrash Metal', 0, 8) // 2
 */
export function gluedNameStart(text: string, start: number, end: number): number {
  const last = Math.min(end - 1, start + LONGEST);
  for (let k = start; k <= last; k++) {
    const c = text.charCodeAt(k);
    if (c >= CC_LOWER_A && c <= CC_LOWER_Z) continue;
    if (c < CC_UPPER_A || c > CC_UPPER_Z || k - start < 2) return -1;
    return GLUED_FUNCTION_WORDS.has(text.slice(start, k)) ? k : -1;
  }
  return -1;
}
