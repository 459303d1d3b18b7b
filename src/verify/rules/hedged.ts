import { verdict } from '../verdict.js';
import type { Rule } from './context.js';

/** `hedged`: an answer of at most HEDGE_TOKENS tokens offering the gold among alternatives ("Paris or Lyon"). */
export const hedged: Rule = (ctx) => (ctx.mentions.hedged ? verdict(false, 'hedged', ctx.answer) : null);
