// The `data questions` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { addModelRunOptions } from '../../shared/model-options.js';
import { flagsOf, parseOptions, UsageError, withDefault } from '../../shared/options.js';
import { DataQuestionsOptionsSchema, LLM_API_KEY_ENV } from './options.js';

const QUESTIONS_EXAMPLES = `
Examples:
  $ longtrace-reward data questions --chains chains.jsonl --template -o questions.jsonl
  $ LONGTRACE_LLM_API_KEY=sk-... longtrace-reward data questions chains.jsonl --llm-url http://localhost:8000/v1 --llm-model Qwen/Qwen3-8B -o questions.jsonl

Every question is checked with the reward's own matcher: a question naming the answer or a bridge entity is
rejected (answer-leak, bridge-leak). Model replies are cached on disk (--cache DIR, --no-cache); --max-calls and
--max-tokens stop a run cleanly; --resume continues OUTPUT.partial. Details: docs/data.md, docs/cli.md#long-runs`;

/** Adds the `data questions` command to `parent`; `onCode` receives the exit code. */
export function defineDataQuestionsCommand(parent: Command, onCode: (code: number) => void): void {
  const command = parent
    .command('questions')
    .summary('write a question for each chain (template or LLM) and check it for leaks')
    .description('Write a question for each chain of a JSONL file, offline (--template) or with an OpenAI-compatible chat model, and check each one.')
    .argument('[file]', 'JSONL chains (from data walk), as --chains; - or nothing reads stdin')
    .option('--chains <file>', 'JSONL chains (from data walk); - reads stdin (the positional [file] is the same)')
    .option('--template', 'write questions offline from the relation labels')
    .option('--llm-url <url>', `base URL of an OpenAI-compatible API (e.g. http://localhost:8000/v1); key from ${LLM_API_KEY_ENV}`)
    .option('--llm-model <name>', 'the model to ask (required with --llm-url)')
    .addOption(withDefault('--concurrency <n>', 'chains written at once', '8'))
    .option('--llm-timeout-ms <ms>', 'limit of one HTTP attempt to the model (default 30000)')
    .option('--llm-retries <n>', 'extra attempts after a retryable model failure (default 3)')
    .option('--llm-deadline-ms <ms>', 'limit of a whole model call, retries included (default 120000)')
    .option('--closed-book', 'also ask the model each question without documents; reject it when the answer is right (shortcut)')
    .option('--keep-rejected', 'write rejected questions too (with their check)')
    .option('-o, --output <file>', 'write the questions to a file instead of stdout')
    .option('--manifest <file>', 'where to write the manifest (default OUTPUT.manifest.json)')
    .option('--resume', 'continue OUTPUT.partial left by a stopped run: chains found done are skipped')
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .option('--no-progress', 'no progress bar, even when stderr is a terminal')
    .addHelpText('after', QUESTIONS_EXAMPLES);
  addModelRunOptions(command).action(async (file: string | undefined, raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataQuestionsOptionsSchema, raw, flagsOf(command));
      if (file !== undefined && options.chains !== undefined && file !== options.chains) {
        throw new UsageError(`give the chains once: as --chains ${options.chains} or as the file ${file}, not both`);
      }
      const { runDataQuestions } = await import('./run.js');
      onCode(await runDataQuestions(options.chains ?? file, options));
    });
}
