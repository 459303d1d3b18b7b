import { expect, it } from 'vitest';
import { compileGold, unglue } from '../compiled-gold.js';
import { goldAliases, type GoldAnswer } from '../gold-answer.js';
import type { VerdictMethod, VerifyOptions } from '../verdict.js';
import { createContext, type Rule } from './context.js';

/** One row of a rule's table: what the rule says about `answer`, or null when it passes the answer on. */
export interface RuleRow {
  answer: string;
  gold: GoldAnswer;
  options?: VerifyOptions;
  /** The verdict's method and correctness, or null: the rule does not decide. */
  expected: { method: VerdictMethod; correct: boolean; matched?: string | null } | null;
}

/** Runs one rule alone on a final answer, as the verifier does (unglued, gold compiled). */
export function runRule(rule: Rule, answer: string, gold: GoldAnswer, options: VerifyOptions = {}) {
  return rule(createContext(unglue(answer), compileGold(goldAliases(gold)), options));
}

/** A table test of one rule, each row run on the rule alone. */
export function ruleTable(rule: Rule, rows: readonly RuleRow[]): void {
  it.each(rows.map((row) => ({ ...row, name: `${JSON.stringify(row.answer)} vs ${JSON.stringify(row.gold)} → ${row.expected === null ? 'no verdict' : row.expected.method}` })))(
    '$name',
    ({ answer, gold, options, expected }) => {
      const verdict = runRule(rule, answer, gold, options);
      if (expected === null) {
        expect(verdict).toBeNull();
        return;
      }
      expect(verdict).not.toBeNull();
      expect({ method: verdict!.method, correct: verdict!.correct }).toEqual({ method: expected.method, correct: expected.correct });
      if (expected.matched !== undefined) expect(verdict!.matched).toBe(expected.matched);
      // A decided verdict scores 1 or 0 and names a gold alias exactly when it is correct.
      expect(verdict!.score).toBe(verdict!.correct ? 1 : 0);
      expect(verdict!.matched !== null).toBe(verdict!.correct);
    },
  );
}
