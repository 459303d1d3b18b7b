// The `data walk` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { DataWalkOptionsSchema } from './options.js';
import { DATA_DEFAULT_SEED, flagsOf, parseOptions, withDefault } from '../../shared/options.js';

const WALK_EXAMPLES = `
Examples:
  $ longtrace-reward data walk --graph graph.tsv --labels labels.jsonl --relations relations.jsonl -n 1000 --seed 7 -o chains.jsonl
  $ longtrace-reward data walk --graph latest-truthy.nt.gz --hops 2-4 --hop-weights 1,1,2 -n 100000 --shard 3/8 -o chains-3.jsonl
  $ longtrace-reward data walk --graph codex-m-train.tsv --relations relations.json --hub-percentile 0 --max-answer-share 1 --max-bridge-share 1

Walk i draws from its own random stream (seed, i): shards 0/8 … 7/8 together give exactly the unsharded run.
The share caps are calibrated on a pilot run of --pilot-walks walks with its own seed stream, the same in every shard.
Exit code 1 on a bad graph file (the message names file and line). Details: docs/data.md`;


/** Adds the `data walk` command to `parent`; `onCode` receives the exit code. */
export function defineDataWalkCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('walk')
    .summary('sample multi-hop chains from random walks over a knowledge graph')
    .description('Sample multi-hop chains (start → … → answer) from random walks over a knowledge graph and write them as JSONL.')
    .requiredOption('--graph <file>', 'triples: .tsv (subject, relation, object), .jsonl or .nt (N-Triples), optionally .gz')
    .option('--labels <file>', 'entity labels: JSONL of { id, label, aliases? } or Wikidata entities, or .json keyed by id')
    .option('--relations <file>', 'relation labels: JSONL of { id, label }, or .json keyed by id (CoDEx relations.json)')
    .option('--format <format>', 'tsv | jsonl | ntriples (default: from the file name)')
    .addOption(withDefault('--hops <range>', 'edges per chain: N or MIN-MAX (an even mix of lengths unless --hop-weights)', '2-4'))
    .option('--hop-weights <w>', 'relative share of each length of --hops among the chains, comma-separated (1,1,2)')
    .addOption(withDefault('-n, --count <n>', 'walks to run (over all shards)', '1000'))
    .addOption(withDefault('--seed <n>', 'seed of the run', DATA_DEFAULT_SEED))
    .option('--shard <i/n>', 'run only shard i of n (walks with index % n === i)')
    .option('--max-degree <n>', 'no bridge entity with more edges than this')
    .addOption(withDefault('--hub-percentile <p>', 'no bridge entity in the top p percent by degree; 0 turns it off', '1'))
    .addOption(withDefault('--max-answer-share <s>', 'no answer ends more than this share of the chains; 1 turns it off', '0.05'))
    .addOption(withDefault('--max-bridge-share <s>', 'no entity bridges more than this share of the chains; 1 turns it off', '0.03'))
    .addOption(withDefault('--pilot-walks <n>', 'walks of the pilot run that calibrates the hop mix and the share caps', '8000'))
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
      const { runDataWalk } = await import('./run.js');
      onCode(await runDataWalk(options));
    });
}
