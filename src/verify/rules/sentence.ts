import { verdict } from '../verdict.js';
import type { Rule } from './context.js';
import { restatesQuestion } from './question.js';

/**
 * `sentence`: a long answer asserts a gold alias, not negated, and names it more often than the
 * question does (so "lithium batteries use lithium cobalt oxide" is not taken for "lithium").
 */
export const sentence: Rule = (ctx) => {
  if (ctx.short) return null;
  const { found } = ctx.mentions;
  const first = found[0];
  if (first === undefined || restatesQuestion(ctx.gold, found, ctx.options.question)) return null;
  return verdict(true, 'sentence', ctx.answer, first.alias);
};
