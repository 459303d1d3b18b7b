// The options of `data run`.
import { z } from 'zod';
import { oneOf, SUMMARY_FORMATS } from '../../shared/options.js';

/** Options of `data run`. */
export const DataRunOptionsSchema = z.object({
  dryRun: z.boolean().optional(),
  out: z.string().min(1, 'expected a directory').optional(),
  summary: oneOf(SUMMARY_FORMATS),
  progress: z.boolean(),
});
export type DataRunOptions = z.output<typeof DataRunOptionsSchema>;
