import { verdict } from '../verdict.js';
import type { Rule } from './context.js';

/** `no-answer`: nothing but the word "answer" (an empty "Answer:" line). */
export const emptyAnswer: Rule = ({ answer, tokens }) =>
  tokens.every((t) => t.key === 'answer' || t.key === 'final') ? verdict(false, 'no-answer', answer) : null;
