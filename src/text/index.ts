import { annotate } from './annotate.js';
import { checkText } from './check-input.js';
import { scan } from './scan.js';
import type { Token } from './token.js';

export type { Token, TokenKind } from './token.js';
export { dateKey } from './annotate.js';
export { canonicalNumber, foldRange } from './scan.js';
export * from './token.js';
export { ARTICLES, NUMBER_WORDS } from './lexicon.js';

/**
 * Tokenizes `text[from, to)` in one pass: folded words, numbers and dates with canonical keys,
 * offsets into the original `text`. `limit` caps the raw tokens read (for local windows).
 * @example tokenize('São Paulo, March 14, 1879').map((t) => t.key) // ['sao', 'paulo', 'd:1879-03-14']
 */
export function tokenize(text: string, from = 0, to?: number, limit = Infinity): Token[] {
  checkText(text, 'text');
  const end = to ?? text.length;
  return annotate(scan(text, from, end, limit), text, end);
}

/** The canonical keys of a string joined by spaces: `normalizeText('The U.S.A.')` is `'the usa'`. */
export function normalizeText(text: string): string {
  checkText(text, 'text');
  return tokenize(text).map((t) => t.key).join(' ');
}
