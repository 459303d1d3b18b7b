// What travels between the HTTP layer and a scoring thread. Everything here must survive the
// structured clone of `postMessage`: plain objects only, no class instances, no functions.
//
// A request crosses as its raw bytes (a `request` task): the thread parses, validates and, for one
// row or when it has the pool to itself, scores. A batch that should spread over the pool comes
// back as rows, and goes out again as `score` tasks, one per thread.
import { LongtraceError, ValidationError, type ValidationIssue } from '../errors.js';
import { rubricReward, type RewardOptions, type RewardResult } from '../rubric/index.js';
import { BodyError, parseBody, planRequest, type Plan, type Route, type TaskRow } from './wire.js';

/**
 * `'numbers'` sends back reward, outcome, rubric and gated only: the trainer-facing endpoints
 * need no more, and a 130 KB trace can have hundreds of mentions to clone back for nothing.
 */
export type Detail = 'numbers' | 'full';

export const DETAIL: Record<Route, Detail> = { evaluate: 'numbers', get_reward: 'numbers', reward: 'full', rewards: 'full' };

export interface RequestTask {
  kind: 'request';
  route: Route;
  body: Uint8Array | undefined;
  defaults: RewardOptions;
  /** Return a batch's rows unscored, for the caller to spread over the pool. */
  fanout: boolean;
}

export interface ScoreTask {
  kind: 'score';
  rows: TaskRow[];
  detail: Detail;
}

export type Task = RequestTask | ScoreTask;

export type ScoredNumbers = Pick<RewardResult, 'reward' | 'outcome' | 'rubric' | 'gated'>;

/** An error as plain data: the error classes do not cross a thread boundary intact. */
export interface TaskError {
  /** A library `ErrorCode`, or `INVALID_JSON` for a body that does not parse. */
  code: string;
  message: string;
  issues?: ValidationIssue[];
}

export type RowOutcome = { ok: true; result: ScoredNumbers | RewardResult } | { ok: false; error: TaskError };

/** A parsed request: scored (`outcomes`), or with its rows left in the plan for the pool. */
export type RequestOutcome = { ok: false; error: TaskError } | { ok: true; plan: Plan; outcomes?: RowOutcome[] };

export function runTask(task: RequestTask): RequestOutcome;
export function runTask(task: ScoreTask): RowOutcome[];
export function runTask(task: Task): RequestOutcome | RowOutcome[];
export function runTask(task: Task): RequestOutcome | RowOutcome[] {
  if (task.kind === 'score') return task.rows.map((row) => scoreRow(row, task.detail));
  let plan: Plan;
  try {
    plan = planRequest(task.route, parseBody(task.body), task.defaults);
  } catch (error) {
    return { ok: false, error: taskError(error) };
  }
  if (task.fanout && plan.rows.length > 1) return { ok: true, plan };
  const detail = DETAIL[task.route];
  const outcomes = plan.rows.map((row) => scoreRow(row, detail));
  // The rows are not needed any more: do not clone 130 KB traces back.
  return { ok: true, plan: { ...plan, rows: [] }, outcomes };
}

/** Scores one row; a thrown error becomes data, so one bad row cannot take the thread down. */
export function scoreRow(row: TaskRow, detail: Detail): RowOutcome {
  try {
    const result = rubricReward(row.input, row.options);
    if (detail === 'full') return { ok: true, result };
    return { ok: true, result: { reward: result.reward, outcome: result.outcome, rubric: result.rubric, gated: result.gated } };
  } catch (error) {
    return { ok: false, error: taskError(error) };
  }
}

function taskError(error: unknown): TaskError {
  if (error instanceof BodyError) return { code: 'INVALID_JSON', message: error.message };
  if (error instanceof ValidationError) return { code: error.code, message: error.message, issues: error.issues };
  if (LongtraceError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
