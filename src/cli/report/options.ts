// The options of `report`, apart from its registration so that the command's module can read them
// without importing the file that loads it.
import { z } from 'zod';
import { RubricSourceSchema, StrategySchema } from '../../schema.js';
import { integerIn, numberIn, oneOf } from '../shared/options.js';

/** Options of `report`: those of `score` that change the rewards, plus the output file and the title. */
export const ReportOptionsSchema = z.object({
  eta: numberIn(0, 1).optional(),
  strategy: oneOf(StrategySchema.options).optional(),
  rubricSource: oneOf(RubricSourceSchema.options).optional(),
  normalizeRubric: z.boolean(),
  output: z.string().min(1, 'expected a file name'),
  groupBy: z.string().min(1, 'expected a field name').optional(),
  maxGroupSize: integerIn(1, 1_000_000),
  title: z.string().min(1, 'expected a title').optional(),
});
export type ReportOptions = z.output<typeof ReportOptionsSchema>;

/** The scoring options worth showing in a report's header: those given, and a rubric left unnormalised. */
export function shownOptions(options: {
  eta?: number | undefined; strategy?: string | undefined; rubricSource?: string | undefined; groupBy?: string | undefined; normalizeRubric: boolean;
}): Record<string, string | number | boolean> {
  const shown: Record<string, string | number | boolean> = {};
  for (const key of ['eta', 'strategy', 'rubricSource', 'groupBy'] as const) {
    const value = options[key];
    if (value !== undefined) shown[key] = value;
  }
  if (!options.normalizeRubric) shown.normalizeRubric = false;
  return shown;
}
