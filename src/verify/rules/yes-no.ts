import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';

/** `yes-no` / `yes-no-mismatch`: a yes/no gold against the answer's leading yes/no/true/false. */
export const yesNo: Rule = ({ answer, tokens, keys, gold }): Verdict | null => {
  const yesNoGolds = gold.aliases.filter((a) => a.kind === 'yes-no');
  if (yesNoGolds.length === 0) return null;
  const head = keys[0] === 'answer' ? keys[1] : keys[0];
  const label = head === undefined ? undefined : ['yes', 'true', 'correct'].includes(head) ? 'yes' : ['no', 'false', 'incorrect'].includes(head) ? 'no' : undefined;
  if (label === undefined) return tokens.length <= 3 ? verdict(false, 'yes-no-mismatch', answer) : null;
  const hit = yesNoGolds.find((a) => a.label === label);
  return hit ? verdict(true, 'yes-no', answer, hit.source) : verdict(false, 'yes-no-mismatch', answer);
};
