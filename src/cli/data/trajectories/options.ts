// The options of `data trajectories`, checked with zod before any input is read.
import { z } from 'zod';
import { integerIn, oneOf, SUMMARY_FORMATS } from '../../shared/options.js';

/** The agent protocols, written out so that parsing the command line does not load the data layer. */
export const PROTOCOLS = ['tools', 'tags'] as const;
/** The text dialects of `--protocol tags`. */
export const DIALECTS = ['search-r1', 'r1-searcher'] as const;

/** Options of `data trajectories`. */
export const DataTrajectoriesOptionsSchema = z
  .object({
    questions: z.string().min(1, 'expected a file'),
    corpus: z.string().min(1, 'expected a file').optional(),
    retriever: z.string().trim().min(1, 'expected the URL of a retrieval server, e.g. http://127.0.0.1:8000/retrieve').optional(),
    llmUrl: z.string().trim().min(1, 'expected the base URL of an OpenAI-compatible API, e.g. http://localhost:8000/v1'),
    llmModel: z.string().trim().min(1, 'expected a model name'),
    protocol: oneOf(PROTOCOLS),
    dialect: oneOf(DIALECTS),
    concurrency: integerIn(1, 1024),
    maxTurns: integerIn(1, 1000),
    topk: integerIn(1, 100).optional(),
    // --cache DIR gives a string, --no-cache false, neither undefined (the default directory).
    cache: z.union([z.string().min(1, 'expected a directory'), z.boolean()]).optional(),
    llmTimeoutMs: integerIn(1, 3_600_000).optional(),
    llmRetries: integerIn(0, 100).optional(),
    output: z.string().min(1, 'expected a file name').optional(),
    manifest: z.string().min(1, 'expected a file name').optional(),
    resume: z.boolean().optional(),
    summary: oneOf(SUMMARY_FORMATS),
    progress: z.boolean(),
  })
  .superRefine((o, ctx) => {
    if ((o.corpus !== undefined) === (o.retriever !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['corpus'], message: 'give either --corpus FILE (searched here with BM25) or --retriever URL (a Search-R1 retrieval server)' });
    }
  });
export type DataTrajectoriesOptions = z.output<typeof DataTrajectoriesOptionsSchema>;
