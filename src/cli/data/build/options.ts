// The options of `data build`, checked with zod before any input is read.
import { z } from 'zod';
import type { GoldPlacement, TrainingFormat } from '../../../data/index.js';
import { integerIn, oneOf, shardSpec, SUMMARY_FORMATS } from '../../shared/options.js';

// Written out rather than imported, so that parsing the command line does not load the data layer.
export const FORMATS = ['slime', 'verl', 'openrlhf', 'native'] as const satisfies readonly TrainingFormat[];

/** `uniform`, `spread`, `gaussian`, `depth:0.3` or `depth:0.3:0.1` (a bell of that sd around the depth). */
const placement = z.string().transform((text, ctx): GoldPlacement => {
  if (text === 'uniform' || text === 'spread' || text === 'gaussian') return text;
  const m = /^depth:([01](?:\.\d+)?)(?::(\d+(?:\.\d+)?|\.\d+))?$/.exec(text.trim());
  const depth = m ? Number(m[1]) : Number.NaN;
  const sd = m?.[2] === undefined ? undefined : Number(m[2]);
  if (!(depth >= 0 && depth <= 1) || (sd !== undefined && !(sd > 0))) {
    ctx.addIssue({ code: 'custom', message: 'expected uniform, spread, gaussian, depth:D or depth:D:SD (D in [0, 1])' });
    return z.NEVER;
  }
  return sd === undefined ? { depth } : { depth, sd };
});

/** Options of `data build`. */
export const DataBuildOptionsSchema = z
  .object({
    questions: z.string().min(1, 'expected a file'),
    corpus: z.string().min(1, 'expected a file'),
    trajectories: z.string().min(1, 'expected a file').optional(),
    bm25: z.boolean().optional(),
    read: integerIn(0, 1000).optional(),
    seen: integerIn(0, 10_000).optional(),
    budget: integerIn(1, 100_000_000),
    tokenizer: z.string().min(1, 'expected approx, qwen3 or the path of a tokenizer.json'),
    format: oneOf(FORMATS),
    seed: integerIn(0, 2 ** 31 - 1),
    shard: shardSpec.optional(),
    goldPlacement: placement,
    keepAnswerDistractors: z.boolean().optional(),
    dataset: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
    plain: z.boolean().optional(),
    output: z.string().min(1, 'expected a file name').optional(),
    manifest: z.string().min(1, 'expected a file name').optional(),
    report: z.string().min(1, 'expected a file name').optional(),
    resume: z.boolean().optional(),
    summary: oneOf(SUMMARY_FORMATS),
    progress: z.boolean(),
  })
  .superRefine((o, ctx) => {
    if ((o.trajectories !== undefined) === (o.bm25 === true)) {
      ctx.addIssue({ code: 'custom', path: ['trajectories'], message: 'give either --trajectories FILE (agent tiers) or --bm25 (the one-shot-search fallback)' });
    }
    if (o.report !== undefined && o.output !== undefined && o.report === o.output) {
      ctx.addIssue({ code: 'custom', path: ['report'], message: 'the report would overwrite the rows (--output); name another file' });
    }
    if (o.resume === true && (o.output === undefined || o.output === '-')) {
      ctx.addIssue({ code: 'custom', path: ['resume'], message: 'needs -o FILE (a run written to stdout cannot be continued)' });
    }
    if (o.bm25 !== true) {
      for (const key of ['read', 'seen'] as const) if (o[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'needs --bm25' });
    }
  });
export type DataBuildOptions = z.output<typeof DataBuildOptionsSchema>;
