// Running totals of a `score` run, kept in constant memory, and their two renderings: a table for
// people and JSON for machines, both on stderr.
import type { Colors } from '../shared/colors.js';
import { isError, type OutputRecord } from '../../rows/grouper.js';
import { renderTable } from '../shared/table.js';

/** Per-entity counts with a size cap: beyond it the rarest names are dropped, and the counts become approximate. */
export class EntityTally {
  private readonly counts = new Map<string, { rows: number; hits: number }>();
  /** True once names were dropped to stay under the cap. */
  approximate = false;

  constructor(private readonly cap = 10_000) {}

  add(name: string, hit: boolean): void {
    let c = this.counts.get(name);
    if (c === undefined) {
      if (this.counts.size >= this.cap) this.prune();
      c = { rows: 0, hits: 0 };
      this.counts.set(name, c);
    }
    c.rows += 1;
    if (hit) c.hits += 1;
  }

  /** The `n` names seen in the most rows (ties by name), with their hit rate. */
  top(n: number): EntityStat[] {
    return [...this.counts]
      .sort(([a, x], [b, y]) => y.rows - x.rows || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, n)
      .map(([name, c]) => ({ name, rows: c.rows, hits: c.hits, hitRate: c.hits / c.rows }));
  }

  // Drops at least half of the names, the rarest first: amortised O(1) per add, and frequent names survive.
  private prune(): void {
    const sorted = [...this.counts.values()].map((c) => c.rows).sort((a, b) => a - b);
    const threshold = sorted[Math.floor(sorted.length / 2)] ?? 0;
    for (const [name, c] of this.counts) if (c.rows <= threshold) this.counts.delete(name);
    this.approximate = true;
  }
}

export interface EntityStat {
  name: string;
  /** Scored rows whose chain has this entity. */
  rows: number;
  /** Of those, rows where it was found. */
  hits: number;
  hitRate: number;
}

/** The summary `--summary json` prints. Means are over scored rows; null when none was scored. */
export interface SummaryJson {
  /** Input lines read (one output line each). */
  rows: number;
  scored: number;
  errors: number;
  /** Failed rows per error code. */
  errorCodes: Record<string, number>;
  /** The first failed rows (at most 3), to look at first: `{ line, code }`. */
  firstErrors: { line: number; code: string }[];
  /** The file the results went to (`-o`); null for stdout. */
  output: string | null;
  /** Groups scored (a group cut at `--max-group-size` counts once per part). */
  groups: number;
  /** Times a group id came back after its group had ended. */
  reappearedGroups: number;
  meanReward: number | null;
  /** Share of scored rows whose final answer is correct. */
  correctShare: number | null;
  /** Share of scored rows whose reward the correctness gate zeroed. */
  gatedShare: number | null;
  meanRecall: number | null;
  /** The most frequent chain entities and how often the reasoning named them. */
  entities: EntityStat[];
  /** More distinct entity names than the tally keeps: rare names were dropped, counts may be low. */
  entitiesApproximate: boolean;
  seconds: number;
  rowsPerSecond: number;
  /** Peak resident memory of the process (`process.resourceUsage().maxRSS`), in MB. */
  peakRssMb: number;
  /** With `--resume`: results an earlier run had written (not counted in `rows`). */
  resumedRows?: number;
}

/** Failed rows named in the summary, so a reader knows which lines of the output to open. */
const FIRST_ERRORS = 3;

export class SummaryStats {
  rows = 0;
  scored = 0;
  errors = 0;
  private readonly errorCodes = new Map<string, number>();
  private readonly firstErrors: { line: number; code: string }[] = [];
  private rewardSum = 0;
  private correct = 0;
  private gated = 0;
  private recallSum = 0;
  readonly entities = new EntityTally();

  add(record: OutputRecord): void {
    this.rows += 1;
    if (isError(record)) {
      this.errors += 1;
      this.errorCodes.set(record.error.code, (this.errorCodes.get(record.error.code) ?? 0) + 1);
      if (this.firstErrors.length < FIRST_ERRORS) this.firstErrors.push({ line: record.line, code: record.error.code });
      return;
    }
    this.scored += 1;
    this.rewardSum += record.reward;
    this.recallSum += record.recall;
    if (record.correct) this.correct += 1;
    if (record.gated) this.gated += 1;
    for (const name of record.hits) this.entities.add(name, true);
    for (const name of record.missed) this.entities.add(name, false);
  }

  toJSON(extra: { groups: number; reappearedGroups: number; seconds: number; top: number; output?: string; resumedRows?: number }): SummaryJson {
    const mean = (sum: number) => (this.scored === 0 ? null : sum / this.scored);
    return {
      rows: this.rows,
      scored: this.scored,
      errors: this.errors,
      errorCodes: Object.fromEntries([...this.errorCodes].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))),
      firstErrors: [...this.firstErrors],
      output: extra.output ?? null,
      groups: extra.groups,
      reappearedGroups: extra.reappearedGroups,
      meanReward: mean(this.rewardSum),
      correctShare: mean(this.correct),
      gatedShare: mean(this.gated),
      meanRecall: mean(this.recallSum),
      entities: this.entities.top(extra.top),
      entitiesApproximate: this.entities.approximate,
      seconds: round(extra.seconds, 3),
      rowsPerSecond: extra.seconds > 0 ? Math.round(this.rows / extra.seconds) : 0,
      peakRssMb: peakRssMb(),
      ...(extra.resumedRows !== undefined && { resumedRows: extra.resumedRows }),
    };
  }
}

/** Peak resident memory so far, in MB (the OS's high-water mark, not a sample). */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const int = new Intl.NumberFormat('en-US');
const fixed = (value: number | null, digits = 3) => (value === null ? '–' : value.toFixed(digits));
const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)} %`);

/** The summary as a readable table (colours when `c` has them). */
export function renderSummary(s: SummaryJson, c: Colors): string {
  const errors = s.errors === 0 ? c.green('0') : c.red(int.format(s.errors));
  const codes = Object.entries(s.errorCodes).map(([code, n]) => `${code} ${int.format(n)}`).join(', ');
  const rows: string[][] = [
    ['rows', `${int.format(s.rows)}  (${int.format(s.scored)} scored, ${errors} ${s.errors === 1 ? 'error' : 'errors'}${codes === '' ? '' : `: ${codes}`})`],
    ...(s.output === null ? [] : [['output', `${s.output}  (${int.format(s.rows)} ${s.rows === 1 ? 'line' : 'lines'})`]]),
    ...(s.resumedRows === undefined ? [] : [['resumed', `${int.format(s.resumedRows)} results found done`]]),
    ...(s.errors === 0
      ? []
      : [['failed', c.red(`${int.format(s.errors)} ${s.errors === 1 ? 'row' : 'rows'} failed; first: ${s.firstErrors.map((e) => `line ${e.line} ${e.code}`).join(', ')}`)]]),
    ['groups', `${int.format(s.groups)}${s.reappearedGroups > 0 ? c.yellow(`  (${int.format(s.reappearedGroups)} reappeared after ending)`) : ''}`],
    ['mean reward', fixed(s.meanReward)],
    ['correct', percent(s.correctShare)],
    ['gated', `${percent(s.gatedShare)}  ${c.dim('(reward zeroed by a wrong answer)')}`],
    ['mean recall', `${fixed(s.meanRecall)}  ${c.dim('(share of chain entities named)')}`],
    ['time', `${s.seconds.toFixed(2)} s  (${int.format(s.rowsPerSecond)} rows/s, peak memory ${Math.round(s.peakRssMb)} MB)`],
  ];
  const out = [c.bold('longtrace-reward score — summary'), renderTable(rows.map(([k, v]) => [c.dim(k ?? ''), v ?? '']))];
  if (s.entities.length > 0) {
    out.push('', c.bold(`most frequent chain entities${s.entitiesApproximate ? c.dim(' (approximate: many distinct names)') : ''}`));
    const table = s.entities.map((e) => [e.name, int.format(e.rows), `${(e.hitRate * 100).toFixed(1)} %`, bar(e.hitRate, c)]);
    out.push(renderTable([[c.dim('entity'), c.dim('rows'), c.dim('hit rate'), ''], ...table], { align: ['left', 'right', 'right', 'left'] }));
  }
  return `${out.join('\n')}\n`;
}

function bar(rate: number, c: Colors): string {
  const width = 20;
  const full = Math.round(rate * width);
  const paint = rate >= 0.75 ? c.green : rate >= 0.4 ? c.yellow : c.red;
  return paint('█'.repeat(full)) + c.dim('·'.repeat(width - full));
}
