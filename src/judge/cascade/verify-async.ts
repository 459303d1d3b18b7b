import { ValidationError } from '../../errors.js';
import { extractFinalAnswer, judgedAnswerText, verifyAnswer, type GoldAnswer, type Verdict, type VerdictMethod, type VerifyOptions } from '../../verify/index.js';
import type { Judge } from '../create-judge.js';
import { JudgeError, type JudgeErrorCode } from '../judge-error.js';

/**
 * Who decides: `rules` (the rule verifier only, no calls), `judge` (the LLM judge for every answer
 * found), `cascade` (the rules, and the judge only when they leave the answer `undecided`).
 */
export type JudgeMode = 'rules' | 'judge' | 'cascade';
/** What a failed judge call yields: the rule verdict, a wrong verdict scored 0, or a thrown `JudgeError`. */
export type OnJudgeError = 'rules' | 'zero' | 'throw';

export const JUDGE_MODES: readonly JudgeMode[] = ['rules', 'judge', 'cascade'];
export const ON_JUDGE_ERROR: readonly OnJudgeError[] = ['rules', 'zero', 'throw'];

export interface JudgeCallOptions {
  judge?: Judge | undefined;
  /** @default 'cascade' with a judge, else 'rules' */
  mode?: JudgeMode | undefined;
  /** @default 'rules' */
  onJudgeError?: OnJudgeError | undefined;
  /** Abandons the judge call; the promise rejects with the signal's reason (no fallback). */
  signal?: AbortSignal | undefined;
}

export interface AsyncVerifyOptions extends VerifyOptions, JudgeCallOptions {}

/** A verdict of the rules or of the judge (`method: 'judge'`). */
export interface AsyncVerdict extends Omit<Verdict, 'method'> {
  method: VerdictMethod | 'judge';
  /** The judge decided this verdict. */
  judged: boolean;
  /** The judge's one-sentence reason, when it decided. */
  justification?: string;
  /** The verdict came from the judge's cache (or an identical call under way). */
  cached?: boolean;
  /** The judge was asked and gave no verdict; the verdict is the fallback `onJudgeError` chose. */
  error?: { code: JudgeErrorCode; message: string };
}

/**
 * `verifyAnswer`, with an LLM judge for what the rules cannot settle. Only the final answer (after
 * `</think>`, as `extractFinalAnswer` finds it; an "Answer:" line with the lines that follow it) is
 * sent, with the question and the gold aliases.
 * A response with no final answer is never sent: it is wrong without asking.
 * @example
 * const judge = createJudge({ baseURL: 'http://localhost:8000/v1', model: 'judge' });
 * const v = await verifyAnswerAsync('<think>…</think> Uralic', 'Uralic languages', { judge, question });
 * v.judged // true: the rules left "Uralic" undecided
 */
export async function verifyAnswerAsync(response: string, gold: GoldAnswer, options: AsyncVerifyOptions = {}): Promise<AsyncVerdict> {
  const { judge, mode, onJudgeError, signal, ...verifyOptions } = options;
  checkJudgeOptions({ judge, mode, onJudgeError });
  return decide(verifyAnswer(response, gold, verifyOptions), response, gold, verifyOptions, { judge, mode, onJudgeError, signal });
}

/**
 * Settles a rule verdict already computed for `response`: returns it as is, or asks the judge.
 * Shared by `verifyAnswerAsync` and `rubricRewardAsync` (which gets its rule verdict from `rubricReward`).
 */
export async function decide(
  rules: Verdict,
  response: string,
  gold: GoldAnswer,
  verifyOptions: VerifyOptions,
  options: JudgeCallOptions,
): Promise<AsyncVerdict> {
  const { judge } = options;
  const mode = options.mode ?? (judge === undefined ? 'rules' : 'cascade');
  const ruled: AsyncVerdict = { ...rules, judged: false };
  if (judge === undefined || mode === 'rules') return ruled;
  if (mode === 'cascade' && rules.method !== 'undecided') return ruled;
  const extracted = typeof response === 'string' ? extractFinalAnswer(response, verifyOptions.split) : null;
  if (extracted === null) return ruled;
  // Several different explicit final answers go together: the judge is told not to accept a hedge.
  // An "Answer:" line is sent with the lines after it: a multi-line answer is the whole answer.
  const answer = [...extracted.others, judgedAnswerText(response, extracted)].join('; ');
  try {
    const reply = await judge.grade({ question: verifyOptions.question, gold, answer }, { signal: options.signal });
    const correct = reply.correct;
    return {
      correct,
      score: correct ? 1 : 0,
      method: 'judge',
      extracted: extracted.text,
      matched: null,
      judged: true,
      justification: reply.justification,
      cached: reply.cached,
    };
  } catch (error) {
    if (!JudgeError.isJudgeError(error)) throw error;
    const onError = options.onJudgeError ?? 'rules';
    if (onError === 'throw') throw error;
    const failed = { code: error.code, message: error.message };
    return onError === 'zero' ? { ...ruled, correct: false, score: 0, error: failed } : { ...ruled, error: failed };
  }
}

/** Validates the judge options, naming the one at fault. */
export function checkJudgeOptions(options: JudgeCallOptions): void {
  const { judge, mode, onJudgeError } = options;
  if (judge !== undefined && (typeof judge !== 'object' || judge === null || typeof judge.grade !== 'function')) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: ['judge'], code: 'invalid_type', message: 'judge must come from createJudge()' }]);
  }
  if (mode !== undefined && !JUDGE_MODES.includes(mode)) {
    throw new ValidationError('INVALID_OPTIONS', [
      { path: ['mode'], code: 'invalid_enum', message: `mode must be one of ${JUDGE_MODES.join(', ')}, got ${String(mode)}` },
    ]);
  }
  if (mode !== undefined && mode !== 'rules' && judge === undefined) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: ['judge'], code: 'missing', message: `mode '${mode}' needs a judge (createJudge)` }]);
  }
  if (onJudgeError !== undefined && !ON_JUDGE_ERROR.includes(onJudgeError)) {
    throw new ValidationError('INVALID_OPTIONS', [
      { path: ['onJudgeError'], code: 'invalid_enum', message: `onJudgeError must be one of ${ON_JUDGE_ERROR.join(', ')}, got ${String(onJudgeError)}` },
    ]);
  }
}
