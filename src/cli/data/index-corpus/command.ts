// The `data index` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../../shared/options.js';
import { DataIndexOptionsSchema } from './options.js';

const INDEX_EXAMPLES = `
Examples:
  $ longtrace-reward data index wiki-18.jsonl.gz -o wiki-18.idx
  $ longtrace-reward data build --questions questions.jsonl --corpus wiki-18.idx --bm25 -o train.jsonl

A corpus row is { id, title?, url?, text } (or wiki-18's { id, contents: "\\"Title\\"\\ntext" }, or
paragraph_text). Lines that are not JSON, have no id or no text are counted and skipped (the first
line numbers are shown) unless --on-invalid throw; of rows sharing an id the first is kept. The index
is written to OUTPUT.partial and renamed when complete. Needs better-sqlite3 (npm install better-sqlite3@12).
Details: docs/data-build.md`;

/** Adds the `data index` command to `parent`; `onCode` receives the exit code. */
export function defineDataIndexCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('index')
    .summary('build an on-disk corpus index (lookups + BM25) for corpora too large for memory')
    .description('Stream a JSONL corpus into an on-disk index (SQLite FTS5): lookups by id, URL and folded title, and BM25 that ranks as the in-memory BM25 does. Every --corpus accepts the index.')
    .argument('<corpus>', 'JSONL corpus, optionally .gz')
    .requiredOption('-o, --output <file>', 'the index file to write (e.g. corpus.idx)')
    .addOption(withDefault('--on-invalid <what>', 'a bad corpus line: skip (and count) | throw', 'skip'))
    .option('--threads <n>', 'threads preparing the search terms while the main thread writes; 0 = none (default: the cores but one, at most 3)')
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .option('--no-progress', 'no progress bar, even when stderr is a terminal')
    .addHelpText('after', INDEX_EXAMPLES)
    .action(async (corpus: string, raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataIndexOptionsSchema, { ...raw, corpus }, flagsOf(command));
      const { runDataIndex } = await import('./run.js');
      onCode(await runDataIndex(options));
    });
}
