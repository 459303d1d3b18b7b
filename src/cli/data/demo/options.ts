// The options of `data demo`.
import { z } from 'zod';
import { integerIn, oneOf } from '../../shared/options.js';
import { FORMATS } from '../build/options.js';

/** Options of `data demo`. */
export const DataDemoOptionsSchema = z.object({
  count: integerIn(1, 1000),
  budget: integerIn(200, 1_000_000),
  seed: integerIn(0, 2 ** 31 - 1),
  format: oneOf(FORMATS),
  output: z.string().min(1, 'expected a file name').optional(),
});
export type DataDemoOptions = z.output<typeof DataDemoOptionsSchema>;
