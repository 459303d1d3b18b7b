// One input line → one scored row or one error, never a throw. Validation is the schema's
// (`toRewardRequest`), scoring is `rubricReward`'s; this file only reads the line, finds its id and
// group, and turns whatever went wrong into `{ code, message, path }` pointing into the row as the
// user wrote it.
import { formatPath, LongtraceError, ValidationError, type ValidationIssue } from '../errors.js';
import {
  createEntityMatcher, rubricReward, type EntityMatcher, type GoldEntity, type RewardInput, type RewardOptions, type RewardResult,
} from '../index.js';
import { isLongTraceBody, toRewardRequest } from '../schema.js';
import { nativeFromTrainingRow } from './training-row-input.js';

export type RowId = string | number;

/** What went wrong with a row: a stable `code`, a message that starts with the path, and the path. */
export interface RowError {
  /** `EMPTY_LINE`, `INVALID_JSON`, or a library code: `INVALID_INPUT`, `INVALID_GOLD_ANSWER`, `INVALID_ENTITY`, `INVALID_OPTIONS`, `INTERNAL`. */
  code: string;
  message: string;
  /** Where in the row, as `entities[1].name`; empty for the line itself. */
  path: string;
}

/** A row's group: `value` as written, `key` telling 1 and "1" apart. */
export interface GroupId {
  key: string;
  value: string | number;
}

export type Row =
  | { kind: 'error'; line: number; id?: RowId; group?: GroupId; error: RowError; raw?: unknown }
  | { kind: 'scored'; line: number; id?: RowId; group?: GroupId; result: RewardResult; options: RewardOptions; input?: RewardInput; raw?: unknown };

export interface RowContext {
  /** Options given on the command line; a LongTraceRL row's `rubric_reward_ratio` overrides `eta`. */
  defaults: RewardOptions;
  /** Top-level field holding the group id. @default 'group' */
  groupBy: string;
  /** The last compiled chain, reused while rows repeat it (see `matcherFor`). */
  last?: { key: string; matcher: EntityMatcher } | undefined;
  /** Keep the parsed row (`raw`, and `input` on a scored row): the HTML report shows its text. @default false */
  keepInput?: boolean | undefined;
}

export function groupKey(value: string | number): string {
  return typeof value === 'number' ? `n:${value}` : `s:${value}`;
}

/** Parses and scores the text of input line `line` (1-based). */
export function scoreLine(text: string, line: number, context: RowContext): Row {
  if (text.trim() === '') {
    return { kind: 'error', line, error: { code: 'EMPTY_LINE', message: 'blank line: expected a JSON object', path: '' } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'error', line, error: { code: 'INVALID_JSON', message: `malformed JSON: ${reason}`, path: '' } };
  }

  const fields = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const id = typeof fields.id === 'string' || typeof fields.id === 'number' ? fields.id : undefined;
  const base = { line, ...(id !== undefined && { id }) };

  const groupValue = fields[context.groupBy];
  let group: GroupId | undefined;
  if (typeof groupValue === 'string' || typeof groupValue === 'number') {
    group = { key: groupKey(groupValue), value: groupValue };
  } else if (groupValue !== undefined && groupValue !== null) {
    const message = `${context.groupBy}: expected a string or a number (the group id), got ${Array.isArray(groupValue) ? 'array' : typeof groupValue}`;
    return { kind: 'error', ...base, error: { code: 'INVALID_INPUT', message, path: context.groupBy } };
  }
  const withGroup = { ...base, ...(group !== undefined && { group }), ...(context.keepInput === true && { raw }) };

  let request;
  let longTrace = false;
  try {
    // A training row (slime, verl, OpenRLHF) with a rollout is scored with the chain it carries.
    const native = nativeFromTrainingRow(raw);
    longTrace = native === undefined && isLongTraceBody(raw);
    request = toRewardRequest(native ?? raw, context.defaults);
  } catch (error) {
    return { kind: 'error', ...withGroup, error: describeError(error, raw, (path) => path) };
  }
  try {
    const result = rubricReward({ ...request.input, entities: matcherFor(request.input.entities, context) }, request.options);
    return { kind: 'scored', ...withGroup, result, options: request.options, ...(context.keepInput === true && { input: request.input }) };
  } catch (error) {
    // The scorer names fields of `RewardInput`; point at the fields of the row the user wrote.
    return { kind: 'error', ...withGroup, error: describeError(error, raw, longTrace ? toLongTracePath : (path) => path) };
  }
}

/**
 * The rows of a group are contiguous and share their chain, so the CLI compiles a chain once and
 * reuses it while the next rows repeat it. This keeps the compiled chain of one question alive at a
 * time: `rubricReward`'s own cache would keep the last 1024, which for a file of distinct
 * questions is 1024 compiled matchers (each with a 64 kB prefilter table) held to the end.
 */
function matcherFor(entities: RewardInput['entities'], context: RowContext): RewardInput['entities'] {
  if (!Array.isArray(entities) || entities.length === 0) return entities; // let rubricReward judge these
  const key = JSON.stringify(entities);
  if (context.last?.key !== key) context.last = { key, matcher: createEntityMatcher(entities as readonly GoldEntity[]) };
  return context.last.matcher;
}

/** `RewardInput` field → the LongTraceRL body field it came from. */
const LONGTRACE_FIELDS: Record<string, readonly string[]> = {
  entities: ['extra_reward_info', 'rubrics'],
  answer: ['label'],
  messages: ['history'],
  question: ['extra_reward_info', 'question'],
  eta: ['extra_reward_info', 'rubric_reward_ratio'],
};

function toLongTracePath(path: readonly (string | number)[]): (string | number)[] {
  const [head, ...rest] = path;
  const mapped = typeof head === 'string' ? LONGTRACE_FIELDS[head] : undefined;
  return mapped ? [...mapped, ...rest] : [...path];
}

function describeError(error: unknown, raw: unknown, mapPath: (path: readonly (string | number)[]) => readonly (string | number)[]): RowError {
  if (error instanceof ValidationError || (LongtraceError.isInstance(error) && Array.isArray((error as ValidationError).issues))) {
    const issues = (error as ValidationError).issues;
    const first: ValidationIssue | undefined = issues[0];
    const path = mapPath(first?.path ?? []);
    const where = formatPath(path);
    let message = (first?.message ?? error.message).replace(/^Invalid input: (?=\S)/, '');
    // zod says "Invalid input" for a missing union field (`answer`); say what is wrong.
    if (path.length > 0 && valueAt(raw, path) === undefined && (first?.code === 'invalid_union' || first?.code === 'invalid_type')) {
      message = 'required field is missing';
    }
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return { code: error.code, message: `${where === '' ? '' : `${where}: `}${message}${more}`, path: where };
  }
  if (LongtraceError.isInstance(error)) return { code: error.code, message: error.message, path: '' };
  return { code: 'INTERNAL', message: `internal error: ${error instanceof Error ? error.message : String(error)}`, path: '' };
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const part of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[part];
  }
  return at;
}
