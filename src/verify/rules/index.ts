import { allWords } from './all-words.js';
import { choice } from './choice.js';
import { containsPlural } from './contains-plural.js';
import { contains } from './contains.js';
import type { Rule } from './context.js';
import { emptyAnswer } from './empty-answer.js';
import { exact } from './exact.js';
import { hedged } from './hedged.js';
import { literal } from './literal.js';
import { namedPerson } from './named-person.js';
import { negated } from './negated.js';
import { numberOrDate } from './number-date.js';
import { partialName } from './partial-name.js';
import { refusal } from './refusal.js';
import { sentence } from './sentence.js';
import { shortForm } from './short-form.js';
import { yearOfDate } from './year-of-date.js';
import { yesNo } from './yes-no.js';

export { createContext, type Rule, type RuleContext } from './context.js';
export { undecided } from './undecided.js';

/** A rule and the name `eval:verify --without` knows it by. */
export interface NamedRule {
  name: string;
  rule: Rule;
}

/**
 * The verifier's rules, in the order docs/verifier.md gives: the first that returns a verdict
 * decides; when none does, the answer is `undecided` (or `mismatch`). Refusing and special golds
 * come first, then whole-answer comparisons, then mentions inside the answer, then partial names.
 */
export const RULES: readonly NamedRule[] = [
  { name: 'literal', rule: literal },
  { name: 'empty-answer', rule: emptyAnswer },
  { name: 'refusal', rule: refusal },
  { name: 'choice', rule: choice },
  { name: 'yes-no', rule: yesNo },
  { name: 'exact', rule: exact },
  { name: 'short-form', rule: shortForm },
  { name: 'number-date', rule: numberOrDate },
  { name: 'hedged', rule: hedged },
  { name: 'year-of-date', rule: yearOfDate },
  { name: 'contains', rule: contains },
  { name: 'sentence', rule: sentence },
  { name: 'negated', rule: negated },
  { name: 'named-person', rule: namedPerson },
  { name: 'contains-plural', rule: containsPlural },
  { name: 'partial-name', rule: partialName },
  { name: 'all-words', rule: allWords },
];

/** The names of the rules, in order. */
export const RULE_NAMES: readonly string[] = RULES.map((r) => r.name);
