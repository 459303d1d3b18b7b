import { expectOptions } from '../response/arguments.js';
import type { Span } from '../response/index.js';
import type { Cache } from './cache.js';
import { compileGold, DEFAULT_GOLD_CACHE, unglue, type CompiledGold } from './compiled-gold.js';
import { extractFinalAnswer, extractFromFinal, type ExtractedAnswer } from './extract-answer.js';
import { goldAliases, type GoldAnswer } from './gold-answer.js';
import { createContext, RULES, undecided, type NamedRule } from './rules/index.js';
import { verdict, type Verdict, type VerifyOptions } from './verdict.js';

export type { Verdict, VerdictMethod, VerifyOptions } from './verdict.js';

/**
 * Checks a response's final answer against the gold answer and its aliases, with rules a careful
 * grader uses; never throws on a response, throws `ValidationError` on a bad gold answer.
 * @example
 * verifyAnswer('<think>…</think> The answer is \\boxed{Paris}.', ['Paris', 'Paris, France']).correct // true
 * verifyAnswer('It is Paris or Lyon.', 'Paris').method // 'hedged'
 */
export function verifyAnswer(response: string, gold: GoldAnswer, options: VerifyOptions = {}): Verdict {
  return verifyAnswerWith(DEFAULT_GOLD_CACHE, response, gold, options);
}

/** `verifyAnswer` compiling golds into `cache` (a scorer's own, see `createScorer`). */
export function verifyAnswerWith(cache: Cache<CompiledGold>, response: string, gold: GoldAnswer, options: VerifyOptions = {}): Verdict {
  expectOptions(options);
  const compiled = compileGold(goldAliases(gold), cache);
  if (typeof response !== 'string') return verdict(false, 'no-answer', null);
  return verifyExtracted(extractFinalAnswer(response, options.split), compiled, options, RULES);
}

/** `verifyAnswer` for a response whose final region is already known (rubricReward splits it once for both scorers). */
export function verifyFinal(response: string, final: Span | null, gold: GoldAnswer, options: VerifyOptions = {}, cache = DEFAULT_GOLD_CACHE): Verdict {
  expectOptions(options);
  return verifyExtracted(extractFromFinal(response, final), compileGold(goldAliases(gold), cache), options, RULES);
}

/**
 * A `verifyAnswer` that runs only the rules whose names are not in `without` (for
 * `npm run eval:verify -- --without RULE`, which reports what each rule buys). Not exported from
 * the package.
 */
export function verifierWithout(without: readonly string[]): (response: string, gold: GoldAnswer, options?: VerifyOptions) => Verdict {
  const unknown = without.filter((name) => !RULES.some((r) => r.name === name));
  if (unknown.length > 0) throw new RangeError(`unknown rule ${unknown.join(', ')}; the rules are ${RULES.map((r) => r.name).join(', ')}`);
  const rules = RULES.filter((r) => !without.includes(r.name));
  return (response, gold, options = {}) => {
    expectOptions(options);
    const compiled = compileGold(goldAliases(gold));
    if (typeof response !== 'string') return verdict(false, 'no-answer', null);
    return verifyExtracted(extractFinalAnswer(response, options.split), compiled, options, rules);
  };
}

function verifyExtracted(extracted: ExtractedAnswer | null, compiled: CompiledGold, options: VerifyOptions, rules: readonly NamedRule[]): Verdict {
  if (extracted === null) return verdict(false, 'no-answer', null);
  const result = judge(extracted.text, compiled, options, rules);
  if (result.correct && extracted.others.length > 0) {
    // Two different explicit final answers: only right if they all are.
    const allRight = extracted.others.every((other) => judge(other, compiled, options, rules).correct);
    if (!allRight) return verdict(false, 'conflicting-answers', extracted.text);
  }
  return result;
}

/** Judges one extracted answer against the compiled gold: the first rule with a verdict decides. */
function judge(answer: string, gold: CompiledGold, options: VerifyOptions, rules: readonly NamedRule[]): Verdict {
  const ctx = createContext(unglue(answer), gold, options);
  for (const { rule } of rules) {
    const decided = rule(ctx);
    if (decided !== null) return { ...decided, extracted: answer };
  }
  return { ...undecided(ctx), extracted: answer };
}
