// The `data demo` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../../shared/options.js';
import { DataDemoOptionsSchema } from './options.js';

/** Adds the `data demo` command to `parent`; `onCode` receives the exit code. */
export function defineDataDemoCommand(parent: Command, onCode: (code: number) => void): void {
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
      const { runDataDemo } = await import('./run.js');
      onCode(await runDataDemo(options));
    });
}
