// The `data trajectories` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../../shared/options.js';
import { LLM_API_KEY_ENV } from '../questions/options.js';
import { DataTrajectoriesOptionsSchema } from './options.js';

const TRAJECTORIES_EXAMPLES = `
Examples:
  $ longtrace-reward data trajectories --questions questions.jsonl --corpus docs.jsonl --llm-url http://localhost:8000/v1 --llm-model Qwen/Qwen3-8B -o traj.jsonl
  $ longtrace-reward data trajectories --questions questions.jsonl --retriever http://127.0.0.1:8000/retrieve --protocol tags --llm-url http://localhost:8001/v1 --llm-model PeterJinGo/SearchR1-nq_hotpotqa_train-qwen2.5-7b-em-ppo -o traj.jsonl
  $ longtrace-reward data build --questions questions.jsonl --corpus docs.jsonl --trajectories traj.jsonl -o train.jsonl

Each output line is { id, trajectory, stop, turns, usage }: what data build --trajectories reads. Model
replies are cached on disk (a run killed and started again asks only what was not answered).
Details: docs/data-agent.md`;

/** Adds the `data trajectories` command to `parent`; `onCode` receives the exit code. */
export function defineDataTrajectoriesCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('trajectories')
    .summary('run a search agent on each question and write its trajectory (what it searched, opened, cited)')
    .description(
      'Run a search agent (an OpenAI-compatible model with search/open/finish tools, or a Search-R1 / R1-Searcher ' +
        'model with text tags) on each question over a local corpus or a Search-R1 retrieval server, and write its trajectories.',
    )
    .requiredOption('--questions <file>', 'JSONL questions (from data questions): { id, question, answer?, entities?, gold? }')
    .option('--corpus <file>', 'JSONL documents { id, title, text }, searched here with BM25')
    .option('--retriever <url>', "a Search-R1 retrieval server (POST /retrieve), e.g. longtrace-reward data serve-retrieval's")
    .requiredOption('--llm-url <url>', `base URL of an OpenAI-compatible API (e.g. http://localhost:8000/v1); key from ${LLM_API_KEY_ENV}`)
    .requiredOption('--llm-model <name>', 'the model that plays the agent')
    .addOption(withDefault('--protocol <name>', 'tools (OpenAI tool calls) | tags (Search-R1 / R1-Searcher text)', 'tools'))
    .addOption(withDefault('--dialect <name>', 'with --protocol tags: search-r1 | r1-searcher', 'search-r1'))
    .addOption(withDefault('--concurrency <n>', 'questions under way at once', '8'))
    .addOption(withDefault('--max-turns <n>', 'model calls per question at most', '10'))
    .option('--topk <n>', 'results per search (default 5 for tools, 3 for Search-R1, 5 for R1-Searcher)')
    .option('--cache <dir>', 'directory of the model reply cache (default ~/.cache/longtrace-reward/llm)')
    .option('--no-cache', 'ask the model every time')
    .option('--llm-timeout-ms <ms>', 'limit of one HTTP attempt to the model (default 30000)')
    .option('--llm-retries <n>', 'extra attempts after a retryable model failure (default 3)')
    .option('-o, --output <file>', 'write the trajectories to a file instead of stdout')
    .option('--manifest <file>', 'where to write the manifest (default OUTPUT.manifest.json)')
    .option('--resume', 'continue OUTPUT.partial left by a stopped run: questions found done are skipped, the rest appended')
    .addOption(withDefault('--summary <format>', 'summary on stderr at the end: table | json | none', 'table'))
    .option('--no-progress', 'no progress bar, even when stderr is a terminal')
    .addHelpText('after', TRAJECTORIES_EXAMPLES)
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataTrajectoriesOptionsSchema, raw, flagsOf(command));
      const { runDataTrajectories } = await import('./run.js');
      onCode(await runDataTrajectories(options));
    });
}
