import { LongtraceError } from '../../errors.js';

/** Why a call to a retrieval server failed, once its retries are spent. */
export type RetrieverErrorCode = 'RETRIEVER_UNAVAILABLE' | 'RETRIEVER_BAD_REPLY';

/**
 * A retrieval server gave no usable answer: it failed, refused or could not be reached
 * (`RETRIEVER_UNAVAILABLE`), or its body was not the `/retrieve` shape (`RETRIEVER_BAD_REPLY`).
 * Messages name the URL, the status and a short snippet of the body.
 */
export class RetrieverError extends LongtraceError {
  override name = 'RetrieverError';
  declare readonly code: RetrieverErrorCode;
  /** HTTP status of the last attempt, when there was a response. */
  readonly status: number | undefined;
  /** HTTP requests made for this batch. */
  readonly attempts: number;

  constructor(code: RetrieverErrorCode, message: string, options: { cause?: unknown; status?: number | undefined; attempts?: number | undefined } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.attempts = options.attempts ?? 0;
  }
}
