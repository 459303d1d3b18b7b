// Named UTF-16 code units for the scanners of the text layer (markdown-it names its character
// codes the same way), and the small predicates every scanner shares.

export const CC_TAB = 0x09;
export const CC_LINE_FEED = 0x0a;
export const CC_VERTICAL_TAB = 0x0b;
export const CC_FORM_FEED = 0x0c;
export const CC_CARRIAGE_RETURN = 0x0d;
export const CC_SPACE = 0x20;
export const CC_EXCLAMATION = 0x21;
export const CC_DOLLAR = 0x24;
export const CC_PERCENT = 0x25;
export const CC_AMPERSAND = 0x26;
export const CC_APOSTROPHE = 0x27;
export const CC_COMMA = 0x2c;
export const CC_HYPHEN = 0x2d;
export const CC_PERIOD = 0x2e;
export const CC_SLASH = 0x2f;
export const CC_DIGIT_0 = 0x30;
export const CC_DIGIT_9 = 0x39;
export const CC_SEMICOLON = 0x3b;
export const CC_QUESTION = 0x3f;
export const CC_UPPER_A = 0x41;
export const CC_UPPER_S = 0x53;
export const CC_UPPER_Z = 0x5a;
export const CC_BACKTICK = 0x60;
export const CC_LOWER_A = 0x61;
export const CC_LOWER_S = 0x73;
export const CC_LOWER_Z = 0x7a;
/** The first code unit past ASCII. */
export const CC_NON_ASCII = 0x80;
/** OR-ing this bit lower-cases an ASCII letter. */
export const CC_CASE_BIT = 0x20;

/** True for an ASCII digit 0–9. */
export function isAsciiDigit(c: number): boolean {
  return c >= CC_DIGIT_0 && c <= CC_DIGIT_9;
}

/** True for an ASCII letter a–z or A–Z. */
export function isAsciiLetter(c: number): boolean {
  const lower = c | CC_CASE_BIT;
  return lower >= CC_LOWER_A && lower <= CC_LOWER_Z;
}

/** True when `text[i]` is an ASCII digit and `i` is before `to`. */
export function isDigitAt(text: string, i: number, to: number): boolean {
  return i < to && isAsciiDigit(text.charCodeAt(i));
}

/** True when exactly three digits stand at `i` ("1,500": the thousands group after a comma). */
export function threeDigitsFollow(text: string, i: number, to: number): boolean {
  return isDigitAt(text, i, to) && isDigitAt(text, i + 1, to) && isDigitAt(text, i + 2, to) && !isDigitAt(text, i + 3, to);
}

/**
 * ASCII letters and digits folded to lower case; 0 for everything else, non-ASCII included (which
 * leaves the fast path). One array read per character in the hot loops.
 */
export const ASCII_FOLD: Uint8Array = (() => {
  const fold = new Uint8Array(65536);
  for (let c = CC_DIGIT_0; c <= CC_DIGIT_9; c++) fold[c] = c;
  for (let c = CC_LOWER_A; c <= CC_LOWER_Z; c++) fold[c] = c;
  for (let c = CC_UPPER_A; c <= CC_UPPER_Z; c++) fold[c] = c | CC_CASE_BIT;
  return fold;
})();
