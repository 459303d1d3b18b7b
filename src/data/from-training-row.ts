// The inverse of toTrainingRow: given a row in any format `data build` writes, where its question,
// answer, rubric and provenance are. The one place besides training-row.ts that knows each trainer
// format's layout, so the scorer, the report and the data report never re-derive it.
import type { GoldEntity } from '../entities/index.js';
import type { GoldAnswer } from '../verify/index.js';
import type { Provenance, TrainingFormat } from './training-row.js';

/** What a training row holds, whatever its format; fields the row lacks are undefined. */
export interface TrainingRowParts {
  format: TrainingFormat;
  id?: string | undefined;
  prompt?: string | undefined;
  question?: string | undefined;
  answer?: GoldAnswer | undefined;
  entities?: GoldEntity[] | undefined;
  provenance?: Provenance | undefined;
}

type Fields = Record<string, unknown>;

const object = (value: unknown): Fields | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
const string = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const provenance = (value: unknown): Provenance | undefined => {
  const p = object(value);
  return p !== undefined && object(p['docs']) !== undefined && Array.isArray(p['goldPositions']) ? (p as unknown as Provenance) : undefined;
};
const entities = (value: unknown): GoldEntity[] | undefined => (Array.isArray(value) ? (value as GoldEntity[]) : undefined);
const firstContent = (messages: unknown): string | undefined =>
  Array.isArray(messages) ? string(object(messages[0])?.['content']) : undefined;

/**
 * The parts of a training row (slime, verl, OpenRLHF or native), or undefined when `row` is none of
 * these shapes. Values are passed through as found: validate them before use.
 * @example fromTrainingRow(row)?.entities // the rubric, wherever the format keeps it
 */
export function fromTrainingRow(row: unknown): TrainingRowParts | undefined {
  const r = object(row);
  if (r === undefined) return undefined;
  const metadata = object(r['metadata']);
  const info = object(metadata?.['extra_reward_info']);
  if (Array.isArray(r['input_messages']) && info !== undefined) {
    const p = provenance(metadata?.['provenance']);
    return {
      format: 'slime', id: p?.id, prompt: firstContent(r['input_messages']), question: string(info['question']),
      answer: r['label'] as GoldAnswer | undefined, entities: entities(info['rubrics']), provenance: p,
    };
  }
  const extra = object(r['extra_info']);
  if (Array.isArray(r['prompt']) && extra !== undefined) {
    const input = object(extra['reward_input']);
    return {
      format: 'verl', id: string(extra['index']), prompt: firstContent(r['prompt']), question: string(extra['question']) ?? string(input?.['question']),
      answer: (input?.['answer'] ?? object(r['reward_model'])?.['ground_truth']) as GoldAnswer | undefined,
      entities: entities(input?.['entities']), provenance: provenance(extra['provenance']),
    };
  }
  if (typeof r['input'] === 'string' && typeof r['label'] === 'string') {
    let label: Fields | undefined;
    try {
      label = object(JSON.parse(r['label']));
    } catch {
      label = undefined;
    }
    const p = provenance(r['provenance']);
    return {
      format: 'openrlhf', id: p?.id, prompt: r['input'], question: string(label?.['question']),
      answer: (label?.['answer'] ?? r['label']) as GoldAnswer, entities: entities(label?.['entities']), provenance: p,
    };
  }
  const p = provenance(r['provenance']);
  if (typeof r['prompt'] === 'string' && p !== undefined) {
    return {
      format: 'native', id: string(r['id']) ?? p.id, prompt: r['prompt'], question: string(r['question']),
      answer: r['answer'] as GoldAnswer | undefined, entities: entities(r['entities']), provenance: p,
    };
  }
  return undefined;
}
