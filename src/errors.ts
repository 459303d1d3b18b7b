/** Stable machine-readable error codes. Adding a code is a minor change; renaming one is major. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_GOLD_ANSWER'
  | 'INVALID_ENTITY'
  | 'INVALID_OPTIONS'
  | 'JUDGE_UNAVAILABLE'
  | 'JUDGE_UNPARSEABLE'
  | 'JUDGE_TIMEOUT'
  | 'INVALID_GRAPH'
  | 'INVALID_TRAJECTORY'
  | 'CONTEXT_OVER_BUDGET'
  | 'TOKENIZER_UNAVAILABLE'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'INPUT_TOO_LARGE'
  | 'LLM_UNAVAILABLE'
  | 'LLM_UNPARSEABLE'
  | 'LLM_TIMEOUT'
  | 'RETRIEVER_UNAVAILABLE'
  | 'RETRIEVER_BAD_REPLY'
  | 'BUDGET_EXHAUSTED'
  | 'INTERNAL';

/** One problem found in a caller's input, with the path of the offending field. */
export interface ValidationIssue {
  /** Path of the field, e.g. `['entities', 2, 'name']`. Empty for the input itself. */
  path: (string | number)[];
  /** Short literal code of the problem, e.g. `'empty'`, `'invalid_type'`. */
  code: string;
  message: string;
}

// A registry-wide symbol so `isInstance` still works when two copies of the package are installed.
const marker = Symbol.for('longtrace-reward.error');

/** Base class of every error this library throws on purpose. */
export class LongtraceError extends Error {
  override name = 'LongtraceError';
  readonly code: ErrorCode;
  readonly [marker] = true;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** True for any error of this library, even one thrown by another installed copy of it. */
  static isInstance(value: unknown): value is LongtraceError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** The caller's input failed validation: the message names the field, `issues` lists them all. */
export class ValidationError extends LongtraceError {
  override name = 'ValidationError';
  readonly issues: ValidationIssue[];

  constructor(code: ErrorCode, issues: ValidationIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? `${formatPath(first.path)}: ` : '';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(code, `${where}${first?.message ?? 'invalid input'}${more}`, options);
    this.issues = issues;
  }

  /** The path of the first issue, as a dotted string (`entities[2].name`). */
  get path(): string {
    return formatPath(this.issues[0]?.path ?? []);
  }
}

/** `['entities', 2, 'name']` → `entities[2].name`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}
