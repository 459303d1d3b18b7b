// A training row that `data build` wrote, plus a rollout (`response` or `messages`), is a row to
// score as it is, in every format: the chain and the answer are read where the format keeps them
// (fromTrainingRow), never lost to an outcome-only score.
import { fromTrainingRow } from '../data/from-training-row.js';
import { ValidationError } from '../errors.js';

/** Where each format keeps its rubric, for messages. */
const RUBRIC_AT: Record<string, string> = {
  slime: 'metadata.extra_reward_info.rubrics',
  verl: 'extra_info.reward_input.entities',
  openrlhf: 'label (JSON with entities)',
};

/**
 * The native row (`{ id, response | messages, answer, entities, question, group }`) a slime, verl or
 * OpenRLHF training row stands for, or undefined when `raw` is not one. A training row whose rubric
 * or answer cannot be found is a `ValidationError` naming where it was looked for.
 */
export function nativeFromTrainingRow(raw: unknown): Record<string, unknown> | undefined {
  const parts = fromTrainingRow(raw);
  if (parts === undefined || parts.format === 'native') return undefined;
  const fields = raw as Record<string, unknown>;
  if (parts.entities === undefined) {
    throw new ValidationError('INVALID_INPUT', [{ path: [], code: 'no_rubric', message: `a ${parts.format} training row without its chain: expected ${RUBRIC_AT[parts.format]}` }]);
  }
  if (parts.answer === undefined) {
    throw new ValidationError('INVALID_INPUT', [{ path: [], code: 'no_answer', message: `a ${parts.format} training row without its answer` }]);
  }
  const row: Record<string, unknown> = { answer: parts.answer, entities: parts.entities };
  if (parts.question !== undefined) row['question'] = parts.question;
  const id = fields['id'] ?? parts.id;
  if (id !== undefined) row['id'] = id;
  for (const key of ['response', 'messages', 'group', 'options']) if (fields[key] !== undefined) row[key] = fields[key];
  return row;
}
