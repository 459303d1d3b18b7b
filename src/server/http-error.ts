// Every error the service answers with has one shape: `{ error: { code, message, path } }`, plus
// `issues` when the body failed validation. Codes are stable strings a client may branch on.
import type { FastifyError } from 'fastify';
import { formatPath, LongtraceError, ValidationError, type ValidationIssue } from '../errors.js';
import { JudgeError } from '../judge/judge-error.js';

/** Codes of the service's own errors (validation errors keep the library's codes). */
export type HttpErrorCode =
  | 'INVALID_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'TIMEOUT'
  | 'OVERLOADED'
  | 'BODY_TIMEOUT'
  | 'SHUTTING_DOWN'
  | 'INTERNAL';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** The offending field as a dotted path (`extra_reward_info.rubrics[1]`); empty when no field is at fault. */
    path: string;
    issues?: { path: string; code: string; message: string }[];
  };
}

/** An error with its HTTP status, thrown by handlers and turned into an `ErrorBody`. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: HttpErrorCode;
  readonly path: string;
  /** Headers of the answer (`retry-after` on a 503 `OVERLOADED`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: HttpErrorCode, message: string, path = '', headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.path = path;
    this.headers = headers;
  }
}

/**
 * Maps anything a handler or fastify throws to a status and a body. Unknown errors are 500s; a
 * judge that gave no verdict (with `onJudgeError: 'throw'`) is the upstream's fault: 504 when it
 * timed out, else 502.
 */
export function toErrorReply(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) return reply(error.status, error.code, error.message, error.path);
  if (error instanceof ValidationError) {
    const issues = error.issues.map((issue: ValidationIssue) => ({ path: formatPath(issue.path), code: issue.code, message: issue.message }));
    return { status: 400, body: { error: { code: error.code, message: error.message, path: error.path, issues } } };
  }
  if (JudgeError.isJudgeError(error)) return reply(error.code === 'JUDGE_TIMEOUT' ? 504 : 502, error.code, error.message);
  if (LongtraceError.isInstance(error)) {
    return error.code === 'INTERNAL' ? reply(500, 'INTERNAL', error.message) : reply(400, error.code, error.message);
  }
  const fastifyError = error as Partial<FastifyError> | null;
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply(413, 'PAYLOAD_TOO_LARGE', 'request body is larger than the limit (bodyLimit)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply(400, 'INVALID_JSON', 'the body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply(415, 'UNSUPPORTED_MEDIA_TYPE', fastifyError.message ?? 'unsupported media type');
  }
  const status = fastifyError?.statusCode;
  if (error instanceof SyntaxError || fastifyError?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return reply(400, 'INVALID_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return reply(status, status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', fastifyError?.message ?? 'bad request');
  }
  return reply(500, 'INTERNAL', 'internal error; see the server log');
}

function reply(status: number, code: string, message: string, path = ''): { status: number; body: ErrorBody } {
  return { status, body: { error: { code, message, path } } };
}
