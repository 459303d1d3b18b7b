import { LongtraceError } from '../errors.js';

/** Why a call to a chat model (other than the judge) failed, once its retries are spent. */
export type LlmErrorCode = 'LLM_UNAVAILABLE' | 'LLM_UNPARSEABLE' | 'LLM_TIMEOUT';

/**
 * A chat model gave no usable reply: the endpoint failed or refused (`LLM_UNAVAILABLE`), its
 * replies could not be read (`LLM_UNPARSEABLE`), or an attempt or the deadline ran out
 * (`LLM_TIMEOUT`). Messages name the status and a short, redacted snippet; never the API key.
 */
export class LlmError extends LongtraceError {
  override name = 'LlmError';
  declare readonly code: LlmErrorCode;
  /** HTTP status of the last attempt, when there was a response. */
  readonly status: number | undefined;
  /** HTTP requests made for this call. */
  readonly attempts: number;

  constructor(code: LlmErrorCode, message: string, options: { cause?: unknown; status?: number | undefined; attempts?: number | undefined } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.attempts = options.attempts ?? 0;
  }
}
