// Turns scored rows into output records, in input order, applying `groupRewards` to the rows of a
// group. Only the open group is buffered (its small per-row results, not the text), so memory is
// bounded by the group size, never by the file:
//
// - A group is a run of contiguous rows with the same group id. It ends when a row of another group
//   or a row without a group arrives, at the end of the input, or when it reaches `maxGroupSize`.
// - Failed rows (blank, malformed, invalid) never end a group: a broken line in the middle of a
//   group would otherwise split it in two. They keep their place in the output.
// - A group id seen again after its group ended starts a new group; the first time this happens a
//   warning is printed, since the file was probably not sorted by group.
import { groupRewards, type RewardOptions } from '../index.js';
import { advantagesOf } from '../rubric/group-rewards.js';
import type { GroupId, Row, RowError, RowId } from './score-row.js';

/** The output line of a scored row. */
export interface ScoredRecord {
  id?: RowId;
  line: number;
  group?: string | number;
  /** The reward; for a row of a group, the group's reward (rubric max-normalised across the group). */
  reward: number;
  /** GRPO advantage within the group; only on rows of a group. */
  advantage?: number;
  outcome: number;
  /** The rubric that went into `reward`: `recall`, divided by the group's best recall in a group. */
  rubric: number;
  /** Weighted share of the chain entities found in the row's text. */
  recall: number;
  correct: boolean;
  gated: boolean;
  method: string;
  extracted: string | null;
  hits: string[];
  missed: string[];
}

/** The output line of a row that failed. */
export interface ErrorRecord {
  id?: RowId;
  line: number;
  error: RowError;
}

export type OutputRecord = ScoredRecord | ErrorRecord;

export interface GrouperOptions {
  /** @default true */
  normalizeRubric?: boolean;
  /** A group is closed (and the rest of it scored as a new group) at this many buffered rows. @default 10000 */
  maxGroupSize?: number;
  /** Group ids remembered after their group ended, to notice one that comes back. @default 100000 */
  rememberGroups?: number;
}

export interface GrouperEvents {
  emit(record: OutputRecord): void;
  /** A group id came back after its group had ended (`first`: the first time this run). */
  reappeared?(group: GroupId, line: number, first: boolean): void;
  /** A group reached the size limit and was cut (`first`: the first time this run). */
  cut?(group: GroupId, line: number, first: boolean): void;
}

type Scored = Extract<Row, { kind: 'scored' }>;

export class Grouper {
  private open: GroupId | undefined;
  private pending: Row[] = [];
  private readonly recent = new Set<string>();
  private readonly normalizeRubric: boolean;
  private readonly maxGroupSize: number;
  private readonly rememberGroups: number;
  /** Groups scored so far. */
  groups = 0;
  /** Times a group id came back after its group had ended. */
  reappeared = 0;
  /** Times a group was cut at `maxGroupSize`. */
  cut = 0;

  constructor(private readonly events: GrouperEvents, options: GrouperOptions = {}) {
    this.normalizeRubric = options.normalizeRubric ?? true;
    this.maxGroupSize = options.maxGroupSize ?? 10_000;
    this.rememberGroups = options.rememberGroups ?? 100_000;
  }

  push(row: Row): void {
    if (row.kind === 'error') {
      if (this.open !== undefined && row.group !== undefined && row.group.key !== this.open.key) this.close(false);
      if (this.open === undefined) this.events.emit(toRecord(row));
      else this.buffer(row, this.open);
      return;
    }
    if (row.group === undefined) {
      this.close(false);
      this.events.emit(toRecord(row));
      return;
    }
    if (this.open !== undefined && this.open.key !== row.group.key) this.close(false);
    if (this.open === undefined) {
      this.open = row.group;
      if (this.recent.has(row.group.key)) {
        this.reappeared += 1;
        this.events.reappeared?.(row.group, row.line, this.reappeared === 1);
      }
    }
    this.buffer(row, row.group);
  }

  private buffer(row: Row, group: GroupId): void {
    this.pending.push(row);
    if (this.pending.length >= this.maxGroupSize) {
      this.cut += 1;
      this.events.cut?.(group, row.line, this.cut === 1);
      // Not remembered as ended: the rest of the group is expected next, and is no surprise.
      this.close(true);
    }
  }

  /** Scores and emits the open group, if any. Call at the end of the input. */
  end(): void {
    this.close(false);
  }

  private close(cut: boolean): void {
    const group = this.open;
    if (group === undefined) return;
    const rows = this.pending;
    this.open = undefined;
    this.pending = [];
    this.groups += 1;
    if (!cut) this.remember(group.key);

    const scored = rows.filter((r): r is Scored => r.kind === 'scored');
    const { rewards, advantages } = this.groupRewards(scored);
    const best = Math.max(0, ...scored.map((r) => r.result.rubric));
    let i = 0;
    for (const row of rows) {
      if (row.kind === 'error') {
        this.events.emit(toRecord(row));
        continue;
      }
      const rubric = this.normalizeRubric && best > 0 ? row.result.rubric / best : row.result.rubric;
      this.events.emit(toRecord(row, { reward: rewards[i] ?? 0, advantage: advantages[i] ?? 0, rubric }));
      i += 1;
    }
  }

  /**
   * `groupRewards` over the group. Rows normally share eta and strategy; when they do not (a
   * LongTraceRL row without rubrics is scored outcome-only, `rubric_reward_ratio` may differ), each
   * row keeps its own, still with the rubric normalised by the group's best, and the advantages are
   * taken over the rewards so obtained.
   */
  private groupRewards(rows: readonly Scored[]): { rewards: number[]; advantages: number[] } {
    const results = rows.map((r) => r.result);
    const optionSets = new Map<string, RewardOptions>();
    const keys = rows.map((r) => {
      const key = JSON.stringify([r.options.eta ?? null, r.options.strategy ?? null]);
      optionSets.set(key, r.options);
      return key;
    });
    const rewardsBy = new Map<string, number[]>();
    for (const [key, options] of optionSets) {
      const own = groupRewards(results, { eta: options.eta, strategy: options.strategy, normalizeRubric: this.normalizeRubric });
      if (optionSets.size === 1) return own;
      rewardsBy.set(key, own.rewards);
    }
    const rewards = keys.map((key, i) => rewardsBy.get(key)?.[i] ?? 0);
    return { rewards, advantages: advantagesOf(rewards) };
  }

  private remember(key: string): void {
    this.recent.delete(key);
    this.recent.add(key);
    if (this.recent.size > this.rememberGroups) {
      const oldest = this.recent.values().next();
      if (oldest.done !== true) this.recent.delete(oldest.value);
    }
  }
}

/** The output record of a row; `grouped` carries the group's reward, advantage and rubric. */
export function toRecord(row: Row, grouped?: { reward: number; advantage: number; rubric: number }): OutputRecord {
  const head = { ...(row.id !== undefined && { id: row.id }), line: row.line };
  if (row.kind === 'error') return { ...head, error: row.error };
  const { result } = row;
  const hits: string[] = [];
  const missed: string[] = [];
  for (const entity of result.rubricDetail.entities) (entity.found ? hits : missed).push(entity.name);
  return {
    ...head,
    ...(row.group !== undefined && { group: row.group.value }),
    reward: grouped?.reward ?? result.reward,
    ...(grouped !== undefined && { advantage: grouped.advantage }),
    outcome: result.outcome,
    rubric: grouped?.rubric ?? result.rubric,
    recall: result.rubricDetail.recall,
    correct: result.verdict.correct,
    gated: result.gated,
    method: result.verdict.method,
    extracted: result.verdict.extracted,
    hits,
    missed,
  };
}

export function isError(record: OutputRecord): record is ErrorRecord {
  return 'error' in record;
}
