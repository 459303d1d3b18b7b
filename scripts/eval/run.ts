/**
 * Runs the baselines and (when available) the verifier over one evaluation set.
 */
import { performance } from 'node:perf_hooks';
import type { EvalPair, EvalSet } from './datasets.js';
import { score, squadEM, substringEM, type Score } from './metrics.js';
import {
  TARGETS,
  matchesQuoted,
  meetsThreshold,
  type ReferenceBaseline,
  type Threshold,
} from './targets.js';

export interface Verdict {
  correct: boolean;
  method?: string | undefined;
}

export type VerifyFn = (response: string, gold: string[], question: string) => Verdict;

/** The verifier's answer for one pair; a throw counts as "rejected" and is kept in `error`. */
export interface Outcome {
  verdict: Verdict;
  error: string | undefined;
}

export interface MethodScore {
  method: string;
  score: Score;
}

export interface VerifierResult {
  score: Score;
  /** undefined when the set has no threshold */
  passed: boolean | undefined;
  byMethod: MethodScore[];
  errors: number;
  firstError: string | undefined;
  elapsedMs: number;
  /** Aligned with the set's pairs. */
  outcomes: Outcome[];
}

export interface ReferenceCheck {
  expected: ReferenceBaseline;
  nMatches: boolean;
  agreementMatches: boolean;
  falseAcceptMatches: boolean;
}

export interface SetResult {
  name: string;
  description: string;
  n: number;
  squadEM: Score;
  substringEM: Score;
  reference: ReferenceCheck | undefined;
  threshold: Threshold | undefined;
  baselineMs: number;
  verifier: VerifierResult | undefined;
}

export const ERROR_METHOD = '(error)';
export const NO_METHOD = '(none)';

function runVerifier(pairs: readonly EvalPair[], verify: VerifyFn): Outcome[] {
  return pairs.map((pair) => {
    try {
      // A copy, so a verifier that mutates its input cannot change later pairs' gold.
      return { verdict: verify(pair.response, [...pair.gold], pair.question), error: undefined };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { verdict: { correct: false, method: ERROR_METHOD }, error: message };
    }
  });
}

export function methodOf(outcome: Outcome): string {
  return outcome.verdict.method ?? NO_METHOD;
}

function scoreByMethod(pairs: readonly EvalPair[], outcomes: readonly Outcome[]): MethodScore[] {
  const groups = new Map<string, { pairs: EvalPair[]; outcomes: Outcome[] }>();
  pairs.forEach((pair, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) return;
    const method = methodOf(outcome);
    const group = groups.get(method) ?? { pairs: [], outcomes: [] };
    group.pairs.push(pair);
    group.outcomes.push(outcome);
    groups.set(method, group);
  });
  return [...groups.entries()]
    .map(([method, group]) => ({
      method,
      score: score(group.pairs, (_pair, index) => group.outcomes[index]?.verdict.correct === true),
    }))
    .sort((a, b) => b.score.n - a.score.n || a.method.localeCompare(b.method));
}

function evaluateVerifier(set: EvalSet, verify: VerifyFn, threshold: Threshold | undefined): VerifierResult {
  const started = performance.now();
  const outcomes = runVerifier(set.pairs, verify);
  const elapsedMs = performance.now() - started;
  const verifierScore = score(set.pairs, (_pair, index) => outcomes[index]?.verdict.correct === true);
  const failures = outcomes.filter((outcome) => outcome.error !== undefined);
  return {
    score: verifierScore,
    passed:
      threshold === undefined
        ? undefined
        : meetsThreshold(verifierScore.agreement, verifierScore.falseAccept, threshold),
    byMethod: scoreByMethod(set.pairs, outcomes),
    errors: failures.length,
    firstError: failures[0]?.error,
    elapsedMs,
    outcomes,
  };
}

function checkReference(substring: Score, expected: ReferenceBaseline | undefined): ReferenceCheck | undefined {
  if (expected === undefined) return undefined;
  return {
    expected,
    nMatches: substring.n === expected.n,
    agreementMatches: matchesQuoted(substring.agreement, expected.agreement),
    falseAcceptMatches: matchesQuoted(substring.falseAccept, expected.falseAccept),
  };
}

export function evaluateSet(set: EvalSet, verify: VerifyFn | undefined): SetResult {
  const targets = TARGETS[set.name];
  const started = performance.now();
  const squad = score(set.pairs, (pair) => squadEM(pair.baselinePrediction, pair.gold));
  const substring = score(set.pairs, (pair) => substringEM(pair.baselinePrediction, pair.gold));
  const baselineMs = performance.now() - started;
  return {
    name: set.name,
    description: set.description,
    n: set.pairs.length,
    squadEM: squad,
    substringEM: substring,
    reference: checkReference(substring, targets?.substringEM),
    threshold: targets?.threshold,
    baselineMs,
    verifier: verify === undefined ? undefined : evaluateVerifier(set, verify, targets?.threshold),
  };
}

/** Indices of the pairs where the verifier's verdict differs from the label. */
export function disagreementIndices(pairs: readonly EvalPair[], outcomes: readonly Outcome[]): number[] {
  const indices: number[] = [];
  pairs.forEach((pair, index) => {
    if (outcomes[index]?.verdict.correct !== pair.label) indices.push(index);
  });
  return indices;
}
