// Training rows in the shapes trainers read, each carrying its provenance. The rubric is the chain:
// a row's entities and answer go to our reward service (/evaluate, /get_reward) or the score
// command as they are, with no conversion.
import type { GoldEntity } from '../entities/index.js';
import { ValidationError } from '../errors.js';
import { goldAliases, type GoldAnswer } from '../verify/index.js';
import type { Context } from './context.js';
import type { TierSource } from './tiers.js';
import type { Chain, LabelledTriple } from './types.js';

export type TrainingFormat = 'slime' | 'verl' | 'openrlhf' | 'native';
export const TRAINING_FORMATS: readonly TrainingFormat[] = ['slime', 'verl', 'openrlhf', 'native'];

/** One question with its built context. */
export interface TrainingSample {
  id: string;
  question: string;
  answer: GoldAnswer;
  /** The chain entities: the rubric. */
  entities: GoldEntity[];
  context: Context;
  chain?: Chain | undefined;
  /** Where the distractor tiers came from. @default 'none' */
  tiers?: TierSource | 'none' | undefined;
  /** How the search agent's run that made the tiers ended (`answered`, `max-turns`, …), when known. */
  stop?: string | undefined;
}

/** Where a row came from: enough to rebuild or audit it. */
export interface Provenance {
  id: string;
  /** The walk's triples, when the question came from a graph walk. */
  path: LabelledTriple[];
  chainSeed?: number | undefined;
  docs: { gold: string[]; tier1: string[]; tier2: string[]; pool: string[] };
  /** Every document id in context order (the ids of `docs` interleaved as they stand in the prompt). Absent in rows written by 0.1.0 and earlier. */
  order?: string[] | undefined;
  goldPositions: number[];
  tokens: number;
  budgetTokens: number;
  tokenizer: string;
  seed: number;
  tiers: TierSource | 'none';
  /** How the search agent's run that made the tiers ended, when the trajectory row said (`data trajectories` writes it). */
  stop?: string | undefined;
}

export interface TrainingRowOptions {
  /** slime: the `source` key of the row (a key of slime's source config). @default 'longqa' */
  source?: string | undefined;
  /** `dataset_name` (slime) / `data_source` (verl). @default 'longtrace' */
  dataset?: string | undefined;
  /**
   * slime: write `label` as a plain string and `rubrics` as plain names, for LongTraceRL's own
   * Python reward server (which cannot read aliases). Our service reads both forms. @default false
   */
  plain?: boolean | undefined;
}

/** slime (THU-KEG/LongTraceRL): read with `--source-key source --input-key input_messages --label-key label`. */
export interface SlimeRow {
  source: string;
  input_messages: { role: 'user'; content: string }[];
  /** `[canonical, ...aliases]`, or the canonical string with `plain`: one type across a file. */
  label: string[] | string;
  metadata: {
    extra_reward_info: { question: string; rubrics: GoldEntity[]; dataset_name: string };
    provenance: Provenance;
  };
}

/** verl's RL dataset row. `extra_info.reward_input` is a native reward request without the response. */
export interface VerlRow {
  data_source: string;
  prompt: { role: 'user'; content: string }[];
  ability: string;
  reward_model: { style: 'rule'; ground_truth: string };
  extra_info: { index: string; question: string; reward_input: { answer: GoldAnswer; entities: GoldEntity[]; question: string }; provenance: Provenance };
}

/** OpenRLHF: `--input_key input --label_key label`; the label is the JSON string our /get_reward reads. */
export interface OpenRlhfRow {
  input: string;
  label: string;
  provenance: Provenance;
}

/** Our own row: a native reward request (add `response` or `messages`) plus the prompt. */
export interface NativeTrainingRow {
  id: string;
  prompt: string;
  question: string;
  answer: GoldAnswer;
  entities: GoldEntity[];
  provenance: Provenance;
}

export type TrainingRow = SlimeRow | VerlRow | OpenRlhfRow | NativeTrainingRow;

/** The provenance of a sample: path triples, document ids per tier, gold positions, token count, tier source. */
export function provenanceOf(sample: TrainingSample): Provenance {
  const docs: Provenance['docs'] = { gold: [], tier1: [], tier2: [], pool: [] };
  for (const d of sample.context.documents) docs[d.tier].push(d.id);
  const p: Provenance = {
    id: sample.id,
    path: sample.chain?.triples ?? [],
    docs,
    order: sample.context.documents.map((d) => d.id),
    goldPositions: sample.context.goldPositions,
    tokens: sample.context.tokens,
    budgetTokens: sample.context.budgetTokens,
    tokenizer: sample.context.tokenizer,
    seed: sample.context.seed,
    tiers: sample.tiers ?? 'none',
  };
  if (sample.chain !== undefined) p.chainSeed = sample.chain.seed;
  if (sample.stop !== undefined) p.stop = sample.stop;
  return p;
}

function plainName(entity: GoldEntity): string {
  return typeof entity === 'string' ? entity : entity.name;
}

/**
 * A training row in a trainer's format, with provenance. Every format's answer and rubric are read
 * by our `/evaluate`, `/get_reward` and `score` as they are.
 * @example toTrainingRow({ id, question, answer, entities, context }, 'slime').metadata.extra_reward_info.rubrics
 */
export function toTrainingRow(sample: TrainingSample, format: 'slime', options?: TrainingRowOptions): SlimeRow;
export function toTrainingRow(sample: TrainingSample, format: 'verl', options?: TrainingRowOptions): VerlRow;
export function toTrainingRow(sample: TrainingSample, format: 'openrlhf', options?: TrainingRowOptions): OpenRlhfRow;
export function toTrainingRow(sample: TrainingSample, format: 'native', options?: TrainingRowOptions): NativeTrainingRow;
export function toTrainingRow(sample: TrainingSample, format: TrainingFormat, options?: TrainingRowOptions): TrainingRow;
export function toTrainingRow(sample: TrainingSample, format: TrainingFormat, options: TrainingRowOptions = {}): TrainingRow {
  // Checks the answer (and names the field) before it is written anywhere.
  const aliases = goldAliases(sample.answer);
  const prompt = sample.context.prompt;
  // A prompt without its question trains on nothing: refuse it rather than write it.
  if (typeof sample.question !== 'string' || sample.question.trim() === '') {
    throw new ValidationError('INVALID_INPUT', [{ path: ['question'], code: 'empty', message: 'expected the question, got nothing but blanks' }]);
  }
  if (!prompt.includes(sample.question)) {
    throw new ValidationError('INVALID_INPUT', [{ path: ['context', 'prompt'], code: 'no_question', message: 'the prompt does not hold the question: build the context with the question option' }]);
  }
  const provenance = provenanceOf(sample);
  const dataset = options.dataset ?? 'longtrace';
  switch (format) {
    case 'slime': {
      const plain = options.plain === true;
      return {
        source: options.source ?? 'longqa',
        input_messages: [{ role: 'user', content: prompt }],
        // One type in every row (an Arrow-typed loader refuses a column that is a string in some rows
        // and a list in others): [canonical, ...aliases], a GoldAnswer our /evaluate reads; --plain
        // writes the canonical string LongTraceRL's own server reads, in every row.
        label: plain ? aliases[0]! : aliases,
        metadata: {
          extra_reward_info: { question: sample.question, rubrics: plain ? sample.entities.map(plainName) : sample.entities, dataset_name: dataset },
          provenance,
        },
      };
    }
    case 'verl':
      return {
        data_source: dataset,
        prompt: [{ role: 'user', content: prompt }],
        ability: 'long-context-multi-hop-qa',
        reward_model: { style: 'rule', ground_truth: aliases[0]! },
        extra_info: { index: sample.id, question: sample.question, reward_input: { answer: sample.answer, entities: sample.entities, question: sample.question }, provenance },
      };
    case 'openrlhf':
      return { input: prompt, label: JSON.stringify({ answer: sample.answer, entities: sample.entities, question: sample.question }), provenance };
    case 'native':
      return { id: sample.id, prompt, question: sample.question, answer: sample.answer, entities: sample.entities, provenance };
    default:
      throw new ValidationError('INVALID_OPTIONS', [{ path: ['format'], code: 'invalid_value', message: `expected one of ${TRAINING_FORMATS.join(', ')}, got ${String(format)}` }]);
  }
}
