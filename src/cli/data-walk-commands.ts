// Registers the `data walk` and `data questions` commands. Each action loads its module lazily, so
// parsing the command line stays cheap. Options are checked with zod here, before any input is read.
import { Command, Option } from 'commander';
import { z } from 'zod';
import { integerIn, numberIn, oneOf, parseOptions, SUMMARY_FORMATS } from './options.js';

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

/** `0/8`: shard 0 of 8. */
const shardSpec = z.string().transform((text, ctx) => {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && index >= 0 && index < count && count <= 1_000_000)) {
    ctx.addIssue({ code: 'custom', message: 'expected INDEX/COUNT with INDEX below COUNT (e.g. 0/8)' });
    return z.NEVER;
  }
  return { index, count };
});

const list = z.string().transform((text) => text.split(',').map((s) => s.trim()).filter((s) => s !== ''));

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
  hubPercentile: numberIn(0, 99.999).optional(),
  allow: list.optional(),
  deny: list.optional(),
  repeatRelations: z.boolean().optional(),
  unique: z.boolean(),
  onInvalid: oneOf(['throw', 'skip'] as const),
  output: z.string().min(1, 'expected a file name').optional(),
  summary: oneOf(SUMMARY_FORMATS),
  progress: z.boolean(),
});
export type DataWalkOptions = z.output<typeof DataWalkOptionsSchema>;

export const DataQuestionsOptionsSchema = z
  .object({
    template: z.boolean().optional(),
    llmUrl: z.string().trim().min(1, 'expected the base URL of an OpenAI-compatible API, e.g. http://localhost:8000/v1').optional(),
    llmModel: z.string().trim().min(1, 'expected a model name').optional(),
    concurrency: integerIn(1, 1024),
    closedBook: z.boolean().optional(),
    keepRejected: z.boolean().optional(),
    output: z.string().min(1, 'expected a file name').optional(),
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
  });
export type DataQuestionsOptions = z.output<typeof DataQuestionsOptionsSchema>;

/** The environment variable the question writer reads its API key from (never a flag: flags show in `ps`). */
export const LLM_API_KEY_ENV = 'LONGTRACE_LLM_API_KEY';

const WALK_EXAMPLES = `
Examples:
  $ longtrace-reward data walk --graph graph.tsv --labels labels.jsonl --relations relations.jsonl -n 1000 --seed 7 -o chains.jsonl
  $ longtrace-reward data walk --graph latest-truthy.nt.gz --hops 2-4 --hub-percentile 1 -n 100000 --shard 3/8 -o chains-3.jsonl

Walk i draws from its own random stream (seed, i): shards 0/8 … 7/8 together give exactly the unsharded run.
Exit code 1 on a bad graph file (the message names file and line). Details: docs/data.md`;

const QUESTIONS_EXAMPLES = `
Examples:
  $ longtrace-reward data questions chains.jsonl --template -o questions.jsonl
  $ LONGTRACE_LLM_API_KEY=sk-... longtrace-reward data questions chains.jsonl --llm-url http://localhost:8000/v1 --llm-model Qwen/Qwen3-8B -o questions.jsonl

Every question is checked with the reward's own matcher: a question naming the answer or a bridge entity is
rejected (answer-leak, bridge-leak). Details: docs/data.md`;

function withDefault(flags: string, description: string, value: string): Option {
  return new Option(flags, description).default(value, value);
}

function flagsOf(command: Command): Record<string, string> {
  return Object.fromEntries(command.options.map((o) => [o.attributeName(), o.long ?? o.flags]));
}

/** Adds the `data walk` and `data questions` commands to `parent`; `onCode` receives the exit code. */
export function registerDataWalkCommands(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('walk')
    .summary('sample multi-hop chains from random walks over a knowledge graph')
    .description('Sample multi-hop chains (start → … → answer) from random walks over a knowledge graph and write them as JSONL.')
    .requiredOption('--graph <file>', 'triples: .tsv (subject, relation, object), .jsonl or .nt (N-Triples), optionally .gz')
    .option('--labels <file>', 'entity labels: JSONL of { id, label, aliases? }')
    .option('--relations <file>', 'relation labels: JSONL of { id, label }')
    .option('--format <format>', 'tsv | jsonl | ntriples (default: from the file name)')
    .addOption(withDefault('--hops <range>', 'edges per chain: N or MIN-MAX', '2-4'))
    .addOption(withDefault('-n, --count <n>', 'walks to run (over all shards)', '1000'))
    .addOption(withDefault('--seed <n>', 'seed of the run', '0'))
    .option('--shard <i/n>', 'run only shard i of n (walks with index % n === i)')
    .option('--max-degree <n>', 'no bridge entity with more edges than this')
    .option('--hub-percentile <p>', 'no bridge entity in the top p percent by degree')
    .option('--allow <ids>', 'only these relations (ids or labels, comma-separated)')
    .option('--deny <ids>', 'never these relations (ids or labels, comma-separated)')
    .option('--repeat-relations', 'allow the same relation twice in a row')
    .option('--no-unique', 'keep chains whose relations from the start reach more than one entity')
    .addOption(withDefault('--on-invalid <what>', 'a malformed graph line: throw | skip (and count)', 'throw'))
    .option('-o, --output <file>', 'write the chains to a file instead of stdout')
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .option('--no-progress', 'no progress bar, even when stderr is a terminal')
    .addHelpText('after', WALK_EXAMPLES)
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataWalkOptionsSchema, raw, flagsOf(command));
      const { runDataWalk } = await import('./data-walk-command.js');
      onCode(await runDataWalk(options));
    });

  parent
    .command('questions')
    .summary('write a question for each chain (template or LLM) and check it for leaks')
    .description('Write a question for each chain of a JSONL file, offline (--template) or with an OpenAI-compatible chat model, and check each one.')
    .argument('[file]', 'JSONL chains (from data walk); - or nothing reads stdin')
    .option('--template', 'write questions offline from the relation labels')
    .option('--llm-url <url>', `base URL of an OpenAI-compatible API (e.g. http://localhost:8000/v1); key from ${LLM_API_KEY_ENV}`)
    .option('--llm-model <name>', 'the model to ask (required with --llm-url)')
    .addOption(withDefault('--concurrency <n>', 'chains written at once', '8'))
    .option('--closed-book', 'also ask the model each question without documents; reject it when the answer is right (shortcut)')
    .option('--keep-rejected', 'write rejected questions too (with their check)')
    .option('-o, --output <file>', 'write the questions to a file instead of stdout')
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .option('--no-progress', 'no progress bar, even when stderr is a terminal')
    .addHelpText('after', QUESTIONS_EXAMPLES)
    .action(async (file: string | undefined, raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataQuestionsOptionsSchema, raw, flagsOf(command));
      const { runDataQuestions } = await import('./data-questions-command.js');
      onCode(await runDataQuestions(file, options));
    });
}
