// Registers the `report` command. Its action loads its module lazily, so parsing the command line
// stays cheap.
import { Option, type Command } from 'commander';
import { parseOptions } from '../shared/options.js';
import { ReportOptionsSchema } from './options.js';

const REPORT_EXAMPLES = `
Examples:
  $ longtrace-reward report rollouts.jsonl -o report.html
  $ longtrace-reward report rollouts.jsonl -o report.html --group-by prompt_id --eta 0.5
  $ longtrace-reward score rollouts.jsonl -o rewards.jsonl --report report.html

Rows are those of score. The page is one self-contained HTML file (no network): every mention highlighted
by chain entity, documents and tool output dimmed, the extracted answer boxed, groups side by side with
their advantages, a summary, filters and a search. Exit code 1 when any row failed. Details: docs/report.md`;

/** Adds the `report` command to `parent`; `onCode` receives the exit code. */
export function defineReportCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('report')
    .summary('score JSONL rows and write a self-contained HTML report to look at')
    .description(
      'Score JSONL rows (the rows and options of score) and write one self-contained HTML page: each rollout with its ' +
        'mentions highlighted by chain entity, the verdict and the reward; groups side by side; a summary, filters and a search.',
    )
    .argument('[file]', 'JSONL file of rows; - or nothing reads stdin')
    .addOption(new Option('-o, --output <file>', 'the HTML file to write').default('report.html', 'report.html'))
    .option('--title <text>', 'title of the page (default: the input file name)')
    .option('--eta <number>', "weight of the rubric, in [0, 1] (default 0.3; a LongTraceRL row's rubric_reward_ratio wins)")
    .option('--strategy <name>', 'positive-only | mixed | negative-only | outcome-only (default positive-only)')
    .option('--rubric-source <where>', 'where the rubric reads: reasoning | content | all (default all)')
    .option('--no-normalize-rubric', "in a group, use each row's own rubric instead of dividing by the group's best")
    .addOption(new Option('--group-by <field>', 'top-level field holding the group id').default('group', 'group'))
    .addOption(new Option('--max-group-size <n>', 'cut a group at this many rows').default('10000', '10000'))
    .addHelpText('after', REPORT_EXAMPLES)
    .action(async (file: string | undefined, raw: Record<string, unknown>, command: Command) => {
      const flags = Object.fromEntries(command.options.map((o) => [o.attributeName(), o.long ?? o.flags]));
      const options = parseOptions(ReportOptionsSchema, raw, flags);
      const { runReport } = await import('./run.js');
      onCode(await runReport(file, options));
    });
}
