// The `demo` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions } from '../shared/options.js';
import { DemoOptionsSchema } from './options.js';


/** Adds the `demo` command to `parent`; `onCode` receives the exit code. */
export function defineDemoCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('demo')
    .summary('score the bundled fixtures and explain each result')
    .description(
      'Score the bundled fixtures (real multi-hop QA rollouts) and explain each result: the answer verdict, the chain ' +
        'entities found and missed, and the reward. With default options, exits 1 if a result differs from the ' +
        "fixture's expected one.",
    )
    .option('--eta <number>', 'weight of the rubric, in [0, 1] (default 0.3)')
    .option('--strategy <name>', 'positive-only | mixed | negative-only | outcome-only (default positive-only)')
    .option('--json', 'print the results as JSONL, in the format of score')
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DemoOptionsSchema, raw, flagsOf(command));
      const { runDemo } = await import('./run.js');
      onCode(await runDemo(options));
    });
}
