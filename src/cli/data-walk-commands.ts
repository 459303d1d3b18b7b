// Registers the `data walk` and `data questions` commands. Each action loads its module lazily, so
// parsing the command line stays cheap. Options are checked with zod here, before any input is read.
import { Command } from 'commander';
import { DataQuestionsOptionsSchema, DataWalkOptionsSchema, LLM_API_KEY_ENV } from './data-walk-options.js';
import { flagsOf, parseOptions, withDefault } from './options.js';

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
