/** What a token is: a word, a number (with optional unit), a date, one CJK character, or a symbol. */
export type TokenKind = 'word' | 'num' | 'date' | 'cjk' | 'sym';

/** One token of a text, with its span in the original string and its canonical key. */
export interface Token {
  /** Offset of the first character in the original string. */
  start: number;
  /** Offset after the last character: `text.slice(start, end)` is the token's source. */
  end: number;
  /** Canonical key compared by the matcher and the verifier: `paris`, `n:1500000`, `d:1879-03-14`. */
  key: string;
  /** Folded surface form, before abbreviations and numbers are canonicalised. */
  norm: string;
  kind: TokenKind;
  /** Bit set of `F_*` flags. */
  flags: number;
  /** Numeric value of a `num` token. */
  value?: number;
  /** Canonical unit of a `num` token (`km`, `usd`, `%`). */
  unit?: string;
  /** Other keys this token also answers to (a full date also answers to its year and month). */
  alts?: string[];
}

/** All cased letters of the token are upper-case in the source (US, WHO, U.S.). */
export const F_UPPER = 1;
/** The token has a letter in lower-case in the source. */
export const F_LOWER = 2;
/** White space stands between this token and the one before. */
export const F_PRE_SPACE = 4;
/** A hyphen or dash stands before this token. */
export const F_PRE_HYPHEN = 8;
/** A comma stands before this token. */
export const F_PRE_COMMA = 16;
/** A period stands before this token. */
export const F_PRE_PERIOD = 32;
/** A slash stands before this token. */
export const F_PRE_SLASH = 64;
/** A sentence or line break (. ! ? ; newline) stands before this token. */
export const F_PRE_BREAK = 128;
/** Other punctuation (quotes, brackets, colons) stands before this token. */
export const F_PRE_OTHER = 256;
/** The token is an abbreviation or an initial, so a period after it does not end a sentence. */
export const F_ABBR = 512;
/** A number written as an ordinal (14th). */
export const F_ORDINAL = 1024;
/** A number written only with digits, no separators (a year-like 1879). */
export const F_PLAIN_DIGITS = 2048;
/** The token is the first one of a separate segment (matches never cross into it). */
export const F_SEGMENT_START = 4096;

/** Flags that describe what stands before a token. */
export const F_PRE_ANY =
  F_PRE_SPACE | F_PRE_HYPHEN | F_PRE_COMMA | F_PRE_PERIOD | F_PRE_SLASH | F_PRE_BREAK | F_PRE_OTHER;
