// The options of `serve` and the judge's flags (command.ts defines the flags, run.ts does the work).
import { z } from 'zod';
import type { JudgeMode, OnJudgeError } from '../../judge/index.js';
import { StrategySchema } from '../../schema.js';
import { byteSize, integerIn, numberIn, oneOf } from '../shared/options.js';

/** Options of `serve` without the judge's. */
export const ServeOptionsSchema = z.object({
  host: z.string().trim().min(1, 'expected a host name or address'),
  port: integerIn(0, 65535),
  workers: integerIn(0, 1024).optional(),
  eta: numberIn(0, 1).optional(),
  strategy: oneOf(StrategySchema.options).optional(),
  bodyLimit: byteSize(1024 * 1024 * 1024).optional(),
  maxQueue: integerIn(0, 10_000_000).optional(),
  bodyTimeoutMs: integerIn(0, 3_600_000).optional(),
  maxBytesInFlight: byteSize(64 * 1024 * 1024 * 1024).optional(),
});
export type ServeOptions = z.output<typeof ServeOptionsSchema>;

/** The environment variable `serve` reads the judge's API key from (never a flag: flags show in `ps`). */
export const JUDGE_API_KEY_ENV = 'LONGTRACE_JUDGE_API_KEY';

// Written out rather than imported, so that parsing the command line does not load the judge.
const JUDGE_MODES = ['cascade', 'judge', 'rules'] as const satisfies readonly JudgeMode[];
const ON_JUDGE_ERROR = ['rules', 'zero', 'throw'] as const satisfies readonly OnJudgeError[];

/** The judge's flags of `serve`: all of them need `--judge-url`, which needs `--judge-model`. */
const JUDGE_FLAGS = {
  judgeModel: z.string().trim().min(1, 'expected a model name').optional(),
  judgeMode: oneOf(JUDGE_MODES).optional(),
  judgeOnError: oneOf(ON_JUDGE_ERROR).optional(),
  judgeTimeoutMs: integerIn(1, 3_600_000).optional(),
  judgeDeadlineMs: integerIn(1, 3_600_000).optional(),
  judgeConcurrency: integerIn(1, 1024).optional(),
  judgeRetries: integerIn(0, 100).optional(),
  judgeCacheSize: integerIn(0, 10_000_000).optional(),
};

/** Options of `serve`: the service's, plus the judge's. The URL itself is checked by createJudge. */
export const ServeCommandOptionsSchema = ServeOptionsSchema.extend({
  judgeUrl: z.string().trim().min(1, 'expected the base URL of an OpenAI-compatible API, e.g. http://localhost:8000/v1').optional(),
  ...JUDGE_FLAGS,
}).superRefine((options, ctx) => {
  if (options.judgeUrl === undefined) {
    for (const key of Object.keys(JUDGE_FLAGS) as (keyof typeof JUDGE_FLAGS)[]) {
      if (options[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'needs --judge-url' });
    }
  } else if (options.judgeModel === undefined) {
    ctx.addIssue({ code: 'custom', path: ['judgeModel'], message: 'required with --judge-url' });
  }
});
export type ServeCommandOptions = z.output<typeof ServeCommandOptionsSchema>;
