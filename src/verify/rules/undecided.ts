import { contentOf } from '../compiled-gold.js';
import { verdict, type Verdict } from '../verdict.js';
import type { RuleContext } from './context.js';

/** After the rules, `undecided` or `mismatch`: no rule decides; not correct, scored by the best token F1 so a judge or a soft reward can use it. */
export function undecided({ answer, keys, gold }: RuleContext): Verdict {
  const content = contentOf(keys);
  let best = 0;
  for (const alias of gold.aliases) best = Math.max(best, f1(content, alias.content));
  if (best === 0) return verdict(false, 'mismatch', answer);
  return verdict(false, 'undecided', answer, null, best);
}

function f1(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const k of b) pool.set(k, (pool.get(k) ?? 0) + 1);
  let common = 0;
  for (const k of a) {
    const n = pool.get(k) ?? 0;
    if (n > 0) {
      common++;
      pool.set(k, n - 1);
    }
  }
  if (common === 0) return 0;
  const p = common / a.length;
  const r = common / b.length;
  return (2 * p * r) / (p + r);
}
