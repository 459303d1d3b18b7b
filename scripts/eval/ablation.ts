/**
 * What each verifier rule buys: every set scored with all rules, then with one rule switched off
 * at a time. A rule's worth is the difference: right answers it accepts (tp), wrong ones it
 * accepts (fp), and the agreement with the labels it adds.
 */
import type { EvalSet } from './datasets.js';
import { score, type Score } from './metrics.js';
import type { VerifyFn } from './run.js';

export interface RuleWorth {
  rule: string;
  /** Per set, in the order of the sets: the score with the rule minus the score without it. */
  sets: Array<{ name: string; agreement: number; tp: number; fp: number }>;
}

function scoreWith(set: EvalSet, verify: VerifyFn): Score {
  return score(set.pairs, (pair) => {
    try {
      return verify(pair.response, [...pair.gold], pair.question).correct;
    } catch {
      return false;
    }
  });
}

/** Scores every set without each rule in turn; `verifierWithout([])` is the full verifier. */
export function ablate(sets: readonly EvalSet[], rules: readonly string[], verifierWithout: (without: readonly string[]) => VerifyFn): RuleWorth[] {
  const full = sets.map((set) => scoreWith(set, verifierWithout([])));
  return rules.map((rule) => {
    const verify = verifierWithout([rule]);
    return {
      rule,
      sets: sets.map((set, i) => {
        const without = scoreWith(set, verify);
        const all = full[i]!;
        return { name: set.name, agreement: all.agreement - without.agreement, tp: all.tp - without.tp, fp: all.fp - without.fp };
      }),
    };
  });
}

/** A Markdown table: one row per rule, one column per set ("+183 (+190 / +7)": net pairs agreeing, right and wrong accepts). */
export function renderAblation(worth: readonly RuleWorth[]): string {
  const names = worth[0]?.sets.map((s) => s.name) ?? [];
  const signed = (x: number): string => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x)}`;
  const lines = [
    '## What each rule buys (all rules minus all rules but this one)',
    '',
    'Net pairs the rule puts in agreement with the labels, then (right answers accepted / wrong answers accepted) that it adds.',
    '',
    `| rule | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...worth.map((w) => `| \`${w.rule}\` | ${w.sets.map((s) => `${signed(s.tp - s.fp)} (${signed(s.tp)} / ${signed(s.fp)})`).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}
