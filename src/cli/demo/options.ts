// The options of `demo`.
import { z } from 'zod';
import { StrategySchema } from '../../schema.js';
import { numberIn, oneOf } from '../shared/options.js';

/** Options of `demo`. */
export const DemoOptionsSchema = z.object({
  eta: numberIn(0, 1).optional(),
  strategy: oneOf(StrategySchema.options).optional(),
  json: z.boolean().optional(),
});
export type DemoOptions = z.output<typeof DemoOptionsSchema>;
