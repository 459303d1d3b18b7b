import { verdict } from '../verdict.js';
import type { Rule } from './context.js';
import { contradictsGoldDate } from './dates.js';

/**
 * `date-mismatch`: the gold is found only as a value (a year), while the answer's own date
 * contradicts a fuller gold date of that year ("abolished on July 26, 1976" for "July 14, 1976" / "1976").
 */
export const yearOfDate: Rule = (ctx) => {
  const { found } = ctx.mentions;
  if (found.length === 0) return null;
  const onlyValues = found.every((m) => !ctx.gold.aliases.some((a) => a.source === m.alias && a.kind === 'text'));
  return onlyValues && contradictsGoldDate(ctx.tokens, ctx.gold) ? verdict(false, 'date-mismatch', ctx.answer) : null;
};
