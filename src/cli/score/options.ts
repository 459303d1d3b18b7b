// The options of `score`, checked with zod before any input is read.
import { z } from 'zod';
import { RubricSourceSchema, StrategySchema } from '../../schema.js';
import { integerIn, numberIn, oneOf, SUMMARY_FORMATS } from '../shared/options.js';

/** Options of `score`, as commander hands them over (strings, and booleans for the switches). */
export const ScoreOptionsSchema = z.object({
  eta: numberIn(0, 1).optional(),
  strategy: oneOf(StrategySchema.options).optional(),
  rubricSource: oneOf(RubricSourceSchema.options).optional(),
  normalizeRubric: z.boolean(),
  output: z.string().min(1, 'expected a file name').optional(),
  groupBy: z.string().min(1, 'expected a field name').optional(),
  maxGroupSize: integerIn(1, 1_000_000),
  summary: oneOf(SUMMARY_FORMATS),
  top: integerIn(0, 1000),
  progress: z.boolean(),
  report: z.string().min(1, 'expected a file name').optional(),
  resume: z.boolean().optional(),
});
export type ScoreOptions = z.output<typeof ScoreOptionsSchema>;
