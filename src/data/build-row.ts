// One question → one training row (or a reason it was dropped): gold documents from the corpus,
// distractor tiers from the agent's trajectory or the BM25 fallback, a context to the budget, the
// row in the trainer's format. The library's own step: `data build`, `data demo` and `data run` call it.
import { z } from 'zod';
import { LongtraceError, ValidationError } from '../errors.js';
import { GoldAnswerSchema, GoldEntitySchema, parseWith } from '../schema.js';
import { createEntityMatcher } from '../entities/index.js';
import { normalizeText } from '../text/index.js';
import { goldAliases } from '../verify/index.js';
import { bm25Tiers } from './bm25-tiers.js';
import { buildContext, type GoldPlacement } from './context.js';
import { hasText, type DocumentStore } from './corpus/index.js';
import type { SearchBackend } from './search/search-backend.js';
import { walkSeed } from './sample-walks.js';
import { tierDocuments, type Tiers } from './tiers.js';
import type { Tokenizer } from './tokenizer.js';
import { toTrainingRow, type TrainingFormat, type TrainingRow, type TrainingRowOptions } from './training-row.js';
import { readTrajectory } from './trajectory.js';
import type { Chain, Doc } from './types.js';

/** A questions-file row: what `data questions` writes, or any `{ id, question, answer, entities, gold? }`. */
export const QuestionRowSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]),
  question: z.string().min(1, 'expected the question'),
  answer: GoldAnswerSchema,
  entities: z.array(GoldEntitySchema),
  /** Gold documents: corpus ids, or documents. Without it, the corpus documents titled like the chain's entities. */
  gold: z.array(z.union([z.string(), z.number(), z.looseObject({ id: z.union([z.string(), z.number()]), title: z.string().optional(), url: z.string().optional(), text: z.string().optional() })])).optional(),
  // Only the fields a row's provenance keeps: anything else (however deep) is not carried along.
  chain: z.object({
    id: z.string(),
    seed: z.number(),
    triples: z.array(z.object({
      subject: z.string(), relation: z.string(), object: z.string(),
      subjectLabel: z.string(), relationLabel: z.string(), objectLabel: z.string(),
    })),
  }).optional(),
});
export type QuestionRow = z.infer<typeof QuestionRowSchema>;

/** What {@link buildRow} needs besides the question row. */
export interface BuildRowConfig {
  corpus: DocumentStore;
  /** Either a search engine for one-shot tiers (the BM25 fallback) or trajectories by question id. */
  retriever?: SearchBackend | undefined;
  trajectories?: Map<string, unknown> | undefined;
  /** How each question's agent run ended (`readTrajectoryRecords`), recorded in the row's provenance. */
  trajectoryStops?: Map<string, string> | undefined;
  tokenizer: Tokenizer;
  budgetTokens: number;
  seed: number;
  goldPlacement: GoldPlacement;
  format: TrainingFormat;
  rowOptions: TrainingRowOptions;
  keepAnswerDistractors: boolean;
  read?: number | undefined;
  seen?: number | undefined;
}

/** One question's result: its training row, or why it was dropped. */
export type BuildOutcome =
  | { ok: true; row: TrainingRow; tokens: number; tiers: Tiers }
  | { ok: false; reason: string; message: string };

function drop(reason: string, message: string): BuildOutcome {
  return { ok: false, reason, message };
}


/** The gold documents of a row: its `gold` list looked up in the corpus, or the pages of its chain entities (the answer's excepted). */
export function goldDocs(row: QuestionRow, corpus: DocumentStore): { docs: Doc[]; missing: string[] } {
  const docs: Doc[] = [];
  const missing: string[] = [];
  if (row.gold !== undefined) {
    for (const g of row.gold) {
      const probe: Doc = typeof g === 'object' ? { ...g, id: String(g.id) } : { id: String(g) };
      const found = corpus.find(probe) ?? (probe.text !== undefined ? probe : undefined);
      if (found === undefined || !hasText(found)) missing.push(probe.id);
      else if (!docs.some((d) => d.id === found.id)) docs.push(found);
    }
    return { docs, missing };
  }
  // A hop's fact is on its subject's page: every entity of the path but the answer.
  const answers = new Set(goldAliases(row.answer).map(normalizeText));
  for (const e of row.entities) {
    const name = typeof e === 'string' ? e : e.name;
    if (answers.has(normalizeText(name))) continue;
    const found = corpus.find({ id: name, title: name });
    if (found === undefined || !hasText(found)) missing.push(name);
    else if (!docs.includes(found)) docs.push(found);
  }
  return { docs, missing };
}

/**
 * Builds the training row of question row `index` (its seed stream is `(seed, index)`); never throws
 * for one row's bad data: a bad row is a dropped outcome with its reason.
 * @example const outcome = await buildRow(questionRow, 0, { corpus, retriever, tokenizer, budgetTokens: 8000, … });
 */
export async function buildRow(raw: unknown, index: number, config: BuildRowConfig): Promise<BuildOutcome> {
  let row: QuestionRow;
  try {
    row = parseWith(QuestionRowSchema, raw);
  } catch (error) {
    if (error instanceof ValidationError) return drop('invalid-row', error.message);
    throw error;
  }
  const id = String(row.id);
  // The rubric and the answer are checked with the scorer's own rules, so a row written is a row
  // `score` and the service can read: no entity or answer without a letter or digit.
  if (row.question.trim() === '') return drop('invalid-row', `${id}: question: expected text, got blanks`);
  try {
    createEntityMatcher(row.entities);
  } catch (error) {
    if (error instanceof ValidationError) return drop('invalid-rubric', `${id}: ${error.message}`);
    throw error;
  }
  try {
    if (goldAliases(row.answer).every((a) => normalizeText(a) === '')) return drop('invalid-answer', `${id}: answer: has no letter or digit`);
  } catch (error) {
    if (error instanceof ValidationError) return drop('invalid-answer', `${id}: ${error.message}`);
    throw error;
  }
  const gold = goldDocs(row, config.corpus);
  if (gold.docs.length === 0 || (row.gold !== undefined && gold.missing.length > 0)) {
    return drop('gold-not-in-corpus', `${id}: no corpus document for ${gold.missing.map((m) => JSON.stringify(m)).join(', ') || 'any chain entity'}`);
  }
  let tiers: Tiers;
  try {
    if (config.retriever !== undefined) {
      tiers = await bm25Tiers(
        { retriever: config.retriever, question: row.question, entities: row.entities, gold: gold.docs, answer: row.answer, corpus: config.corpus },
        { read: config.read, seen: config.seen, keepAnswerDistractors: config.keepAnswerDistractors },
      );
    } else {
      const record = config.trajectories?.get(id);
      if (record === undefined) return drop('no-trajectory', `${id}: no trajectory with this id`);
      const trajectory = readTrajectory(record);
      tiers = tierDocuments({ trajectory, gold: gold.docs, answer: row.answer, corpus: config.corpus }, { keepAnswerDistractors: config.keepAnswerDistractors });
    }
  } catch (error) {
    if (LongtraceError.isInstance(error) && error.code === 'INVALID_TRAJECTORY') return drop('invalid-trajectory', `${id}: ${error.message}`);
    throw error;
  }
  try {
    const context = buildContext(
      { gold: tiers.gold, tier1: tiers.tier1, tier2: tiers.tier2, pool: config.corpus },
      { budgetTokens: config.budgetTokens, tokenizer: config.tokenizer, seed: walkSeed(config.seed, index), goldPlacement: config.goldPlacement, question: row.question, answer: row.answer },
    );
    const out = toTrainingRow(
      { id, question: row.question, answer: row.answer, entities: row.entities, context, chain: row.chain as Chain | undefined, tiers: tiers.source, stop: config.trajectoryStops?.get(id) },
      config.format,
      config.rowOptions,
    );
    return { ok: true, row: out, tokens: context.tokens, tiers };
  } catch (error) {
    if (LongtraceError.isInstance(error) && error.code === 'CONTEXT_OVER_BUDGET') return drop('over-budget', `${id}: ${error.message}`);
    if (error instanceof ValidationError && error.code === 'INVALID_INPUT') return drop('invalid-row', `${id}: ${error.message}`);
    throw error;
  }
}

/** Counts of a run, for the summary and the manifest. */
export class BuildStats {
  questions = 0;
  kept = 0;
  dropped: Record<string, number> = {};
  distractorsDropped: Record<string, number> = {};
  private readonly bins: number[];
  min = Infinity;
  max = 0;
  sum = 0;

  constructor(private readonly budget: number, private readonly binCount = 8) {
    this.bins = new Array<number>(binCount).fill(0);
  }

  add(outcome: BuildOutcome): void {
    this.questions++;
    if (!outcome.ok) {
      this.dropped[outcome.reason] = (this.dropped[outcome.reason] ?? 0) + 1;
      return;
    }
    for (const d of outcome.tiers.dropped) {
      // A gold or repeated document is not a lost distractor.
      if (d.reason !== 'gold' && d.reason !== 'duplicate') this.distractorsDropped[d.reason] = (this.distractorsDropped[d.reason] ?? 0) + 1;
    }
    this.addKept(outcome.tokens);
  }

  /** Counts a row an earlier run wrote (a resumed run found it done): a question kept with `tokens`. */
  addDone(tokens: number): void {
    this.questions++;
    this.addKept(tokens);
  }

  private addKept(t: number): void {
    this.kept++;
    this.min = Math.min(this.min, t);
    this.max = Math.max(this.max, t);
    this.sum += t;
    // Fixed bins of the budget, so memory stays flat however many rows are written.
    const bin = Math.min(this.binCount - 1, Math.floor((t / this.budget) * this.binCount));
    this.bins[bin]!++;
  }

  histogram(): { upTo: number; rows: number }[] {
    return this.bins.map((rows, i) => ({ upTo: Math.round(((i + 1) * this.budget) / this.binCount), rows }));
  }

  tokenSummary(): { min: number; max: number; mean: number; histogram: { upTo: number; rows: number }[] } {
    return { min: this.kept === 0 ? 0 : this.min, max: this.max, mean: this.kept === 0 ? 0 : Math.round(this.sum / this.kept), histogram: this.histogram() };
  }
}
