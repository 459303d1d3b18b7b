// Wire shapes of the edges (JSONL rows of the CLI, HTTP bodies of the service), validated with zod
// and turned into the plain `RewardInput` + `RewardOptions` the scorers take. Nothing inside the
// library imports zod: validation happens here, once, at the boundary.
import { z } from 'zod';
import { ValidationError, type ErrorCode, type ValidationIssue } from './errors.js';
import type { RewardInput, RewardOptions } from './rubric/index.js';

export const GoldEntitySchema = z.union([
  z.string(),
  z.object({ name: z.string(), aliases: z.array(z.string()).optional(), weight: z.number().optional() }),
]);

/** zod's message for an absent key ("Invalid input" for a union) says which way it is wrong. */
const missing = { error: (issue: { input: unknown }) => (issue.input === undefined ? 'required field is missing' : undefined) };

export const GoldAnswerSchema = z.union([
  z.string(),
  z.array(z.string()).min(1),
  z.object({ answer: z.string(), aliases: z.array(z.string()).optional() }),
], missing);

export const ChatMessageSchema = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().nullish(),
  reasoning_content: z.string().nullish(),
});

export const StrategySchema = z.enum(['positive-only', 'mixed', 'negative-only', 'outcome-only']);
export const RubricSourceSchema = z.enum(['reasoning', 'content', 'all']);

export const RewardOptionsSchema = z.object({
  eta: z.number().min(0).max(1).optional(),
  strategy: StrategySchema.optional(),
  rubricSource: RubricSourceSchema.optional(),
});

/** A native row: `{ id?, response? | messages?, answer, entities, question?, group? }`. */
export const NativeRowSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    response: z.string().optional(),
    messages: z.array(ChatMessageSchema).optional(),
    answer: GoldAnswerSchema,
    /** May be omitted with strategy 'outcome-only' (the library says so when it is needed). */
    entities: z.array(GoldEntitySchema).optional(),
    question: z.string().optional(),
    group: z.union([z.string(), z.number()]).optional(),
  })
  .superRefine((row, ctx) => {
    if ((row.response === undefined) === (row.messages === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['response'], message: 'give exactly one of response (a string) or messages (an array)' });
    }
  });

/** LongTraceRL / slime reward-server body: `{ label, extra_reward_info, history? | response? }`. */
export const LongTraceBodySchema = z
  .object({
    label: GoldAnswerSchema,
    extra_reward_info: z
      .looseObject({
        question: z.string().optional(),
        rubrics: z.array(GoldEntitySchema).optional(),
        rubric_reward_ratio: z.number().min(0).max(1).optional(),
        dataset_name: z.string().optional(),
        rubric_use_reasoning_content: z.boolean().optional(),
        rubric_use_content: z.boolean().optional(),
      })
      .optional(),
    history: z.array(ChatMessageSchema).optional(),
    response: z.string().optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.response === undefined) === (body.history === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['response'], message: 'give exactly one of response (a string) or history (a message list)' });
    }
    const last = body.history?.[body.history.length - 1];
    if (body.history !== undefined && last?.role !== 'assistant') {
      ctx.addIssue({ code: 'custom', path: ['history', Math.max(0, body.history.length - 1)], message: "the last message of history must be the assistant's" });
    }
  });

export type NativeRow = z.infer<typeof NativeRowSchema>;
export type LongTraceBody = z.infer<typeof LongTraceBodySchema>;

/** A validated request: what to score and how, plus the row's id and group when it had them. */
export interface RewardRequest {
  input: RewardInput;
  options: RewardOptions;
  id?: string | number | undefined;
  group?: string | number | undefined;
}

/**
 * Parses `value` with `schema`, or throws `ValidationError` with every issue's path, code and
 * message (code `INVALID_INPUT` unless another is given).
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, code: ErrorCode = 'INVALID_INPUT'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: issue.code,
    message: issue.message,
  }));
  throw new ValidationError(code, issues, { cause: result.error });
}

/** True for a row in the LongTraceRL reward-server shape (it has `label`, not `answer`). */
export function isLongTraceBody(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'label' in value && !('answer' in value);
}

/** A native row → a reward request. */
export function fromNativeRow(value: unknown, defaults: RewardOptions = {}): RewardRequest {
  const row = parseWith(NativeRowSchema, value);
  return {
    input: { response: row.response, messages: row.messages, answer: row.answer, entities: row.entities, question: row.question },
    options: { ...defaults },
    id: row.id,
    group: row.group,
  };
}

/**
 * A LongTraceRL body → a reward request. `rubric_reward_ratio` is η (0 scores the outcome only,
 * as trainers send for evaluation); the two `rubric_use_*` flags choose where the rubric reads.
 */
export function fromLongTraceBody(value: unknown, defaults: RewardOptions = {}): RewardRequest {
  const body = parseWith(LongTraceBodySchema, value);
  const info = body.extra_reward_info ?? {};
  const useReasoning = info.rubric_use_reasoning_content ?? true;
  const useContent = info.rubric_use_content ?? true;
  const eta = info.rubric_reward_ratio ?? defaults.eta;
  // With both sources switched off there is no rubric to score (and none is reported).
  const entities = useReasoning || useContent ? (info.rubrics ?? []) : [];
  const noRubric = entities.length === 0 || eta === 0;
  const options: RewardOptions = {
    ...defaults,
    eta,
    rubricSource: useReasoning && useContent ? 'all' : useReasoning ? 'reasoning' : 'content',
  };
  // Without rubrics (or with η = 0) the reward is the outcome alone, whatever the strategy.
  if (noRubric) options.strategy = 'outcome-only';
  return {
    input: { response: body.response, messages: body.history, answer: body.label, entities, question: info.question },
    options,
  };
}

/** Either row shape → a reward request (the LongTraceRL shape is told apart by its `label`). */
export function toRewardRequest(value: unknown, defaults: RewardOptions = {}): RewardRequest {
  return isLongTraceBody(value) ? fromLongTraceBody(value, defaults) : fromNativeRow(value, defaults);
}
