import type { Token } from '../../text/index.js';
import type { CompiledGold } from '../compiled-gold.js';

/**
 * Whether the answer's dates contradict a gold date: none of them agrees with any gold date at
 * its precision, and one falls in the same year as a gold date ("July 26, 1976" against golds
 * "July 14, 1976" / "1976").
 */
export function contradictsGoldDate(tokens: readonly Token[], gold: CompiledGold): boolean {
  const golds = gold.aliases.filter((a) => a.kind === 'date' && !a.tokens[0]!.key.startsWith('d:--')).map((a) => a.tokens[0]!);
  if (golds.length === 0) return false;
  let contradicted = false;
  for (const t of tokens) {
    if (t.kind !== 'date' || t.key.startsWith('d:--')) continue;
    for (const g of golds) {
      if (dateAgrees(t, g) || dateAgrees(g, t)) return false;
      if (t.key.slice(2, 6) === g.key.slice(2, 6)) contradicted = true;
    }
  }
  return contradicted;
}

/** Precision of a gold token as a date: a plain number counts as a year (0). */
export function datePrecision(t: Token): number {
  return t.kind === 'date' ? precision(t.key) : 0;
}

/** 3 for a full date, 2 for a month of a year, 1 for a day of a month. */
export function precision(key: string): number {
  if (key.startsWith('d:--')) return 1;
  return key.length > 9 ? 3 : 2;
}

/** A more or equally precise date agrees with a gold date when it contains it. */
export function dateAgrees(t: Token, gold: Token): boolean {
  return t.key === gold.key || (t.alts ?? []).includes(gold.key);
}

export function unitsAgree(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
