import { verdict } from '../verdict.js';
import type { Rule } from './context.js';

const REFUSALS = [
  /\b(?:i\s+)?(?:do\s+not|don'?t|cannot|can'?t|could\s+not|couldn'?t|am\s+unable\s+to|unable\s+to)\s+(?:know|determine|find|answer|tell|say|be\s+determined|identify|confirm|provide|verify)/i,
  /\b(?:not\s+(?:enough|sufficient)|insufficient)\s+(?:information|data|context|evidence)/i,
  /^(?:unknown|none|n\/a|no\s+answer|not\s+sure|unsure|not\s+available|cannot\s+be\s+determined|undetermined|unclear|not\s+applicable)$/i,
  /\bno\s+(?:information|answer|data)\s+(?:is\s+)?(?:available|provided|found|given)/i,
  /\b(?:is|are)\s+not\s+(?:mentioned|specified|provided|given|stated)\b/i,
];

/** `refusal`: a short answer that declines ("I cannot determine", "not enough information", "unknown"). */
export const refusal: Rule = ({ answer, tokens }) =>
  tokens.length <= 40 && REFUSALS.some((re) => re.test(answer)) ? verdict(false, 'refusal', answer) : null;
