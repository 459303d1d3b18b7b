// The options of `data walk` and `data questions`, apart from their registration so that the
// commands' modules can read them without importing the file that loads them.
import { z } from 'zod';
import { integerIn, numberIn, oneOf, shardSpec, SUMMARY_FORMATS } from '../../shared/options.js';

/** `2-4` or `3`: the hops of a walk. */
const hopsRange = z.string().transform((text, ctx) => {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const min = m ? Number(m[1]) : Number.NaN;
  const max = m?.[2] === undefined ? min : Number(m[2]);
  if (!(min >= 1 && max >= min && max <= 32)) {
    ctx.addIssue({ code: 'custom', message: 'expected hops as N or MIN-MAX, from 1 to 32 (e.g. 2-4)' });
    return z.NEVER;
  }
  return [min, max] as [number, number];
});

const list = z.string().transform((text) => text.split(',').map((s) => s.trim()).filter((s) => s !== ''));

/** `1,1,2`: a weight per hop count. */
const weights = z.string().transform((text, ctx) => {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map((p) => (/^\d+(?:\.\d+)?$/.test(p) ? Number(p) : Number.NaN));
  if (values.length === 0 || !values.every((v) => v >= 0 && v <= 1e6) || !values.some((v) => v > 0)) {
    ctx.addIssue({ code: 'custom', message: 'expected non-negative weights separated by commas, one per hop count, not all 0 (e.g. 1,1,2)' });
    return z.NEVER;
  }
  return values;
});

export const DataWalkOptionsSchema = z.object({
  graph: z.string().min(1, 'expected a file'),
  labels: z.string().min(1, 'expected a file').optional(),
  relations: z.string().min(1, 'expected a file').optional(),
  format: oneOf(['tsv', 'jsonl', 'ntriples'] as const).optional(),
  hops: hopsRange,
  count: integerIn(0, 1_000_000_000),
  seed: integerIn(0, 2 ** 31 - 1),
  shard: shardSpec.optional(),
  maxDegree: integerIn(1, 2 ** 31 - 1).optional(),
  hubPercentile: numberIn(0, 99.999),
  hopWeights: weights.optional(),
  maxAnswerShare: numberIn(0.0001, 1),
  maxBridgeShare: numberIn(0.0001, 1),
  pilotWalks: integerIn(0, 10_000_000),
  allow: list.optional(),
  deny: list.optional(),
  repeatRelations: z.boolean().optional(),
  unique: z.boolean(),
  onInvalid: oneOf(['throw', 'skip'] as const),
  output: z.string().min(1, 'expected a file name').optional(),
  summary: oneOf(SUMMARY_FORMATS),
  progress: z.boolean(),
}).superRefine((options, ctx) => {
  const lengths = options.hops[1] - options.hops[0] + 1;
  if (options.hopWeights !== undefined && options.hopWeights.length !== lengths) {
    ctx.addIssue({ code: 'custom', path: ['hopWeights'], message: `expected ${lengths} weights, one per hop count from ${options.hops[0]} to ${options.hops[1]}` });
  }
});
export type DataWalkOptions = z.output<typeof DataWalkOptionsSchema>;


