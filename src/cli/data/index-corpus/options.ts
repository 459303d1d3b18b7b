// The options of `data index`, checked with zod before any input is read.
import { z } from 'zod';
import { integerIn, oneOf, SUMMARY_FORMATS } from '../../shared/options.js';

/** Options of `data index`. */
export const DataIndexOptionsSchema = z.object({
  corpus: z.string().min(1, 'expected a JSONL corpus file'),
  output: z.string().min(1, 'expected the index file to write (-o CORPUS.idx)'),
  onInvalid: oneOf(['skip', 'throw'] as const),
  summary: oneOf(SUMMARY_FORMATS),
  threads: integerIn(0, 64).optional(),
  progress: z.boolean(),
});
export type DataIndexOptions = z.output<typeof DataIndexOptionsSchema>;
