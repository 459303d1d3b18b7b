import { tokenize, type Token } from '../../text/index.js';
import { keysOf, stem, type CompiledGold } from '../compiled-gold.js';
import type { Verdict, VerifyOptions } from '../verdict.js';
import { validMentions, type Mentions } from './mentions.js';

/** An answer of at most this many tokens is judged whole; a longer one sentence by sentence. */
export const SHORT_ANSWER_TOKENS = 12;
/**
 * Only an answer this short is held to offering one candidate: in a sentence "X or Y" is mostly
 * a synonym ("the uvea or uveal tract", "Ghent (or Gent)").
 */
export const HEDGE_TOKENS = 8;

/** What every rule may read about one final answer, computed once; the mentions only when a rule asks. */
export interface RuleContext {
  /** The final answer, unglued ("isMalina Weissman12" → "is Malina Weissman 12"). */
  answer: string;
  tokens: Token[];
  /** Token keys without a leading article. */
  keys: string[];
  /** `keys` with plurals folded. */
  stemmedKeys: string[];
  /** At most SHORT_ANSWER_TOKENS tokens: judged whole, not sentence by sentence. */
  short: boolean;
  gold: CompiledGold;
  options: VerifyOptions;
  /** Mentions of the gold that assert it (matched on first use: several rules share one pass). */
  readonly mentions: Mentions;
}

/** One rule of the verifier: a verdict when it decides, null to pass the answer to the next rule. */
export type Rule = (ctx: RuleContext) => Verdict | null;

/** The context of one (unglued) final answer against a compiled gold. */
export function createContext(answer: string, gold: CompiledGold, options: VerifyOptions): RuleContext {
  const tokens = tokenize(answer);
  const keys = keysOf(tokens);
  let mentions: Mentions | undefined;
  return {
    answer,
    tokens,
    keys,
    stemmedKeys: keys.map(stem),
    short: tokens.length <= SHORT_ANSWER_TOKENS,
    gold,
    options,
    get mentions() {
      return (mentions ??= validMentions(answer, tokens, gold, options, tokens.length <= HEDGE_TOKENS));
    },
  };
}
