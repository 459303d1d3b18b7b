import { verdict } from '../verdict.js';
import type { Rule } from './context.js';

/** `contains`: a short answer names a gold alias as whole tokens, not negated, not as one of alternatives ("Paris, France"). */
export const contains: Rule = (ctx) => {
  if (!ctx.short) return null;
  const first = ctx.mentions.found[0];
  return first === undefined ? null : verdict(true, 'contains', ctx.answer, first.alias);
};
