// What travels between the HTTP layer and a scoring thread. Everything here must survive the
// structured clone of `postMessage`: plain objects only, no class instances, no functions.
//
// A request crosses as its raw bytes (a `request` task): the thread parses, validates and, for one
// row or when it has the pool to itself, scores. A batch that should spread over the pool comes
// back as rows, and goes out again as `score` tasks, one per thread.
//
// A judge cannot cross (it holds a cache, a concurrency limit and sockets): threads score with the
// rules, and a row the judge may have to settle comes back flagged, with its verdict, for the
// server's thread to finish with `settleReward`.
import { LongtraceError, ValidationError, type ValidationIssue } from '../errors.js';
import { groupRewards, rubricReward, type RewardOptions, type RewardResult, type RewardStrategy } from '../rubric/index.js';
import type { Verdict } from '../verify/index.js';
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
  /** The server has a judge in this mode: flag the rows it may ask about. */
  judgeMode?: JudgeModeOfTask | undefined;
  /** `Date.now()` past which the caller has given up: rows not started yet are not scored. */
  deadline?: number | undefined;
}

export interface ScoreTask {
  kind: 'score';
  rows: TaskRow[];
  detail: Detail;
  judgeMode?: JudgeModeOfTask | undefined;
  deadline?: number | undefined;
}

/**
 * The group maths of a grouped `/v1/rewards`: plain numbers in, plain numbers out, so that a group
 * of 80k rollouts costs the HTTP thread two small clones and no CPU.
 */
export interface GroupTask {
  kind: 'group';
  outcomes: number[];
  rubrics: number[];
  rewards: number[];
  /** Each row's group; rows without one keep their own reward. */
  keys: (string | number | undefined)[];
  eta?: number | undefined;
  strategy?: RewardStrategy | undefined;
}

/** Rewards for every row (group rewards where grouped), and advantages (null outside a group). */
export type GroupOutcome = { ok: true; rewards: number[]; advantages: (number | null)[] } | { ok: false; error: TaskError };

/** The modes in which the judge may be asked (`rules` makes no call: no task carries it). */
export type JudgeModeOfTask = 'cascade' | 'judge';

export type Task = RequestTask | ScoreTask | GroupTask;

export type ScoredNumbers = Pick<RewardResult, 'reward' | 'outcome' | 'rubric' | 'gated'>;

/** An error as plain data: the error classes do not cross a thread boundary intact. */
export interface TaskError {
  /** A library `ErrorCode`, or `INVALID_JSON` for a body that does not parse. */
  code: string;
  message: string;
  issues?: ValidationIssue[];
}

export type RowOutcome = { ok: true; result: ScoredNumbers | RewardResult; pending?: PendingRow } | { ok: false; error: TaskError };

/**
 * A row the judge may have to settle: what `settleReward` needs besides the numbers. `row` is sent
 * back only from a request task, whose rows are otherwise not (the caller of a score task has them).
 */
export interface PendingRow {
  verdict: Verdict;
  row?: TaskRow;
}

/** A parsed request: scored (`outcomes`), or with its rows left in the plan for the pool. */
export type RequestOutcome = { ok: false; error: TaskError } | { ok: true; plan: Plan; outcomes?: RowOutcome[] };

export function runTask(task: RequestTask): RequestOutcome;
export function runTask(task: ScoreTask): RowOutcome[];
export function runTask(task: GroupTask): GroupOutcome;
export function runTask(task: Task): RequestOutcome | RowOutcome[] | GroupOutcome;
export function runTask(task: Task): RequestOutcome | RowOutcome[] | GroupOutcome {
  if (task.kind === 'group') return groupTask(task);
  if (task.kind === 'score') return scoreRows(task.rows, task.detail, task.judgeMode, task.deadline);
  let plan: Plan;
  try {
    plan = planRequest(task.route, parseBody(task.body), task.defaults);
  } catch (error) {
    return { ok: false, error: taskError(error) };
  }
  if (task.fanout && plan.rows.length > 1) return { ok: true, plan };
  const detail = DETAIL[task.route];
  const outcomes = scoreRows(plan.rows, detail, task.judgeMode, task.deadline, true);
  // The rows are not needed any more: do not clone 130 KB traces back (only those the judge may need).
  return { ok: true, plan: { ...plan, rows: [] }, outcomes };
}

/**
 * Scores rows in order until `deadline` passes: the caller has answered `503 TIMEOUT` by then, and
 * stopping between rows frees the thread without terminating it (see pool.ts).
 */
function scoreRows(rows: TaskRow[], detail: Detail, judgeMode: JudgeModeOfTask | undefined, deadline: number | undefined, sendRow = false): RowOutcome[] {
  const out: RowOutcome[] = [];
  for (const row of rows) {
    if (deadline !== undefined && Date.now() > deadline) {
      out.push({ ok: false, error: { code: 'TIMEOUT', message: 'the request passed its deadline before this row was scored' } });
      continue;
    }
    out.push(scoreRow(row, detail, judgeMode, sendRow));
  }
  return out;
}

/** Group rewards and advantages, linear in the number of rows. */
export function groupTask(task: GroupTask): GroupOutcome {
  try {
    // Group keys keep their JSON type: group 1 and group "1" are different Map keys.
    const groups = new Map<string | number, number[]>();
    task.keys.forEach((key, i) => {
      if (key === undefined) return;
      const members = groups.get(key);
      if (members === undefined) groups.set(key, [i]);
      else members.push(i);
    });
    const rewards = task.rewards.slice();
    const advantages: (number | null)[] = task.rewards.map(() => null);
    for (const members of groups.values()) {
      const group = groupRewards(members.map((i) => ({ outcome: task.outcomes[i]!, rubric: task.rubrics[i]! })), { eta: task.eta, strategy: task.strategy });
      members.forEach((i, k) => {
        rewards[i] = group.rewards[k]!;
        advantages[i] = group.advantages[k]!;
      });
    }
    return { ok: true, rewards, advantages };
  } catch (error) {
    // The rows were validated and scored by us: a failure here is ours, never a path in the request.
    return { ok: false, error: { code: 'INTERNAL', message: `group rewards failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

/**
 * Scores one row; a thrown error becomes data, so one bad row cannot take the thread down. With a
 * judge mode, a row the judge may be asked about is flagged (`pending`), with the row itself when
 * `sendRow`.
 */
export function scoreRow(row: TaskRow, detail: Detail, judgeMode?: JudgeModeOfTask, sendRow = false): RowOutcome {
  try {
    const result = rubricReward(row.input, row.options);
    const numbers = detail === 'full' ? result : { reward: result.reward, outcome: result.outcome, rubric: result.rubric, gated: result.gated };
    if (judgeMode === undefined || row.outcomeUnused === true || !mayAskJudge(result.verdict, judgeMode)) return { ok: true, result: numbers };
    return { ok: true, result: numbers, pending: sendRow ? { verdict: result.verdict, row } : { verdict: result.verdict } };
  } catch (error) {
    return { ok: false, error: taskError(error) };
  }
}

/**
 * Whether `settleReward` may call the judge for this rule verdict: in cascade mode only when the
 * rules left it undecided (as `verifyAnswerAsync` decides); in judge mode always (it skips a
 * response with no final answer itself).
 */
export function mayAskJudge(verdict: Verdict, mode: JudgeModeOfTask): boolean {
  return mode === 'judge' || verdict.method === 'undecided';
}

function taskError(error: unknown): TaskError {
  if (error instanceof BodyError) return { code: 'INVALID_JSON', message: error.message };
  if (error instanceof ValidationError) return { code: error.code, message: error.message, issues: error.issues };
  if (LongtraceError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
