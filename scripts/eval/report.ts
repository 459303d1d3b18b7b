/**
 * Markdown and JSON renderings of an evaluation run.
 */
import type { Score } from './metrics.js';
import type { SetResult } from './run.js';

export interface VerifierStatus {
  available: boolean;
  /** Where the verifier came from, or why it is not available. */
  detail: string;
}

export interface Timings {
  loadMs: number;
  baselinesMs: number;
  verifierMs: number;
  totalMs: number;
}

export interface RunReport {
  dataDir: string;
  verifier: VerifierStatus;
  sets: SetResult[];
  timings: Timings;
}

function rate(value: number): string {
  return Number.isNaN(value) ? 'n/a' : value.toFixed(3);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly string[]): string[] {
  const rule = `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`;
  return [row(header), rule, ...rows];
}

function agreeFA(score: Score): string {
  return `${rate(score.agreement)} / ${rate(score.falseAccept)}`;
}

function mainTable(sets: readonly SetResult[]): string[] {
  return table(
    ['set', 'n', 'SQuAD EM agree / FA', 'substring EM agree / FA', 'verifyAnswer agree / FA / FR'],
    ['l', 'r', 'l', 'l', 'l'],
    sets.map((set) => {
      const v = set.verifier?.score;
      const verifierCell = v === undefined ? 'n/a' : `${agreeFA(v)} / ${rate(v.falseReject)}`;
      return row([set.name, set.n, agreeFA(set.squadEM), agreeFA(set.substringEM), verifierCell]);
    }),
  );
}

function referenceTable(sets: readonly SetResult[]): string[] {
  const rows = sets.flatMap((set) => {
    const ref = set.reference;
    if (ref === undefined) return [];
    const ok = ref.nMatches && ref.agreementMatches && ref.falseAcceptMatches;
    return [
      row([
        set.name,
        `${set.n} (${ref.expected.n})`,
        `${rate(set.substringEM.agreement)} (${ref.expected.agreement})`,
        `${rate(set.substringEM.falseAccept)} (${ref.expected.falseAccept})`,
        ok ? 'match' : 'MISMATCH',
      ]),
    ];
  });
  const notes = sets.flatMap((set) => {
    const note = set.reference?.expected.note;
    return note === undefined ? [] : [`- ${set.name}: ${note}`];
  });
  return [
    ...table(['set', 'n (quoted)', 'agreement (quoted)', 'FA (quoted)', 'check'], ['l', 'r', 'r', 'r', 'l'], rows),
    ...(notes.length > 0 ? ['', ...notes] : []),
  ];
}

function thresholdTable(sets: readonly SetResult[]): string[] {
  const rows = sets.map((set) => {
    const t = set.threshold;
    const required = t === undefined ? 'none' : `agree ≥ ${t.minAgreement}, FA ≤ ${t.maxFalseAccept}`;
    const v = set.verifier;
    if (v === undefined) return row([set.name, required, 'n/a', 'n/a (verifier not available)']);
    const result = v.passed === undefined ? 'no threshold' : v.passed ? 'PASS' : 'FAIL';
    return row([set.name, required, agreeFA(v.score), result]);
  });
  return table(['set', 'required', 'verifyAnswer agree / FA', 'result'], ['l', 'l', 'l', 'l'], rows);
}

function confusionTable(sets: readonly SetResult[]): string[] {
  const rows = sets.flatMap((set) => {
    const scored: [string, Score | undefined][] = [
      ['SQuAD EM', set.squadEM],
      ['substring EM', set.substringEM],
      ['verifyAnswer', set.verifier?.score],
    ];
    return scored.flatMap(([method, s]) =>
      s === undefined ? [] : [row([set.name, method, s.n, s.tp, s.fp, s.tn, s.fn, rate(s.falseReject)])],
    );
  });
  return table(
    ['set', 'matcher', 'n', 'tp', 'fp', 'tn', 'fn', 'FR'],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows,
  );
}

function byMethodSection(sets: readonly SetResult[]): string[] {
  return sets.flatMap((set) => {
    const v = set.verifier;
    if (v === undefined) return [];
    const rows = v.byMethod.map(({ method, score: s }) =>
      row([method, s.n, rate(s.agreement), rate(s.falseAccept), rate(s.falseReject), s.tp, s.fp, s.tn, s.fn]),
    );
    return [
      '',
      `### ${set.name}`,
      '',
      ...table(
        ['method', 'n', 'agree', 'FA', 'FR', 'tp', 'fp', 'tn', 'fn'],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        rows,
      ),
    ];
  });
}

function errorLines(sets: readonly SetResult[]): string[] {
  return sets.flatMap((set) => {
    const v = set.verifier;
    if (v === undefined || v.errors === 0) return [];
    return [`- ${set.name}: verifyAnswer threw on ${v.errors} pair(s), counted as rejected; first: ${v.firstError ?? ''}`];
  });
}

export function renderMarkdown(report: RunReport, options: { byMethod: boolean }): string {
  const { sets, timings } = report;
  const verifierLine = report.verifier.available
    ? `verifyAnswer: ${report.verifier.detail}`
    : `verifyAnswer: not available (${report.verifier.detail}), baselines only`;
  const errors = errorLines(sets);
  const lines = [
    '# verifyAnswer evaluation',
    '',
    `- data: ${report.dataDir}`,
    `- ${verifierLine}`,
    '- agree = agreement with the label; FA = false-accept rate fp / (fp + tn); FR = false-reject rate fn / (tp + fn)',
    '',
    ...mainTable(sets),
    '',
    'Pairs:',
    ...sets.map((set) => `- ${set.name}: ${set.description}`),
    ...(errors.length > 0 ? ['', 'Errors:', ...errors] : []),
    '',
    '## Thresholds (reported, not enforced)',
    '',
    ...thresholdTable(sets),
    '',
    '## Substring EM vs. the issue-tracker figures',
    '',
    ...referenceTable(sets),
    '',
    '## Confusion counts and false-reject rates',
    '',
    ...confusionTable(sets),
    ...(options.byMethod && report.verifier.available ? ['', '## verifyAnswer by method', ...byMethodSection(sets)] : []),
    '',
    `Run took ${seconds(timings.totalMs)} (load ${seconds(timings.loadMs)}, baselines ${seconds(timings.baselinesMs)}, ` +
      `verifyAnswer ${seconds(timings.verifierMs)}).`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The report without per-pair outcomes (those go to --dump). */
export function renderJson(report: RunReport): string {
  const sets = report.sets.map(({ verifier, ...set }) => {
    if (verifier === undefined) return { ...set, verifier: null };
    const { outcomes: _outcomes, ...summary } = verifier;
    return { ...set, verifier: { ...summary, disagreements: summary.score.fp + summary.score.fn } };
  });
  return `${JSON.stringify({ ...report, sets }, null, 2)}\n`;
}
