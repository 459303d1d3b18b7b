// The `score` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../shared/options.js';
import { docPath } from '../shared/version.js';
import { ScoreOptionsSchema } from './options.js';

const scoreExamples = (): string => `
Examples:
  $ longtrace-reward score rollouts.jsonl > rewards.jsonl
  $ cat rollouts.jsonl | longtrace-reward score - --summary json 2> summary.json
  $ longtrace-reward score rollouts.jsonl -o rewards.jsonl --group-by prompt_id --eta 0.5

A row is { id?, response | messages, answer, entities, question?, group? } or a LongTraceRL
reward-server body { label, extra_reward_info: { rubrics, question, ... }, history | response }.
Every input line gives one output line, in order: a result, or { id?, line, error: { code, message, path } }.
Rows of a group must be contiguous. Exit code 1 when any row failed. Details: ${docPath('docs/cli.md')}`;

/** Adds the `score` command to `parent`; `onCode` receives the exit code. */
export function defineScoreCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('score')
    .summary('score JSONL rows (stdin or a file) and write JSONL results')
    .description(
      'Score JSONL rows and write one JSONL result per input line, in input order. Rows sharing a group id get ' +
        "group rewards (rubric divided by the group's best) and GRPO advantages.",
    )
    .argument('[file]', 'JSONL file of rows; - or nothing reads stdin')
    .option('--eta <number>', "weight of the rubric, in [0, 1] (default 0.3; a LongTraceRL row's rubric_reward_ratio wins)")
    .option('--strategy <name>', 'positive-only | mixed | negative-only | outcome-only (default positive-only)')
    .option('--rubric-source <where>', 'where the rubric reads: reasoning | content | all (default all)')
    .option('--no-normalize-rubric', "in a group, use each row's own rubric instead of dividing by the group's best")
    .option('-o, --output <file>', 'write the results to a file instead of stdout')
    .addOption(withDefault('--group-by <field>', 'top-level field holding the group id', 'group'))
    .addOption(withDefault('--max-group-size <n>', 'cut a group at this many rows (bounds memory)', '10000'))
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .addOption(withDefault('--top <n>', 'chain entities listed in the summary', '10'))
    .option('--no-progress', 'no progress bar, even when stderr is a terminal')
    .option('--resume', 'continue OUTPUT.partial left by a stopped run (needs -o): rows done are skipped, a group is rescored whole')
    .option('--report <file>', 'also write a self-contained HTML report of the rows (see the report command)')
    .addHelpText('after', scoreExamples)
    .action(async (file: string | undefined, raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(ScoreOptionsSchema, raw, flagsOf(command));
      const { runScore } = await import('./run.js');
      onCode(await runScore(file, options, command.getOptionValueSource('groupBy') === 'cli'));
    });
}
