// Assembles a long context to a token budget: every gold document at its chosen position, then
// distractors in fill order (Tier-1, Tier-2, random corpus documents) until the budget is spent.
// The budget counts the whole prompt (instruction, document template, question), and the final
// prompt is counted again as one text, so it is never over budget for the tokenizer given.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { LongtraceError, ValidationError } from '../errors.js';
import type { GoldAnswer } from '../verify/index.js';
import { DocKeySet, hasText, isDocumentStore, type DocumentStore } from './corpus/index.js';
import { answerMatcher, mentionsAnswer } from './tiers.js';
import { approxTokenizer, type Tokenizer } from './tokenizer.js';
import type { Doc } from './types.js';

/** Where the gold documents go: random positions, evenly spread, a block at a depth, or a bell around a depth. */
export type GoldPlacement = 'uniform' | 'spread' | 'gaussian' | { depth: number; sd?: number | undefined };

export type ContextTier = 'gold' | 'tier1' | 'tier2' | 'pool';

export interface ContextDocs {
  gold: readonly Doc[];
  tier1?: readonly Doc[] | undefined;
  tier2?: readonly Doc[] | undefined;
  /** Random documents to fill the rest (a corpus index or an array); drawn without replacement by the seed. */
  pool?: DocumentStore | readonly Doc[] | undefined;
}

export interface ContextOptions {
  /** The most tokens the whole prompt may have. */
  budgetTokens: number;
  /** Counts tokens. @default approxTokenizer */
  tokenizer?: Tokenizer | undefined;
  /** Seed of every random choice (distractor order, pool draws, gold positions). @default 0 */
  seed?: number | undefined;
  /** @default 'uniform' */
  goldPlacement?: GoldPlacement | undefined;
  /** Which distractors fill first. @default ['tier1', 'tier2', 'pool'] */
  fillOrder?: readonly ('tier1' | 'tier2' | 'pool')[] | undefined;
  /** One document's block; `{n}` is its 1-based position, `{title}`, `{text}`, `{id}`. @default '[Doc {n}] {title}\n{text}' */
  docTemplate?: string | undefined;
  /** Between document blocks. @default '\n\n' */
  separator?: string | undefined;
  /** Before the documents. @default DEFAULT_INSTRUCTION */
  instruction?: string | undefined;
  /** The question, after the documents (counted in the budget). @default '' */
  question?: string | undefined;
  /** After the documents; `{question}` is replaced. @default 'Question: {question}' */
  questionTemplate?: string | undefined;
  /** Pool documents mentioning this answer are skipped (they would make the question ambiguous). */
  answer?: GoldAnswer | undefined;
  /** Stop drawing from the pool after this many documents in a row did not fit. @default 64 */
  maxPoolMisses?: number | undefined;
}

export interface ContextDoc extends Doc {
  tier: ContextTier;
  /** Tokens of this document's block, as the tokenizer counts it alone. */
  tokens: number;
}

export interface LeftOut {
  id: string;
  tier: 'tier1' | 'tier2';
  reason: 'budget' | 'duplicate' | 'no-text';
}

export interface Context {
  /** The whole prompt: instruction, document blocks, question. */
  prompt: string;
  /** The documents in context order. */
  documents: ContextDoc[];
  /** Tokens of `prompt`, counted as one text. Never more than the budget. */
  tokens: number;
  budgetTokens: number;
  /** 0-based positions of the gold documents in `documents`, in the order the gold was given. */
  goldPositions: number[];
  /** Tier documents that did not go in, and why. */
  left: LeftOut[];
  /** Pool draws: taken, skipped for the answer, skipped for size, skipped for having no text. */
  pool: { taken: number; answerSkipped: number; tooLong: number; noText: number };
  seed: number;
  tokenizer: string;
}

export const DEFAULT_INSTRUCTION =
  'Answer the question based on the documents below. Think step by step, then give the final answer in <answer></answer> tags.';
export const DEFAULT_DOC_TEMPLATE = '[Doc {n}] {title}\n{text}';

function render(template: string, doc: Doc, n: number): string {
  return template.replace(/\{(n|title|text|id)\}/g, (_, key: string) =>
    key === 'n' ? String(n) : key === 'title' ? (doc.title ?? '') : key === 'text' ? (doc.text ?? '') : doc.id,
  );
}

const PLACEMENTS = ['uniform', 'spread', 'gaussian'];
const FILL_TIERS = ['tier1', 'tier2', 'pool'];

function check(docs: ContextDocs, options: ContextOptions): void {
  const issues = [];
  if (!Number.isInteger(options.budgetTokens) || options.budgetTokens <= 0) {
    issues.push({ path: ['budgetTokens'], code: 'invalid_value', message: `expected a positive integer, got ${String(options.budgetTokens)}` });
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) issues.push({ path: ['seed'], code: 'invalid_value', message: 'expected an integer' });
  const p = options.goldPlacement;
  if (typeof p === 'object' && p !== null) {
    if (!(p.depth >= 0 && p.depth <= 1) || (p.sd !== undefined && !(p.sd > 0))) issues.push({ path: ['goldPlacement'], code: 'invalid_value', message: 'expected depth in [0, 1] and sd > 0' });
  } else if (p !== undefined && !PLACEMENTS.includes(p as string)) {
    issues.push({ path: ['goldPlacement'], code: 'invalid_value', message: `expected uniform, spread, gaussian or { depth, sd? }, got ${JSON.stringify(p)}` });
  }
  const order: unknown = options.fillOrder;
  if (order !== undefined && (!Array.isArray(order) || order.some((t) => !FILL_TIERS.includes(t as string)))) {
    issues.push({ path: ['fillOrder'], code: 'invalid_value', message: `expected an array of tier1, tier2 and pool, got ${JSON.stringify(order)}` });
  }
  for (const key of ['docTemplate', 'separator', 'instruction', 'question', 'questionTemplate'] as const) {
    const v: unknown = options[key];
    if (v !== undefined && typeof v !== 'string') issues.push({ path: [key], code: 'invalid_type', message: `expected a string, got ${typeof v}` });
  }
  const tokenizer: unknown = options.tokenizer;
  if (tokenizer !== undefined && (typeof tokenizer !== 'object' || tokenizer === null || typeof (tokenizer as Tokenizer).count !== 'function')) {
    issues.push({ path: ['tokenizer'], code: 'invalid_type', message: 'expected an object with count(text)' });
  }
  if (!Array.isArray(docs?.gold)) issues.push({ path: ['gold'], code: 'invalid_type', message: 'expected an array of documents' });
  for (const tier of ['tier1', 'tier2'] as const) {
    const list: unknown = docs?.[tier];
    if (list !== undefined && !Array.isArray(list)) issues.push({ path: [tier], code: 'invalid_type', message: 'expected an array of documents' });
  }
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);
}

/** A tokenizer whose every count is checked: a NaN, negative or fractional count would break the budget guarantee. */
function checked(tokenizer: Tokenizer): (text: string) => number {
  return (text) => {
    const n = tokenizer.count(text);
    if (!Number.isInteger(n) || n < 0) {
      throw new ValidationError('INVALID_OPTIONS', [{ path: ['tokenizer'], code: 'invalid_count', message: `tokenizer.count returned ${String(n)}; expected a whole number ≥ 0` }]);
    }
    return n;
  };
}


/** Shuffles in place (Fisher–Yates) with the seeded generator. */
function shuffle<T>(items: T[], rng: RandomGenerator): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function gaussian(rng: RandomGenerator): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - uniformFloat64(rng);
  const v = uniformFloat64(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** g distinct sorted positions in [0, n) for the gold documents. */
export function goldPositions(g: number, n: number, placement: GoldPlacement, rng: RandomGenerator): number[] {
  if (g === 0) return [];
  if (placement === 'spread') return Array.from({ length: g }, (_, i) => Math.min(n - 1, Math.floor(((i + 0.5) * n) / g)));
  if (placement === 'uniform') {
    const all = shuffle(Array.from({ length: n }, (_, i) => i), rng);
    return all.slice(0, g).sort((a, b) => a - b);
  }
  const { depth, sd } = placement === 'gaussian' ? { depth: 0.5, sd: 0.2 } : placement;
  if (sd === undefined) {
    // One block whose start sits at `depth` of the room left.
    const start = Math.round(depth * (n - g));
    return Array.from({ length: g }, (_, i) => start + i);
  }
  const taken = new Set<number>();
  for (let i = 0; i < g; i++) {
    let p = Math.round((depth + sd * gaussian(rng)) * (n - 1));
    p = Math.max(0, Math.min(n - 1, p));
    // A taken position moves to the nearest free one.
    for (let d = 0; taken.has(p); d++) {
      const a = p - d;
      const b = p + d;
      if (a >= 0 && !taken.has(a)) p = a;
      else if (b < n && !taken.has(b)) p = b;
    }
    taken.add(p);
  }
  return [...taken].sort((a, b) => a - b);
}

/**
 * Builds a context of gold documents and distractors within `budgetTokens` (instruction, template
 * and question counted). Throws `CONTEXT_OVER_BUDGET` when the gold alone does not fit.
 * Deterministic for a seed.
 * @example buildContext({ gold, tier1, tier2, pool: corpus }, { budgetTokens: 128_000, question, seed: 7 })
 */
export function buildContext(docs: ContextDocs, options: ContextOptions): Context {
  check(docs, options);
  const tokenizer = options.tokenizer ?? approxTokenizer;
  const count = checked(tokenizer);
  const seed = options.seed ?? 0;
  const rng = xoroshiro128plus(seed);
  const template = options.docTemplate ?? DEFAULT_DOC_TEMPLATE;
  const separator = options.separator ?? '\n\n';
  const instruction = options.instruction ?? DEFAULT_INSTRUCTION;
  // A function replacer: `$&`, `$'` or `$$` in a question are text, not replacement patterns.
  const question = (options.questionTemplate ?? 'Question: {question}').replace('{question}', () => options.question ?? '');
  const budget = options.budgetTokens;
  const sepTokens = count(separator);

  // A gold document given twice (the same id) goes in once; two gold documents with different ids
  // are two documents, even when they share a title (paragraph corpora repeat titles).
  const goldIds = new Set<string>();
  const gold: Doc[] = [];
  for (const d of docs.gold) {
    if (goldIds.has(d.id)) continue;
    if (!hasText(d)) {
      throw new ValidationError('INVALID_INPUT', [{ path: ['gold', d.id], code: 'no_text', message: `the gold document ${JSON.stringify(d.id)} has no text` }]);
    }
    goldIds.add(d.id);
    gold.push(d);
  }
  const tierDocs = { tier1: docs.tier1 ?? [], tier2: docs.tier2 ?? [] };
  const poolSize = docs.pool === undefined ? 0 : isDocumentStore(docs.pool) ? docs.pool.size : docs.pool.length;
  // Block counts use the widest number a block could get, so renumbering never adds tokens.
  const widest = Math.max(1, 10 ** String(gold.length + tierDocs.tier1.length + tierDocs.tier2.length + poolSize).length - 1);
  const cost = (doc: Doc): number => count(render(template, doc, widest)) + sepTokens;

  // Instruction, question and the separators around the block list.
  const overhead = count(instruction) + count(question) + 2 * sepTokens;
  let used = overhead;
  const goldDocs: ContextDoc[] = gold.map((d) => {
    const tokens = cost(d);
    used += tokens;
    return { ...d, tier: 'gold', tokens };
  });
  if (used > budget) {
    throw new LongtraceError('CONTEXT_OVER_BUDGET', `the gold documents and the prompt need ${used} tokens, more than budgetTokens (${budget})`);
  }

  // One document, one block, whatever key it came by: ids for everything, and the URL and title
  // keys of distractors (a trajectory may name by title a page the pool draws by id).
  const chosen = new Set<string>(goldIds);
  const chosenKeys = new DocKeySet();
  const isChosen = (doc: Doc): boolean => chosen.has(doc.id) || chosenKeys.has(doc);
  const choose = (doc: Doc): void => {
    chosen.add(doc.id);
    chosenKeys.add(doc);
  };
  const distractors: ContextDoc[] = [];
  const left: LeftOut[] = [];
  const pool = { taken: 0, answerSkipped: 0, tooLong: 0, noText: 0 };
  const matcher = options.answer === undefined ? undefined : answerMatcher(options.answer);
  const minBlock = count(render(template, { id: '' }, widest)) + sepTokens;
  for (const tier of options.fillOrder ?? (['tier1', 'tier2', 'pool'] as const)) {
    if (tier === 'pool') {
      if (docs.pool === undefined || poolSize === 0) continue;
      const source = docs.pool;
      const at = isDocumentStore(source) ? (i: number) => source.at(i) : (i: number) => source[i]!;
      const maxMisses = options.maxPoolMisses ?? 64;
      const drawn = new Set<number>();
      let misses = 0;
      // Draw random documents without replacement until the budget is spent or too many misses.
      while (drawn.size < poolSize && misses < maxMisses && budget - used >= minBlock) {
        const i = uniformInt(rng, 0, poolSize - 1);
        if (drawn.has(i)) continue;
        drawn.add(i);
        const doc = at(i);
        if (isChosen(doc)) continue;
        if (!hasText(doc)) {
          pool.noText++;
          continue;
        }
        if (mentionsAnswer(doc, matcher)) {
          pool.answerSkipped++;
          continue;
        }
        const tokens = cost(doc);
        if (used + tokens > budget) {
          pool.tooLong++;
          misses++;
          continue;
        }
        misses = 0;
        used += tokens;
        choose(doc);
        distractors.push({ ...doc, tier: 'pool', tokens });
        pool.taken++;
      }
      continue;
    }
    for (const doc of tierDocs[tier]) {
      if (isChosen(doc)) {
        left.push({ id: doc.id, tier, reason: 'duplicate' });
        continue;
      }
      if (!hasText(doc)) {
        left.push({ id: doc.id, tier, reason: 'no-text' });
        continue;
      }
      const tokens = cost(doc);
      if (used + tokens > budget) {
        left.push({ id: doc.id, tier, reason: 'budget' });
        continue;
      }
      used += tokens;
      choose(doc);
      distractors.push({ ...doc, tier, tokens });
    }
  }

  // Distractors in random order, so Tier-1 documents are not all in front.
  shuffle(distractors, rng);
  const total = goldDocs.length + distractors.length;
  const positions = goldPositions(goldDocs.length, total, options.goldPlacement ?? 'uniform', rng);
  const documents: ContextDoc[] = new Array<ContextDoc>(total);
  positions.forEach((p, i) => (documents[p] = goldDocs[i]!));
  let k = 0;
  for (let p = 0; p < total; p++) if (documents[p] === undefined) documents[p] = distractors[k++]!;

  // Count the real prompt once; a tokenizer that merges across block edges may count a little
  // more than the sum of parts, so distractors come out from the end until it fits.
  let prompt = assemble(instruction, question, documents, template, separator);
  let tokens = count(prompt);
  while (tokens > budget) {
    let drop = -1;
    for (let p = documents.length - 1; p >= 0; p--) {
      if (documents[p]!.tier !== 'gold') {
        drop = p;
        break;
      }
    }
    if (drop < 0) throw new LongtraceError('CONTEXT_OVER_BUDGET', `the gold documents and the prompt need ${tokens} tokens, more than budgetTokens (${budget})`);
    const [out] = documents.splice(drop, 1);
    if (out!.tier === 'tier1' || out!.tier === 'tier2') left.push({ id: out!.id, tier: out!.tier, reason: 'budget' });
    else pool.taken--;
    prompt = assemble(instruction, question, documents, template, separator);
    tokens = count(prompt);
  }
  const positionOf = new Map<string, number>();
  documents.forEach((d, p) => {
    if (d.tier === 'gold') positionOf.set(d.id, p);
  });
  const goldAt = gold.map((g) => positionOf.get(g.id)!);
  return { prompt, documents, tokens, budgetTokens: budget, goldPositions: goldAt, left, pool, seed, tokenizer: tokenizer.name ?? 'custom' };
}

function assemble(instruction: string, question: string, documents: readonly Doc[], template: string, separator: string): string {
  const parts = [instruction];
  documents.forEach((d, i) => parts.push(render(template, d, i + 1)));
  parts.push(question);
  return parts.join(separator);
}
