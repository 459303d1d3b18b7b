// The command line: commander parses, zod checks the options (src/cli/options.ts), and each
// command's module does the work. `run` returns the exit code instead of exiting, so nothing is
// cut off while stdout is still being written.
import { Command, CommanderError } from 'commander';
import { colorsFor } from './colors.js';
import { EXIT } from './exit-codes.js';
import { DemoOptionsSchema, flagsOf, parseOptions, ScoreOptionsSchema, UsageError, withDefault } from './options.js';
import { registerDataBuildCommands } from './data-build-commands.js';
import { registerDataWalkCommands } from './data-walk-commands.js';
import { registerReportCommand } from './report-command-def.js';
import { JUDGE_API_KEY_ENV, ServeCommandOptionsSchema } from './serve-options.js';
import { docPath, packageVersion } from './version.js';

export { EXIT } from './exit-codes.js';

const scoreExamples = (): string => `
Examples:
  $ longtrace-reward score rollouts.jsonl > rewards.jsonl
  $ cat rollouts.jsonl | longtrace-reward score - --summary json 2> summary.json
  $ longtrace-reward score rollouts.jsonl -o rewards.jsonl --group-by prompt_id --eta 0.5

A row is { id?, response | messages, answer, entities, question?, group? } or a LongTraceRL
reward-server body { label, extra_reward_info: { rubrics, question, ... }, history | response }.
Every input line gives one output line, in order: a result, or { id?, line, error: { code, message, path } }.
Rows of a group must be contiguous. Exit code 1 when any row failed. Details: ${docPath('docs/cli.md')}`;


const serveExamples = (): string => `
Examples:
  $ longtrace-reward serve --port 8000 --workers 4
  $ LONGTRACE_JUDGE_API_KEY=sk-... longtrace-reward serve --judge-url http://localhost:8000/v1 --judge-model Qwen/Qwen3-8B

With --judge-url, answers the rules leave undecided go to the LLM judge (--judge-mode cascade); the API key
is read from ${JUDGE_API_KEY_ENV} and never logged. Details: ${docPath('docs/judge.md')}, ${docPath('docs/integrations.md')}`;

export function createProgram(onCode: (code: number) => void): Command {
  const program = new Command('longtrace-reward');
  const c = colorsFor(process.stderr);
  program
    .description('Outcome + rubric rewards for RL on long-context multi-hop QA.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError(c.dim('(add --help for usage)'))
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(c.red(text)) });

  program
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
    .option('--report <file>', 'also write a self-contained HTML report of the rows (see the report command)')
    .addHelpText('after', scoreExamples)
    .action(async (file: string | undefined, raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(ScoreOptionsSchema, raw, flagsOf(command));
      const { runScore } = await import('./score-command.js');
      onCode(await runScore(file, options, command.getOptionValueSource('groupBy') === 'cli'));
    });

  program
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
      const { runDemo } = await import('./demo-command.js');
      onCode(await runDemo(options));
    });

  program
    .command('serve')
    .summary('run the reward service (LongTraceRL, OpenRLHF and native endpoints)')
    .description('Run the reward service until SIGINT or SIGTERM; requests in flight are drained before it stops.')
    .addOption(withDefault('--host <host>', 'address to listen on', '127.0.0.1'))
    .addOption(withDefault('--port <port>', 'port to listen on (0 picks a free one)', '7248'))
    .option('--workers <n>', 'scoring threads (default: one per core; 0 scores in the main thread)')
    .option('--eta <number>', 'default weight of the rubric, in [0, 1] (default 0.3)')
    .option('--strategy <name>', 'default strategy: positive-only | mixed | negative-only | outcome-only')
    .option('--body-limit <size>', 'largest request body, in bytes or with kb / mb (e.g. 50mb)')
    .option('--max-queue <n>', 'requests waiting for a scoring thread before new ones get 503 OVERLOADED (default 128 per thread)')
    .option('--body-timeout-ms <ms>', 'time for a request body to arrive before 408 BODY_TIMEOUT; 0 waits forever (default 30000)')
    .option('--max-bytes-in-flight <size>', 'request-body bytes held at once before 503 OVERLOADED (default 4 × the body limit)')
    .option('--judge-url <url>', `LLM judge: base URL of an OpenAI-compatible API (e.g. http://localhost:8000/v1); key from ${JUDGE_API_KEY_ENV}`)
    .option('--judge-model <name>', 'LLM judge: the model to ask (required with --judge-url)')
    .option('--judge-mode <mode>', 'cascade (ask only when the rules are undecided) | judge (ask always) | rules (default cascade)')
    .option('--judge-on-error <what>', 'a failed judge call: rules (the rule verdict) | zero | throw (answer 502 / 504) (default rules)')
    .option('--judge-timeout-ms <ms>', 'limit of one HTTP attempt to the judge (default 30000)')
    .option('--judge-deadline-ms <ms>', 'limit of a whole judge call, retries included (default half the request timeout: 30000)')
    .option('--judge-concurrency <n>', 'judge requests open at once (default 8)')
    .option('--judge-retries <n>', 'extra attempts after a retryable judge failure (default 3)')
    .option('--judge-cache-size <n>', 'judge verdicts kept in memory; 0 turns the cache off (default 10000)')
    .addHelpText('after', serveExamples)
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(ServeCommandOptionsSchema, raw, flagsOf(command));
      const { runServe } = await import('./serve-command.js');
      onCode(await runServe(options));
    });

  // The training-data commands live under `data`: walks and questions in one file, documents,
  // contexts and training rows in the other.
  const data = program
    .command('data')
    .summary('build training data: graph walks, questions, tiered contexts, training rows')
    .description('Build LongTraceRL training data: multi-hop chains from a knowledge graph, questions, long contexts with tiered distractors, and training rows.');
  registerDataWalkCommands(data, onCode);
  registerDataBuildCommands(data, onCode);
  registerReportCommand(program, onCode);

  // The docs ship in the package: point at the copy on this machine, which opens offline.
  program.addHelpText(
    'after',
    () => `\nExamples:\n  $ longtrace-reward demo\n  $ longtrace-reward score rollouts.jsonl > rewards.jsonl\n  $ longtrace-reward serve --port 8000\n\nDocs: ${docPath('docs/cli.md')}`,
  );
  return program;
}

/** Runs the command line `argv` (as in `process.argv`) and resolves with the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram((c) => (code = c));
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    // --help and --version end with exit code 0; every other commander error is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const c = colorsFor(process.stderr);
    if (error instanceof UsageError) {
      process.stderr.write(`${c.red('error:')} ${error.message.replace(/\n/g, '\n       ')}\n${c.dim('(add --help for usage)')}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`${c.red('internal error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}
