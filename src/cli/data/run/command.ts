// The `data run` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../../shared/options.js';
import { DataRunOptionsSchema } from './options.js';

const RUN_EXAMPLES = `
Examples:
  $ longtrace-reward data run examples/pipeline.json
  $ longtrace-reward data run pipeline.json --dry-run
  $ longtrace-reward data run pipeline.json --out runs/today

Each stage (walk, questions, corpus, trajectories, build) writes its output and a record STAGE.stage.json
into the run folder. Run the same command again after a stop: complete stages whose inputs and options
are unchanged are skipped, a stage stopped part-way is resumed. Details: docs/data-run.md`;

/** Adds the `data run` command to `parent`; `onCode` receives the exit code. */
export function defineDataRunCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('run')
    .summary('run the whole data pipeline from one config: walk → questions → trajectories → build')
    .description('Run walk → questions → trajectories → build from one JSON config, skipping stages that are complete and unchanged and resuming a stopped one.')
    .argument('<pipeline>', 'the pipeline config (JSON); relative paths in it are read from its folder')
    .option('--dry-run', 'print the plan (what runs, resumes or is skipped, and why) and stop')
    .option('--out <dir>', "the run folder (instead of the config's out)")
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .option('--no-progress', 'no progress bars, even when stderr is a terminal')
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (pipeline: string, raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataRunOptionsSchema, raw, flagsOf(command));
      const { runDataRun } = await import('./run.js');
      onCode(await runDataRun(pipeline, options));
    });
}
