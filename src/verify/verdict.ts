import type { SplitOptions } from '../response/index.js';

/**
 * Which rule decided a verdict. Correct: `exact`, `contains`, `sentence`, `number`, `date`,
 * `choice`, `yes-no`, `partial-name`, `all-words`, `acronym`. Wrong: `no-answer`, `refusal`, `hedged`, `negated`,
 * `conflicting-answers`, `number-mismatch`, `date-mismatch`, `choice-mismatch`, `yes-no-mismatch`,
 * `mismatch`. Not decided (not correct; a judge may be asked): `undecided`.
 */
export type VerdictMethod =
  | 'exact' | 'contains' | 'sentence' | 'number' | 'date' | 'choice' | 'yes-no' | 'partial-name' | 'all-words' | 'acronym'
  | 'no-answer' | 'refusal' | 'hedged' | 'negated' | 'conflicting-answers' | 'number-mismatch'
  | 'date-mismatch' | 'choice-mismatch' | 'yes-no-mismatch' | 'mismatch' | 'undecided';

/** The outcome of checking a response's final answer against the gold answer. */
export interface Verdict {
  correct: boolean;
  /** 1 or 0 for a decided verdict; for `undecided`, the token F1 of the best partial overlap (still not correct). */
  score: number;
  method: VerdictMethod;
  /** The final answer found in the response, cleaned; null when there is none. */
  extracted: string | null;
  /** The gold alias that decided a correct verdict, else null. */
  matched: string | null;
}

export interface VerifyOptions {
  /** The question: a long answer that only restates it is not taken as containing the gold. */
  question?: string | undefined;
  /**
   * Accept small typos in long names (Tchaikovksy).
   * @default true
   */
  fuzzy?: boolean | undefined;
  /** How to split the response (documents and tool blocks to leave out). */
  split?: SplitOptions | undefined;
}

/** A verdict; `score` is 1 or 0 unless given (the token F1 of an `undecided` one). */
export function verdict(correct: boolean, method: VerdictMethod, extracted: string | null, matched: string | null = null, score = correct ? 1 : 0): Verdict {
  return { correct, score, method, extracted, matched };
}
