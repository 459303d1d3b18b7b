import { verdict, type Verdict } from '../verdict.js';
import type { Rule } from './context.js';
import { SHORT_ANSWER_TOKENS } from './context.js';
import { dateAgrees, datePrecision, precision, unitsAgree } from './dates.js';

/**
 * `number`, `date`, `number-mismatch`, `date-mismatch`, `hedged`: when every gold alias is one number or one date, a short answer is compared by value: the same
 * number (units agreeing when both have one), or a date that contains the most precise gold it
 * can be compared with. "October 15, 1993" is wrong for golds "October 29, 1993" / "1993": it
 * agrees with the year but contradicts the full date. Long answers go to the mention rules.
 */
export const numberOrDate: Rule = ({ answer, tokens, gold }): Verdict | null => {
  const golds = gold.aliases.filter((a) => a.kind === 'number' || a.kind === 'date');
  if (golds.length === 0 || golds.length < gold.aliases.length || tokens.length > SHORT_ANSWER_TOKENS) return null;
  const values = tokens.filter((t) => t.kind === 'num' || t.kind === 'date');
  if (values.length === 0) return null;
  if (values.length > 1 && tokens.some((t) => t.key === 'or')) return verdict(false, 'hedged', answer);
  let comparedDate = false;
  for (const t of values) {
    if (t.kind === 'num') {
      const hit = golds.find((g) => g.kind === 'number' && g.tokens[0]!.key === t.key && unitsAgree(t.unit, g.tokens[0]!.unit));
      if (hit !== undefined) return verdict(true, 'number', answer, hit.source);
      continue;
    }
    // Golds this date can be compared with: dates no more precise than it, and years.
    const comparable = golds.filter((g) => datePrecision(g.tokens[0]!) <= precision(t.key));
    if (comparable.length === 0) continue;
    comparedDate = true;
    const top = Math.max(...comparable.map((g) => datePrecision(g.tokens[0]!)));
    const hit = comparable.find((g) => datePrecision(g.tokens[0]!) === top && dateAgrees(t, g.tokens[0]!));
    // Golds more precise than the answer must not say otherwise at its precision:
    // "January 1946" agrees with "1946" but not with "21 March 1946".
    const finer = golds.filter((g) => datePrecision(g.tokens[0]!) > precision(t.key)).map((g) => g.tokens[0]!.alts ?? []);
    const contradicted = finer.length > 0 && !finer.some((alts) => alts.includes(t.key));
    if (hit !== undefined && !contradicted) return verdict(true, 'date', answer, hit.source);
  }
  return verdict(false, comparedDate || golds.some((g) => g.kind === 'date') ? 'date-mismatch' : 'number-mismatch', answer);
};
