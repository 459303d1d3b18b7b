import { LongtraceError } from '../errors.js';

/** Why a judge call failed, once its retries are spent. */
export type JudgeErrorCode = 'JUDGE_UNAVAILABLE' | 'JUDGE_UNPARSEABLE' | 'JUDGE_TIMEOUT';

/**
 * The LLM judge gave no verdict: the endpoint failed or refused (`JUDGE_UNAVAILABLE`), its replies
 * could not be read (`JUDGE_UNPARSEABLE`), or an attempt or the overall deadline ran out
 * (`JUDGE_TIMEOUT`). Messages name the status and a short, redacted snippet of the reply; never the
 * API key or the request.
 */
export class JudgeError extends LongtraceError {
  override name = 'JudgeError';
  declare readonly code: JudgeErrorCode;
  /** HTTP status of the last attempt, when there was a response. */
  readonly status: number | undefined;
  /** HTTP requests made for this call (0 when the deadline passed before the first one). */
  readonly attempts: number;

  constructor(code: JudgeErrorCode, message: string, options: { cause?: unknown; status?: number | undefined; attempts?: number } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.attempts = options.attempts ?? 0;
  }

  /** True for a `JudgeError`, even one thrown by another installed copy of this library. */
  static isJudgeError(value: unknown): value is JudgeError {
    return LongtraceError.isInstance(value) && typeof value.code === 'string' && value.code.startsWith('JUDGE_');
  }
}
