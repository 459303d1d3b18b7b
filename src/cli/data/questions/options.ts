// The options of `data questions`.
import { z } from 'zod';
import { modelRunFields } from '../../shared/model-options.js';
import { integerIn, oneOf, SUMMARY_FORMATS } from '../../shared/options.js';

/** The environment variable the question writer reads its API key from (never a flag: flags show in `ps`). */
export const LLM_API_KEY_ENV = 'LONGTRACE_LLM_API_KEY';

/** Options of `data questions`. */
export const DataQuestionsOptionsSchema = z
  .object({
    chains: z.string().min(1, 'expected a file').optional(),
    template: z.boolean().optional(),
    llmUrl: z.string().trim().min(1, 'expected the base URL of an OpenAI-compatible API, e.g. http://localhost:8000/v1').optional(),
    llmModel: z.string().trim().min(1, 'expected a model name').optional(),
    concurrency: integerIn(1, 1024),
    // As `serve`'s --judge-timeout-ms, --judge-retries and --judge-deadline-ms, for the question writer's model.
    llmTimeoutMs: integerIn(1, 3_600_000).optional(),
    llmRetries: integerIn(0, 100).optional(),
    llmDeadlineMs: integerIn(1, 3_600_000).optional(),
    closedBook: z.boolean().optional(),
    keepRejected: z.boolean().optional(),
    output: z.string().min(1, 'expected a file name').optional(),
    manifest: z.string().min(1, 'expected a file name').optional(),
    resume: z.boolean().optional(),
    ...modelRunFields,
    summary: oneOf(SUMMARY_FORMATS),
    progress: z.boolean(),
  })
  .superRefine((options, ctx) => {
    if ((options.template === true) === (options.llmUrl !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'give either --template or --llm-url (with --llm-model)' });
    } else if (options.llmUrl !== undefined && options.llmModel === undefined) {
      ctx.addIssue({ code: 'custom', path: ['llmModel'], message: 'required with --llm-url' });
    }
    if (options.closedBook === true && options.llmUrl === undefined) ctx.addIssue({ code: 'custom', path: ['closedBook'], message: 'needs --llm-url' });
    for (const key of ['maxCalls', 'maxTokens', 'llmTimeoutMs', 'llmRetries', 'llmDeadlineMs'] as const) {
      if (options[key] !== undefined && options.llmUrl === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'needs --llm-url' });
    }
    if (options.resume === true && (options.output === undefined || options.output === '-')) {
      ctx.addIssue({ code: 'custom', path: ['resume'], message: 'needs -o FILE (a run written to stdout cannot be continued)' });
    }
  });
export type DataQuestionsOptions = z.output<typeof DataQuestionsOptionsSchema>;
