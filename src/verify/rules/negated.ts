import { verdict } from '../verdict.js';
import type { Rule } from './context.js';

/** `negated`: the gold is named, but every mention is negated ("not Paris", "it isn't Paris"). */
export const negated: Rule = (ctx) => {
  const { found, negated: anyNegated } = ctx.mentions;
  return found.length === 0 && anyNegated ? verdict(false, 'negated', ctx.answer) : null;
};
