// The `serve` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../shared/options.js';
import { docPath } from '../shared/version.js';
import { JUDGE_API_KEY_ENV, ServeCommandOptionsSchema } from './options.js';

const serveExamples = (): string => `
Examples:
  $ longtrace-reward serve --port 8000 --workers 4
  $ LONGTRACE_JUDGE_API_KEY=sk-... longtrace-reward serve --judge-url http://localhost:8000/v1 --judge-model Qwen/Qwen3-8B

With --judge-url, answers the rules leave undecided go to the LLM judge (--judge-mode cascade); the API key
is read from ${JUDGE_API_KEY_ENV} and never logged. Details: ${docPath('docs/judge.md')}, ${docPath('docs/integrations.md')}`;

/** Adds the `serve` command to `parent`; `onCode` receives the exit code. */
export function defineServeCommand(parent: Command, onCode: (code: number) => void): void {
  parent
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
      const { runServe } = await import('./run.js');
      onCode(await runServe(options));
    });
}
