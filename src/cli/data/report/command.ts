// The `data report` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../../shared/options.js';
import { DataReportOptionsSchema } from './options.js';

const REPORT_EXAMPLES = `
Examples:
  $ longtrace-reward data report train.jsonl -o data-report.html
  $ longtrace-reward data report train.jsonl.gz --manifest train.jsonl.manifest.json --title "128K, bm25 tiers"
  $ longtrace-reward data build --questions q.jsonl --corpus docs.jsonl --bm25 -o train.jsonl --report data-report.html

Rows are those data build writes (slime, verl, openrlhf or native, with their provenance). The page is one
self-contained HTML file (no network): summary charts, then each row with its question, answer, chain and its
documents in context order, coloured by tier, with every mention of a chain entity marked. A line that cannot
be shown is skipped with a warning and counted on the page. Details: docs/data-build.md`;

/** Adds the `data report` command to `parent`; `onCode` receives the exit code. */
export function defineDataReportCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('report')
    .summary('write a self-contained HTML page showing what a training set is made of')
    .description(
      'Read the training rows data build wrote and write one self-contained HTML page: prompt lengths, where the gold ' +
        'sits, documents per tier, hops, answers, bridges and relations, drops from the manifest; each row with its ' +
        'documents in order, coloured by tier, and every mention of a chain entity marked.',
    )
    .argument('<rows>', 'JSONL training rows (gzipped when the name ends in .gz)')
    .addOption(withDefault('-o, --output <file>', 'the HTML file to write', 'data-report.html'))
    .option('--manifest <file>', "the build's manifest, for what was dropped and why (default ROWS.manifest.json when it exists)")
    .option('--title <text>', 'title of the page (default: the rows file name)')
    .addHelpText('after', REPORT_EXAMPLES)
    .action(async (rows: string, raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataReportOptionsSchema, raw, flagsOf(command));
      const { runDataReport } = await import('./run.js');
      onCode(await runDataReport(rows, options));
    });
}
